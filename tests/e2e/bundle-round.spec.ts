// Issue 15: the board coordinator opens a bundle round, two schools of the board enter quantities
// below the 25 tier each, the coordinator closes, and each school sees its own order at the
// combined tier.
//
// Worked figures (contract list of Onderwijsgroep Amstelland, prices excl. VAT, physical at 6%):
//   Getal & Ruimte havo 2 — Leerwerkboek: base € 37,21, from 25 € 36,47 (37.21 − 2% = 37.21 − 0.74)
//   Amstel Lyceum 15 + De Regenboog 12 = 27 copies → the 25+ tier, € 36,47
//   Amstel Lyceum: 15 × 36.47 = 547.05, VAT 6% 32.823 → 32.82, total € 579,87 (≥ 150 of print: no shipping)
//     alone: 15 × 37.21 = 558.15, VAT 33.489 → 33.49, total € 591,64 → € 11,77 cheaper, of which € 0,67 VAT
//   De Regenboog: 12 × 36.47 = 437.64, VAT 26.2584 → 26.26, total € 463,90
//     alone: 12 × 37.21 = 446.52, VAT 26.7912 → 26.79, total € 473,31 → € 9,41 cheaper
//   Together: € 21,18 saved.
import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { expectNoHorizontalOverflow, loginAs as login, logout, PHONE } from "./support";

/** Logs in and waits until the role's start page is shown (the next goto must carry the session). */
async function loginAs(page: Page, email: string) {
  await login(page, email);
  await expect(page).not.toHaveURL(/\/login/);
}

const ROUND = "Bundelronde wiskunde e2e";
const BOOK = "Getal & Ruimte havo 2 — Leerwerkboek";

