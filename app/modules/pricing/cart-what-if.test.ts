import { describe, expect, it } from "vitest";
import { Decimal } from "../money/decimal";
import { DEFAULT_VAT_RATES, ratesOn } from "../vat/vat-schedule";
import { cartWhatIf } from "./cart-what-if";
import type { PricingLineInput } from "./price-document";

const ctx = { rates: ratesOn(DEFAULT_VAT_RATES, "2026-09-01") };
const d = (text: string) => new Decimal(text);
const l = (id: string, supply: PricingLineInput["supply"], unitPrice: string, quantity = 1): PricingLineInput => ({
  id,
  supply,
  unitPrice: d(unitPrice),
  quantity,
});

describe("cartWhatIf", () => {
  const lines = [
    // chosen digital; print exists
    { chosen: l("wisk", "electronic", "20.00"), printAlternative: l("wisk", "physical", "18.00") },
    // chosen print; digital exists
    { chosen: l("eng", "physical", "30.00"), digitalAlternative: l("eng", "electronic", "25.00") },
    // only one form
    { chosen: l("atlas", "physical", "50.00") },
  ];

  it.each([false, true])("prices as chosen, all print and all digital (pricesIncludeVat %s)", (pricesIncludeVat) => {
    const result = cartWhatIf({ pricesIncludeVat, lines, shipping: d("4.95") }, ctx);
    const figures = (key: "chosen" | "allPrint" | "allDigital") => {
      const { totals } = result[key].breakdown;
      const diff = result[key].difference;
      return [totals.net, totals.vat, totals.gross, diff.net, diff.vat, diff.gross, diff.vatPart].map((x) =>
        x.toFixed(2),
      );
    };
    if (!pricesIncludeVat) {
      // chosen: 6% 30 + 50 + 4.95 = 84.95 → VAT 5.097 → 5.10; 21% 20.00 → 4.20
      expect(figures("chosen")).toEqual(["104.95", "9.30", "114.25", "0.00", "0.00", "0.00", "0.00"]);
      // all print: 6% 18 + 30 + 50 + 4.95 = 102.95 → VAT 6.177 → 6.18
      expect(figures("allPrint")).toEqual(["102.95", "6.18", "109.13", "-2.00", "-3.12", "-5.12", "-3.12"]);
      // all digital: 6% 50 + 4.95 = 54.95 → 3.297 → 3.30; 21% 20 + 25 = 45 → 9.45
      expect(figures("allDigital")).toEqual(["99.95", "12.75", "112.70", "-5.00", "3.45", "-1.55", "3.45"]);
    } else {
      // chosen: 6% G 84.95 → 84.95 × 6/106 = 4.808… → 4.81; 21% G 20.00 → 3.471… → 3.47
      expect(figures("chosen")).toEqual(["96.67", "8.28", "104.95", "0.00", "0.00", "0.00", "0.00"]);
      // all print: 6% G 102.95 → 5.827… → 5.83
      expect(figures("allPrint")).toEqual(["97.12", "5.83", "102.95", "0.45", "-2.45", "-2.00", "-2.45"]);
      // all digital: 6% G 54.95 → 3.110… → 3.11; 21% G 45.00 → 7.809… → 7.81
      expect(figures("allDigital")).toEqual(["89.03", "10.92", "99.95", "-7.64", "2.64", "-5.00", "2.64"]);
    }
    expect(result.allDigital.label).toBe("Alles digitaal waar mogelijk");
  });

  it("drops shipping in a scenario that ships nothing instead of refusing it", () => {
    const result = cartWhatIf(
      {
        pricesIncludeVat: false,
        lines: [{ chosen: l("eng", "physical", "30.00"), digitalAlternative: l("eng", "electronic", "25.00") }],
        shipping: d("4.95"),
      },
      ctx,
    );
    expect(result.chosen.breakdown.charges).toHaveLength(1);
    expect(result.allDigital.breakdown.charges).toHaveLength(0);
  });

  it("asks shippingFor for each scenario's charge, from that scenario priced without shipping", () => {
    const seen: string[] = [];
    // A flat 4.95 below 40.00 of physical parts, nothing from 40.00 on or when nothing ships.
    const shippingFor = (withoutShipping: {
      lines: { parts: { supply: string; amount: Decimal }[] }[];
      charges: unknown[];
    }) => {
      expect(withoutShipping.charges).toHaveLength(0);
      let physical = new Decimal(0);
      for (const line of withoutShipping.lines)
        for (const part of line.parts) if (part.supply === "physical") physical = physical.plus(part.amount);
      seen.push(physical.toFixed(2));
      return physical.isZero() || physical.gte(40) ? undefined : d("4.95");
    };
    const result = cartWhatIf(
      {
        pricesIncludeVat: false,
        lines: [
          { chosen: l("eng", "physical", "30.00"), digitalAlternative: l("eng", "electronic", "25.00") },
          { chosen: l("wisk", "electronic", "20.00"), printAlternative: l("wisk", "physical", "18.00") },
        ],
        shippingFor,
      },
      ctx,
    );
    // chosen 30.00 physical (< 40: 4.95), all print 30.00 + 18.00 = 48.00 (free), all digital nothing physical
    expect(seen).toEqual(["30.00", "48.00", "0.00"]);
    expect(result.chosen.breakdown.charges.map((c) => c.amount.toFixed(2))).toEqual(["4.95"]);
    expect(result.allPrint.breakdown.charges).toHaveLength(0);
    expect(result.allDigital.breakdown.charges).toHaveLength(0);
    // chosen: 6% 30.00 + 4.95 = 34.95 → VAT 2.097 → 2.10; 21% 20.00 → 4.20; gross 34.95 + 2.10 + 20.00 + 4.20 = 61.25
    expect(result.chosen.breakdown.totals.gross.toFixed(2)).toBe("61.25");
    // all print: 6% 48.00 → 2.88; gross 50.88; difference 50.88 − 61.25 = −10.37
    expect(result.allPrint.difference.gross.toFixed(2)).toBe("-10.37");
    // all digital: 21% 45.00 → 9.45; gross 54.45; difference −6.80, of which VAT 9.45 − 6.30 = 3.15
    expect(result.allDigital.difference.gross.toFixed(2)).toBe("-6.80");
    expect(result.allDigital.difference.vatPart.toFixed(2)).toBe("3.15");
  });
});
