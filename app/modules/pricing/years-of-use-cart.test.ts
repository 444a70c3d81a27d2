import { describe, expect, it } from "vitest";
import { Decimal } from "../money/decimal";
import { DEFAULT_VAT_RATES, ratesOn } from "../vat/vat-schedule";
import { compareOverYears, type UseSchedule, type YearsOfUseLine } from "./years-of-use";
import { cartScenarioOptions, cartScenariosOverYears } from "./years-of-use-cart";

const PRICES: Record<string, string> = { lic1: "30.00", leerboek: "40.00", werkboek: "15.00", lic4: "90.00" };
const line = (
  id: string,
  offerKey: string,
  supply: YearsOfUseLine["supply"],
  schedule: UseSchedule,
): YearsOfUseLine => ({ id, offerKey, supply, schedule, pupils: 10 });

describe("the cart's what-if over the years of use", () => {
  it("costs the cart as chosen, all print and all digital over 4 years and words each against the choice", () => {
    const lines = [
      {
        chosen: line("a", "lic1", "electronic", { kind: "licence", months: 12 }),
        printAlternative: line("a", "leerboek", "physical", { kind: "reusable", reuseYears: 4 }),
      },
      {
        chosen: line("b", "werkboek", "physical", { kind: "consumable" }),
        digitalAlternative: line("b", "lic4", "electronic", { kind: "licence", months: 48 }),
      },
    ];
    const compared = compareOverYears({
      options: cartScenarioOptions(lines),
      pricesIncludeVat: false,
      years: 4,
      replacementShare: new Decimal("0.1"),
      firstOrderDate: "2026-12-01",
      unitPriceFor: (key) => new Decimal(PRICES[key]!),
      contextOn: (date) => ({ rates: ratesOn(DEFAULT_VAT_RATES, date) }),
    });
    const scenarios = cartScenariosOverYears(compared);
    const figures = scenarios.map((s) => [
      s.key,
      s.totals.net.toFixed(2),
      s.totals.vat.toFixed(2),
      s.totals.gross.toFixed(2),
      s.sentence,
    ]);
    expect(figures).toEqual([
      // each year licence 10 × 30 = 300 (21%: 63) + workbook 10 × 15 = 150 (6%: 9)
      ["chosen", "1800.00", "288.00", "2088.00", "geen verschil met uw keuze"],
      // year 1 leerboek 10 × 40 = 400 (24) + 150 (9); years 2–4 one replacement 40 (2,40) + 150 (9)
      ["allPrint", "1120.00", "67.20", "1187.20", "€ 900,80 goedkoper, waarvan € 220,80 minder btw"],
      // year 1 licence 300 (63) + 4-year licence 10 × 90 = 900 (189); years 2–4 the licence alone
      ["allDigital", "2100.00", "441.00", "2541.00", "€ 453,00 duurder, waarvan € 153,00 meer btw"],
    ]);
  });
});
