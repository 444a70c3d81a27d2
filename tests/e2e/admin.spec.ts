import { expect, test } from "./fixtures";
import { makeEan13 } from "../../app/modules/catalog/ean";
import { loginAs } from "./support";

test("an admin creates a title with a bundle offer, after fixing shares that do not sum to 1", async ({ page }) => {
  const name = `Natuurkunde Overal havo 4 ${Date.now()}`;
  const ean = makeEan13("978907", Date.now() % 1_000_000);
  await loginAs(page, "admin@leerwinkel.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Titels" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Titels" })).toBeVisible();
  await page.getByRole("link", { name: "Nieuwe titel" }).click();

  await page.getByLabel("Naam", { exact: true }).fill(name);
  await page.getByLabel("Uitgever", { exact: true }).selectOption({ label: "Noordhoff" });
  await page.getByLabel("Vak", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Sector", { exact: true }).selectOption("VO");
  await page.getByLabel("Niveaus").fill("havo");
  await page.getByLabel("Leerjaren").fill("4");
  await page.getByLabel("Gecontroleerd").check();
  await page.getByRole("button", { name: "Titel aanmaken" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("De titel is opgeslagen.");

  const offerForm = page.getByRole("region", { name: "Nieuwe aanbieding" });
  await offerForm.getByLabel("EAN/ISBN").fill(ean);
  await offerForm.getByLabel("Formaatomschrijving").fill("Boek + online licentie");
  await offerForm.getByLabel("Leveringsvorm", { exact: true }).selectOption("bundle");
  await offerForm.getByLabel("Licentieduur (maanden)").fill("12");
  await offerForm.getByLabel("Voorraad").fill("50");
  await offerForm.getByLabel("Onderdeel 1: leveringsvorm").selectOption("physical");
  await offerForm.getByLabel("Onderdeel 1: omschrijving").fill("Leerboek");
  await offerForm.getByLabel("Onderdeel 1: aandeel").fill("0.6");
  await offerForm.getByLabel("Onderdeel 2: leveringsvorm").selectOption("electronic");
  await offerForm.getByLabel("Onderdeel 2: omschrijving").fill("Online licentie");
  await offerForm.getByLabel("Onderdeel 2: aandeel").fill("0.3");
  await offerForm.getByRole("button", { name: "Aanbieding opslaan" }).click();

  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "De aandelen van de onderdelen moeten samen precies 1 zijn; nu is dat 0.9." }),
  ).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "De aanbieding is niet opgeslagen." })).toBeVisible();
  // The form keeps what was typed.
  await expect(offerForm.getByLabel("EAN/ISBN")).toHaveValue(ean);
  await expect(offerForm.getByLabel("Onderdeel 1: aandeel")).toHaveValue("0.6");
  await expect(page.getByRole("cell", { name: ean })).toHaveCount(0);

  await offerForm.getByLabel("Onderdeel 2: aandeel").fill("0.4");
  await offerForm.getByRole("button", { name: "Aanbieding opslaan" }).click();
  await expect(page.getByRole("status")).toHaveText("De aanbieding is opgeslagen.");
  const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: ean }) });
  await expect(row).toContainText("Bundel (combinatie)");
  await expect(row).toContainText("Leerboek 0.6 + Online licentie 0.4");

  // The new title is found in the admin list by its EAN (searchText follows the offers).
  await page.goto(`/beheer/titels?q=${ean}`);
  await expect(page.getByRole("link", { name })).toBeVisible();
});

test("finance adds a VAT rate: a past date is refused, a future date is accepted and listed", async ({ page }) => {
  const nextYear = new Date().getFullYear() + 1;
  await loginAs(page, "financien@leerwinkel.test");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Btw-tarieven" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Btw-tarieven" })).toBeVisible();
  const schedule = page.getByRole("region", { name: "Tarieven" });
  await expect(schedule.getByRole("row").filter({ hasText: "geldt vandaag" })).toHaveCount(2);

  const form = page.getByRole("region", { name: "Tarief toevoegen" });
  await form.getByLabel("Categorie").selectOption("reduced");
  await form.getByLabel("Percentage").fill("9");
  await form.getByLabel("Geldig vanaf").fill("2020-01-01");
  await form.getByRole("button", { name: "Tarief toevoegen" }).click();
  await expect(page.getByRole("alert")).toContainText("De ingangsdatum moet na vandaag");
  await expect(form.getByLabel("Percentage")).toHaveValue("9");
  await expect(schedule.getByRole("row").filter({ hasText: "01-01-2020" })).toHaveCount(0);

  await form.getByLabel("Geldig vanaf").fill(`${nextYear}-01-01`);
  await form.getByRole("button", { name: "Tarief toevoegen" }).click();
  await expect(page.getByRole("status")).toHaveText("Het tarief is toegevoegd.");
  // Dates in the table as people read them (01-01-2027), the form takes ISO from the date input.
  const added = schedule.getByRole("row").filter({ hasText: `01-01-${nextYear}` });
  await expect(added).toContainText("verlaagd");
  await expect(added).toContainText("9%");
  await expect(added).toContainText("toekomstig");
  await expect(schedule.getByRole("row").filter({ hasText: "6%" })).toContainText(`31-12-${nextYear - 1}`);
});

