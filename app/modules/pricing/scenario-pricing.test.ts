import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "~/modules/money/decimal";
import { parseScenario, REAL_TABLE, scenarioContext, type VatScenario } from "~/modules/vat/scenarios";
import type { VatCategory } from "~/modules/vat/supply";
import { freezePricing } from "./frozen-pricing";
import { priceDocument, type PricingContext, type PricingInput, type PricingLineInput } from "./price-document";
import { compareDocument, repriceFrozen, ScenarioAccumulator } from "./scenario-pricing";

const CTX: PricingContext = {
  rates: new Map<VatCategory, Decimal>([
    ["reduced", new Decimal("6")],
    ["standard", new Decimal("21")],
  ]),
};
const DIGITAL_REDUCED: VatScenario = { ...REAL_TABLE, slug: "d", name: "d", supplyCategory: { electronic: "reduced" } };
const RATES_2019: VatScenario = { ...REAL_TABLE, slug: "r", name: "r", rates: { reduced: "9", standard: "21" } };

const documentArb = fc
  .record({
    pricesIncludeVat: fc.boolean(),
    lines: fc.array(
      fc.record({
        supply: fc.constantFrom("physical", "electronic", "goods", "bundle") as fc.Arbitrary<
          PricingLineInput["supply"]
        >,
        priceE4: fc.integer({ min: 0, max: 2_000_000 }),
        quantity: fc.integer({ min: 1, max: 60 }),
        share: fc.integer({ min: 0, max: 10_000 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    discountE2: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
    shippingCents: fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: undefined }),
  })
  .map((raw): PricingInput => {
    const lines = raw.lines.map((l, i): PricingLineInput => ({
      id: String(i + 1),
      supply: l.supply,
      unitPrice: new Decimal(l.priceE4).div(10_000),
      quantity: l.quantity,
      ...(l.supply === "bundle"
        ? {
            components: [
              { supply: "physical" as const, share: new Decimal(l.share).div(10_000) },
              { supply: "electronic" as const, share: new Decimal(10_000 - l.share).div(10_000) },
            ],
          }
        : {}),
    }));
    const input: PricingInput = { pricesIncludeVat: raw.pricesIncludeVat, lines };
    if (raw.discountE2 !== undefined) input.discountPercent = new Decimal(raw.discountE2).div(100);
    if (raw.shippingCents !== undefined && lines.some((l) => l.supply !== "electronic")) {
      input.shipping = new Decimal(raw.shippingCents).div(100);
    }
    return input;
  });

const frozenOf = (input: PricingInput) => freezePricing("2026-09-01", input, CTX, priceDocument(input, CTX));

describe("re-pricing under a scenario", () => {
  it("the real table reproduces the frozen document exactly, and no scenario changes the frozen order", () => {
    fc.assert(
      fc.property(documentArb, (input) => {
        const frozen = frozenOf(input);
        const before = JSON.stringify(frozen);
        const real = repriceFrozen(frozen, REAL_TABLE);
        expect(real.scenario).toEqual(real.paid);
        repriceFrozen(frozen, DIGITAL_REDUCED);
        repriceFrozen(frozen, RATES_2019);
        expect(JSON.stringify(frozen)).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it("digital at the reduced rate never costs more VAT; the price mode's side stays", () => {
    fc.assert(
      fc.property(documentArb, (input) => {
        const { paid, scenario } = repriceFrozen(frozenOf(input), DIGITAL_REDUCED);
        expect(scenario.vatCents).toBeLessThanOrEqual(paid.vatCents + 1);
        // The price mode's side stays, up to the discount's rounding per rate group (one cent per group).
        if (!input.pricesIncludeVat) expect(Math.abs(scenario.netCents - paid.netCents)).toBeLessThanOrEqual(2);
        else expect(Math.abs(scenario.grossCents - paid.grossCents)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 150 },
    );
  });

  it("hand-worked: 28 licences at € 10,00 net cost € 58,80 VAT at 21% and € 16,80 at 6%", () => {
    const input: PricingInput = {
      pricesIncludeVat: false,
      lines: [{ id: "1", supply: "electronic", unitPrice: new Decimal("10.00"), quantity: 28 }],
    };
    expect(repriceFrozen(frozenOf(input), DIGITAL_REDUCED)).toEqual({
      paid: { netCents: 28000, vatCents: 5880, grossCents: 33880 },
      scenario: { netCents: 28000, vatCents: 1680, grossCents: 29680 },
    });
    const acc = new ScenarioAccumulator(DIGITAL_REDUCED);
    acc.add({ schoolId: "a", schoolName: "Amstel", frozen: frozenOf(input) });
    acc.add({ schoolId: "a", schoolName: "Amstel", frozen: frozenOf(input) });
    expect(acc.result().total).toMatchObject({ orders: 2, grossDifferenceCents: -8400, vatDifferenceCents: -8400 });
  });

  it("a stored scenario is read strictly; its entries go over the real context", () => {
    const s = parseScenario({
      slug: "x",
      name: "x",
      description: "",
      ratesJson: '{"reduced":"9"}',
      supplyCategoryJson: '{"electronic":"reduced"}',
    });
    const ctx = scenarioContext(CTX, s);
    expect(ctx.rates.get("reduced")!.toFixed()).toBe("9");
    expect(ctx.rates.get("standard")!.toFixed()).toBe("21");
    expect(ctx.supplyCategory).toEqual({ physical: "reduced", electronic: "reduced", goods: "standard" });
    expect(CTX.rates.get("reduced")!.toFixed()).toBe("6");
    for (const [ratesJson, supplyCategoryJson] of [
      ['{"reduced":"abc"}', "{}"],
      ['{"low":"9"}', "{}"],
      ["{}", '{"electronic":"cheap"}'],
    ]) {
      expect(() => parseScenario({ slug: "x", name: "x", description: "", ratesJson, supplyCategoryJson })).toThrow();
    }
  });

  it("prices a cart's document under a scenario next to the real table", () => {
    fc.assert(
      fc.property(documentArb, (input) => {
        const same = compareDocument(input, CTX, REAL_TABLE);
        expect(same.scenario).toEqual(same.real);
        expect(same.real).toEqual(repriceFrozen(frozenOf(input), REAL_TABLE).paid);
      }),
      { numRuns: 60 },
    );
    const cart: PricingInput = {
      pricesIncludeVat: false,
      lines: [{ id: "1", supply: "electronic", unitPrice: new Decimal("10.00"), quantity: 28 }],
    };
    // 28 × € 10,00 = € 280,00 net; VAT 21% € 58,80 → 9% (2019 rates, digital still 21%) unchanged; digital 6%: € 16,80
    expect(compareDocument(cart, CTX, RATES_2019).scenario.vatCents).toBe(5880);
    expect(compareDocument(cart, CTX, DIGITAL_REDUCED).scenario.vatCents).toBe(1680);
  });
});
