import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PHONE, expectNoHorizontalOverflow, loginAs } from "./support";

// Issue 14 §4 in the cart: "Wat als: ander btw-tarief" shows the cart as it costs now beside the
// same cart under a stored VAT scenario. Contract prices of Getal & Ruimte havo 2 for Amstel
// Lyceum, excl. VAT: Leerwerkboek 37,21 (6%), Digitale licentie 1 jaar 33,07 (from 25: 32,41, 21%).

/** Empties the school's cart (the e2e database is shared by the specs of one run). */
async function emptyCart(page: Page) {
  await page.goto("/winkelwagen");
  const remove = page.getByRole("button", { name: /^Verwijderen: / });
  for (let n = await remove.count(); n > 0; n--) {
    await remove.first().click();
    await expect(remove).toHaveCount(n - 1);
  }
}

async function fillCart(page: Page) {
  await loginAs(page, "school@leerwinkel.test");
  await expect(page).toHaveURL(/\/school$/);
  await emptyCart(page);
  await page.goto("/catalogus?q=getal+%26+ruimte&niveau=havo&leerjaar=2");
  await page.getByRole("link", { name: "Getal & Ruimte havo 2", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Getal & Ruimte havo 2" })).toBeVisible();
  const print = page.getByRole("form", { name: "Leerwerkboek", exact: true });
  await print.getByLabel(/^Aantal/).fill("3");
  await print.getByLabel(/^Klas/).fill("H2A");
  await print.getByRole("button", { name: "In winkelwagen" }).click();
  await expect(page.getByRole("status")).toHaveText("Toegevoegd aan uw winkelwagen.");
  await page.goBack();
  const digital = page.getByRole("form", { name: "Digitale licentie 1 jaar", exact: true });
  await digital.getByLabel(/^Aantal/).fill("28");
  await digital.getByLabel(/^Klas/).fill("H2A");
  await digital.getByRole("button", { name: "In winkelwagen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Winkelwagen" })).toBeVisible();
}

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
