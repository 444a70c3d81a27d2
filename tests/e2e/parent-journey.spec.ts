import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectNoHorizontalOverflow, loginAs, logout, PASSWORD, PHONE, unusedOrderCode } from "./support";

// The parents' journey without dead ends (issue 12), on a 375×812 phone: every page of it fits
// the screen, the way back survives login AND registration, and after paying the parent is told
// what happens next. Uses codes of its own (unusedOrderCode), not the README's demo code.

test.use({ viewport: PHONE });

/**
 * The page fits the phone (expectNoHorizontalOverflow); first, so that a failure names them, no
 * element of the page's own content sticks out to the right (one inside a region that scrolls on
 * its own, TableScroll, does not count; the site header is app/root.tsx's).
 */
async function fits(page: Page) {
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => !el.closest("header, [role=banner]"))
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .filter((el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
          if (["auto", "scroll", "hidden"].includes(getComputedStyle(up).overflowX)) return false;
        return true;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? "").trim().slice(0, 40)}"`),
  );
  expect(wide, `${new URL(page.url()).pathname}: elements wider than the screen`).toEqual([]);
  await expectNoHorizontalOverflow(page);
}

test("a new parent pastes the code from the letter, registers on the way to paying, keeps the choice and pays", async ({
  page,
}) => {
  test.slow(); // the whole journey, axe on every page
  const code = unusedOrderCode();
  await page.goto("/bestelcode");
  await fits(page);
  // A line pasted from the school's letter: the code is found inside it.
  await page.getByLabel("Bestelcode").fill(`Uw bestelcode is ${code.toLowerCase()}, geldig tot 30 september 2027.`);
  await page.getByRole("button", { name: "Pakket openen" }).click();
  await expect(page).toHaveURL(/\/pakket$/);
  await expect(page.getByRole("heading", { level: 1, name: "Boekenpakket havo 2" })).toBeVisible();
  await fits(page);

  // Digital for Getal & Ruimte, nothing else: a choice that differs from the default.
  for (const item of ["Stepping Stones havo 2", "Biologie voor jou havo 2", "Rekenmachine Casio fx-82MS"])
    await page.getByRole("group", { name: item }).getByLabel("Niet bestellen").check();
  await page
    .getByRole("group", { name: "Getal & Ruimte havo 2" })
    .getByRole("radio", { name: /^Digitale licentie 1 jaar/ })
    .check();
  await page.getByRole("button", { name: "Bereken" }).click();
  const summary = page.getByRole("region", { name: "Uw keuze" });
  await expect(summary.getByRole("cell", { name: "Getal & Ruimte havo 2 — Digitale licentie 1 jaar" })).toBeVisible();
  await expect(summary).toContainText("U kiest alleen digitale licenties; die zijn direct na betaling actief.");
  const total = (
    await summary
      .getByRole("row", { name: /Totaal te betalen/ })
      .getByRole("cell")
      .innerText()
  ).trim();
  await fits(page);

  // Ordering needs an account: login → "Maak een account aan" → register → log in → back here.
  await page.getByRole("button", { name: "Bestellen en betalen" }).click();
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fpakket%3Fkeuze-/);
  await expect(page.getByRole("heading", { level: 1, name: "Inloggen" })).toBeVisible();
  await fits(page);
  await page.getByRole("link", { name: "Maak een account aan" }).click();
  await expect(page).toHaveURL(/\/registreren\?redirectTo=%2Fpakket%3Fkeuze-/);
  await expect(page.getByRole("heading", { level: 1, name: "Account aanmaken" })).toBeVisible();
  await fits(page);
  const email = `nieuwe.ouder.${Date.now()}@leerwinkel.test`;
  const password = "Zonnige dag aan zee 2026";
  await page.getByLabel("Naam").fill("Sanne de Vries");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill(password);
  await page.getByLabel("Herhaal wachtwoord").fill(password);
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Log in om verder te gaan" })).toBeVisible();
  await fits(page);
  await page.getByRole("link", { name: "Inloggen" }).last().click();
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fpakket%3Fkeuze-/);
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Inloggen" }).click();

  // Back on the package with the choice intact.
  await expect(page).toHaveURL(/\/pakket\?keuze-/);
  await expect(
    page
      .getByRole("group", { name: "Getal & Ruimte havo 2" })
      .getByRole("radio", { name: /^Digitale licentie 1 jaar/ }),
  ).toBeChecked();
  await expect(
    page.getByRole("group", { name: "Biologie voor jou havo 2" }).getByLabel("Niet bestellen"),
  ).toBeChecked();
  await expect(summary.getByRole("row", { name: /Totaal te betalen/ }).getByRole("cell")).toHaveText(total);

  // The payment page lists the line, not only the total.
  await page.getByRole("button", { name: "Bestellen en betalen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Betalen" })).toBeVisible();
  const lines = page.getByRole("region", { name: "Wat u betaalt" });
  await expect(lines.getByRole("row")).toHaveCount(2);
  await expect(lines.getByRole("row", { name: /Getal & Ruimte havo 2 — Digitale licentie 1 jaar/ })).toContainText(
    total,
  );
  await expect(page.getByText(`Te betalen: ${total}`)).toBeVisible();
  await fits(page);

  await page.getByRole("button", { name: "Betalen met iDEAL of creditcard" }).click();
  await expect(page).toHaveURL(/\/betalen\/test\//);
  await fits(page);
  await page.getByRole("button", { name: "Betaling gelukt" }).click();

  // The thank-you: the licence is active now, nothing is delivered.
  await expect(page.getByRole("heading", { level: 1, name: "Bedankt voor uw betaling" })).toBeVisible();
  await expect(page.getByText("De digitale licentie is nu actief.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Actieve licenties" })).toContainText(/[0-9A-Z]{4}-[0-9A-Z]{4}/);
  await fits(page);

  // The receipt: the class and a short reference, never the raw ECK iD URL; amounts not cut off.
  await page.getByRole("link", { name: "Naar uw bestelling" }).click();
  await expect(page).toHaveURL(/\/ouder\/bestellingen\//);
  await expect(page.getByText(/klas H2A, kenmerk …[0-9a-z]{8}/)).toBeVisible();
  await expect(page.locator("main")).not.toContainText("ketenid");
  await expect(page.getByRole("region", { name: "Bon" }).getByRole("row", { name: /Totaal/ })).toContainText(total);
  await fits(page);
  await page.getByRole("link", { name: "← Mijn bestellingen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mijn bestellingen" })).toBeVisible();
  await fits(page);
  await page.getByRole("main").getByRole("link", { name: "Mijn gegevens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mijn gegevens" })).toBeVisible();
  await fits(page);

  // Someone else with the same code is told on the code step, before making an account.
  await logout(page);
  await page.goto("/bestelcode");
  await page.getByLabel("Bestelcode").fill(code);
  await page.getByRole("button", { name: "Pakket openen" }).click();
  await expect(page.getByRole("alert")).toContainText("Met deze bestelcode is het pakket al besteld en betaald");
  await expect(page.getByRole("link", { name: "Inloggen om uw bestelling te bekijken" })).toBeVisible();
  await fits(page);
});

