import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PHONE, expectNoHorizontalOverflow, fillGetalEnRuimteCart } from "./support";

// Issue 14 §4 in the cart: "Wat als: ander btw-tarief" shows the cart as it costs now beside the
// same cart under a stored VAT scenario. Contract prices of Getal & Ruimte havo 2 for Amstel
// Lyceum, excl. VAT: Leerwerkboek 37,21 (6%), Digitale licentie 1 jaar 33,07 (from 25: 32,41, 21%).

const fillCart = (page: Page) =>
  fillGetalEnRuimteCart(page, {
    print: { quantity: 3, classGroup: "H2A" },
    digital: { quantity: 28, classGroup: "H2A" },
  });

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a school admin sees the cart under 'digitaal leermateriaal ook verlaagd tarief'", async ({ page }) => {
      await fillCart(page);
      // Now: 28 × 32,41 = 907,48 at 21% (190,57) + 3 × 37,21 = 111,63 and shipping 7,95 at 6%
      // (119,58: 7,17): net 1.027,06, VAT 197,74, gross 1.224,80.
      await expect(page.getByTestId("total-gross")).toHaveText("€ 1.224,80");
      const section = page.getByRole("region", { name: "Wat als: ander btw-tarief" });
      await section.getByLabel("Scenario").selectOption({ label: "Digitaal leermateriaal ook verlaagd tarief" });
      await section.getByRole("button", { name: "Vergelijken" }).click();
      await expect(page).toHaveURL(/scenario=digitaal-verlaagd/);

      // Under the scenario all of 1.027,06 at 6%: 61,62, gross 1.088,68 — 136,12 less, all VAT.
      await expect(section.getByRole("table", { name: "Zoals nu" })).toContainText("€ 1.224,80");
      const scenario = section.getByRole("table", { name: "Digitaal leermateriaal ook verlaagd tarief" });
      await expect(scenario.getByRole("row", { name: /Btw 6%/ })).toContainText("€ 61,62");
      await expect(page.getByTestId("scenario-gross")).toHaveText("€ 1.088,68");
      await expect(page.getByTestId("rate-scenario-difference")).toHaveText(
        "Digitaal leermateriaal ook verlaagd tarief: € 136,12 goedkoper, waarvan € 136,12 minder btw.",
      );
      // the cart itself is as it was
      await expect(page.getByTestId("total-gross")).toHaveText("€ 1.224,80");
      await expect(section.getByLabel("Scenario")).toHaveValue("digitaal-verlaagd");

      const desktop = page.viewportSize()!;
      await page.setViewportSize(PHONE);
      await expectNoHorizontalOverflow(page);
      await page.setViewportSize(desktop);

      // an id that is not a stored scenario: said at the field
      await page.goto("/winkelwagen?scenario=alles-gratis");
      await expect(section.getByText("Kies een scenario uit de lijst.")).toBeVisible();
      await expect(page.getByTestId("scenario-gross")).toHaveCount(0);
    });
  });
}