test("the audit log's filter refuses a start date after the end date, in the browser and on the server", async ({
  page,
}) => {
  await loginAs(page, "admin@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/beheer/audit");
  await page.getByLabel("Van", { exact: true }).fill("2026-03-02");
  await page.getByLabel("Tot en met", { exact: true }).fill("2026-03-01");
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page.getByText("De begindatum ligt na de einddatum.").first()).toBeVisible();
  await expect(page).toHaveURL(/\/beheer\/audit$/);
  // The same schema on the server: the URL typed by hand.
  await page.goto("/beheer/audit?from=2026-03-02&to=2026-03-01");
  await expect(page.getByRole("alert")).toContainText("De begindatum ligt na de einddatum.");
  await expect(page.getByLabel("Tot en met", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Van", { exact: true })).toHaveValue("2026-03-02");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an admin prices an offer on a contract list: a tier above the base price is refused, then saved", async ({
    page,
  }) => {
    await loginAs(page, "admin@leerwinkel.test");
    await page.goto("/beheer/prijslijsten");
    const newList = page.getByRole("region", { name: "Nieuwe prijslijst" });
    await newList.getByLabel("Naam").fill("Contract e2e");
    await newList.getByLabel("Soort").selectOption("CONTRACT");
    await newList
      .getByLabel("Schoolbestuur (bij een contract)")
      .selectOption({ label: "Stichting Onderwijsgroep Amstelland" });
    await newList.getByRole("button", { name: "Prijslijst aanmaken" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Contract e2e" })).toBeVisible();

    // An EAN from the default list.
    await page.goto("/beheer/prijslijsten");
    await page
      .getByRole("link", { name: /standaard/i })
      .first()
      .click();
    const ean = (await page.getByRole("row").nth(1).getByRole("cell").first().textContent())!.trim();
    await page.goto("/beheer/prijslijsten");
    await page.getByRole("link", { name: "Contract e2e" }).click();

    const form = page.getByRole("region", { name: "Prijs toevoegen of wijzigen" });
    await form.getByLabel("EAN/ISBN van de aanbieding").fill(ean);
    await form.getByLabel("Stukprijs (excl. btw)").fill("20.5");
    await form.getByLabel("Staffel 1: vanaf aantal").fill("25");
    await form.getByLabel("Staffel 1: stukprijs").fill("21");
    await form.getByRole("button", { name: "Prijs opslaan" }).click();
    await expect(page.getByRole("alert")).toHaveText("De prijs is niet opgeslagen. Controleer de gemarkeerde velden.");
    await expect(form.getByLabel("Staffel 1: stukprijs")).toHaveAccessibleDescription(
      "Staffel 1: de staffelprijs mag niet hoger zijn dan de basisprijs.",
    );

    await form.getByLabel("Staffel 1: stukprijs").fill("19.1234");
    await form.getByRole("button", { name: "Prijs opslaan" }).click();
    await expect(page.getByRole("status")).toHaveText("De prijs is opgeslagen.");
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: ean, exact: true }) });
    await expect(row).toContainText("€ 20,50");
    await expect(row).toContainText("vanaf 25: € 19,1234");
  });

  test("an admin creates a school (a malformed BRIN code first) and adds a finance user who can log in", async ({
    page,
  }) => {
    await loginAs(page, "admin@leerwinkel.test");
    await page.goto("/beheer/scholen");
    await page.getByRole("link", { name: "Nieuwe school" }).click();
    await page.getByLabel("Naam", { exact: true }).fill("Montessori College Oost");
    await page.getByLabel("Schoolbestuur").selectOption({ label: "Stichting Onderwijsgroep Amstelland" });
    await page.getByLabel("BRIN-code").fill("7A7B");
    await page.getByLabel("E-mailadres").fill("info@mco.test");
    await page.getByLabel("Betaaltermijn (dagen)").fill("14");
    await page.getByRole("button", { name: "School aanmaken" }).click();
    await expect(page.getByRole("alert")).toHaveText("De school is niet opgeslagen. Controleer de gemarkeerde velden.");
    await expect(page.getByLabel("BRIN-code")).toHaveAccessibleDescription(
      /Een BRIN-code bestaat uit 2 cijfers en 2 letters/,
    );
    await expect(page.getByLabel("E-mailadres")).toHaveValue("info@mco.test");

    await page.getByLabel("BRIN-code").fill("77ZB");
    await expect(page.getByLabel("KvK-nummer")).toHaveAccessibleDescription(/Vul het KvK-nummer of het OIN/);
    await page.getByLabel("KvK-nummer").fill("41216593");
    await page.getByRole("button", { name: "School aanmaken" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Montessori College Oost" })).toBeVisible();
    const users = page.getByRole("region", { name: "Gebruiker toevoegen" });
    await users.getByLabel("Naam").fill("Fleur Bakker");
    await users.getByLabel("E-mailadres").fill("fleur@mco.test");
    await users.getByLabel("Beginwachtwoord").fill("fleur-start-2026");
    await users.getByLabel("Rol").selectOption("SCHOOL_FINANCE");
    await users.getByRole("button", { name: "Gebruiker toevoegen" }).click();
    await expect(page.getByRole("status")).toHaveText("De gebruiker is toegevoegd.");
    await expect(page.getByRole("row").filter({ hasText: "fleur@mco.test" })).toContainText(
      "Financiële administratie school",
    );

    await page.getByRole("button", { name: "Uitloggen" }).click();
    await loginAs(page, "fleur@mco.test", "fleur-start-2026");
    await expect(page).toHaveURL(/\/financien$/);
  });
});
