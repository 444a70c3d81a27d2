import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal, HUNDRED, ONE, ZERO } from "../money/decimal";
import type { ComponentSupply, VatCategory } from "../vat/supply";
import {
  type Breakdown,
  type PricingContext,
  type PricingInput,
  type PricingLineInput,
  priceDocument,
} from "./price-document";

// priceDocument computes on safe integers where it can (and falls back to Decimal
// where it cannot). This file keeps a deliberately plain implementation of DESIGN §3
// on decimal.js alone — no integers, no shortcuts — and checks that both give the
// same figure everywhere, for net and gross documents.

const RUNS = 300;
const SUPPLY_ORDER: readonly ComponentSupply[] = ["physical", "electronic", "goods"];
const CATEGORY: Record<ComponentSupply, VatCategory> = {
  physical: "reduced",
  electronic: "standard",
  goods: "standard",
};
const round = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const sum = (values: Decimal[]) => values.reduce((acc, v) => acc.plus(v), ZERO);

/** Enough digits that the products of allocation (cents × weight) are always exact. */
const Exact = Decimal.clone({ precision: 1000 });

/** DESIGN §3.2 in plain Decimal: cut toward zero, then the missing cents to the largest remainders (ties: earlier). */
function referenceAllocate(amount: Decimal, weights: Decimal[]): Decimal[] {
  if (weights.length === 1) return [amount];
  let used = weights.map((w) => new Exact(w));
  let total = used.reduce((acc, w) => acc.plus(w), new Exact(0));
  if (total.isZero()) {
    used = weights.map(() => new Exact(1));
    total = new Exact(weights.length);
  }
  const cents = new Exact(amount).abs().times(100);
  const cuts: Decimal[] = [];
  const remainders: Decimal[] = [];
  for (const weight of used) {
    const numerator = cents.times(weight);
    const cut = numerator.divToInt(total);
    cuts.push(cut);
    remainders.push(numerator.minus(cut.times(total)));
  }
  const missing = cents.minus(cuts.reduce((acc, c) => acc.plus(c), new Exact(0))).toNumber();
  const order = used.map((_, i) => i).sort((a, b) => remainders[b].cmp(remainders[a]) || a - b);
  for (const index of order.slice(0, missing)) cuts[index] = cuts[index].plus(1);
  return cuts.map((cut) => new Decimal((amount.isNegative() ? cut.neg() : cut).div(100)));
}

interface RefPart {
  supply: ComponentSupply;
  rate: Decimal;
  amount: Decimal;
  net: Decimal;
}

function referencePrice(input: PricingInput, ctx: PricingContext) {
  const rateOf = (supply: ComponentSupply) => ctx.rates.get(CATEGORY[supply])!;
  const lines = input.lines.map((line) => {
    const amount = round(line.unitPrice.times(line.quantity));
    const parts: RefPart[] = [];
    if (line.supply === "bundle") {
      const components = line.components!;
      const split = referenceAllocate(
        amount,
        components.map((c) => c.share),
      );
      components.forEach((c, i) =>
        parts.push({ supply: c.supply, rate: rateOf(c.supply), amount: split[i], net: split[i] }),
      );
    } else {
      parts.push({ supply: line.supply, rate: rateOf(line.supply), amount, net: amount });
    }
    return { amount, parts };
  });
  const allParts = lines.flatMap((l) => l.parts);
  const rates = [...new Map(allParts.map((p) => [p.rate.toFixed(), p.rate])).values()].sort((a, b) => a.cmp(b));
  const groups = rates.map((rate) => {
    const parts = allParts.filter((p) => p.rate.eq(rate));
    const firstSupply = SUPPLY_ORDER.find((s) => parts.some((p) => p.supply === s))!;
    const shippableParts = parts.filter((p) => p.supply !== "electronic");
    return {
      rate,
      category: CATEGORY[firstSupply],
      parts,
      linesAmount: sum(parts.map((p) => p.amount)),
      shippable: sum(shippableParts.map((p) => p.amount)),
      ships: shippableParts.length > 0,
      allowance: ZERO,
      charge: ZERO,
    };
  });
  if (input.discountPercent !== undefined) {
    for (const g of groups) g.allowance = round(g.linesAmount.times(input.discountPercent).div(100));
  }
  if (input.shipping !== undefined && !input.shipping.isZero()) {
    const shipped = groups.filter((g) => g.ships);
    const split = referenceAllocate(
      input.shipping,
      shipped.map((g) => g.shippable),
    );
    shipped.forEach((g, i) => (g.charge = split[i]));
  }
  const vatBreakdown = groups.map((g) => {
    const base = g.linesAmount.minus(g.allowance).plus(g.charge);
    if (!input.pricesIncludeVat) {
      const vat = round(base.times(g.rate).div(100));
      return { ...g, taxable: base, vat, linesNet: g.linesAmount, allowanceNet: g.allowance, chargeNet: g.charge };
    }
    const rateBase = HUNDRED.plus(g.rate);
    const vat = round(base.times(g.rate).div(rateBase));
    const taxable = base.minus(vat);
    const allowanceNet = round(g.allowance.times(100).div(rateBase));
    const chargeNet = round(g.charge.times(100).div(rateBase));
    const linesNet = taxable.plus(allowanceNet).minus(chargeNet);
    const nets = referenceAllocate(
      linesNet,
      g.parts.map((p) => p.amount),
    );
    g.parts.forEach((p, i) => (p.net = nets[i]));
    return { ...g, taxable, vat, linesNet, allowanceNet, chargeNet };
  });
  const net = sum(vatBreakdown.map((g) => g.taxable));
  const vat = sum(vatBreakdown.map((g) => g.vat));
  return { lines, vatBreakdown, totals: { net, vat, gross: net.plus(vat) } };
}

