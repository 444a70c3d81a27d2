import Database from "better-sqlite3";
import { expect, test } from "./fixtures";
import { e2eDatabaseFile, expectNoHorizontalOverflow, loginAs, PHONE } from "./support";

/**
 * Processing agreements (issue 16 §1): a school admin sees per publisher whether there is an
 * agreement and which data goes there, and concludes the model agreement in the app — on a
 * 375 px phone, with and without JavaScript (each run one publisher of its own school).
 */
for (const [javaScriptEnabled, email] of [
  [true, "vechtdal@leerwinkel.test"],
  [false, "po@leerwinkel.test"],
] as const) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("the school admin concludes the model agreement with a publisher", async ({ page }) => {
      await page.setViewportSize(PHONE);
      await loginAs(page, email);
      await expect(page).not.toHaveURL(/\/login/);
      await page.goto("/school/verwerkersovereenkomsten");
      await expect(page.getByRole("heading", { level: 1, name: "Verwerkersovereenkomsten" })).toBeVisible();
      for (const item of ["pseudoniem (ECK iD)", "klas", "product (EAN)", "geldigheid"])
        await expect(
          page.getByRole("listitem").filter({ hasText: new RegExp(`^${item.replace(/[()]/g, "\\$&")}$`) }),
        ).toBeVisible();
      await expectNoHorizontalOverflow(page);

      const form = page.getByRole("form", { name: /^Modelovereenkomst sluiten met / }).first();
      const publisher = ((await form.getAttribute("aria-label")) ?? "").replace("Modelovereenkomst sluiten met ", "");
      expect(publisher).not.toBe("");
      const card = page
        .getByRole("listitem")
        .filter({ has: page.getByRole("heading", { name: publisher, exact: true }) });
      await expect(card.getByText("Nee", { exact: true })).toBeVisible();
      await expect(
        card.getByText(`Zonder verwerkersovereenkomst worden licenties van ${publisher} niet geleverd.`),
      ).toBeVisible();

      await form.getByRole("button", { name: /^Modelovereenkomst sluiten/ }).click();
      await expect(card.getByRole("status")).toHaveText(/De verwerkersovereenkomst is gesloten/);
      await expect(card.getByText("Ja", { exact: true })).toBeVisible();
      await expect(card.getByText("Model Verwerkersovereenkomst 4.0")).toBeVisible();
      await expect(page.getByRole("form", { name: `Modelovereenkomst sluiten met ${publisher}` })).toHaveCount(0);
      await expectNoHorizontalOverflow(page);

      // pupils without an ECK iD: only where the school allows it
      await expect(card.getByText("alleen ECK iD", { exact: true })).toBeVisible();
      await card.getByRole("button", { name: "Schoollokale pseudoniemen ook leveren" }).click();
      await expect(card.getByText("ECK iD en schoollokaal pseudoniem", { exact: true })).toBeVisible();
      await expect(card.getByRole("button", { name: "Schoollokale pseudoniemen niet meer leveren" })).toBeVisible();
      await expectNoHorizontalOverflow(page);

      // a reload shows the agreement from the database: no form for this publisher any more
      await page.goto("/school/verwerkersovereenkomsten");
      await expect(card.getByText("Ja", { exact: true })).toBeVisible();
      await expect(card.getByRole("definition").filter({ hasText: /^\d{1,2} \w+ \d{4}$/ })).toBeVisible();
    });
  });
}

test("the school's order page says which publisher's licences are not delivered, and links to the agreement", async ({
  page,
}) => {
  const orderId = schoolOrderWithLicences("12AB");
  await loginAs(page, "school@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto(`/school/bestellingen/${orderId}`);
  // a standing notice (role note), not a live status message
  const notice = page
    .getByRole("note")
    .filter({ hasText: /^Geen verwerkersovereenkomst met / })
    .first();
  await expect(notice).toContainText(": licenties worden niet geleverd.");
  const publisher = /^Geen verwerkersovereenkomst met (.+?): licenties/.exec((await notice.textContent()) ?? "")![1]!;

  await notice.getByRole("link", { name: "Verwerkersovereenkomst sluiten" }).click();
  await expect(page).toHaveURL(/\/school\/verwerkersovereenkomsten$/);
  await page
    .getByRole("form", { name: `Modelovereenkomst sluiten met ${publisher}` })
    .getByRole("button")
    .click();
  await expect(page.getByRole("status").filter({ hasText: "De verwerkersovereenkomst is gesloten" })).toBeVisible();

  await page.goto(`/school/bestellingen/${orderId}`);
  await expect(page.getByRole("note").filter({ hasText: `Geen verwerkersovereenkomst met ${publisher}:` })).toHaveCount(
    0,
  );
});

/** A school order of the school (by BRIN) in the e2e database that has licences. */
function schoolOrderWithLicences(brin: string): string {
  const db = new Database(e2eDatabaseFile(), { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT o.id FROM "Order" o JOIN "Organisation" s ON s.id = o.schoolId
         WHERE s.brin = ? AND o.kind = 'SCHOOL' AND EXISTS (SELECT 1 FROM "Licence" l WHERE l.orderId = o.id)
         ORDER BY o.number LIMIT 1`,
      )
      .get(brin) as { id: string } | undefined;
    if (!row) throw new Error(`no school order with licences for ${brin} in the e2e database`);
    return row.id;
  } finally {
    db.close();
  }
}
