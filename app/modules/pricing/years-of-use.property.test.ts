import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal, ZERO } from "../money/decimal";
import { ratesOn, type VatRateRow } from "../vat/vat-schedule";
import { compareOffers, describeDifference } from "./compare-offers";
import { priceDocument } from "./price-document";
import { compareOverYears, type UseSchedule, type YearsOfUseInput, type YearsOfUseOption } from "./years-of-use";

const RUNS = 100;
const sum = (values: Decimal[]) => values.reduce((acc, v) => acc.plus(v), ZERO);

/** A rate schedule, sometimes with a reduced-rate change inside the period. */
const rowsArb = fc.record({ changeYear: fc.integer({ min: 2026, max: 2034 }), change: fc.boolean() }).map(
  ({ changeYear, change }): VatRateRow[] =>
    [
      ...(change
        ? [
            { category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: `${changeYear - 1}-12-31` },
            { category: "reduced", percent: "9", validFrom: `${changeYear}-01-01`, validTo: null },
          ]
        : [{ category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: null }]),
      { category: "standard", percent: "21", validFrom: "2000-01-01", validTo: null },
    ] as VatRateRow[],
);

const scheduleArb: fc.Arbitrary<UseSchedule> = fc.oneof(
  fc.integer({ min: 1, max: 8 }).map((reuseYears): UseSchedule => ({ kind: "reusable", reuseYears })),
  fc.constantFrom(6, 12, 18, 24, 48).map((months): UseSchedule => ({ kind: "licence", months })),
  fc.constant<UseSchedule>({ kind: "consumable" }),
);

/**
 * An offer with a base price and a tier from 25 at most 4% lower, so that 25 never cost less than
 * 24 (the demo's tiers: 3%); the property "more pupils never cheaper" needs that.
 */
const offerArb = fc.record({
  supply: fc.constantFrom("physical", "electronic", "goods") as fc.Arbitrary<"physical" | "electronic" | "goods">,
  baseE4: fc.integer({ min: 1, max: 2_000_000 }),
  tierOffPercent: fc.integer({ min: 0, max: 4 }),
  schedule: scheduleArb,
});

const caseArb = fc.record({
  offers: fc.array(offerArb, { minLength: 1, maxLength: 4 }),
  pupils: fc.integer({ min: 1, max: 400 }),
  years: fc.integer({ min: 1, max: 12 }),
  shareBp: fc.integer({ min: 0, max: 10_000 }),
  pricesIncludeVat: fc.boolean(),
  rows: rowsArb,
  firstOrderDate: fc.constantFrom("2026-12-01", "2027-08-01", "2028-02-29"),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function unitPrice(c: Case, key: string, quantity: number): Decimal {
  const offer = c.offers[Number(key)]!;
  const base = new Decimal(offer.baseE4).div(10_000);
  if (quantity < 25) return base;
  const tierE4 = offer.baseE4 - Math.floor((offer.baseE4 * offer.tierOffPercent) / 100);
  return new Decimal(tierE4).div(10_000);
}

function inputOf(c: Case, over: Partial<YearsOfUseInput> = {}): YearsOfUseInput {
  const options: YearsOfUseOption[] = c.offers.map((o, i) => ({
    key: String(i),
    label: `Keuze ${i}`,
    lines: [{ id: `l${i}`, offerKey: String(i), supply: o.supply, schedule: o.schedule, pupils: c.pupils }],
  }));
  return {
    options,
    pricesIncludeVat: c.pricesIncludeVat,
    years: c.years,
    replacementShare: new Decimal(c.shareBp).div(10_000),
    firstOrderDate: c.firstOrderDate,
    unitPriceFor: (key, quantity) => unitPrice(c, key, quantity),
    contextOn: (date) => ({ rates: ratesOn(c.rows, date) }),
    pupils: c.pupils,
    ...over,
  };
}

describe("compareOverYears (properties)", () => {
  it("totals are the sums of the school years' documents, to the cent, and net + VAT = gross", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const o of compareOverYears(inputOf(c)).options) {
          expect(o.years).toHaveLength(c.years);
          for (const key of ["net", "vat", "gross"] as const) {
            expect(o.totals[key].eq(sum(o.years.map((y) => y[key])))).toBe(true);
            expect(o.years.at(-1)!.cumulative[key].eq(o.totals[key])).toBe(true);
          }
          for (const y of o.years) {
            expect(y.net.plus(y.vat).eq(y.gross)).toBe(true);
            if (y.breakdown) expect(y.gross.eq(y.breakdown.totals.gross)).toBe(true);
          }
          expect(sum(o.vatPerRate.map((r) => r.vat)).eq(o.totals.vat)).toBe(true);
          expect(sum(o.vatPerRate.map((r) => r.taxable)).eq(o.totals.net)).toBe(true);
          expect(o.differenceGross.minus(o.differenceNet).eq(o.vatPartOfDifference)).toBe(true);
          const p = o.perPupilPerYear!;
          expect(p.net.plus(p.vat).eq(p.gross)).toBe(true);
          expect(p.gross.decimalPlaces()).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("with one year and no replacements it is exactly the one-order comparison (compareOffers)", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const one = { ...c, years: 1, shareBp: 0 };
        const overYears = compareOverYears(inputOf(one)).options;
        const ctx = { rates: ratesOn(c.rows, c.firstOrderDate) };
        const rows = compareOffers(
          c.offers.map((o, i) => {
            const quantity =
              o.schedule.kind === "licence" && o.schedule.months < 12
                ? c.pupils * Math.ceil(12 / o.schedule.months)
                : c.pupils;
            return {
              key: String(i),
              label: `Keuze ${i}`,
              breakdown: priceDocument(
                {
                  pricesIncludeVat: c.pricesIncludeVat,
                  lines: [{ id: `l${i}`, supply: o.supply, unitPrice: unitPrice(c, String(i), quantity), quantity }],
                },
                ctx,
              ),
            };
          }),
        );
        const cheapest = rows.find((r) => r.isCheapest)!;
        rows.forEach((row, i) => {
          const o = overYears[i]!;
          expect([o.totals.net, o.totals.vat, o.totals.gross].map((x) => x.toFixed(2))).toEqual(
            [row.net, row.vat, row.gross].map((x) => x.toFixed(2)),
          );
          expect(o.differenceGross.eq(row.differenceGross)).toBe(true);
          expect(o.differenceNet.eq(row.differenceNet)).toBe(true);
          expect(o.vatPartOfDifference.eq(row.vatPartOfDifference)).toBe(true);
          expect(o.isCheapest).toBe(row.isCheapest);
          expect(o.sentence).toBe(describeDifference(row, cheapest));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("more pupils never cost less in total", () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 50 }), (c, more) => {
        const fewer = compareOverYears(inputOf(c)).options;
        const bigger = { ...c, pupils: c.pupils + more };
        const larger = compareOverYears(inputOf(bigger)).options;
        fewer.forEach((o, i) => expect(o.totals.gross.lte(larger[i]!.totals.gross)).toBe(true));
      }),
      { numRuns: RUNS },
    );
  });

  it("a longer period never costs less, and its first years cost what the shorter period costs", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        fc.pre(c.years < 12);
        const shorter = compareOverYears(inputOf(c)).options;
        const longer = compareOverYears(inputOf({ ...c, years: c.years + 1 })).options;
        shorter.forEach((o, i) => {
          expect(o.totals.gross.eq(longer[i]!.years[c.years - 1]!.cumulative.gross)).toBe(true);
          expect(o.totals.gross.lte(longer[i]!.totals.gross)).toBe(true);
        });
      }),
      { numRuns: RUNS },
    );
  });
});
