import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, test } from "./fixtures";
import { e2eDatabaseFile, expectNoHorizontalOverflow, loginAs, PHONE } from "./support";
import { addDays, todayInAmsterdam } from "~/modules/calendar/iso-date";

/** "€ 1.021,39" / "€ -57,42" → "1021.39" / "-57.42" (the CSV's machine format). */
function machineAmount(display: string): string {
  return display
    .replace(/[€\s.]/g, "")
    .replace("\u00a0", "")
    .replace(",", ".");
}

test("operator finance filters a quarter and downloads its CSV and an invoice PDF", async ({ page }) => {
  await loginAs(page, "financien@leerwinkel.test");
  await expect(page.getByRole("heading", { level: 1, name: "Facturen" })).toBeVisible();

  await page.getByLabel("Kwartaal").selectOption("2026-K3");
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page).toHaveURL(/quarter=2026-K3/);

  const table = page.getByRole("table");
  const rows = table.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(2);
  // every document on the page lies in the third quarter
  // dates read as "01-07-2026" in the table; their machine form is the <time> element's datetime
  const dates = await rows
    .locator("td:nth-of-type(1) time")
    .evaluateAll((els) => els.map((el) => el.getAttribute("datetime") ?? ""));
  expect(dates).toHaveLength(await rows.count());
  for (const date of dates) expect(date >= "2026-07-01" && date <= "2026-09-30", date).toBe(true);
  await expect(rows.first().locator("td").first()).toHaveText(/^\d{2}-\d{2}-\d{4}$/);
  await expect(table.getByText("Creditnota", { exact: true }).first()).toBeVisible();

  const firstNumber = (await rows.first().getByRole("rowheader").textContent())!.trim();
  const firstGross = (await rows.first().locator("td.num").nth(2).textContent())!.trim();

  // The CSV of the same selection: BOM, header with both rates, one row per document.
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV downloaden" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toBe("facturen_2026-07-01_2026-09-30.csv");
  const text = readFileSync((await csv.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...lines] = text.slice(1).trimEnd().split("\r\n");
  expect(header).toContain("Grondslag 6%;Btw 6%;Grondslag 21%;Btw 21%");
  expect(lines).toHaveLength(count); // fewer than a page of documents in the quarter
  const row = lines.find((l) => l.startsWith(`${firstNumber};`));
  expect(row, `CSV row for ${firstNumber}`).toBeTruthy();
  expect(row!.split(";").at(-1)).toBe(machineAmount(firstGross));

  // The PDF of the first document.
  const pdfDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: `PDF van ${firstNumber}` }).click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toMatch(new RegExp(`^(Factuur|Creditnota)-${firstNumber}\\.pdf$`));
  expect(
    readFileSync((await pdf.path())!)
      .subarray(0, 5)
      .toString("latin1"),
  ).toBe("%PDF-");
});

test("operator finance marks an open invoice on account as paid", async ({ page }) => {
  await loginAs(page, "financien@leerwinkel.test");
  await page.getByLabel("Status").selectOption("open");
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page).toHaveURL(/status=open/);
  const rows = page.getByRole("table").locator("tbody tr");
  // The address changes before the filtered list is on the page: wait until every row is open
  // (the unfiltered list may start with a paid invoice or a credit note, which has no button).
  await expect(rows.first()).toBeVisible();
  await expect(rows.filter({ hasNot: page.getByRole("cell", { name: "Open", exact: true }) })).toHaveCount(0);
  const before = await rows.count();
  const number = (await rows.first().getByRole("rowheader").textContent())!.trim();
  // The date field starts at today, a valid payment date for any invoice issued up to today.
  await expect(rows.first().getByLabel(/Betaald op/)).toHaveValue(todayInAmsterdam());
  await rows
    .first()
    .getByRole("button", { name: `Markeer als betaald ${number}` })
    .click();
  await expect(page.getByRole("status")).toHaveText(`Factuur ${number} is als betaald gemarkeerd.`);
  await expect(page.getByRole("table").getByRole("rowheader", { name: number, exact: true })).toHaveCount(0);
  await expect(rows).toHaveCount(before - 1);
});

