import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PHONE, emptyCart, expectNoHorizontalOverflow, fillGetalEnRuimteCart } from "./support";

// Issue 12, the school's cart: the what-if says rightly what a scenario costs and what the VAT
// part means, and a button applies "alles op papier" / "alles digitaal" (a plain form post).
// Contract prices of Getal & Ruimte havo 2 for Amstel Lyceum, excl. VAT: Leerwerkboek 37,21
// (from 25: 36,47, 6%), Digitale licentie 1 jaar 33,07 (from 25: 32,41, 21%).

const fillCart = (page: Page) =>
  fillGetalEnRuimteCart(page, {
    print: { quantity: 28, classGroup: "H2A" },
    digital: { quantity: 30, classGroup: "H2B" },
  });

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("the what-if tells the difference rightly and 'alles digitaal' applies it", async ({ page }) => {
      await fillCart(page);
      // As chosen 28 × 36,47 = 1.021,16 (6%: 61,27) + 30 × 32,41 = 972,30 (21%: 204,18): 2.258,91.
      // All digital 58 × 32,41 = 1.879,78 (21%: 394,75): 2.274,53, i.e. 15,62 more, although
      // 113,68 less excl. VAT, because of 129,30 more VAT.
      await expect(page.getByTestId("total-gross")).toHaveText("€ 2.258,91");
      await expect(
        page.getByText("Alles digitaal: € 15,62 duurder: € 113,68 minder excl. btw, maar € 129,30 meer btw"),
      ).toBeVisible();
      // The filled cart, its what-if table included, fits a 375 px phone.
      const desktop = page.viewportSize()!;
      await page.setViewportSize(PHONE);
      await expectNoHorizontalOverflow(page);
      await page.setViewportSize(desktop);
      await page.getByRole("button", { name: "Omzetten naar alles digitaal" }).click();
      await expect(page.getByRole("status")).toHaveText("Uw winkelwagen is omgezet naar alles digitaal, waar dat kan.");
      await expect(page.getByTestId("total-gross")).toHaveText("€ 2.274,53");
      const lines = page.getByRole("table", { name: "Artikelen in uw winkelwagen" }).getByRole("row");
      await expect(lines).toHaveCount(3); // header + H2A + H2B, both now licences
      await expect(lines.filter({ hasText: "H2A" })).toContainText("Digitale licentie 1 jaar");
      await expect(lines.filter({ hasText: "H2B" })).toContainText("Digitale licentie 1 jaar");
      await expect(page.getByText("Alles digitaal: geen verschil met uw keuze")).toBeVisible();
      await expect(page.getByRole("button", { name: "Omzetten naar alles digitaal" })).toHaveCount(0);
      // Nothing to accept: the prices applied are the ones the what-if showed.
      await expect(page.getByText("prijzen of btw-tarieven zijn gewijzigd")).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Omzetten naar alles op papier" })).toBeVisible();
      await emptyCart(page);
      await expect(page.getByText("Uw winkelwagen is leeg.")).toBeVisible();
    });
  });
}
