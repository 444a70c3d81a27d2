import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { expectNoHorizontalOverflow, loginAs, PHONE } from "./support";

/** "€ 1.021,39" / "€ -57,42" → integer cents, read by the test itself. */
function cents(display: string): number {
  const m = /^€\s?(-?)([\d.]+),(\d{2})$/.exec(display.replace(/\u00a0/g, " ").trim());
  if (!m) throw new Error(`not an amount: ${display}`);
  return (m[1] ? -1 : 1) * (Number(m[2]!.replace(/\./g, "")) * 100 + Number(m[3]));
}

/** round(base × (21 − 6) / 100) half up, on integers: the gap of a base at 21% against 6%. */
const gapOf = (baseCents: number) => Math.sign(baseCents) * Math.floor((Math.abs(baseCents) * 15 + 50) / 100);

test("operator finance opens the VAT gap report for a quarter, reads chart and tables, and downloads the CSV", async ({
  page,
}) => {
  await loginAs(page, "financien@leerwinkel.test");
  await page.getByRole("navigation").getByRole("link", { name: "Btw-verschil" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Btw-verschil papier/digitaal" })).toBeVisible();

  await page.getByLabel("Periode", { exact: true }).fill("2026-K3");
  await page.getByRole("button", { name: "Toon overzicht" }).click();
  await expect(page).toHaveURL(/period=2026-K3/);
  // The address changes before the new report is on the page (until then it shows the current quarter).
  await expect(page.getByText(/^2026-K3: .* t\/m /)).toBeVisible();

  // The totals: the gap is the electronic base × (21 − 6) / 100, and paid − gap is the 6% VAT.
  const base = cents((await page.getByTestId("gap-base").textContent())!);
  const paid = cents((await page.getByTestId("gap-paid").textContent())!);
  const reduced = cents((await page.getByTestId("gap-reduced").textContent())!);
  const gap = cents((await page.getByTestId("gap-total").textContent())!);
  expect(base).toBeGreaterThan(0);
  expect(gap).toBe(gapOf(base));
  expect(reduced).toBe(paid - gap);

  // The chart: an accessible SVG with its figures as a table (three months and the total).
  const chart = page.getByTestId("gap-chart");
  await expect(chart.getByRole("img", { name: "Btw-verschil per maand, 2026-K3" })).toBeVisible();
  await chart.getByText("Cijfers als tabel").click();
  const chartRows = chart.locator("tbody tr");
  await expect(chartRows).toHaveCount(3);
  await expect(chartRows.nth(0).getByRole("rowheader")).toHaveText("juli 2026");
  await expect(chart.locator("tfoot td").last()).toHaveText((await page.getByTestId("gap-total").textContent())!);

  // The month table adds up to the total.
  const months = page.getByRole("table", { name: "Per maand" });
  const monthGaps = await months.locator("tbody td:nth-of-type(4)").allTextContents();
  expect(monthGaps).toHaveLength(3);
  expect(monthGaps.map(cents).reduce((s, c) => s + c, 0)).toBe(gap);
  await expect(page.getByRole("table", { name: "Per vak en uitgever" }).locator("tbody tr").first()).toBeVisible();

  // The CSV: one row per electronic part, and the total row with the page's figures.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV downloaden" }).click();
  const csv = await download;
  expect(csv.suggestedFilename()).toBe("btw-verschil_2026-K3.csv");
  const text = readFileSync((await csv.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).trimEnd().split("\r\n");
  expect(lines[0]).toContain("Grondslag;Btw betaald;Btw tegen verlaagd tarief;Verschil");
  expect(lines.length).toBeGreaterThan(2);
  const total = lines.at(-1)!.split(";");
  expect(total[0]).toBe("Totaal");
  const machine = (c: number) =>
    `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;
  expect(total.slice(9)).toEqual([machine(base), machine(paid), machine(reduced), machine(gap)]);

  // A scenario, picked in the same GET form: licences at the reduced rate cost less VAT than was paid.
  await page
    .getByLabel("Wat als", { exact: true })
    .selectOption({ label: "Digitaal leermateriaal ook verlaagd tarief" });
  await page.getByRole("button", { name: "Toon overzicht" }).click();
  await expect(page).toHaveURL(/scenario=digitaal-verlaagd/);
  await expect(
    page.getByRole("heading", { name: "Wat als: Digitaal leermateriaal ook verlaagd tarief" }),
  ).toBeVisible();
  expect(cents((await page.getByTestId("scenario-difference").textContent())!)).toBeLessThan(0);
  // the form shows the query it answers, also when the page is loaded afresh
  await page.reload();
  await expect(page.getByLabel("Wat als", { exact: true })).toHaveValue("digitaal-verlaagd");
  await expect(page.getByLabel("Periode", { exact: true })).toHaveValue("2026-K3");
});

test("a wrong period is a message on the field, and the report fits a 375 px phone", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await loginAs(page, "administratie@leerwinkel.test");
  await expect(page.getByRole("heading", { level: 1, name: "Facturen" })).toBeVisible();
  await page.goto("/financien/btw-verschil?period=2026-K9");
  await expect(page.getByText("Kies een maand (2026-07) of een kwartaal (2026-K3).").first()).toBeVisible();
  await expect(page.getByTestId("gap-total")).toHaveCount(0);
  await page.goto("/financien/btw-verschil?period=2026-K3");
  await expect(page.getByTestId("gap-chart").getByRole("img")).toBeVisible();
  await expectNoHorizontalOverflow(page);
});