test("a coordinator opens a round, two schools enter quantities, closing orders each at the combined tier", async ({
  page,
}) => {
  test.slow(); // three accounts, a round and two orders, axe on every page: on a busy machine over a minute
  // the coordinator opens the round
  await loginAs(page, "bestuur@leerwinkel.test");
  await expect(page).toHaveURL(/\/bestuur$/);
  await page.getByRole("link", { name: "Nieuwe bundelronde" }).click();
  await page.getByLabel("Naam").fill(ROUND);
  // The board's own contract list (other specs may have added one to the shared e2e database).
  await page.getByLabel("Prijslijst").selectOption({ label: "Contract Onderwijsgroep Amstelland 2026" });
  await page.getByLabel(new RegExp(`^${BOOK} \\(`)).check();
  await page.getByLabel(/^Amstel Lyceum/).check();
  await page.getByLabel(/^Basisschool De Regenboog/).check();
  await page.getByRole("button", { name: "Bundelronde openen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: ROUND })).toBeVisible();
  await expect(page.getByText("De bundelronde is geopend voor de scholen.")).toBeVisible();
  await logout(page);

  // Amstel Lyceum enters 15 (it works with PO numbers: refused without one first)
  await loginAs(page, "school@leerwinkel.test");
  await page.goto("/school/bundelrondes");
  await expectNoHorizontalOverflow(page); // 1280 px: the school admin's seven menu entries wrap, not overflow
  await page.getByRole("link", { name: ROUND }).click();
  await page.getByLabel(`Aantal ${BOOK}, regel 1`).fill("15");
  await page.getByLabel(`Klas voor ${BOOK}, regel 1`).fill("H2A");
  await page.getByRole("button", { name: "Aantallen opslaan" }).click();
  await expect(page.getByText("Uw school werkt met inkoopordernummers: vul het inkoopordernummer in.")).toBeVisible();
  await page.getByLabel("Inkoopordernummer").fill("PO-BUNDEL-15");
  await page.getByRole("button", { name: "Aantallen opslaan" }).click();
  await expect(page.getByText("Uw aantallen zijn opgeslagen.")).toBeVisible();
  const standing = page.getByRole("table", { name: "Gezamenlijke aantallen en staffels" });
  await expect(standing.getByRole("row", { name: new RegExp(BOOK) })).toContainText("basisprijs");
  await expect(standing.getByRole("row", { name: new RegExp(BOOK) })).toContainText("(nog 10)");
  await logout(page);

  // De Regenboog enters 12: together 27, the round reaches the 25 tier
  await loginAs(page, "po@leerwinkel.test");
  await page.goto("/school/bundelrondes");
  await page.getByRole("link", { name: ROUND }).click();
  await page.getByLabel(`Aantal ${BOOK}, regel 1`).fill("12");
  await page.getByRole("button", { name: "Aantallen opslaan" }).click();
  await expect(page.getByText("Uw aantallen zijn opgeslagen.")).toBeVisible();
  const row = page.getByRole("table", { name: "Gezamenlijke aantallen en staffels" }).getByRole("row", {
    name: new RegExp(BOOK),
  });
  await expect(row).toContainText("27");
  await expect(row).toContainText("vanaf 25");
  await expect(row).toContainText("€ 36,47");
  await expect(page.getByText(/Uw aandeel bij de staffelprijs van de ronde: € 463,90 incl\. btw/)).toBeVisible();
  await expect(page.getByText(/Alleen besteld: € 473,31\. Dat is € 9,41 goedkoper dan alleen bestellen/)).toBeVisible();
  await logout(page);

  // the coordinator sees the combined figures and closes
  await loginAs(page, "bestuur@leerwinkel.test");
  await page.getByRole("link", { name: ROUND }).click();
  const offers = page.getByRole("table", { name: "Aantallen en staffels per artikel" });
  await expect(offers.getByRole("row", { name: new RegExp(BOOK) })).toContainText("vanaf 25");
  await expect(page.getByText(/Besparing voor de scholen samen.*€ 21,18/)).toBeVisible();
  const schools = page.getByRole("table", { name: "Aandeel en bestelling per school" });
  await expect(schools.getByRole("row", { name: /Amstel Lyceum/ })).toContainText("€ 579,87");
  await expect(schools.getByRole("row", { name: /Amstel Lyceum/ })).toContainText("€ 591,64");
  await page.getByRole("button", { name: "Bundelronde nu sluiten" }).click();
  await expect(page.getByText("De bundelronde is gesloten: 2 bestellingen geplaatst.")).toBeVisible();
  await expect(schools.getByRole("row", { name: /Amstel Lyceum/ })).toContainText(/B\d{4}-\d{6}/);
  await expect(page.getByRole("button", { name: "Bundelronde nu sluiten" })).toHaveCount(0);
  await logout(page);

  // Amstel Lyceum sees its own order at the combined tier
  await loginAs(page, "school@leerwinkel.test");
  await page.goto("/school/bundelrondes");
  await page.getByRole("link", { name: ROUND }).click();
  await expect(page.getByText(/Uw bestelling B\d{4}-\d{6} is geplaatst/)).toContainText("€ 579,87");
  await expect(
    page.getByText("De bundelronde is gesloten; uw aantallen kunnen niet meer worden gewijzigd."),
  ).toBeVisible();
  await page.getByRole("link", { name: /^B\d{4}-\d{6}$/ }).click();
  await expect(page.getByText("PO-BUNDEL-15").first()).toBeVisible();
  await expect(page.getByText("€ 36,47").first()).toBeVisible();
  await expect(page.getByText("€ 579,87").first()).toBeVisible();
  await logout(page);

  // De Regenboog, on a phone: its order, and the page fits 375 px
  await page.setViewportSize(PHONE);
  await loginAs(page, "po@leerwinkel.test");
  await page.goto("/school/bundelrondes");
  await expectNoHorizontalOverflow(page);
  await page.getByRole("link", { name: ROUND }).click();
  await expect(page.getByText(/Uw bestelling B\d{4}-\d{6} is geplaatst/)).toContainText("€ 463,90");
  await expectNoHorizontalOverflow(page);
  await logout(page);
  await loginAs(page, "bestuur@leerwinkel.test");
  await page.getByRole("link", { name: ROUND }).click();
  await expectNoHorizontalOverflow(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("opening a round and entering quantities work as plain forms, with Dutch messages, on a phone", async ({
    page,
  }) => {
    await page.setViewportSize(PHONE);
    await loginAs(page, "bestuur@leerwinkel.test");
    await page.goto("/bestuur/bundelrondes/nieuw");
    await page.waitForLoadState("load");
    await expectNoHorizontalOverflow(page);
    await page.getByRole("button", { name: "Bundelronde openen" }).click();
    await expect(page.getByText("Geef de bundelronde een naam.")).toBeVisible();
    await expect(page.getByText("Kies minstens één artikel.")).toBeVisible();
    await expect(page.getByText("Kies minstens één school.")).toBeVisible();
    await page.getByLabel("Naam").fill("Bundelronde zonder JavaScript");
    await page.getByLabel("Prijslijst").selectOption({ label: "Contract Onderwijsgroep Amstelland 2026" });
    await page.getByLabel(new RegExp(`^${BOOK} \\(`)).check();
    await page.getByLabel(/^Basisschool De Regenboog/).check();
    await page.getByRole("button", { name: "Bundelronde openen" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Bundelronde zonder JavaScript" })).toBeVisible();
    await page.waitForLoadState("load");
    await expectNoHorizontalOverflow(page);
    await logout(page);

    await loginAs(page, "po@leerwinkel.test");
    await page.goto("/school/bundelrondes");
    await page.getByRole("link", { name: "Bundelronde zonder JavaScript" }).click();
    await page.waitForLoadState("load"); // measured with its stylesheet
    await expectNoHorizontalOverflow(page);
    await page.getByLabel(`Aantal ${BOOK}, regel 1`).fill("-3");
    await page.getByLabel(`Klas voor ${BOOK}, regel 1`).fill("groep 5!");
    await page.getByRole("button", { name: "Aantallen opslaan" }).click();
    await expect(page.getByText("Het aantal kan niet negatief zijn.")).toBeVisible();
    await expect(page.getByText(/Een klas is een code zoals H2A of 4B/)).toBeVisible();
    await page.getByLabel(`Aantal ${BOOK}, regel 1`).fill("3");
    await page.getByLabel(`Klas voor ${BOOK}, regel 1`).fill("G5");
    await page.getByRole("button", { name: "Aantallen opslaan" }).click();
    await expect(page.getByText("Uw aantallen zijn opgeslagen.")).toBeVisible();
    // the saved row keeps its class; an empty row is offered for a second class group
    await expect(page.getByLabel(`Klas voor ${BOOK}, regel 1`)).toHaveValue("G5");
    await expect(page.getByLabel(`Aantal ${BOOK}, regel 2`)).toHaveValue("");
    // 3 × 37.21 = 111.63 alone and at the round (3 copies: base price); 111.63 < 150: shipping 7.95;
    // 6% of 119.58 = 7.1748 → 7.17; total € 126,75
    await expect(page.getByText(/Uw aandeel bij de staffelprijs van de ronde: € 126,75 incl\. btw/)).toBeVisible();
    await expect(page.getByText(/Dat is even duur als alleen bestellen/)).toBeVisible();
  });
});
