import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "~/modules/money/decimal";
import { DEFAULT_VAT_RATES, ratesOn } from "~/modules/vat/vat-schedule";
import type { Breakdown } from "~/modules/pricing";
import {
  combinedQuantities,
  offerStandings,
  savingWording,
  schoolShares,
  totalSaving,
  type RoundOffer,
  type SchoolQuantities,
} from "./bundle-round";
import { shippingFor } from "./shipping";

const context = { rates: ratesOn(DEFAULT_VAT_RATES, "2026-09-01") };
const schoolShipping = (b: Breakdown) => shippingFor("SCHOOL", b);

// print: base 20.00, from 25 19.00, from 100 18.00 (6%); digital: base 10.00, from 25 9.50 (21%)
const print: RoundOffer = {
  offerId: "P",
  line: { supply: "physical", description: "Werkboek" },
  unitPriceE4: 200_000,
  tiers: [
    { minQuantity: 100, unitPriceE4: 180_000 },
    { minQuantity: 25, unitPriceE4: 190_000 },
  ],
};
const digital: RoundOffer = {
  offerId: "D",
  line: { supply: "electronic", description: "Licentie" },
  unitPriceE4: 100_000,
  tiers: [{ minQuantity: 25, unitPriceE4: 95_000 }],
};
const schoolA: SchoolQuantities = {
  schoolId: "A",
  lines: [
    { offerId: "P", classGroup: "H1A", quantity: 12 },
    { offerId: "P", classGroup: "H1B", quantity: 8 },
    { offerId: "D", classGroup: "", quantity: 10 },
  ],
};
const schoolB: SchoolQuantities = {
  schoolId: "B",
  lines: [
    { offerId: "P", classGroup: "", quantity: 10 },
    { offerId: "D", classGroup: "", quantity: 5 },
  ],
};
const figures = (x: { net: Decimal; vat: Decimal; gross: Decimal }) => [x.net, x.vat, x.gross].map((d) => d.toFixed(2));
const plain = (text: string) => text.replace(/\u00a0/g, " ");

describe("the tier on the combined quantity", () => {
  it("sums every school's class groups per offer and finds the tier and the next one", () => {
    const combined = combinedQuantities([schoolA, schoolB]);
    expect(Object.fromEntries(combined)).toEqual({ P: 30, D: 15 });
    expect(offerStandings([print, digital], combined)).toEqual([
      {
        offerId: "P",
        combinedQuantity: 30,
        tierMinQuantity: 25,
        unitPriceE4: 190_000,
        next: { minQuantity: 100, unitPriceE4: 180_000, missing: 70 },
      },
      {
        offerId: "D",
        combinedQuantity: 15,
        tierMinQuantity: null,
        unitPriceE4: 100_000,
        next: { minQuantity: 25, unitPriceE4: 95_000, missing: 10 },
      },
    ]);
  });

  it.each([
    [24, null, 200_000],
    [25, 25, 190_000],
    [99, 25, 190_000],
    [100, 100, 180_000],
    [0, null, 200_000],
  ])("%i copies: tier %s, unit price %i", (quantity, tier, price) => {
    const [standing] = offerStandings([print], new Map([["P", quantity]]));
    expect([standing!.tierMinQuantity, standing!.unitPriceE4]).toEqual([tier, price]);
    expect(standing!.next === null).toBe(quantity >= 100);
  });
});

