import { describe, expect, it } from "vitest";
import { Decimal } from "../money/decimal";
import { DEFAULT_VAT_RATES, ratesOn } from "../vat/vat-schedule";
import { compareOffers, describeDifference } from "./compare-offers";
import { type PricingLineInput, priceDocument } from "./price-document";

const ctx = { rates: ratesOn(DEFAULT_VAT_RATES, "2026-09-01") };
const d = (text: string) => new Decimal(text);
const offer = (
  key: string,
  label: string,
  lineInput: Omit<PricingLineInput, "id" | "quantity">,
  pricesIncludeVat = false,
) => ({
  key,
  label,
  breakdown: priceDocument({ pricesIncludeVat, lines: [{ id: key, quantity: 28, ...lineInput }] }, ctx),
});

describe("compareOffers", () => {
  // 28 × 13.95 = 390.60 at 6% → VAT 23.436 → 23.44, gross 414.04
  // 28 × 14.70 = 411.60 at 21% → VAT 86.436 → 86.44, gross 498.04
  // 28 × 15.00 = 420.00 bundle 0.7/0.3 → 294.00 at 6% (17.64) + 126.00 at 21% (26.46), gross 464.10
  const rows = compareOffers([
    offer("digital", "Digitaal", { supply: "electronic", unitPrice: d("14.70") }),
    offer("print", "Print", { supply: "physical", unitPrice: d("13.95") }),
    offer("combi", "Combinatie", {
      supply: "bundle",
      unitPrice: d("15.00"),
      components: [
        { supply: "physical", share: d("0.7") },
        { supply: "electronic", share: d("0.3") },
      ],
    }),
  ]);
  const cheapest = rows.find((row) => row.isCheapest)!;

  it.each([
    ["digital", "411.60", "86.44", "498.04", "84.00", "21.00", "63.00", false],
    ["print", "390.60", "23.44", "414.04", "0.00", "0.00", "0.00", true],
    ["combi", "420.00", "44.10", "464.10", "50.06", "29.40", "20.66", false],
  ])(
    "%s: net %s vat %s gross %s, +%s gross of which net %s and VAT %s",
    (key, net, vat, gross, dGross, dNet, dVat, isCheapest) => {
      const row = rows.find((r) => r.key === key)!;
      expect(
        [row.net, row.vat, row.gross, row.differenceGross, row.differenceNet, row.vatPartOfDifference].map((x) =>
          x.toFixed(2),
        ),
      ).toEqual([net, vat, gross, dGross, dNet, dVat]);
      expect(row.isCheapest).toBe(isCheapest);
    },
  );

  it.each([
    ["digital", "Digitaal kost € 84,00 meer, waarvan € 63,00 meer btw"],
    ["combi", "Combinatie kost € 50,06 meer, waarvan € 20,66 meer btw"],
    ["print", "Dit is de goedkoopste keuze"],
  ])("describes %s as %j", (key, sentence) => {
    expect(
      describeDifference(
        rows.find((r) => r.key === key)!,
        cheapest,
      ),
    ).toBe(sentence);
  });

  it("calls the VAT part plain VAT when both options carry the same rate", () => {
    const same = compareOffers([
      offer("a", "Werkboek A", { supply: "physical", unitPrice: d("10.00") }),
      offer("b", "Werkboek B", { supply: "physical", unitPrice: d("11.00") }),
    ]);
    // 28.00 more net, 1.68 more VAT at 6%
    expect(describeDifference(same[1], same[0])).toBe("Werkboek B kost € 29,68 meer, waarvan € 1,68 meer btw");
  });

  it("names both halves when the VAT part is larger than the difference (issue 14 §1)", () => {
    const rows = compareOffers([
      offer("print", "Boek", { supply: "physical", unitPrice: d("10.00") }),
      offer("digital", "Licentie", { supply: "electronic", unitPrice: d("9.00") }),
    ]);
    // × 28: print 280.00 + 6% 16.80 = 296.80; licence 252.00 + 21% 52.92 = 304.92.
    // Difference 8.12 incl. VAT: 28.00 less excl. VAT, but 36.12 more VAT.
    expect(describeDifference(rows[1]!, rows[0]!)).toBe(
      "Licentie kost € 8,12 meer: € 28,00 minder excl. btw, maar € 36,12 meer btw",
    );
  });

  it("marks every option with the lowest gross as cheapest and returns nothing for no options", () => {
    const tied = compareOffers([
      offer("a", "A", { supply: "physical", unitPrice: d("10.00") }),
      offer("b", "B", { supply: "physical", unitPrice: d("10.00") }),
    ]);
    expect(tied.map((r) => r.isCheapest)).toEqual([true, true]);
    expect(describeDifference(tied[1], tied[0])).toBe("Dit is de goedkoopste keuze");
    expect(compareOffers([])).toEqual([]);
  });
});
