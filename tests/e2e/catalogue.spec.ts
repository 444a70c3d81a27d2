import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PHONE, expectNoHorizontalOverflow, loginAs } from "./support";

/**
 * The catalogue points of issue 12: "Filters wissen" clears the form as well as the results (with
 * and without JavaScript), an EAN typed with hyphens or spaces finds its title, a compare quantity
 * that is not a whole number from 1 to 10.000 is said so in Dutch, numbers carry thousands
 * separators, and the catalogue and title page fit a 375 px phone.
 */
const TITLE = "Getal & Ruimte havo 2";

async function toCatalogue(page: Page) {
  await loginAs(page, "school@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/); // signed in before going on
  await page.goto("/catalogus");
  await expect(page.getByRole("heading", { level: 1, name: "Catalogus" })).toBeVisible();
}

async function searchWithFilters(page: Page) {
  await page.getByLabel("Zoeken", { exact: true }).fill("getal");
  await page.getByLabel("Niveau").selectOption("havo");
  await page.getByLabel("Leerjaar").selectOption("2");
  await page.getByLabel("Combinatie").check();
  await page.getByLabel("Alleen beoordeelde titels").check();
  await page.getByRole("button", { name: "Zoeken" }).click();
  await expect(page).toHaveURL(/niveau=havo/);
  await expect(page.getByRole("heading", { name: "1 titel gevonden" })).toBeVisible();
}

async function expectEmptyForm(page: Page) {
  await expect(page.getByLabel("Zoeken", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Niveau")).toHaveValue("");
  await expect(page.getByLabel("Leerjaar")).toHaveValue("");
  await expect(page.getByLabel("Vak")).toHaveValue("");
  await expect(page.getByLabel("Alle vormen")).toBeChecked();
  await expect(page.getByLabel("Alleen beoordeelde titels")).not.toBeChecked();
}

async function filtersWissenClearsEverything(page: Page) {
  await toCatalogue(page);
  const everything = await page.getByRole("heading", { name: /titels gevonden$/ }).textContent();
  await searchWithFilters(page);
  await page.getByRole("link", { name: "Filters wissen" }).click();
  await expect(page).toHaveURL(/\/catalogus$/);
  await expect(page.getByRole("heading", { name: /titels gevonden$/ })).toHaveText(everything!);
  await expectEmptyForm(page);
  // the next search applies only what is asked now, no filter from before
  await page.getByLabel("Zoeken", { exact: true }).fill("wiskunde");
  await page.getByRole("button", { name: "Zoeken" }).click();
  await expect(page).toHaveURL(/\/catalogus\?q=wiskunde&/);
  const sent = [...new URL(page.url()).searchParams].filter(([, value]) => value !== "");
  expect(sent).toEqual([["q", "wiskunde"]]);
  await expect(page.getByLabel("Niveau")).toHaveValue("");
}

test("'Filters wissen' clears the form and the results", async ({ page }) => {
  await filtersWissenClearsEverything(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("'Filters wissen' clears the form and the results", async ({ page }) => {
    await filtersWissenClearsEverything(page);
  });
});

test("an EAN typed with hyphens or spaces finds its title", async ({ page }) => {
  await toCatalogue(page);
  await page.getByRole("link", { name: TITLE }).first().click();
  const eanText = await page
    .getByText(/^EAN \d{13}/)
    .first()
    .textContent();
  const ean = /\d{13}/.exec(eanText!)![0];
  const typed = [
    `${ean.slice(0, 3)}-${ean.slice(3, 5)}-${ean.slice(5, 9)}-${ean.slice(9, 12)}-${ean[12]}`,
    `${ean.slice(0, 3)} ${ean.slice(3, 7)} ${ean.slice(7)}`,
  ];
  for (const q of typed) {
    await page.goto("/catalogus");
    await page.getByLabel("Zoeken", { exact: true }).fill(q);
    await page.getByRole("button", { name: "Zoeken" }).click();
    await expect(page.getByRole("heading", { name: "1 titel gevonden" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Zoekresultaten" }).getByRole("link", { name: TITLE })).toBeVisible();
  }
});

test("a compare quantity out of range or not a number is said so, in Dutch", async ({ page }) => {
  await toCatalogue(page);
  await page.getByRole("link", { name: TITLE }).first().click();
  const quantity = page.getByLabel("Aantal", { exact: true });
  const cases: [string, RegExp][] = [
    ["0", /Vul een aantal van minstens 1 in\./],
    ["-5", /Vul een aantal van minstens 1 in\./],
    ["1000000", /Vul een aantal van hoogstens 10\.000 stuks in\./],
    ["abc", /Vul het aantal in cijfers in, bijvoorbeeld 25\./],
  ];
  for (const [typed, message] of cases) {
    await quantity.fill(typed);
    await page.getByRole("button", { name: "Vergelijken" }).click();
    await expect(page).toHaveURL(new RegExp(`aantal=${encodeURIComponent(typed)}$`));
    const alert = page.getByRole("alert").filter({ hasText: message });
    await expect(alert).toContainText("De vergelijking hieronder is voor 1 stuk.");
    await expect(quantity).toHaveValue(typed);
    await expect(quantity).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/Prijzen excl\. btw voor 1 stuk;/)).toBeVisible();
  }
  // a good quantity clears the message; large numbers print with thousands separators
  await quantity.fill("10000");
  await page.getByRole("button", { name: "Vergelijken" }).click();
  await expect(page).toHaveURL(/aantal=10000$/);
  await expect(page.getByText(/Prijzen excl\. btw voor 10\.000 stuks;/)).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(quantity).toHaveValue("10000");
  await expect(page.getByText(/staffel vanaf 100\b/).first()).toBeVisible();
});

test("the catalogue counts with thousands separators where numbers grow", async ({ page }) => {
  await toCatalogue(page);
  await expect(page.getByText(/^1–24 van \d+ · prijzen per stuk/)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Paginering" })).toContainText(/Pagina 1 van \d+/);
});

test.describe("on a 375 px phone", () => {
  test.use({ viewport: PHONE });
  test("the catalogue, its results and a title page fit the screen", async ({ page }) => {
    await toCatalogue(page);
    await expectNoHorizontalOverflow(page);
    await page.getByLabel("Zoeken", { exact: true }).fill("getal ruimte");
    await page.getByRole("button", { name: "Zoeken" }).click();
    await expect(page).toHaveURL(/q=getal/);
    await expectNoHorizontalOverflow(page);
    await page.getByRole("link", { name: TITLE }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await expectNoHorizontalOverflow(page);
    // the wide comparison scrolls inside its own labelled, focusable region
    const region = page.getByRole("region", { name: "Vergelijking van papier, digitaal en combinatie" });
    await expect(region).toBeVisible();
    await expect(region).toHaveAttribute("tabindex", "0");
    await page.goto(`${new URL(page.url()).pathname}?aantal=abc`);
    await expect(page.getByRole("alert")).toBeVisible();
    await expectNoHorizontalOverflow(page);
  });
});
