import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "leerwinkel";

/**
 * The e2e servers (playwright.config.ts, scripts/e2e-server.sh): one per Playwright worker, so that
 * the specs of one worker never see another worker's writes. Worker slot i (0 … E2E_WORKERS-1) talks
 * to the server on port E2E_PORT + i (E2E_PORT default 3100), which serves its own freshly seeded
 * SQLite database data/e2e-<port>.db. Set the number of workers with E2E_WORKERS, not `--workers`.
 */
export const E2E_BASE_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_WORKERS = Number(process.env.E2E_WORKERS ?? 2);

/**
 * This worker's server port. Playwright gives each worker process its slot in TEST_PARALLEL_INDEX
 * (a worker that replaces a failed one keeps the slot, so it keeps the server and database).
 */
export function e2ePort(): number {
  const slot = Number(process.env.TEST_PARALLEL_INDEX ?? 0);
  if (!(slot < E2E_WORKERS)) {
    throw new Error(`worker slot ${slot} has no e2e server (${E2E_WORKERS} started): set E2E_WORKERS, not --workers`);
  }
  return E2E_BASE_PORT + slot;
}

/** This worker's e2e database (SQLite file, relative to the repository root). */
export function e2eDatabaseFile(): string {
  return `data/e2e-${e2ePort()}.db`;
}

/** Logs in through the login page's form, as a visitor does (accounts.spec.ts tests the form itself). */
export async function loginViaForm(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Inloggen" }).click();
}

/**
 * Logs in for a test that is about what comes after: posts the login form's fields from the page's
 * own request context (it shares the browser context's cookies and headers, so the session cookie
 * lands in the browser) and opens the page the login redirects to — where submitting the form ends,
 * without loading the login page first. A refused login goes through the form instead, so that the
 * page shows what the visitor would see. E2E_LOGIN_VIA_FORM=1 logs every test in through the form.
 */
export async function loginAs(page: Page, email: string, password = PASSWORD) {
  if (process.env.E2E_LOGIN_VIA_FORM === "1") return loginViaForm(page, email, password);
  const response = await page.request.post("/login", {
    form: { email, password, redirectTo: "" },
    maxRedirects: 0,
  });
  const location = response.status() >= 300 && response.status() < 400 ? response.headers()["location"] : undefined;
  if (location) await page.goto(location);
  else await loginViaForm(page, email, password);
}

export async function logout(page: Page) {
  const button = page.getByRole("button", { name: "Uitloggen" });
  // On a phone (up to 800 px, app/styles.css) the account's buttons sit behind the header's "Menu"
  // (app/root.tsx). Decided by the viewport, not by whether the button is visible at this instant:
  // a document whose stylesheet is still loading shows neither the button nor the toggle yet.
  if ((page.viewportSize()?.width ?? 1280) <= 800) await page.locator("header .site-menu-toggle").click();
  await button.click();
  await expect(
    page.getByRole("banner").getByRole("link", { name: "Inloggen", exact: true, includeHidden: true }),
  ).toBeAttached();
}

/**
 * An order code of this worker's e2e database whose student has no order yet (the seed writes the
 * codes, shown once, to data/e2e-<port>-order-codes.csv). `skip` codes already taken by this run.
 */
export function unusedOrderCode(skip: string[] = []): string {
  const rows = readFileSync(`data/e2e-${e2ePort()}-order-codes.csv`, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(";"));
  const db = new Database(e2eDatabaseFile(), { readonly: true });
  try {
    const ordered = new Set(
      (
        db.prepare(`SELECT p.pseudonym FROM "StudentPseudonym" p JOIN "Order" o ON o.pseudonymId = p.id`).all() as {
          pseudonym: string;
        }[]
      ).map((r) => r.pseudonym),
    );
    const row = rows.find(
      ([pseudonym, , code]) => !ordered.has(pseudonym!) && !skip.includes(code!) && code !== "LWDM-7K3Q-9XA2",
    );
    if (!row) throw new Error("no unused order code left in the e2e database");
    return row[2]!;
  } finally {
    db.close();
  }
}

/** The phone every phone check uses (issue 12): 375×812 CSS pixels. */
export const PHONE = { width: 375, height: 812 } as const;