test("pasted text without a code and an over-long paste get a clear message, never an error page", async ({ page }) => {
  await page.goto("/bestelcode");
  await page.getByLabel("Bestelcode").fill("Beste ouder, hierbij de brief voor het nieuwe schooljaar.");
  await page.getByRole("button", { name: "Pakket openen" }).click();
  await expect(page.getByRole("alert")).toContainText("In deze tekst staat geen bestelcode");
  await page.getByLabel("Bestelcode").fill("Beste ouder, ".repeat(50));
  await page.getByRole("button", { name: "Pakket openen" }).click();
  await expect(page.getByText("Deze tekst is te lang. Vul alleen de bestelcode in")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Bestelcode invoeren" })).toBeVisible();
  await fits(page);
});

test("the school sends the books home: the parent enters an address and is told where and when", async ({ page }) => {
  test.slow(); // two accounts, an order and a payment, axe on every page: on a busy machine over a minute
  // The school decides for the package.
  await loginAs(page, "school@leerwinkel.test");
  await expect(page).toHaveURL(/\/school/);
  await page.goto("/school/pakketten");
  await page.getByRole("link", { name: "Boekenpakket havo 2" }).click();
  const delivery = page.getByRole("region", { name: "Levering van de boeken" });
  await delivery.getByLabel("Waar worden de boeken geleverd?").selectOption("HOME");
  await delivery.getByLabel("Datum van uitreiking of verzending").fill("2026-08-20");
  await delivery.getByRole("button", { name: "Levering opslaan" }).click();
  await expect(page.getByRole("status")).toHaveText("Opgeslagen.");
  await logout(page);

  try {
    await loginAs(page, "ouder@leerwinkel.test", PASSWORD);
    await expect(page.getByRole("heading", { level: 1, name: "Mijn bestellingen" })).toBeVisible();
    await page.goto("/bestelcode");
    await page.getByLabel("Bestelcode").fill(unusedOrderCode());
    await page.getByRole("button", { name: "Pakket openen" }).click();
    for (const item of ["Getal & Ruimte havo 2", "Stepping Stones havo 2", "Biologie voor jou havo 2"])
      await page.getByRole("group", { name: item }).getByLabel("Niet bestellen").check();
    await page.getByRole("button", { name: "Bereken" }).click();
    const summary = page.getByRole("region", { name: "Uw keuze" });
    await expect(summary).toContainText("Rekenmachine Casio fx-82MS");
    await expect(summary).toContainText(
      "De boeken worden naar uw bezorgadres gestuurd, verzonden vanaf 20 augustus 2026.",
    );
    const address = page.getByRole("group", { name: "Bezorgadres" });
    await expect(address.getByLabel("Naam")).toHaveValue("Olga Jansen");
    await fits(page);

    // Without a house number and with a wrong postal code: said on the fields, nothing ordered.
    await address.getByLabel("Straat en huisnummer").fill("Dorpsstraat");
    await address.getByLabel("Postcode").fill("0123");
    await address.getByLabel("Plaats").fill("Utrecht");
    await page.getByRole("button", { name: "Bestellen en betalen" }).click();
    await expect(page.getByText("Vul ook het huisnummer in.")).toBeVisible();
    await expect(page.getByText("Vul een Nederlandse postcode in, zoals 1234 AB.")).toBeVisible();
    await expect(page).toHaveURL(/\/pakket/);

    await address.getByLabel("Straat en huisnummer").fill("Dorpsstraat 12");
    await address.getByLabel("Postcode").fill("3511ab");
    await page.getByRole("button", { name: "Bestellen en betalen" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Betalen" })).toBeVisible();
    const where = page.getByRole("region", { name: "Levering" });
    await expect(where).toContainText("verzonden vanaf 20 augustus 2026");
    await expect(where).toContainText("Dorpsstraat 12");
    await expect(where).toContainText("3511 AB Utrecht");
    await fits(page);
    await page.getByRole("button", { name: "Betalen met iDEAL of creditcard" }).click();
    await page.getByRole("button", { name: "Betaling gelukt" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Bedankt voor uw betaling" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Boeken en hulpmiddelen" })).toContainText("3511 AB Utrecht");
    await fits(page);
    await page.getByRole("link", { name: "Naar uw bestelling" }).click();
    // The thank-you page has a region of that name too: wait for the order page itself (logging out
    // from the thank-you page's menu while the order page replaces it would wait for a closed menu).
    await expect(page.getByRole("heading", { level: 1, name: /^Bestelling / })).toBeVisible();
    await expect(page.getByRole("region", { name: "Boeken en hulpmiddelen" })).toContainText("Dorpsstraat 12");
    await fits(page);
    await logout(page);
  } finally {
    // Back to delivery at school, as the other specs expect.
    await page.context().clearCookies();
    await loginAs(page, "school@leerwinkel.test");
    await expect(page).toHaveURL(/\/school/);
    await page.goto("/school/pakketten");
    await page.getByRole("link", { name: "Boekenpakket havo 2" }).click();
    const delivery = page.getByRole("region", { name: "Levering van de boeken" });
    await delivery.getByLabel("Waar worden de boeken geleverd?").selectOption("SCHOOL");
    await delivery.getByLabel("Datum van uitreiking of verzending").fill("");
    await delivery.getByRole("button", { name: "Levering opslaan" }).click();
    await expect(page.getByRole("status")).toHaveText("Opgeslagen.");
  }
});
