import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { verifyWebhookSignature } from "~/modules/delivery/webhook-signing";
import { expect, test } from "./fixtures";
import { e2eDatabaseFile, emptyCart, expectNoHorizontalOverflow, loginAs, logout, PHONE } from "./support";

/**
 * Push delivery (issue 16 §3), the whole journey: Amstel Lyceum's admin concludes the processing
 * agreement with Noordhoff and orders a licence of Getal & Ruimte havo 2 for a pupil with an ECK
 * iD; the operator creates an API client for Noordhoff and a webhook pointing at a local receiver
 * (node:http in this test); the licence is in GET /api/v1/entitlements; one worker pass
 * (`tsx scripts/worker.ts --once` on the e2e database) delivers signed events to the receiver;
 * the operator sees them "Afgeleverd" in the delivery log, on a phone too.
 */
interface Received {
  body: string;
  signature: string | undefined;
}
const received: Received[] = [];
let receiver: Server;
let receiverUrl: string;

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: req.headers["leerwinkel-signature"] as string | undefined,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/leerwinkel-hook`;
});

test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

test("an order's licence reaches the API and, signed, the publisher's webhook; the operator sees it delivered", async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const pupil = newEckPupil();

  // 1. the school admin concludes the agreement with Noordhoff (an earlier spec may have done so)
  await loginAs(page, "school@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/school/verwerkersovereenkomsten");
  const conclude = page.getByRole("form", { name: "Modelovereenkomst sluiten met Noordhoff" });
  if ((await conclude.count()) > 0) {
    await conclude.getByRole("button").click();
    await expect(page.getByRole("status").filter({ hasText: "De verwerkersovereenkomst is gesloten" })).toBeVisible();
  }
  await expect(page.getByRole("form", { name: "Modelovereenkomst sluiten met Noordhoff" })).toHaveCount(0);

  // 2. it orders one licence of Getal & Ruimte havo 2 (the only line: the cart is shared by the
  // specs of a run) and gives it to the pupil
  await emptyCart(page);
  await page.goto("/catalogus/getal-ruimte-havo-2-2");
  const digital = page.getByRole("form", { name: "Digitale licentie 1 jaar", exact: true });
  await digital.getByLabel(/^Aantal/).fill("1");
  await digital.getByLabel(/^Klas/).fill("H2W");
  await digital.getByRole("button", { name: "In winkelwagen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Winkelwagen" })).toBeVisible();
  await page.getByRole("link", { name: "Afrekenen" }).click();
  await page.getByLabel(/^Inkoopordernummer/).fill("PO-E2E-WEBHOOK");
  await page.getByLabel("Op rekening (30 dagen)").check();
  await page.getByRole("button", { name: "Bestelling plaatsen" }).click();
  await expect(page).toHaveURL(/\/school\/bestellingen\/[^/?]+\?geplaatst=1$/);
  const licences = page.getByRole("table", { name: "Licenties" });
  await licences
    .getByLabel(/^Leerling voor licentie /)
    .first()
    .selectOption(pupil.id);
  await page
    .getByRole("button", { name: /^Opslaan licentie / })
    .first()
    .click();
  await expect(page.getByRole("status").filter({ hasText: "De licentie is toegewezen." })).toBeVisible();
  await logout(page);

  // 3. the operator creates an API client for Noordhoff and registers the receiver as its webhook
  await loginAs(page, "admin@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/beheer/api-clients");
  const clientName = `Leerplatform e2e ${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Naam").fill(clientName);
  await page.getByLabel("Uitgever").selectOption({ label: "Noordhoff" });
  await page.getByRole("button", { name: "Aanmaken" }).click();
  const key = await page.getByLabel("Sleutel").inputValue();
  expect(key).toMatch(/^lw_live_/);
  await page.getByRole("link", { name: `${clientName}: webhooks en leverlog` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Webhooks van ${clientName}` })).toBeVisible();
  await expect(page.getByText("Er zijn nog geen berichten verstuurd.")).toBeVisible();
  await page.getByLabel(/^Adres/).fill(receiverUrl);
  await page.getByRole("button", { name: "Toevoegen" }).click();
  await expect(page.getByRole("status").filter({ hasText: "is toegevoegd" })).toBeVisible();
  const secret = await page.getByLabel("Ondertekeningsgeheim").inputValue();
  expect(secret).toMatch(/^whsec_/);
  await expect(page.getByRole("table", { name: "Webhooks" }).getByRole("rowheader")).toHaveText([receiverUrl]);

  // 4. the licence is in the entitlements API for the client's key
  const api = await request.get(`/api/v1/entitlements?eckId=${encodeURIComponent(pupil.eckId)}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  expect(api.status()).toBe(200);
  const entitlements = (await api.json()) as { entitlements: { ean: string; title: string; status: string }[] };
  expect(entitlements.entitlements).toEqual([
    expect.objectContaining({ title: "Getal & Ruimte havo 2", status: "active" }),
  ]);

  // 5. one worker pass delivers signed events to the receiver (asynchronously: the receiver answers
  // from this process)
  const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/worker.ts", "--once"], {
    env: workerEnv(),
    encoding: "utf8",
  });
  const [, created, sent, delivered] = /worker: (\d+) events created, (\d+) sent: (\d+) delivered, 0 given up/.exec(
    stdout,
  )!;
  expect(Number(created)).toBeGreaterThan(0);
  expect([Number(sent), Number(delivered)]).toEqual([Number(created), Number(created)]);
  expect(received.length).toBeGreaterThan(0);
  for (const r of received) expect(verifyWebhookSignature(r.body, r.signature, secret)).toMatchObject({ ok: true });
  const events = received.map(
    (r) => JSON.parse(r.body) as { id: string; type: string; data: { eckId: string | null; ean: string } },
  );
  const ours = events.find((e) => e.data.eckId === pupil.eckId);
  expect(ours).toMatchObject({ type: "licence.activated", data: { ean: entitlements.entitlements[0]!.ean } });
  // only the client's publisher's products: Noordhoff's EANs
  expect(new Set(events.map((e) => e.data.ean))).toEqual(new Set(noordhoffEans(events.map((e) => e.data.ean))));

  // 6. the operator sees the events delivered in the log, on a phone too
  await page.setViewportSize(PHONE);
  await page.reload();
  const log = page.getByRole("table", { name: "Leverlog" });
  const row = log.getByRole("row").filter({ has: page.getByRole("rowheader", { name: ours!.id }) });
  await expect(row.getByRole("cell").nth(1)).toHaveText(/^Afgeleverd op /);
  await expect(row.getByRole("cell").nth(0)).toHaveText("licence.activated");
  await expect(log.getByRole("row")).toHaveCount(events.length + 1);
  await expectNoHorizontalOverflow(page);
  await row.getByText("204 (ok)", { exact: true }).click();
  await expect(row.getByRole("list", { name: `Pogingen van ${ours!.id}, nieuwste eerst` })).toContainText("204 (ok)");
  await expectNoHorizontalOverflow(page);

  // 7. "Opnieuw versturen" (without JavaScript): the next pass sends the same event id again
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
  try {
    const plain = await noScript.newPage();
    await loginAs(plain, "admin@leerwinkel.test");
    await plain.goto(page.url());
    await plain.getByRole("button", { name: `Bericht ${ours!.id} opnieuw versturen` }).click();
    await expect(plain.getByRole("status").filter({ hasText: "opnieuw verstuurd, met hetzelfde id" })).toBeVisible();
    const again = plain
      .getByRole("table", { name: "Leverlog" })
      .getByRole("row")
      .filter({
        has: plain.getByRole("rowheader", { name: ours!.id }),
      });
    await expect(again.getByRole("cell").nth(1)).toHaveText("Wacht op verzending");
    await expectNoHorizontalOverflow(plain);
  } finally {
    await noScript.close();
  }
  const before = received.length;
  await promisify(execFile)("npx", ["tsx", "scripts/worker.ts", "--once"], { env: workerEnv() });
  expect(received.slice(before).map((r) => (JSON.parse(r.body) as { id: string }).id)).toEqual([ours!.id]);
  await page.reload();
  await expect(row.getByRole("cell").nth(1)).toHaveText(/^Afgeleverd op /);
});