test("a payment date in the future is refused next to the date field; nothing is marked paid", async ({ page }) => {
  await loginAs(page, "financien@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/financien?status=open");
  const row = page.getByRole("table").locator("tbody tr").first();
  const number = (await row.getByRole("rowheader").textContent())!.trim();
  const date = row.getByLabel(/Betaald op/);
  await date.fill(addDays(todayInAmsterdam(), 1));
  await row.getByRole("button", { name: `Markeer als betaald ${number}` }).click();
  await expect(date).toHaveAttribute("aria-invalid", "true");
  await expect(row.getByText(/^De betaaldatum ligt in de toekomst\./)).toBeVisible();
  await expect(page.getByRole("status")).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("table").getByRole("rowheader", { name: number, exact: true })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server refuses a payment date before the invoice date, with a summary linking to the field", async ({
    page,
  }) => {
    await loginAs(page, "financien@leerwinkel.test");
    await expect(page).not.toHaveURL(/\/login/);
    await page.goto("/financien?status=open");
    const row = page.getByRole("table").locator("tbody tr").first();
    const number = (await row.getByRole("rowheader").textContent())!.trim();
    const issued = (await row.locator("td").first().locator("time").getAttribute("datetime"))!;
    await row.getByLabel(/Betaald op/).fill(addDays(issued, -1));
    await row.getByRole("button", { name: `Markeer als betaald ${number}` }).click();
    await expect(page.getByRole("alert")).toHaveText(
      `Factuur ${number} is niet als betaald gemarkeerd: controleer de betaaldatum.`,
    );
    const sent = page.getByRole("table").locator("tbody tr", { has: page.getByRole("rowheader", { name: number }) });
    await expect(sent.getByText(/^De betaaldatum ligt vóór de factuurdatum/)).toBeVisible();
    await expect(sent.getByLabel(/Betaald op/)).toHaveValue(addDays(issued, -1));
  });
});

test("the VAT return's period form refuses a period that is neither a month nor a quarter, in the browser", async ({
  page,
}) => {
  await loginAs(page, "financien@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/financien/btw-aangifte?period=2026-K3");
  const period = page.getByLabel("Periode", { exact: true });
  await expect(period).toHaveValue("2026-K3");
  await period.fill("2026-13");
  await page.getByRole("button", { name: "Toon overzicht" }).click();
  await expect(page.getByText("Kies een maand (2026-07) of een kwartaal (2026-K3).")).toBeVisible();
  await expect(period).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/period=2026-K3$/);
});

test.describe("without JavaScript: the VAT return's period", () => {
  test.use({ javaScriptEnabled: false });

  test("the server refuses a malformed period next to the field and keeps what was typed", async ({ page }) => {
    await loginAs(page, "financien@leerwinkel.test");
    await expect(page).not.toHaveURL(/\/login/);
    await page.goto("/financien/btw-aangifte");
    const period = page.getByLabel("Periode", { exact: true });
    await expect(period).toHaveValue(/^\d{4}-K[1-4]$/);
    await period.fill("2026-13");
    await page.getByRole("button", { name: "Toon overzicht" }).click();
    await expect(page).toHaveURL(/period=2026-13/);
    await expect(page.getByText("Kies een maand (2026-07) of een kwartaal (2026-K3).")).toBeVisible();
    await expect(page.getByLabel("Periode", { exact: true })).toHaveValue("2026-13");
    await expect(page.getByRole("table")).toHaveCount(0);
  });
});

test("the invoice list fits 1280 px with the mark-paid column on screen, and a 375 px phone", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await loginAs(page, "financien@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/financien?status=open");
  const region = page.getByRole("region", { name: "Facturen en creditnota's" });
  await expect(region).toBeVisible();
  await expectNoHorizontalOverflow(page);
  // The table itself fits: nothing to scroll sideways inside its region at 1280 px.
  const fit = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(fit.scroll, "the invoice table is wider than its region at 1280 px").toBeLessThanOrEqual(fit.client);
  const button = page.getByRole("button", { name: /^Markeer als betaald / }).first();
  const box = (await button.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(1280);
  // Every document (parents' invoices with longer buyer names, credit notes) fits too.
  await page.goto("/financien");
  const all = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(all.scroll, "the full invoice table is wider than its region at 1280 px").toBeLessThanOrEqual(all.client);
  await expectNoHorizontalOverflow(page);
  await page.goto("/financien?status=open");

  // Singular and plural right in the totals ("1 factuur", "2 creditnota's").
  const counts = (await page.getByRole("region", { name: "Totaal van de selectie" }).locator("p").textContent())!;
  const [, invoices, invoiceNoun, notes, noteNoun] = /^(\d+) (\S+), (\d+) (\S+)$/.exec(counts.trim())!;
  expect(invoiceNoun).toBe(invoices === "1" ? "factuur" : "facturen");
  expect(noteNoun).toBe(notes === "1" ? "creditnota" : "creditnota's");

  await page.setViewportSize(PHONE);
  await page.goto("/financien");
  await expectNoHorizontalOverflow(page);
});

