import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { loginAs } from "./support";

/** "€ 1.021,39" / "€ -57,42" → "1021.39" / "-57.42" (the CSV's machine format). */
function machineAmount(display: string): string {
  return display
    .replace(/[€\s.]/g, "")
    .replace("\u00a0", "")
    .replace(",", ".");
}

test("operator finance filters a quarter and downloads its CSV and an invoice PDF", async ({ page }) => {
  await loginAs(page, "financien@leerwinkel.test");
  await expect(page.getByRole("heading", { level: 1, name: "Facturen" })).toBeVisible();

  await page.getByLabel("Kwartaal").selectOption("2026-K3");
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page).toHaveURL(/quarter=2026-K3/);

  const table = page.getByRole("table");
  const rows = table.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(2);
  // every document on the page lies in the third quarter
  const dates = await rows.locator("td:nth-of-type(2)").allTextContents();
  for (const date of dates) expect(date >= "2026-07-01" && date <= "2026-09-30", date).toBe(true);
  await expect(table.getByText("Creditnota", { exact: true }).first()).toBeVisible();

  const firstNumber = (await rows.first().getByRole("rowheader").textContent())!.trim();
  const firstGross = (await rows.first().locator("td.num").nth(2).textContent())!.trim();

  // The CSV of the same selection: BOM, header with both rates, one row per document.
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV downloaden" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toBe("facturen_2026-07-01_2026-09-30.csv");
  const text = readFileSync((await csv.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...lines] = text.slice(1).trimEnd().split("\r\n");
  expect(header).toContain("Grondslag 6%;Btw 6%;Grondslag 21%;Btw 21%");
  expect(lines).toHaveLength(count); // fewer than a page of documents in the quarter
  const row = lines.find((l) => l.startsWith(`${firstNumber};`));
  expect(row, `CSV row for ${firstNumber}`).toBeTruthy();
  expect(row!.split(";").at(-1)).toBe(machineAmount(firstGross));

  // The PDF of the first document.
  const pdfDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: `PDF van ${firstNumber}` }).click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toMatch(new RegExp(`^(Factuur|Creditnota)-${firstNumber}\\.pdf$`));
  expect(
    readFileSync((await pdf.path())!)
      .subarray(0, 5)
      .toString("latin1"),
  ).toBe("%PDF-");
});

test("operator finance marks an open invoice on account as paid", async ({ page }) => {
  await loginAs(page, "financien@leerwinkel.test");
  await page.getByLabel("Status").selectOption("open");
  await page.getByRole("button", { name: "Filteren" }).click();
  await expect(page).toHaveURL(/status=open/);
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const before = await rows.count();
  const number = (await rows.first().getByRole("rowheader").textContent())!.trim();
  await rows
    .first()
    .getByLabel(/Betaald op/)
    .fill("2026-11-27");
  await rows
    .first()
    .getByRole("button", { name: `Markeer als betaald ${number}` })
    .click();
  await expect(page.getByRole("status")).toHaveText(`Factuur ${number} is als betaald gemarkeerd.`);
  await expect(page.getByRole("table").getByRole("rowheader", { name: number, exact: true })).toHaveCount(0);
  await expect(rows).toHaveCount(before - 1);
});
