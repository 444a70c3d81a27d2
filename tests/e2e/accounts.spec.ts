import { expect, test } from "./fixtures";
import { loginViaForm, logout } from "./support";

const roles = [
  { email: "admin@leerwinkel.test", heading: "Beheer", url: /\/beheer$/, menu: "Titels" },
  { email: "financien@leerwinkel.test", heading: "Facturen", url: /\/financien$/, menu: "Btw-aangifte" },
  { email: "school@leerwinkel.test", heading: "Schooloverzicht — Amstel Lyceum", url: /\/school$/, menu: "Catalogus" },
  { email: "administratie@leerwinkel.test", heading: "Facturen", url: /\/financien$/, menu: "Facturen" },
  { email: "ouder@leerwinkel.test", heading: "Mijn bestellingen", url: /\/ouder$/, menu: "Bestelcode invoeren" },
];

for (const role of roles) {
  test(`${role.email} logs in and sees the role's start page`, async ({ page }) => {
    await loginViaForm(page, role.email);
    await expect(page).toHaveURL(role.url);
    await expect(page.getByRole("heading", { level: 1, name: role.heading })).toBeVisible();
    await expect(
      page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: role.menu }),
    ).toBeVisible();
    await logout(page);
  });
}

test("a wrong password shows the error and keeps the e-mail address", async ({ page }) => {
  await loginViaForm(page, "school@leerwinkel.test", "verkeerd");
  await expect(page.getByRole("alert")).toHaveText("Onbekend e-mailadres of onjuist wachtwoord.");
  await expect(page.getByLabel("E-mailadres")).toHaveValue("school@leerwinkel.test");
});

test("a parent registers, logs in and lands on the parent start page", async ({ page }) => {
  const email = `eva.${Date.now()}@example.test`;
  await page.goto("/");
  await page.getByRole("link", { name: "Account aanmaken" }).click();
  await page.getByLabel("Naam").fill("Eva Visser");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord", { exact: true }).fill("kort-wacht");
  await page.getByLabel("Herhaal wachtwoord").fill("kort-wacht");
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  await expect(page.getByText("Kies een wachtwoord van minstens 12 tekens")).toBeVisible();
  await page.getByLabel("Wachtwoord", { exact: true }).fill("een-goed-wachtwoord");
  await page.getByLabel("Herhaal wachtwoord").fill("een-goed-wachtwoord");
  await page.getByRole("button", { name: "Account aanmaken" }).click();
  // The same answer as for an address that already has an account (no account enumeration).
  await expect(page.getByRole("heading", { level: 1, name: "Log in om verder te gaan" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Inloggen" }).click();
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill("een-goed-wachtwoord");
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mijn bestellingen" })).toBeVisible();
  await expect(page.getByText("Eva Visser")).toBeVisible();
});

test("a school page asks an anonymous visitor to log in and returns there", async ({ page }) => {
  await page.goto("/school");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fschool/);
  await page.getByLabel("E-mailadres").fill("school@leerwinkel.test");
  await page.getByLabel("Wachtwoord").fill("leerwinkel");
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page).toHaveURL(/\/school$/);
});