test("the other finance pages fit a 375 px phone", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await loginAs(page, "financien@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  for (const path of ["/financien", "/financien/betalingen", "/financien/terugbetalingen"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoHorizontalOverflow(page);
  }
  // A payment's page with its refund forms: the demo data has no online payment, so one is
  // recorded for a paid parent order, as the webhook would (test mode, nothing leaves the shop).
  const { paymentId, refundId } = recordTestPayment();
  await page.goto(`/financien/betalingen/${paymentId}`);
  await expect(page.getByRole("heading", { level: 1, name: /^Betaling bestelling / })).toBeVisible();
  await expect(page.getByRole("region", { name: "Regels: aantal terug" })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  // ... and a € 5,00 refund made in the Stripe Dashboard, waiting for its credit note.
  await page.goto("/financien/terugbetalingen");
  await expect(page.getByRole("region", { name: "Terugbetalingen te verwerken" })).toBeVisible();
  await expect(page.getByText(/^Nog te verwerken: 1 terugbetaling, samen € 5,00$/)).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await page.goto(`/financien/terugbetalingen/${refundId}`);
  await expect(page.getByRole("region", { name: "Regels: aantal terugbetaald" })).toBeVisible();
  await expectNoHorizontalOverflow(page);
});

/**
 * A paid test-mode payment for the first paid parent order of the e2e database, and a € 5,00
 * refund of it made in the Stripe Dashboard (not yet processed); returns their ids.
 */
function recordTestPayment(): { paymentId: string; refundId: string } {
  const db = new Database(e2eDatabaseFile());
  try {
    const order = db
      .prepare(`SELECT id, grossCents FROM "Order" WHERE kind = 'PARENT' AND status = 'PAID' ORDER BY number LIMIT 1`)
      .get() as { id: string; grossCents: number };
    const id = `e2e-payment-${Date.now()}`;
    const now = new Date().toISOString().replace("Z", "+00:00");
    db.prepare(
      `INSERT INTO "Payment" (id, orderId, provider, checkoutSessionId, paymentIntentId, status, amountCents, currency, refundedCents, createdAt, updatedAt, methodType)
       VALUES (?, ?, 'test', ?, ?, 'PAID', ?, 'eur', 0, ?, ?, 'test')`,
    ).run(
      id,
      order.id,
      `cs_test_e2e_${id}_with_a_long_unbroken_session_identifier`,
      `pi_${id}`,
      order.grossCents,
      now,
      now,
    );
    const refundId = `${id}-refund`;
    db.prepare(
      `INSERT INTO "Refund" (id, paymentId, orderId, providerRefundId, amountCents, status, source, linesJson, createdAt)
       VALUES (?, ?, ?, ?, 500, 'TO_PROCESS', 'DASHBOARD', ?, ?)`,
    ).run(refundId, id, order.id, `re_${id}`, JSON.stringify({ lines: [], chargeId: `ch_${id}` }), now);
    return { paymentId: id, refundId };
  } finally {
    db.close();
  }
}

test("the school's order page fits a 375 px phone; 'Opslaan' carries its visible label in its name", async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await loginAs(page, "school@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/school/bestellingen");
  // The demo history's first order (PO AL-2026-0412) has licences for Stepping Stones.
  await page
    .getByRole("row", { name: /AL-2026-0412/ })
    .getByRole("link")
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /^Bestelling / })).toBeVisible();
  // The order page's own content fits; its wide tables scroll inside their labelled regions.
  // (The site header's account menu is the shell's, checked with the shell.)
  const widest = await page.getByRole("main").evaluate((main) =>
    Math.max(
      ...Array.from(main.querySelectorAll("*"))
        .filter((el) => !el.closest(".table-wrap"))
        .map((el) => el.getBoundingClientRect().right),
    ),
  );
  expect(widest, "content of the order page wider than the phone").toBeLessThanOrEqual(PHONE.width);
  await expect(page.getByRole("region", { name: "Licenties" })).toBeVisible();
  const save = page.getByRole("button", { name: /^Opslaan licentie [0-9A-Z-]+$/ }).first();
  await expect(save).toBeVisible();
});

test("'Wissen' empties the filter form as well as the list's filter", async ({ page }) => {
  await loginAs(page, "financien@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.getByLabel("Kwartaal").selectOption("2026-K3");
  await page.getByLabel("Status").selectOption("paid");
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page).toHaveURL(/quarter=2026-K3/);
  await expect(page.getByLabel("Kwartaal")).toHaveValue("2026-K3");
  await page.getByRole("link", { name: "Wissen" }).click();
  await expect(page).toHaveURL(/\/financien$/);
  await expect(page.getByLabel("Kwartaal")).toHaveValue("");
  await expect(page.getByLabel("Status")).toHaveValue("");
});