/** Every figure as text, so that a mismatch names the figure. */
function figuresOf(b: Breakdown) {
  return {
    lines: b.lines.map((l) => [
      l.amount.toFixed(),
      ...l.parts.map((p) => `${p.supply}@${p.vatRate.toFixed()} ${p.amount.toFixed()} net ${p.net.toFixed()}`),
    ]),
    allowances: b.allowances.map((a) => `${a.category}@${a.vatRate.toFixed()} ${a.amount.toFixed()}`),
    charges: b.charges.map((c) => `${c.category}@${c.vatRate.toFixed()} ${c.amount.toFixed()}`),
    groups: b.vatBreakdown.map((g) =>
      [
        g.category,
        g.vatRate,
        g.linesAmount,
        g.allowance,
        g.charge,
        g.taxable,
        g.vat,
        g.gross,
        g.linesNet,
        g.allowanceNet,
        g.chargeNet,
      ].map((v) => (typeof v === "string" ? v : v.toFixed())),
    ),
    totals: [b.totals.net, b.totals.vat, b.totals.gross].map((v) => v.toFixed()),
  };
}

function referenceFiguresOf(r: ReturnType<typeof referencePrice>) {
  return {
    lines: r.lines.map((l) => [
      l.amount.toFixed(),
      ...l.parts.map((p) => `${p.supply}@${p.rate.toFixed()} ${p.amount.toFixed()} net ${p.net.toFixed()}`),
    ]),
    allowances: r.vatBreakdown
      .filter((g) => !g.allowance.isZero())
      .map((g) => `${g.category}@${g.rate.toFixed()} ${g.allowance.toFixed()}`),
    charges: r.vatBreakdown
      .filter((g) => !g.charge.isZero())
      .map((g) => `${g.category}@${g.rate.toFixed()} ${g.charge.toFixed()}`),
    groups: r.vatBreakdown.map((g) =>
      [
        g.category,
        g.rate,
        g.linesAmount,
        g.allowance,
        g.charge,
        g.taxable,
        g.vat,
        g.taxable.plus(g.vat),
        g.linesNet,
        g.allowanceNet,
        g.chargeNet,
      ].map((v) => (typeof v === "string" ? v : v.toFixed())),
    ),
    totals: [r.totals.net, r.totals.vat, r.totals.gross].map((v) => v.toFixed()),
  };
}

const scaled = (value: bigint | number, scale: number) => new Decimal(value.toString()).div(10 ** scale);