describe("each school's share at the round's tier against ordering alone", () => {
  it("prices exclusive of VAT, per document, to the cent", () => {
    const shares = schoolShares({
      offers: [print, digital],
      schools: [schoolA, schoolB],
      context,
      pricesIncludeVat: false,
      shipping: schoolShipping,
    });
    const [a, b] = shares;
    // A at the round (print 30 → 19.00, digital 15 → 10.00): print 12 × 19 = 228.00 and 8 × 19 = 152.00,
    //   digital 10 × 10 = 100.00; 6% 380.00 → VAT 22.80, 21% 100.00 → 21.00; 380 of print ≥ 150: no shipping
    expect(a!.atRound.lines.map((l) => l.amount.toFixed(2))).toEqual(["228.00", "152.00", "100.00"]);
    expect(figures(a!.atRound.totals)).toEqual(["480.00", "43.80", "523.80"]);
    // A alone (print 20 → 20.00): 240 + 160 = 400 → 24.00; digital 100 → 21.00
    expect(figures(a!.alone.totals)).toEqual(["500.00", "45.00", "545.00"]);
    expect(figures(a!.saving)).toEqual(["20.00", "1.20", "21.20"]);
    // B at the round: 10 × 19 = 190 → 11.40; 5 × 10 = 50 → 10.50. Alone: 200 → 12.00; 50 → 10.50
    expect(figures(b!.atRound.totals)).toEqual(["240.00", "21.90", "261.90"]);
    expect(figures(b!.alone.totals)).toEqual(["250.00", "22.50", "272.50"]);
    expect(figures(b!.saving)).toEqual(["10.00", "0.60", "10.60"]);
    expect(figures(totalSaving(shares))).toEqual(["30.00", "1.80", "31.80"]);
    expect(plain(savingWording(a!.saving))).toBe("€ 21,20 goedkoper dan alleen bestellen, waarvan € 1,20 minder btw");
  });

  it("prices inclusive of VAT the Dutch way (VAT out of the gross per rate)", () => {
    const [a] = schoolShares({
      offers: [print, digital],
      schools: [schoolA, schoolB],
      context,
      pricesIncludeVat: true,
    });
    // at the round: 6% G 380.00 → VAT round(380 × 6 / 106 = 21.509…) = 21.51; 21% G 100.00 → 17.355… = 17.36
    expect(figures(a!.atRound.totals)).toEqual(["441.13", "38.87", "480.00"]);
    // alone: 6% G 400.00 → 22.641… = 22.64; 21% 100.00 → 17.36
    expect(figures(a!.alone.totals)).toEqual(["460.00", "40.00", "500.00"]);
    expect(figures(a!.saving)).toEqual(["18.87", "1.13", "20.00"]);
  });

  it("keeps each order's own shipping: a small school pays it alone and at the round", () => {
    const schoolC: SchoolQuantities = { schoolId: "C", lines: [{ offerId: "P", classGroup: "", quantity: 7 }] };
    const shares = schoolShares({
      offers: [print, digital],
      schools: [schoolA, schoolB, schoolC],
      context,
      pricesIncludeVat: false,
      shipping: schoolShipping,
    });
    const c = shares.find((s) => s.schoolId === "C")!;
    // round: print 37 → 19.00: 7 × 19 = 133.00 + shipping 7.95 (below 150) = 140.95 at 6% → VAT 8.457 → 8.46
    expect(figures(c.atRound.totals)).toEqual(["140.95", "8.46", "149.41"]);
    // alone: 7 × 20 = 140.00 + 7.95 = 147.95 → VAT 8.877 → 8.88
    expect(figures(c.alone.totals)).toEqual(["147.95", "8.88", "156.83"]);
    expect(c.atRound.charges).toHaveLength(1);
  });

  it("leaves out schools without quantities and words an equal price", () => {
    const shares = schoolShares({
      offers: [print],
      schools: [
        { schoolId: "X", lines: [] },
        { schoolId: "Y", lines: [{ offerId: "P", classGroup: "", quantity: 3 }] },
      ],
      context,
      pricesIncludeVat: false,
    });
    expect(shares.map((s) => s.schoolId)).toEqual(["Y"]);
    expect(savingWording(shares[0]!.saving)).toBe("even duur als alleen bestellen");
  });
});

describe("properties", () => {
  // tiers that get cheaper as the quantity grows, as price lists have them
  const offerArb = fc
    .record({
      base: fc.integer({ min: 1, max: 2_000_000 }),
      cuts: fc.array(fc.tuple(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 0, max: 50_000 })), {
        maxLength: 3,
      }),
      supply: fc.constantFrom("physical" as const, "electronic" as const, "goods" as const),
    })
    .map(({ base, cuts, supply }) => {
      const mins = [...new Set(cuts.map(([m]) => m))].sort((x, y) => x - y);
      let price = base;
      const tiers = mins.map((minQuantity, i) => {
        price = Math.max(0, price - cuts[i]![1]);
        return { minQuantity, unitPriceE4: price };
      });
      return { line: { supply }, unitPriceE4: base, tiers };
    });

  it("no school pays more for its goods at the round than alone, and the round's tier is at least each school's own", () => {
    fc.assert(
      fc.property(
        fc.array(offerArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 150 }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        (rawOffers, quantities, pricesIncludeVat) => {
          const offers: RoundOffer[] = rawOffers.map((o, i) => ({ ...o, offerId: `O${i}` }));
          const schools: SchoolQuantities[] = quantities.map((row, s) => ({
            schoolId: `S${s}`,
            lines: offers
              .map((o, i) => ({ offerId: o.offerId, classGroup: "", quantity: row[i]! }))
              .filter((l) => l.quantity > 0),
          }));
          const shares = schoolShares({ offers, schools, context, pricesIncludeVat });
          const combined = combinedQuantities(schools);
          for (const share of shares) {
            expect(share.atRound.totals.gross.lte(share.alone.totals.gross)).toBe(true);
            // the saving is exactly the difference of two documents that each add up
            expect(share.saving.gross.equals(share.saving.net.plus(share.saving.vat))).toBe(true);
          }
          const standings = offerStandings(offers, combined);
          for (const school of schools) {
            const own = offerStandings(offers, combinedQuantities([school]));
            own.forEach((s, i) =>
              expect(standings[i]!.tierMinQuantity ?? 0).toBeGreaterThanOrEqual(s.tierMinQuantity ?? 0),
            );
          }
          const sum = [...combined.values()].reduce((x, y) => x + y, 0);
          expect(sum).toBe(quantities.flatMap((row) => row.slice(0, offers.length)).reduce((x, y) => x + y, 0));
          expect(
            totalSaving(shares).gross.equals(shares.reduce((x, s) => x.plus(s.saving.gross), new Decimal(0))),
          ).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