/** The environment of a worker pass (scripts/worker.ts) on this Playwright worker's e2e database. */
function workerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: `file:./${e2eDatabaseFile()}` };
}

/** A new pupil of Amstel Lyceum (class H2W) with an ECK iD, written to the e2e database. */
function newEckPupil(): { id: string; eckId: string } {
  const db = new Database(e2eDatabaseFile());
  try {
    const school = db.prepare(`SELECT id FROM "Organisation" WHERE brin = '12AB'`).get() as { id: string };
    const id = `e2e-webhook-pupil-${Date.now()}`;
    const eckId = `https://ketenid.nl/201703/${randomBytes(16).toString("hex")}`;
    db.prepare(
      `INSERT INTO "StudentPseudonym" (id, schoolId, pseudonym, classGroup, schoolYear, orderCodeHash, createdAt)
       VALUES (?, ?, ?, 'H2W', '2026-2027', ?, ?)`,
    ).run(id, school.id, eckId, `hash-${id}`, new Date().toISOString().replace("Z", "+00:00"));
    return { id, eckId };
  } finally {
    db.close();
  }
}

/** The EANs among `eans` that are Noordhoff's offers (the scope check of the events). */
function noordhoffEans(eans: string[]): string[] {
  const db = new Database(e2eDatabaseFile(), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT o.ean FROM "Offer" o JOIN "Title" t ON t.id = o.titleId JOIN "Publisher" p ON p.id = t.publisherId
         WHERE p.name = 'Noordhoff'`,
      )
      .all() as { ean: string }[];
    const own = new Set(rows.map((r) => r.ean));
    return eans.filter((e) => own.has(e));
  } finally {
    db.close();
  }
}
