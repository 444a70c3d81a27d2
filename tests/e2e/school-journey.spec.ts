import { expect, test } from "@playwright/test";
import { loginAs } from "./support";

/**
 * The school administrator's journey (issue 4): search and filter the catalogue, compare the
 * offers of "Getal & Ruimte havo 2" for 28 pupils, add to the cart, see the what-if, check out
 * on invoice with a PO number, find the order and hand out its licences. The figures on screen
 * are checked against the engine, run here on the e2e server's own database file.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const TITLE = "Getal & Ruimte havo 2";

async function engine() {
  process.env.DATABASE_URL = `file:./data/e2e-${PORT}.db`;
  const { db } = await import("../../app/db.server");
  const { priceItems } = await import("../../app/modules/catalog/offer-pricing.server");
  const { compareOffers } = await import("../../app/modules/pricing");
  const { formatEuro } = await import("../../app/modules/money/format-euro");
  const { shippingFor } = await import("../../app/modules/orders/shipping");
  const { todayInAmsterdam } = await import("../../app/modules/vat/iso-date");
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const title = await db.title.findFirstOrThrow({ where: { name: TITLE }, include: { offers: { where: { active: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } } });
  const buyer = { kind: "school" as const, schoolId: school.id };
  const date = todayInAmsterdam();
  return {
    title,
    formatEuro,
    async comparison(quantity: number) {
      const options = [];
      for (const offer of title.offers) {
        const doc = await priceItems(buyer, [{ key: offer.id, offerId: offer.id, quantity }], date);
        options.push({ key: offer.id, label: offer.formatLabel, breakdown: doc.breakdown });
      }
      return compareOffers(options);
    },
    async cartGross(items: { offerId: string; quantity: number }[]) {
      const keyed = items.map((i, n) => ({ key: String(n), ...i }));
      let priced = await priceItems(buyer, keyed, date);
      const shipping = shippingFor("SCHOOL", priced.breakdown);
      if (shipping) priced = await priceItems(buyer, keyed, date, { shipping });
      return formatEuro(priced.breakdown.totals.gross);
    },
  };
}

test("a school administrator finds, compares, orders and hands out licences", async ({ page }) => {
  const e = await engine();
  const print = e.title.offers.find((o) => o.supply === "physical")!;
  const digital = e.title.offers.find((o) => o.supply === "electronic" && o.licenceMonths === 12)!;

  await loginAs(page, "school@leerwinkel.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Catalogus" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Catalogus" })).toBeVisible();

  // search and filter (a GET form: the filters end up in the URL)
  await page.getByLabel("Zoeken", { exact: true }).fill("getal & ruimte");
  await page.getByLabel("Niveau").selectOption("havo");
  await page.getByLabel("Leerjaar").selectOption("2");
  await page.getByLabel("Combinatie").check();
  await page.getByRole("button", { name: "Zoeken" }).click();
  await expect(page).toHaveURL(/niveau=havo/);
  await expect(page).toHaveURL(/leerjaar=2/);
  await expect(page.getByRole("heading", { name: "1 titel gevonden" })).toBeVisible();
  await page.getByRole("link", { name: TITLE }).click();

  // compare for 28 pupils: every figure equals the engine's
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await page.getByLabel("Aantal", { exact: true }).fill("28");
  await page.getByRole("button", { name: "Vergelijken" }).click();
  await expect(page).toHaveURL(/aantal=28/);
  const rows = await e.comparison(28);
  const table = page.getByRole("table", { name: "Vergelijk papier, digitaal en combinatie" });
  for (const row of rows) {
    const offer = e.title.offers.find((o) => o.id === row.key)!;
    const tr = table.locator(`tr[data-offer="${offer.id}"]`);
    const cells = tr.getByRole("cell");
    await expect(cells.nth(2)).toHaveText(e.formatEuro(row.net));
    await expect(cells.nth(4)).toHaveText(e.formatEuro(row.vat));
    await expect(cells.nth(5)).toHaveText(e.formatEuro(row.gross));
    await expect(cells.nth(6)).toHaveText(e.formatEuro(row.differenceGross));
    await expect(cells.nth(7)).toHaveText(e.formatEuro(row.vatPartOfDifference));
  }
  const digitalRow = rows.find((r) => r.key === digital.id)!;
  await expect(page.getByText(`kost ${e.formatEuro(digitalRow.differenceGross)} meer, waarvan ${e.formatEuro(digitalRow.vatPartOfDifference)} door het hogere btw-tarief`)).toBeVisible();

  // add print for H2A and digital for H2B
  const printForm = page.getByRole("form", { name: print.formatLabel, exact: true });
  await printForm.getByLabel(/^Aantal/).fill("28");
  await printForm.getByLabel(/^Klas/).fill("H2A");
  await printForm.getByRole("button", { name: "In winkelwagen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Winkelwagen" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Toegevoegd aan uw winkelwagen.");
  await page.goBack();
  const digitalForm = page.getByRole("form", { name: digital.formatLabel, exact: true });
  await digitalForm.getByLabel(/^Aantal/).fill("30");
  await digitalForm.getByLabel(/^Klas/).fill("H2B");
  await digitalForm.getByRole("button", { name: "In winkelwagen" }).click();

  // the cart: totals as the engine gives them, and the what-if
  const gross = await e.cartGross([{ offerId: print.id, quantity: 28 }, { offerId: digital.id, quantity: 30 }]);
  await expect(page.getByTestId("total-gross")).toHaveText(gross);
  const whatIf = page.getByRole("table", { name: "Wat als u alles op papier of alles digitaal neemt?" });
  await expect(whatIf.getByRole("row", { name: /Zoals gekozen/ })).toContainText(gross);
  await expect(whatIf.getByRole("row", { name: /Alles op papier/ })).toBeVisible();
  await expect(whatIf.getByRole("row", { name: /Alles digitaal/ })).toBeVisible();
  await expect(page.getByText(/^Alles digitaal: (Kost|Bespaart) € /)).toBeVisible();

  // checkout on invoice with a PO number (required at Amstel Lyceum)
  await page.getByRole("link", { name: "Afrekenen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Afrekenen" })).toBeVisible();
  await expect(page.getByText("Uw school werkt met inkoopordernummers")).toBeVisible();
  await page.getByLabel(/^Inkoopordernummer/).fill("PO-E2E-2026");
  await page.getByLabel("Op rekening (30 dagen)").check();
  await page.getByRole("button", { name: "Bestelling plaatsen" }).click();
  await expect(page).toHaveURL(/\/school\/bestellingen\/[^/?]+\?geplaatst=1$/);
  await expect(page.getByRole("status")).toContainText("is geplaatst");
  await expect(page.getByTestId("order-gross")).toHaveText(gross);
  const number = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Bestelling ", "").trim();

  // find it in the list
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Bestellingen" }).click();
  const listRow = page.getByRole("row", { name: new RegExp(number) });
  await expect(listRow).toContainText("PO-E2E-2026");
  await expect(listRow).toContainText(gross);
  await listRow.getByRole("link", { name: number }).click();

  // licences: 30 for the digital line, handed out over class H2A in one go
  const licences = page.getByRole("table", { name: "Licenties" });
  await expect(licences.getByRole("row")).toHaveCount(31);
  const distribute = page.getByRole("form", { name: /^Verdelen:/ });
  await distribute.getByLabel("Klas").selectOption("H2A");
  await distribute.getByRole("button", { name: "Verdeel over klas" }).click();
  await expect(page.getByRole("status")).toHaveText("30 licenties toegewezen aan leerlingen van H2A.");
  await expect(page.getByRole("link", { name: "Licentiecodes downloaden (CSV)" })).toBeVisible();
});
