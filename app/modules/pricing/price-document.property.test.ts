import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal, ZERO } from "../money/decimal";
import type { ComponentSupply, VatCategory } from "../vat/supply";
import {
  type Breakdown,
  type PricingContext,
  type PricingInput,
  type PricingLineInput,
  priceDocument,
} from "./price-document";

const RUNS = 150;
const sum = (values: Decimal[]) => values.reduce((acc, v) => acc.plus(v), ZERO);
const fromScaled = (value: bigint | number, scale: number) => new Decimal(value.toString()).div(10 ** scale);

const rateArb = fc.constantFrom("0", "5.5", "6", "9", "21");
const ctxArb = fc.tuple(rateArb, fc.constantFrom("21", "19")).map(([reduced, standard]): PricingContext => ({
  rates: new Map<VatCategory, Decimal>([
    ["reduced", new Decimal(reduced)],
    ["standard", new Decimal(standard)],
  ]),
}));

/** Bundle shares in ten-thousandths that sum to exactly 1. */
const sharesArb = fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 3 }).map((raw) => {
  const total = raw.reduce((a, b) => a + b, 0) || 1;
  const scaled = raw.map((r) => Math.floor((r * 10_000) / total));
  scaled[0] += 10_000 - scaled.reduce((a, b) => a + b, 0);
  return scaled.map((s) => fromScaled(s, 4));
});
const componentSupplyArb = fc.constantFrom<ComponentSupply>("physical", "electronic", "goods");

const lineArb = fc.record({
  supply: fc.constantFrom("physical", "electronic", "goods", "bundle") as fc.Arbitrary<PricingLineInput["supply"]>,
  priceE4: fc.integer({ min: 0, max: 5_000_000 }),
  quantity: fc.integer({ min: 1, max: 500 }),
  shares: sharesArb,
  componentSupplies: fc.array(componentSupplyArb, { minLength: 3, maxLength: 3 }),
});

const documentArb = fc
  .record({
    pricesIncludeVat: fc.boolean(),
    lines: fc.array(lineArb, { minLength: 1, maxLength: 25 }),
    discountE2: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
    shippingCents: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
  })
  .map((raw): PricingInput => {
    const lines = raw.lines.map((l, i): PricingLineInput => {
      const result: PricingLineInput = {
        id: `L${i}`,
        supply: l.supply,
        unitPrice: fromScaled(l.priceE4, 4),
        quantity: l.quantity,
      };
      if (l.supply === "bundle") {
        result.components = l.shares.map((share, c) => ({ supply: l.componentSupplies[c], share }));
      }
      return result;
    });
    const ships = lines.some(
      (l) =>
        l.supply === "physical" || l.supply === "goods" || (l.components ?? []).some((c) => c.supply !== "electronic"),
    );
    const input: PricingInput = { pricesIncludeVat: raw.pricesIncludeVat, lines };
    if (raw.discountE2 !== undefined) input.discountPercent = fromScaled(raw.discountE2, 2);
    if (raw.shippingCents !== undefined && ships) input.shipping = fromScaled(raw.shippingCents, 2);
    return input;
  });

function fingerprint(b: Breakdown) {
  return {
    vatBreakdown: b.vatBreakdown.map((g) =>
      Object.fromEntries(Object.entries(g).map(([k, v]) => [k, typeof v === "string" ? v : (v as Decimal).toFixed(2)])),
    ),
    totals: [b.totals.net.toFixed(2), b.totals.vat.toFixed(2), b.totals.gross.toFixed(2)],
  };
}

describe("priceDocument properties", () => {
  it("a line's parts sum to its amount, and every figure is whole cents", () => {
    fc.assert(
      fc.property(documentArb, ctxArb, (input, ctx) => {
        const b = priceDocument(input, ctx);
        for (const line of b.lines) {
          expect(sum(line.parts.map((p) => p.amount)).eq(line.amount)).toBe(true);
          expect(line.amount.eq(line.unitPrice.times(line.quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP))).toBe(
            true,
          );
          for (const p of line.parts) expect(p.amount.decimalPlaces() <= 2 && p.net.decimalPlaces() <= 2).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("per rate, the part nets sum to the rate's lines net and the part amounts to its lines amount", () => {
    fc.assert(
      fc.property(documentArb, ctxArb, (input, ctx) => {
        const b = priceDocument(input, ctx);
        const parts = b.lines.flatMap((l) => l.parts);
        for (const g of b.vatBreakdown) {
          const atRate = parts.filter((p) => p.vatRate.eq(g.vatRate));
          expect(sum(atRate.map((p) => p.net)).eq(g.linesNet)).toBe(true);
          expect(sum(atRate.map((p) => p.amount)).eq(g.linesAmount)).toBe(true);
          expect(g.linesNet.minus(g.allowanceNet).plus(g.chargeNet).eq(g.taxable)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("Σ taxable + Σ VAT = gross, per rate and in total", () => {
    fc.assert(
      fc.property(documentArb, ctxArb, (input, ctx) => {
        const b = priceDocument(input, ctx);
        for (const g of b.vatBreakdown) expect(g.taxable.plus(g.vat).eq(g.gross)).toBe(true);
        expect(sum(b.vatBreakdown.map((g) => g.taxable)).eq(b.totals.net)).toBe(true);
        expect(sum(b.vatBreakdown.map((g) => g.vat)).eq(b.totals.vat)).toBe(true);
        expect(b.totals.net.plus(b.totals.vat).eq(b.totals.gross)).toBe(true);
        expect(sum(b.vatBreakdown.map((g) => g.gross)).eq(b.totals.gross)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("with gross prices the payable total is exactly Σ line amounts − allowances + charges", () => {
    fc.assert(
      fc.property(documentArb, ctxArb, (input, ctx) => {
        const b = priceDocument({ ...input, pricesIncludeVat: true }, ctx);
        const expected = sum(b.lines.map((l) => l.amount))
          .minus(sum(b.allowances.map((a) => a.amount)))
          .plus(sum(b.charges.map((c) => c.amount)));
        expect(b.totals.gross.eq(expected)).toBe(true);
        if (input.shipping) expect(sum(b.charges.map((c) => c.amount)).eq(input.shipping)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("the result does not depend on the order of the lines", () => {
    fc.assert(
      fc.property(documentArb, ctxArb, fc.integer(), (input, ctx, seed) => {
        const shuffled = [...input.lines];
        let state = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          const j = state % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(fingerprint(priceDocument({ ...input, lines: shuffled }, ctx))).toEqual(
          fingerprint(priceDocument(input, ctx)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("VAT per rate is the named rounding of the rate's base, never a sum of line VAT", () => {
    fc.assert(
      fc.property(documentArb, ctxArb, (input, ctx) => {
        const b = priceDocument(input, ctx);
        for (const g of b.vatBreakdown) {
          const base = g.linesAmount.minus(g.allowance).plus(g.charge);
          const exact = input.pricesIncludeVat
            ? base.times(g.vatRate).div(g.vatRate.plus(100))
            : base.times(g.vatRate).div(100);
          expect(g.vat.minus(exact).abs().lte("0.005")).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