/**
 * The page does not scroll sideways: nothing makes the document wider than the viewport.
 * Wide tables scroll inside their own region (app/components/table-scroll.tsx) instead.
 */
export async function expectNoHorizontalOverflow(page: Page) {
  // A page loaded by a form post (without JavaScript) can be read before its stylesheet has arrived:
  // measured then, the unstyled page is wider than the screen. Its `load` event comes after the CSS.
  await page.waitForLoadState("load");
  const sizes = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    url: location.pathname + location.search,
  }));
  expect(sizes.scrollWidth, `${sizes.url} is wider than the screen`).toBeLessThanOrEqual(sizes.clientWidth);
}

/**
 * For the licences of the order `orderNumber`: how many pupils class `classGroup` of its school
 * has, and how many of them already hold an active licence of that product (from any order —
 * earlier specs and the demo data may have given one). "Verdeel over klas" gives a licence to
 * each of the others (issue 12: one licence of a product per pupil).
 */
export function classLicenceState(orderNumber: string, classGroup: string): { pupils: number; holders: number } {
  const db = new Database(e2eDatabaseFile(), { readonly: true });
  try {
    const line = db
      .prepare(
        `SELECT l.offerId, l.schoolId FROM "Licence" l JOIN "Order" o ON o.id = l.orderId WHERE o.number = ? LIMIT 1`,
      )
      .get(orderNumber) as { offerId: string; schoolId: string } | undefined;
    if (!line) throw new Error(`order ${orderNumber} has no licences`);
    const { pupils } = db
      .prepare(`SELECT count(*) AS pupils FROM "StudentPseudonym" WHERE schoolId = ? AND classGroup = ?`)
      .get(line.schoolId, classGroup) as { pupils: number };
    const { holders } = db
      .prepare(
        `SELECT count(DISTINCT l.pseudonymId) AS holders FROM "Licence" l JOIN "StudentPseudonym" p ON p.id = l.pseudonymId
         WHERE l.offerId = ? AND l.schoolId = ? AND l.status = 'ACTIVE' AND p.classGroup = ?`,
      )
      .get(line.offerId, line.schoolId, classGroup) as { holders: number };
    return { pupils, holders };
  } finally {
    db.close();
  }
}

/** Empties the school's cart (the e2e database is shared by the specs of one worker). */
export async function emptyCart(page: Page) {
  await page.goto("/winkelwagen");
  const remove = page.getByRole("button", { name: /^Verwijderen: / });
  for (let n = await remove.count(); n > 0; n--) {
    await remove.first().click();
    await expect(remove).toHaveCount(n - 1);
  }
}

/**
 * Logs in as Amstel Lyceum's admin and fills an empty cart with Getal & Ruimte havo 2: the
 * Leerwerkboek and the 1-year licence, each with its quantity and class; ends on the cart.
 */
export async function fillGetalEnRuimteCart(
  page: Page,
  lines: { print: { quantity: number; classGroup: string }; digital: { quantity: number; classGroup: string } },
) {
  await loginAs(page, "school@leerwinkel.test");
  await expect(page).toHaveURL(/\/school$/);
  await emptyCart(page);
  await page.goto("/catalogus?q=getal+%26+ruimte&niveau=havo&leerjaar=2");
  await page.getByRole("link", { name: "Getal & Ruimte havo 2", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Getal & Ruimte havo 2" })).toBeVisible();
  const print = page.getByRole("form", { name: "Leerwerkboek", exact: true });
  await print.getByLabel(/^Aantal/).fill(String(lines.print.quantity));
  await print.getByLabel(/^Klas/).fill(lines.print.classGroup);
  await print.getByRole("button", { name: "In winkelwagen" }).click();
  await expect(page.getByRole("status")).toHaveText("Toegevoegd aan uw winkelwagen.");
  await page.goBack();
  const digital = page.getByRole("form", { name: "Digitale licentie 1 jaar", exact: true });
  await digital.getByLabel(/^Aantal/).fill(String(lines.digital.quantity));
  await digital.getByLabel(/^Klas/).fill(lines.digital.classGroup);
  await digital.getByRole("button", { name: "In winkelwagen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Winkelwagen" })).toBeVisible();
}
