import { describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { hashOrderCode } from "~/modules/packages/order-code";
import { formatEuro } from "~/modules/format";
import { Decimal } from "~/modules/money/decimal";
import { completePaidOrder } from "~/modules/orders/orders.server";
import { action as codeAction } from "~/routes/bestelcode";
import { action as packageAction, loader as packageLoader } from "~/routes/pakket";
import { loader as orderLoader } from "~/routes/ouder.bestellingen.$orderId";
import { loader as ordersLoader } from "~/routes/ouder._index";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

const DEMO = "LWDM-7K3Q-9XA2";
type PackageData = Awaited<ReturnType<typeof packageLoader>> extends infer T ? Exclude<T, Response> : never;

async function enter(code: string, ip: string, cookie?: string) {
  return run(() =>
    codeAction({
      request: formRequest("/bestelcode", { code }, { ip, cookie }),
      params: {},
      context: { clientAddress: ip },
    }),
  );
}

/** A refused code: the form error and the refusal's reason (the action result's outcome). */
async function refused(code: string, ip: string) {
  const a = answer<string>(await enter(code, ip));
  return { status: a.status, error: a.formError, reason: a.outcome };
}

/** Enters the code as `email` (or anonymously) and returns the session cookie holding both. */
async function openPackage(code: string, ip: string, email?: string): Promise<string> {
  const cookie = email ? await cookieFor(email) : undefined;
  const res = (await enter(code, ip, cookie)) as Response;
  expect(res.status).toBe(302);
  return res.headers.get("Set-Cookie")!.split(";")[0]!;
}

async function loadPackage(cookie: string, query = "") {
  return (await packageLoader({
    request: getRequest(`/pakket${query}`, { cookie }),
    params: {},
    context: {},
  })) as PackageData;
}

async function order(cookie: string, fields: Record<string, string>) {
  return run(() => packageAction({ request: formRequest("/pakket", fields, { cookie }), params: {}, context: {} }));
}

/** A pseudonym with a known code in a class of its own (for expiry and window cases). */
async function pseudonymWithCode(
  code: string,
  classGroup: string,
  codeExpiresOn: string,
  window?: { orderFrom: string; orderUntil: string },
) {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  if (window)
    await db.studentPackage.create({
      data: { schoolId: school.id, name: `Pakket ${classGroup}`, classGroup, schoolYear: "2026-2027", ...window },
    });
  return db.studentPseudonym.create({
    data: {
      schoolId: school.id,
      pseudonym: `https://ketenid.nl/201703/${classGroup.toLowerCase()}00ff00ff00ff00ff00ff00ff`,
      classGroup,
      schoolYear: "2026-2027",
      orderCodeHash: hashOrderCode(code),
      codeExpiresOn,
    },
  });
}

describe("order code", () => {
  it("opens the package for a known code (any case, with or without dashes)", async () => {
    const res = (await enter("lwdm 7k3q 9xa2", "198.51.100.10")) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/pakket");
    expect(res.headers.get("Set-Cookie")).toMatch(/__leerwinkel=/);
  });

  it("gives distinct messages for an unknown, an expired and an out-of-window code", async () => {
    await pseudonymWithCode("EXPD-2222-3333", "H2X", "2026-01-31");
    await pseudonymWithCode("LATE-4444-5555", "H2Y", "2027-09-30", {
      orderFrom: "2027-06-01",
      orderUntil: "2027-09-30",
    });
    await pseudonymWithCode("GONE-6666-7777", "H2Z", "2027-09-30", {
      orderFrom: "2026-01-01",
      orderUntil: "2026-03-31",
    });
    const unknown = await refused("ABCD-EFGH-JK23", "198.51.100.11");
    const expired = await refused("EXPD-2222-3333", "198.51.100.11");
    const early = await refused("LATE-4444-5555", "198.51.100.11");
    const closed = await refused("GONE-6666-7777", "198.51.100.11");
    const malformed = await refused("12345", "198.51.100.11");
    expect(unknown).toMatchObject({ reason: "UNKNOWN", error: expect.stringMatching(/kennen wij niet/) });
    expect(expired).toMatchObject({
      reason: "EXPIRED",
      error: "Deze bestelcode is verlopen op 31 januari 2026. Vraag de school om een nieuwe code.",
    });
    expect(early).toMatchObject({ reason: "NOT_YET", error: "U kunt dit pakket pas bestellen vanaf 1 juni 2027." });
    expect(closed).toMatchObject({
      reason: "CLOSED",
      error: expect.stringMatching(/besteltermijn .* gesloten sinds 31 maart 2026/),
    });
    expect(malformed).toMatchObject({ reason: "MALFORMED" });
    expect(new Set([unknown.error, expired.error, early.error, closed.error]).size).toBe(4);
    expect(unknown.status).toBe(400);
    // An empty code is the form's to refuse, on its field, before any attempt is counted.
    expect(answer(await enter("  ", "198.51.100.11")).errors.code).toBe(
      "Vul de bestelcode uit de brief van de school in.",
    );
  });

  it("limits attempts per IP address: the 11th within 15 minutes is refused, even with the right code", async () => {
    // Pin the clock 5 minutes into the current 15-minute window so the count cannot reset mid-test.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Math.floor(Date.now() / 900_000) * 900_000 + 300_000));
    try {
      for (let i = 0; i < 10; i++)
        expect(await refused(`WRNG-CODE-${String(i).padStart(4, "2")}`, "198.51.100.12")).toMatchObject({
          reason: "UNKNOWN",
        });
      expect(await refused(DEMO, "198.51.100.12")).toMatchObject({
        reason: "RATE_LIMITED",
        error: expect.stringMatching(/^Te veel pogingen/),
      });
      // Another address is not affected.
      expect(((await enter(DEMO, "198.51.100.13")) as Response).status).toBe(302);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends a visitor without a code from /pakket to /bestelcode", async () => {
    const res = (await run(() =>
      packageLoader({ request: getRequest("/pakket"), params: {}, context: {} }),
    )) as Response;
    expect(res.headers.get("Location")).toBe("/bestelcode");
  });
});

describe("the package page", () => {
  it("shows school items, the choices with their difference, and totals incl. VAT worked out by hand", async () => {
    const cookie = await openPackage(DEMO, "198.51.100.20");
    const first = await loadPackage(cookie);
    expect(first.view).toMatchObject({
      schoolName: "Amstel Lyceum",
      classGroup: "H2A",
      pkg: { name: "Boekenpakket havo 2" },
    });
    expect(first.view.schoolItems.map((i) => i.label)).toEqual(["Nederlands Nu havo 2"]);
    expect(first.view.parentItems.map((i) => i.label)).toEqual([
      "Getal & Ruimte havo 2",
      "Stepping Stones havo 2",
      "Biologie voor jou havo 2",
      "Rekenmachine Casio fx-82MS",
    ]);
    // Choose the one-year licence for Getal & Ruimte.
    const gr = first.view.parentItems[0]!;
    const digital = await db.offer.findFirstOrThrow({
      where: { id: { in: gr.options.map((o) => o.offerId) }, supply: "electronic", licenceMonths: 12 },
    });
    const chosen = await loadPackage(cookie, `?keuze-${gr.id}=${digital.id}`);
    const grChosen = chosen.view.parentItems[0]!;
    expect(grChosen.chosen).toBe(digital.id);
    // Consumer list (incl. VAT): book € 42,88 is the cheapest; the licence € 43,50 costs € 0,62 more.
    const digitalOption = grChosen.options.find((o) => o.offerId === digital.id)!;
    expect(digitalOption.isCheapest).toBe(false);
    expect(digitalOption.difference).toMatch(/kost € 0,62 meer/);
    expect(
      grChosen.options.filter((o) => o.isCheapest).every((o) => o.difference === "Dit is de goedkoopste keuze"),
    ).toBe(true);
    // The other items keep their cheapest offer: Stepping Stones' licence € 39,33 (book € 41,34),
    // Biologie's book € 42,82 (its only allowed offer), the calculator € 18,09.
    // Totals, prices incl. VAT, one of each, VAT per rate "uit inclusief" over the rate's gross
    // (DESIGN §3: VAT = round(G × rate / (100 + rate)), net = G − VAT):
    //   6%:  G = 42,82                        VAT = round(42,82 × 6 / 106)   = round(2,4238)  = 2,42;  net 40,40
    //   21%: G = 43,50 + 39,33 + 18,09 = 100,92  VAT = round(100,92 × 21 / 121) = round(17,5150) = 17,52; net 83,40
    //   total: gross 143,74, VAT 19,94, net 123,80
    expect(chosen.view.totals).toEqual({ net: "€ 123,80", vat: "€ 19,94", gross: "€ 143,74" });
    expect(chosen.view.vat.map((v) => v.vat)).toEqual(["€ 2,42", "€ 17,52"]);
    expect(chosen.view.vat.map((v) => v.rate)).toEqual(["6", "21"]);
    // "Niet bestellen" drops an item from the total.
    const without = await loadPackage(cookie, `?keuze-${gr.id}=none`);
    expect(without.view.lines).toHaveLength(3);
  });
});

describe("ordering the package", () => {
  it("asks a visitor to log in first and returns to the same choice", async () => {
    const cookie = await openPackage(DEMO, "198.51.100.30");
    const before = await db.order.count({ where: { kind: "PARENT" } });
    const page = await loadPackage(cookie);
    const item = page.view.parentItems[1]!;
    const res = (await order(cookie, {
      idempotencyKey: page.idempotencyKey,
      [`keuze-${item.id}`]: item.options.at(-1)!.offerId,
    })) as Response;
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("Location")!, "http://localhost");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirectTo")).toBe(`/pakket?keuze-${item.id}=${item.options.at(-1)!.offerId}`);
    expect(await db.order.count({ where: { kind: "PARENT" } })).toBe(before);
  });

  it("places one ONLINE order per code: a second is refused (or offered to continue paying) unless repeats are allowed", async () => {
    const cookie = await openPackage(DEMO, "198.51.100.31", "ouder@leerwinkel.test");
    const page = await loadPackage(cookie);
    const choices = Object.fromEntries(page.view.parentItems.map((i) => [`keuze-${i.id}`, i.chosen]));
    const res = (await order(cookie, { ...choices, idempotencyKey: page.idempotencyKey })) as Response;
    expect(res.status).toBe(302);
    const orderId = res.headers.get("Location")!.replace("/betalen/", "");
    const placed = await db.order.findUniqueOrThrow({
      where: { id: orderId },
      include: { lines: true, pseudonym: true },
    });
    expect(placed).toMatchObject({
      kind: "PARENT",
      status: "AWAITING_PAYMENT",
      paymentMethod: "ONLINE",
      packageId: page.view.pkg.id,
    });
    expect(placed.pseudonym!.orderCodeHash).toBe(hashOrderCode(DEMO));
    expect(placed.lines.map((l) => l.packageItemId)).toEqual(page.view.parentItems.map((i) => i.id));
    expect(formatEuro(new Decimal(placed.grossCents).div(100))).toBe(page.view.totals!.gross);
    const buyer = JSON.parse(placed.buyerJson) as { name: string; email: string; city: string };
    expect(buyer).toMatchObject({ name: expect.any(String), email: "ouder@leerwinkel.test" });
    // The same form submitted again is the same order.
    const replay = (await order(cookie, { ...choices, idempotencyKey: page.idempotencyKey })) as Response;
    expect(replay.headers.get("Location")).toBe(`/betalen/${orderId}`);

    // The page says so up front, with the way to continue paying.
    expect((await loadPackage(cookie)).view.earlier).toEqual({ status: "AWAITING_PAYMENT", ownOrderId: orderId });
    // A new attempt while the first awaits payment: refused, with the way to pay the first.
    const second = answer(await order(cookie, { ...choices, idempotencyKey: "second-attempt-1" }));
    expect(second.formError).toMatch(/nog betaald moet worden/);
    expect(second.outcome).toEqual({ continueOrderId: orderId });
    // Once paid, a new order is refused outright.
    await db.$transaction((tx) => completePaidOrder(tx, orderId));
    const third = answer(await order(cookie, { ...choices, idempotencyKey: "second-attempt-2" }));
    expect(third.formError).toMatch(/al besteld en betaald/);
    expect(third.outcome).toBeUndefined();
    expect(await db.order.count({ where: { pseudonymId: placed.pseudonymId } })).toBe(1);
    // The package may allow repeat orders.
    await db.studentPackage.update({ where: { id: page.view.pkg.id }, data: { allowRepeatOrders: true } });
    const repeat = (await order(cookie, { ...choices, idempotencyKey: "second-attempt-3" })) as Response;
    expect(repeat.headers.get("Location")).toMatch(/^\/betalen\//);
    await db.studentPackage.update({ where: { id: page.view.pkg.id }, data: { allowRepeatOrders: false } });
  });
});

describe("two orders at once for one code", () => {
  it("keeps exactly one open order when two tabs place at the same moment", async () => {
    await pseudonymWithCode("RACE-2345-6789", "H2A", "2027-09-30");
    const cookie = await openPackage("RACE-2345-6789", "198.51.100.40", "ouder@leerwinkel.test");
    const page = await loadPackage(cookie);
    const choices = Object.fromEntries(page.view.parentItems.map((i) => [`keuze-${i.id}`, i.chosen]));
    const results = await Promise.all([
      order(cookie, { ...choices, idempotencyKey: "race-tab-1" }),
      order(cookie, { ...choices, idempotencyKey: "race-tab-2" }),
    ]);
    const pseudonym = await db.studentPseudonym.findFirstOrThrow({
      where: { orderCodeHash: hashOrderCode("RACE-2345-6789") },
    });
    const open = await db.order.findMany({ where: { pseudonymId: pseudonym.id, status: { not: "CANCELLED" } } });
    expect(open).toHaveLength(1);
    const redirects = results.filter((r): r is Response => r instanceof Response);
    expect(redirects.map((r) => r.headers.get("Location"))).toContain(`/betalen/${open[0]!.id}`);
  });
});

describe("the parent's order page", () => {
  it("shows the owner the frozen receipt and licences bound to the pseudonym; others get 404 or 403", async () => {
    const parent = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    const paid = await db.order.findFirstOrThrow({
      where: {
        userId: parent.id,
        status: { in: ["PAID", "FULFILLED"] },
        pseudonym: { orderCodeHash: hashOrderCode(DEMO) },
      },
      include: { pseudonym: true },
    });
    const cookie = await cookieFor("ouder@leerwinkel.test");
    const page = (await orderLoader({
      request: getRequest(`/ouder/bestellingen/${paid.id}`, { cookie }),
      params: { orderId: paid.id },
      context: {},
    })) as Exclude<Awaited<ReturnType<typeof orderLoader>>, Response>;
    expect(page.number).toBe(paid.number);
    // The class and a short reference, never the raw ECK iD URL (issue 12).
    expect(page.pupilReference).toBe(`…${paid.pseudonym!.pseudonym.slice(-8)}`);
    expect(JSON.stringify(page)).not.toContain("ketenid.nl");
    expect(page.totals.gross).toBe(formatEuro(new Decimal(paid.grossCents).div(100)));
    const frozen = JSON.parse(paid.breakdownJson) as {
      breakdown: { vatBreakdown: { vatRate: string; vat: string }[] };
    };
    expect(page.vat.map((v) => [v.rate, v.vat])).toEqual(
      frozen.breakdown.vatBreakdown.map((g) => [g.vatRate, formatEuro(new Decimal(g.vat))]),
    );
    expect(page.vat.reduce((sum, v) => sum + Number(v.vat.replace(/[^\d]/g, "")), 0)).toBe(paid.vatCents);
    expect(page.licences.length).toBeGreaterThan(0); // the digital / bundle choices carry a licence
    expect(page.invoices).toHaveLength(1);
    const list = (await ordersLoader({ request: getRequest("/ouder", { cookie }), params: {}, context: {} })) as {
      orders: { id: string; status: string }[];
    };
    expect(list.orders.find((o) => o.id === paid.id)?.status).toMatch(/Betaald|Afgehandeld/);

    // Another parent: 404 (not even "forbidden" — the order does not exist for them).
    await db.user.create({
      data: {
        email: "andere.ouder@example.test",
        name: "Andere Ouder",
        passwordHash: "x",
        memberships: { create: { role: "PARENT" } },
      },
    });
    const other = (await run(() =>
      orderLoader({
        request: getRequest(`/ouder/bestellingen/${paid.id}`, { cookie: "" }),
        params: { orderId: paid.id },
        context: {},
      }),
    )) as Response;
    expect(other.status).toBe(302); // anonymous: to the login page
    const otherParent = (await run(async () =>
      orderLoader({
        request: getRequest(`/ouder/bestellingen/${paid.id}`, { cookie: await cookieFor("andere.ouder@example.test") }),
        params: { orderId: paid.id },
        context: {},
      }),
    )) as Response;
    expect(otherParent.status).toBe(404);
    const school = (await run(async () =>
      orderLoader({
        request: getRequest(`/ouder/bestellingen/${paid.id}`, { cookie: await cookieFor("school@leerwinkel.test") }),
        params: { orderId: paid.id },
        context: {},
      }),
    )) as Response;
    expect(school.status).toBe(403);
  });
});
