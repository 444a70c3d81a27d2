import { expect, test } from "./fixtures";
import Database from "better-sqlite3";
import { e2eDatabaseFile, loginAs } from "./support";

/**
 * Licences on the school's order page (issue 12): a pupil gets no second licence of the same
 * product, and a cancelled order offers no "Verdeel over klas". The school orders 2 one-year
 * licences of Getal & Ruimte havo 2 on account, gives both to one pupil (the second is refused
 * next to the pupil field), then cancels the order.
 */
test("a second licence of the same product for one pupil is refused; a cancelled order offers no distribution", async ({
  page,
}) => {
  const pupil = newPupil();
  await loginAs(page, "school@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/catalogus/getal-ruimte-havo-2-2");
  const digitalForm = page.getByRole("form", { name: "Digitale licentie 1 jaar", exact: true });
  await digitalForm.getByLabel(/^Aantal/).fill("2");
  await digitalForm.getByLabel(/^Klas/).fill("H2A");
  await digitalForm.getByRole("button", { name: "In winkelwagen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Winkelwagen" })).toBeVisible();
  await page.getByRole("link", { name: "Afrekenen" }).click();
  await page.getByLabel(/^Inkoopordernummer/).fill("PO-E2E-LIC");
  await page.getByLabel("Op rekening (30 dagen)").check();
  await page.getByRole("button", { name: "Bestelling plaatsen" }).click();
  await expect(page).toHaveURL(/\/school\/bestellingen\/[^/?]+\?geplaatst=1$/);

  const licences = page.getByRole("table", { name: "Licenties" });
  await expect(licences.getByRole("row")).toHaveCount(3);
  const saves = page.getByRole("button", { name: /^Opslaan licentie [0-9A-Z-]+$/ });
  await expect(saves).toHaveCount(2);
  // Both rows pick the same pupil: a new one, who holds no licence yet (whatever ran before).
  const pupilFields = licences.getByLabel(/^Leerling voor licentie /);
  await pupilFields.first().selectOption(pupil);
  await saves.first().click();
  await expect(page.getByRole("status").filter({ hasText: "De licentie is toegewezen." })).toBeVisible();
  await licences
    .getByLabel(/^Leerling voor licentie /)
    .nth(1)
    .selectOption(pupil);
  await page
    .getByRole("button", { name: /^Opslaan licentie / })
    .nth(1)
    .click();
  const second = licences.getByLabel(/^Leerling voor licentie /).nth(1);
  await expect(second).toHaveAttribute("aria-invalid", "true");
  await expect(licences.getByText(/^Deze leerling heeft al een licentie voor dit product \(/)).toBeVisible();

  // Cancel: the licences are revoked and there is nothing to distribute.
  await expect(page.getByRole("form", { name: /^Verdelen:/ })).toHaveCount(1);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Bestelling annuleren" }).click();
  await expect(page.getByRole("status")).toHaveText("De bestelling is geannuleerd; u ontvangt een creditnota.");
  await expect(page.getByRole("form", { name: /^Verdelen:/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Verdeel over klas" })).toHaveCount(0);
});

/** A pupil of Amstel Lyceum (class H2Z) added to the e2e database for this test; returns its id. */
function newPupil(): string {
  const db = new Database(e2eDatabaseFile());
  try {
    const school = db.prepare(`SELECT id FROM "Organisation" WHERE brin = '12AB'`).get() as { id: string };
    const id = `e2e-pupil-${Date.now()}`;
    db.prepare(
      `INSERT INTO "StudentPseudonym" (id, schoolId, pseudonym, classGroup, schoolYear, orderCodeHash, createdAt)
       VALUES (?, ?, ?, 'H2Z', '2026-2027', ?, ?)`,
    ).run(
      id,
      school.id,
      `https://ketenid.nl/201703/${id}`,
      `hash-${id}`,
      new Date().toISOString().replace("Z", "+00:00"),
    );
    return id;
  } finally {
    db.close();
  }
}