/** Shares with 1–6 decimals that sum to exactly 1, sometimes with zero shares. */
const sharesArb = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 4 }))
  .map(([scale, raw]) => {
    const unit = 10 ** scale;
    const total = raw.reduce((a, b) => a + b, 0) || 1;
    const ints = raw.map((r) => Math.floor((r * unit) / total));
    ints[0] += unit - ints.reduce((a, b) => a + b, 0);
    return ints.map((i) => scaled(i, scale));
  });

const priceE4Arb = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000 }), // everyday prices up to € 200
  fc.integer({ min: 0, max: 10_000_000_000 }), // up to € 1,000,000
  fc.bigInt({ min: 0n, max: 10n ** 18n }), // beyond the safe integers: the Decimal path
);
const quantityArb = fc.oneof(
  fc.integer({ min: 1, max: 120 }),
  fc.integer({ min: 1, max: 1_000_000 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, 2 ** 40 + 1),
);

const lineArb = fc.record({
  supply: fc.constantFrom<PricingLineInput["supply"]>("physical", "electronic", "goods", "bundle", "bundle"),
  priceE4: priceE4Arb,
  quantity: quantityArb,
  shares: sharesArb,
  componentSupplies: fc.array(fc.constantFrom<ComponentSupply>("physical", "electronic", "goods"), {
    minLength: 4,
    maxLength: 4,
  }),
});

const documentArb = (pricesIncludeVat: boolean) =>
  fc
    .record({
      lines: fc.array(lineArb, { minLength: 1, maxLength: 40 }),
      discountE4: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
      shippingCents: fc.option(
        fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 1_000_000_000 })),
        { nil: undefined },
      ),
    })
    .map((raw): PricingInput => {
      const lines = raw.lines.map((l, i): PricingLineInput => {
        const line: PricingLineInput = {
          id: `L${i}`,
          supply: l.supply,
          unitPrice: scaled(l.priceE4, 4),
          quantity: l.quantity,
        };
        if (l.supply === "bundle")
          line.components = l.shares.map((share, c) => ({ supply: l.componentSupplies[c], share }));
        return line;
      });
      const ships = lines.some(
        (l) =>
          l.supply === "physical" ||
          l.supply === "goods" ||
          (l.components ?? []).some((c) => c.supply !== "electronic"),
      );
      const input: PricingInput = { pricesIncludeVat, lines };
      if (raw.discountE4 !== undefined) input.discountPercent = scaled(raw.discountE4, 4);
      if (raw.shippingCents !== undefined && ships) input.shipping = scaled(raw.shippingCents, 2);
      return input;
    });

// Equal rates merge into one group; "0" and "5.5" exercise the edges of the rate division.
const ctxArb = fc
  .tuple(fc.constantFrom("0", "5.5", "6", "9", "21"), fc.constantFrom("21", "19", "9", "6.25"))
  .map(([reduced, standard]): PricingContext => ({
    rates: new Map<VatCategory, Decimal>([
      ["reduced", new Decimal(reduced)],
      ["standard", new Decimal(standard)],
    ]),
  }));

describe("priceDocument against a plain decimal.js reference of DESIGN §3", () => {
  it.each([
    ["net", false],
    ["gross", true],
  ])(
    "%s documents: every amount, part, net, allowance, charge, VAT and total is the same",
    (_mode, pricesIncludeVat) => {
      fc.assert(
        fc.property(documentArb(pricesIncludeVat), ctxArb, (input, ctx) => {
          expect(figuresOf(priceDocument(input, ctx))).toEqual(referenceFiguresOf(referencePrice(input, ctx)));
        }),
        { numRuns: RUNS },
      );
    },
  );

  it("the reference itself rounds half away from zero and allocates by largest remainder", () => {
    // Guards the guard: 0.125 → 0.13, and 1.00 over three equal weights → 0.34, 0.33, 0.33.
    expect(round(new Decimal("0.125")).toFixed(2)).toBe("0.13");
    expect(referenceAllocate(new Decimal("1.00"), [ONE, ONE, ONE]).map((d) => d.toFixed(2))).toEqual([
      "0.34",
      "0.33",
      "0.33",
    ]);
    expect(
      referenceAllocate(new Decimal("-0.05"), [new Decimal("0.5"), new Decimal("0.5")]).map((d) => d.toFixed(2)),
    ).toEqual(["-0.03", "-0.02"]);
  });
});
