import { expect, test } from "./fixtures";
import { loginAs, PASSWORD } from "./support";

test("a parent opens the package with the order code, picks digital, logs in and is sent to payment", async ({
  page,
}) => {
  await page.goto("/bestelcode");
  await page.getByLabel("Bestelcode").fill("lwdm-7k3q-9xa2");
  await page.getByRole("button", { name: "Pakket openen" }).click();

  await expect(page).toHaveURL(/\/pakket$/);
  await expect(page.getByRole("heading", { level: 1, name: "Boekenpakket havo 2" })).toBeVisible();
  await expect(page.getByText("Amstel Lyceum · klas H2A")).toBeVisible();
  const schoolItems = page.getByRole("region", { name: "Betaald door school" });
  await expect(schoolItems.getByText("Nederlands Nu havo 2")).toBeVisible();
  await expect(schoolItems.getByText("betaald door school", { exact: true })).toBeVisible();

  const summary = page.getByRole("region", { name: "Uw keuze" });
  const totalCell = summary.getByRole("row", { name: /Totaal te betalen/ }).getByRole("cell");
  const totalBefore = await totalCell.innerText();

  // Choose the digital licence for Getal & Ruimte; the page recalculates (GET "Bereken").
  const gr = page.getByRole("group", { name: "Getal & Ruimte havo 2" });
  const digital = gr.getByRole("radio", { name: /^Digitale licentie 1 jaar/ });
  await digital.check();
  await page.getByRole("button", { name: "Bereken" }).click();
  await expect(page).toHaveURL(/keuze-/);
  await expect(gr.getByRole("radio", { name: /^Digitale licentie 1 jaar/ })).toBeChecked();
  await expect(summary.getByRole("cell", { name: "Getal & Ruimte havo 2 — Digitale licentie 1 jaar" })).toBeVisible();
  // Every option states its difference to the cheapest choice of that item.
  await expect(gr.getByText("Dit is de goedkoopste keuze").first()).toBeVisible();
  await expect(gr.getByText(/kost € \d+,\d{2} meer/).first()).toBeVisible();
  await expect(summary.getByRole("row", { name: /Btw 21%/ })).toBeVisible();
  const total = await totalCell.innerText();
  expect(total).toMatch(/^€\s\d+,\d{2}$/);
  expect(total).not.toBe(totalBefore);

  // Ordering needs an account: log in and come back to the same choice.
  await page.getByRole("button", { name: "Bestellen en betalen" }).click();
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fpakket/);
  await page.getByLabel("E-mailadres").fill("ouder@leerwinkel.test");
  await page.getByLabel("Wachtwoord").fill(PASSWORD);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await expect(page).toHaveURL(/\/pakket\?keuze-/);
  await expect(
    page
      .getByRole("group", { name: "Getal & Ruimte havo 2" })
      .getByRole("radio", { name: /^Digitale licentie 1 jaar/ }),
  ).toBeChecked();
  await expect(totalCell).toHaveText(total);

  await page.getByRole("button", { name: "Bestellen en betalen" }).click();
  await expect(page).toHaveURL(/\/betalen\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Betalen" })).toBeVisible();
  await expect(page.getByText(`Te betalen: ${total}`)).toBeVisible();
});

test("a wrong order code gets a clear message and keeps what was typed", async ({ page }) => {
  await page.goto("/bestelcode");
  await page.getByLabel("Bestelcode").fill("ABCD-EFGH-JK23");
  await page.getByRole("button", { name: "Pakket openen" }).click();
  await expect(page.getByRole("alert")).toContainText("Deze bestelcode kennen wij niet");
  await expect(page.getByLabel("Bestelcode")).toHaveValue("ABCD-EFGH-JK23");
});

test.describe("the school prepares the package", () => {
  test("adds a title to the package, imports pseudonyms and downloads the parent letters", async ({ page }) => {
    await loginAs(page, "school@leerwinkel.test");
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Leerlingpakketten" }).click();
    await page.getByRole("link", { name: "Boekenpakket havo 2" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Boekenpakket havo 2" })).toBeVisible();
    await expect(page.getByRole("group", { name: "Nederlands Nu havo 2" }).getByLabel("Betaald door")).toHaveValue(
      "SCHOOL",
    );

    await page.getByLabel("Zoek op naam of EAN").fill("Getal & Ruimte havo 1");
    await page.getByRole("button", { name: "Zoeken" }).click();
    const candidate = page.getByRole("group", { name: /Getal & Ruimte havo 1/ });
    await candidate.getByLabel("Betaald door").selectOption("PARENT");
    await page.getByRole("button", { name: "Toevoegen aan pakket" }).first().click();
    await expect(page.getByRole("status")).toHaveText("Opgeslagen.");
    await expect(page.getByRole("group", { name: "Getal & Ruimte havo 1" })).toBeVisible();

    await page.goto("/school/pakketten/leerlingen");
    const csv =
      "pseudoniem;klas;schooljaar\nhttps://ketenid.nl/201703/00112233445566778899aabbccddeeff;H2A;2026-2027\nhttps://ketenid.nl/201703/ffeeddccbbaa99887766554433221100;H2A;2026-2027\n";
    await page
      .getByLabel("CSV-bestand (maximaal 1 MB)")
      .setInputFiles({ name: "h2a.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Importeren" }).click();
    await expect(page.getByRole("heading", { name: "Import gelukt" })).toBeVisible();
    const codes = page.getByRole("region", { name: "Import gelukt" }).getByRole("row");
    await expect(codes).toHaveCount(3);
    await expect(codes.nth(1).getByRole("cell").nth(3)).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Brieven voor ouders downloaden (PDF)" }).click();
    expect((await download).suggestedFilename()).toMatch(/^bestelcodes-\d{4}-\d{2}-\d{2}\.pdf$/);

    // A file with names is refused as a whole.
    await page.getByLabel("CSV-bestand (maximaal 1 MB)").setInputFiles({
      name: "namen.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("pseudoniem;naam;klas;schooljaar\nabc12345678;Jan;H2A;2026-2027\n"),
    });
    await page.getByRole("button", { name: "Importeren" }).click();
    await expect(page.getByRole("alert")).toContainText('Kolom 2 ("naam") lijkt persoonsgegevens te bevatten');
  });
});
