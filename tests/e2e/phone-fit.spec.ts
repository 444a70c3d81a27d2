import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PHONE, expectNoHorizontalOverflow, loginAs } from "./support";

// Issue 12: on a 375×812 phone the header takes a small part of the first screen (navigation and
// account behind a "Menu" toggle that works without JavaScript), and the school's and the
// admin's pages fit the width: wide tables scroll inside their own labelled region.
test.use({ viewport: PHONE });

/** The header is well under a quarter of the phone's screen. */
async function expectCompactHeader(page: Page) {
  const header = await page.locator("header.site-header").boundingBox();
  expect(header, "the page has a header").not.toBeNull();
  expect(header!.height, `header height on ${page.url()}`).toBeLessThan(PHONE.height * 0.25);
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await expectCompactHeader(page);
}

/** Opens the first link in the list page's table (a labelled scroll region) and checks that page too. */
async function visitFirst(page: Page, listPath: string, region: string) {
  await page.goto(listPath);
  const href = await page.getByRole("region", { name: region }).getByRole("link").first().getAttribute("href");
  expect(href, `a link in "${region}" on ${listPath}`).toBeTruthy();
  await visit(page, href!);
}

test("the header is compact and its menu opens on a phone", async ({ page }) => {
  await visit(page, "/");
  const login = page.getByRole("banner").getByRole("link", { name: "Inloggen", exact: true });
  await expect(login).toBeHidden();
  await page.getByText("Menu", { exact: true }).click();
  await expect(login).toBeVisible();
  await expectNoHorizontalOverflow(page);

  await loginAs(page, "school@leerwinkel.test");
  await expect(page).toHaveURL(/\/school$/);
  await expectCompactHeader(page);
  const nav = page.getByRole("navigation", { name: "Hoofdmenu" });
  await expect(nav.getByRole("link", { name: "Catalogus" })).toBeHidden();
  await page.getByText("Menu", { exact: true }).click();
  await nav.getByRole("link", { name: "Catalogus" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Catalogus" })).toBeVisible();
  // A navigation closes the menu again.
  await expect(nav.getByRole("link", { name: "Catalogus" })).toBeHidden();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the menu opens and the account's buttons are there", async ({ page }) => {
    await loginAs(page, "school@leerwinkel.test");
    await expect(page).toHaveURL(/\/school$/);
    await expectCompactHeader(page);
    await page.getByText("Menu", { exact: true }).click();
    await expect(page.getByRole("button", { name: "Uitloggen" })).toBeVisible();
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Bestellingen" }).click();
    await expect(page).toHaveURL(/\/school\/bestellingen$/);
    await page.waitForLoadState("load"); // measured with its stylesheet
    await expectNoHorizontalOverflow(page);
  });
});

test("the school's pages fit a 375 px phone", async ({ page }) => {
  await loginAs(page, "school@leerwinkel.test");
  await expect(page).toHaveURL(/\/school$/);
  await expectNoHorizontalOverflow(page);
  for (const path of [
    "/school",
    "/school/bestellingen",
    "/school/pakketten",
    "/school/pakketten/nieuw",
    "/school/pakketten/leerlingen",
    "/school/pakketten/leerlingen?klas=H2A",
    "/winkelwagen",
  ]) {
    await visit(page, path);
  }
  await visitFirst(page, "/school/bestellingen", "Bestellingen");
});

test("the admin pages fit a 375 px phone", async ({ page }) => {
  await loginAs(page, "admin@leerwinkel.test");
  await expect(page).toHaveURL(/\/beheer$/);
  for (const path of [
    "/beheer",
    "/beheer/titels",
    "/beheer/prijslijsten",
    "/beheer/scholen",
    "/beheer/gebruikers",
    "/beheer/gebruikers?q=leerwinkel",
    "/beheer/avg",
    "/beheer/avg?q=ouder",
    "/beheer/audit",
    "/beheer/verzendingen",
  ]) {
    await visit(page, path);
  }
  await visitFirst(page, "/beheer/titels", "Titels");
  await visitFirst(page, "/beheer/prijslijsten", "Prijslijsten");
  await visitFirst(page, "/beheer/scholen", "Scholen");
});
