import { describe, expect, it } from "vitest";
import { Decimal } from "../money/decimal";
import { DEFAULT_VAT_RATES, ratesOn } from "../vat/vat-schedule";
import { cartWhatIf, describeCartDifference } from "./cart-what-if";
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

describe("describeCartDifference: every sentence right in sign and in what the VAT part means", () => {
  // One title, chosen in one form, the scenario switches it to the other (school prices, excl. VAT).
  const sentence = (chosen: PricingLineInput, alternative: PricingLineInput, pricesIncludeVat = false) => {
    const result = cartWhatIf({ pricesIncludeVat, lines: [{ chosen, digitalAlternative: alternative }] }, ctx);
    return describeCartDifference(result.allDigital.difference);
  };

  it("dearer with more VAT: 'duurder, waarvan … meer btw'", () => {
    // print 20.00 + 6% 1.20 = 21.20; digital 25.00 + 21% 5.25 = 30.25; +9.05 of which VAT +4.05
    expect(sentence(l("a", "physical", "20.00"), l("a", "electronic", "25.00"))).toBe(
      "€ 9,05 duurder, waarvan € 4,05 meer btw",
    );
  });

  it("cheaper with less VAT: 'goedkoper, waarvan … minder btw'", () => {
    // digital 25.00 + 5.25 = 30.25; print 20.00 + 1.20 = 21.20; −9.05 of which VAT −4.05
    expect(sentence(l("a", "electronic", "25.00"), l("a", "physical", "20.00"))).toBe(
      "€ 9,05 goedkoper, waarvan € 4,05 minder btw",
    );
  });

  it("cheaper although more VAT (the issue's case): both parts named, never 'bespaart … waarvan btw'", () => {
    // print 30.00 + 1.80 = 31.80; digital 25.00 + 5.25 = 30.25; −1.55 = −5.00 net + 3.45 VAT
    expect(sentence(l("a", "physical", "30.00"), l("a", "electronic", "25.00"))).toBe(
      "€ 1,55 goedkoper: € 5,00 minder excl. btw, maar € 3,45 meer btw",
    );
  });

  it("dearer although less VAT", () => {
    // digital 25.00 + 5.25 = 30.25; print 30.00 + 1.80 = 31.80; +1.55 = +5.00 net − 3.45 VAT
    expect(sentence(l("a", "electronic", "25.00"), l("a", "physical", "30.00"))).toBe(
      "€ 1,55 duurder: € 5,00 meer excl. btw, maar € 3,45 minder btw",
    );
  });

  it("dearer only because of the VAT: the VAT exceeds the difference, so no 'waarvan'", () => {
    // print 30.00 + 1.80 = 31.80; digital 28.00 + 5.88 = 33.88; +2.08 = −2.00 net + 4.08 VAT
    expect(sentence(l("a", "physical", "30.00"), l("a", "electronic", "28.00"))).toBe(
      "€ 2,08 duurder: € 2,00 minder excl. btw, maar € 4,08 meer btw",
    );
  });

  it("cheaper only because of the VAT", () => {
    // digital 28.00 + 5.88 = 33.88; print 30.00 + 1.80 = 31.80; −2.08 = +2.00 net − 4.08 VAT
    expect(sentence(l("a", "electronic", "28.00"), l("a", "physical", "30.00"))).toBe(
      "€ 2,08 goedkoper: € 2,00 meer excl. btw, maar € 4,08 minder btw",
    );
  });

  it("the same price incl. VAT at another rate: 'even duur', both parts named", () => {
    // incl. VAT 21.20 both: print VAT 21.20 × 6/106 = 1.20, net 20.00; digital 21.20 × 21/121 = 3.679… → 3.68, net 17.52
    expect(sentence(l("a", "physical", "21.20"), l("a", "electronic", "21.20"), true)).toBe(
      "even duur: € 2,48 minder excl. btw, maar € 2,48 meer btw",
    );
  });

  it("a difference at the same rate is mostly net, with the VAT on it as part of it", () => {
    // digital 25.00 + 5.25 = 30.25; digital 20.00 + 4.20 = 24.20; −6.05 of which VAT −1.05
    expect(sentence(l("a", "electronic", "25.00"), l("a", "electronic", "20.00"))).toBe(
      "€ 6,05 goedkoper, waarvan € 1,05 minder btw",
    );
  });

  it("no difference, and a difference without any VAT difference", () => {
    expect(sentence(l("a", "electronic", "25.00"), l("a", "electronic", "25.00"))).toBe("geen verschil met uw keuze");
    expect(describeCartDifference({ gross: d("-12.00"), vatPart: d("0") })).toBe("€ 12,00 goedkoper, evenveel btw");
    expect(describeCartDifference({ gross: d("331.53"), vatPart: d("273.56") })).toBe(
      "€ 331,53 duurder, waarvan € 273,56 meer btw",
    );
    expect(describeCartDifference({ gross: d("1234.50"), vatPart: d("-2000.00") })).toBe(
      "€ 1.234,50 duurder: € 3.234,50 meer excl. btw, maar € 2.000,00 minder btw",
    );
  });
});
