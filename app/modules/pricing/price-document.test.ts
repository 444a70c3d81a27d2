import { describe, expect, it } from "vitest";
import { Decimal } from "../money/decimal";
import type { VatCategory } from "../vat/supply";
import { DEFAULT_VAT_RATES, type VatRateRow, ratesOn } from "../vat/vat-schedule";
import {
  type Breakdown,
  type PricingContext,
  type PricingInput,
  type PricingLineInput,
  priceDocument,
} from "./price-document";
import { PricingError } from "./pricing-error";

// Vendure-style tax specs: every case once with net prices and once with gross
// prices ("uit inclusief"), expected figures computed by hand to the cent.

const d = (text: string) => new Decimal(text);
const DEFAULT_CTX: PricingContext = { rates: ratesOn(DEFAULT_VAT_RATES, "2026-09-01") };
const SCHEDULE: VatRateRow[] = [
  { category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: "2026-12-31" },
  { category: "reduced", percent: "9", validFrom: "2027-01-01", validTo: null },
  { category: "standard", percent: "21", validFrom: "2000-01-01", validTo: null },
];
const NINE_PERCENT_CTX: PricingContext = {
  rates: new Map<VatCategory, Decimal>([
    ["reduced", d("9")],
    ["standard", d("21")],
  ]),
};

function line(
  id: string,
  supply: PricingLineInput["supply"],
  unitPrice: string,
  quantity: number,
  shares?: [PricingLineInput["supply"], string][],
): PricingLineInput {
  const result: PricingLineInput = { id, supply, unitPrice: d(unitPrice), quantity };
  if (shares) result.components = shares.map(([s, share]) => ({ supply: s as "physical", share: d(share) }));
  return result;
}

/** Every figure of a breakdown as text, so a case reads like the hand computation. */
function summary(b: Breakdown) {
  return {
    parts: b.lines.flatMap((l) =>
      l.parts.map((p) => `${l.id} ${p.supply}@${p.vatRate.toFixed()} ${p.amount.toFixed(2)} net ${p.net.toFixed(2)}`),
    ),
    groups: b.vatBreakdown.map(
      (g) =>
        `${g.vatRate.toFixed()}%: lines ${g.linesAmount.toFixed(2)} -${g.allowance.toFixed(2)} +${g.charge.toFixed(2)}` +
        ` taxable ${g.taxable.toFixed(2)} vat ${g.vat.toFixed(2)} gross ${g.gross.toFixed(2)}` +
        ` | linesNet ${g.linesNet.toFixed(2)} allowanceNet ${g.allowanceNet.toFixed(2)} chargeNet ${g.chargeNet.toFixed(2)}`,
    ),
    totals: `net ${b.totals.net.toFixed(2)} vat ${b.totals.vat.toFixed(2)} gross ${b.totals.gross.toFixed(2)}`,
  };
}

interface Expected {
  parts: string[];
  groups: string[];
  totals: string;
}
interface Case {
  name: string;
  lines: PricingLineInput[];
  discountPercent?: string;
  shipping?: string;
  ctx?: PricingContext;
  net: Expected;
  gross: Expected;
}

const cases: Case[] = [
  {
    name: "plain: a book at 6% and a licence at 21%",
    lines: [line("L1", "physical", "12.50", 28), line("L2", "electronic", "19.99", 3)],
    net: {
      parts: ["L1 physical@6 350.00 net 350.00", "L2 electronic@21 59.97 net 59.97"],
      groups: [
        // 350.00 × 6% = 21.00; 59.97 × 21% = 12.5937 → 12.59
        "6%: lines 350.00 -0.00 +0.00 taxable 350.00 vat 21.00 gross 371.00 | linesNet 350.00 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 59.97 -0.00 +0.00 taxable 59.97 vat 12.59 gross 72.56 | linesNet 59.97 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 409.97 vat 33.59 gross 443.56",
    },
    gross: {
      parts: ["L1 physical@6 350.00 net 330.19", "L2 electronic@21 59.97 net 49.56"],
      groups: [
        // uit inclusief: 350.00 × 6/106 = 19.811… → 19.81; 59.97 × 21/121 = 10.408… → 10.41
        "6%: lines 350.00 -0.00 +0.00 taxable 330.19 vat 19.81 gross 350.00 | linesNet 330.19 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 59.97 -0.00 +0.00 taxable 49.56 vat 10.41 gross 59.97 | linesNet 49.56 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 379.75 vat 30.22 gross 409.97",
    },
  },
  {
    name: "uit inclusief: a single licence of 10.00 and a four-decimal tier price",
    lines: [line("L1", "electronic", "10.00", 1), line("L2", "physical", "1.2345", 7)],
    net: {
      // 1.2345 × 7 = 8.6415 → 8.64
      parts: ["L1 electronic@21 10.00 net 10.00", "L2 physical@6 8.64 net 8.64"],
      groups: [
        // 8.64 × 6% = 0.5184 → 0.52
        "6%: lines 8.64 -0.00 +0.00 taxable 8.64 vat 0.52 gross 9.16 | linesNet 8.64 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 10.00 -0.00 +0.00 taxable 10.00 vat 2.10 gross 12.10 | linesNet 10.00 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 18.64 vat 2.62 gross 21.26",
    },
    gross: {
      parts: ["L1 electronic@21 10.00 net 8.26", "L2 physical@6 8.64 net 8.15"],
      groups: [
        // 8.64 × 6/106 = 0.489… → 0.49; 10.00 × 21/121 = 1.7355… → 1.74
        "6%: lines 8.64 -0.00 +0.00 taxable 8.15 vat 0.49 gross 8.64 | linesNet 8.15 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 10.00 -0.00 +0.00 taxable 8.26 vat 1.74 gross 10.00 | linesNet 8.26 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 16.41 vat 2.23 gross 18.64",
    },
  },
  {
    name: "bundle 0.6/0.4 with an odd cent",
    // 33.33 × 3 = 99.99; 0.6 → 59.994 (cut 59.99, rest .004), 0.4 → 39.996 (cut 39.99, rest .006):
    // the missing cent goes to the larger remainder, the licence part.
    lines: [
      line("B1", "bundle", "33.33", 3, [
        ["physical", "0.6"],
        ["electronic", "0.4"],
      ]),
    ],
    net: {
      parts: ["B1 physical@6 59.99 net 59.99", "B1 electronic@21 40.00 net 40.00"],
      groups: [
        // 59.99 × 6% = 3.5994 → 3.60
        "6%: lines 59.99 -0.00 +0.00 taxable 59.99 vat 3.60 gross 63.59 | linesNet 59.99 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 40.00 -0.00 +0.00 taxable 40.00 vat 8.40 gross 48.40 | linesNet 40.00 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 99.99 vat 12.00 gross 111.99",
    },
    gross: {
      parts: ["B1 physical@6 59.99 net 56.59", "B1 electronic@21 40.00 net 33.06"],
      groups: [
        // 59.99 × 6/106 = 3.3956… → 3.40; 40.00 × 21/121 = 6.9421… → 6.94
        "6%: lines 59.99 -0.00 +0.00 taxable 56.59 vat 3.40 gross 59.99 | linesNet 56.59 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 40.00 -0.00 +0.00 taxable 33.06 vat 6.94 gross 40.00 | linesNet 33.06 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 89.65 vat 10.34 gross 99.99",
    },
  },
  {
    name: "discount 5%: one allowance per rate",
    lines: [line("L1", "physical", "12.50", 28), line("L2", "electronic", "19.99", 3)],
    discountPercent: "5",
    net: {
      parts: ["L1 physical@6 350.00 net 350.00", "L2 electronic@21 59.97 net 59.97"],
      groups: [
        // allowances 350.00 × 5% = 17.50 and 59.97 × 5% = 2.9985 → 3.00
        // 332.50 × 6% = 19.95; 56.97 × 21% = 11.9637 → 11.96
        "6%: lines 350.00 -17.50 +0.00 taxable 332.50 vat 19.95 gross 352.45 | linesNet 350.00 allowanceNet 17.50 chargeNet 0.00",
        "21%: lines 59.97 -3.00 +0.00 taxable 56.97 vat 11.96 gross 68.93 | linesNet 59.97 allowanceNet 3.00 chargeNet 0.00",
      ],
      totals: "net 389.47 vat 31.91 gross 421.38",
    },
    gross: {
      parts: ["L1 physical@6 350.00 net 330.19", "L2 electronic@21 59.97 net 49.56"],
      groups: [
        // G 332.50 × 6/106 = 18.820… → 18.82; allowance net 17.50 × 100/106 = 16.509… → 16.51
        // G 56.97 × 21/121 = 9.887… → 9.89; allowance net 3.00 × 100/121 = 2.479… → 2.48
        "6%: lines 350.00 -17.50 +0.00 taxable 313.68 vat 18.82 gross 332.50 | linesNet 330.19 allowanceNet 16.51 chargeNet 0.00",
        "21%: lines 59.97 -3.00 +0.00 taxable 47.08 vat 9.89 gross 56.97 | linesNet 49.56 allowanceNet 2.48 chargeNet 0.00",
      ],
      totals: "net 360.76 vat 28.71 gross 389.47",
    },
  },
  {
    name: "shipping split over 6% and 21% (physical + goods), lowest rate first",
    // weights 10.00 (physical, 6%) and 10.00 (goods, 21%); the licence carries no shipping.
    // 4.95 / 2 = 2.475 each → 2.47 + 2.47, the tie goes to the lowest rate: 2.48 at 6%.
    lines: [line("G1", "goods", "10.00", 1), line("P1", "physical", "10.00", 1), line("E1", "electronic", "5.00", 1)],
    shipping: "4.95",
    net: {
      parts: ["G1 goods@21 10.00 net 10.00", "P1 physical@6 10.00 net 10.00", "E1 electronic@21 5.00 net 5.00"],
      groups: [
        // 12.48 × 6% = 0.7488 → 0.75; 17.47 × 21% = 3.6687 → 3.67
        "6%: lines 10.00 -0.00 +2.48 taxable 12.48 vat 0.75 gross 13.23 | linesNet 10.00 allowanceNet 0.00 chargeNet 2.48",
        "21%: lines 15.00 -0.00 +2.47 taxable 17.47 vat 3.67 gross 21.14 | linesNet 15.00 allowanceNet 0.00 chargeNet 2.47",
      ],
      totals: "net 29.95 vat 4.42 gross 34.37",
    },
    gross: {
      // 21%: lines net 12.40 over 10.00 : 5.00 → 8.266… / 4.133… → 8.26 + 4.13, cent to the larger rest → 8.27
      parts: ["G1 goods@21 10.00 net 8.27", "P1 physical@6 10.00 net 9.43", "E1 electronic@21 5.00 net 4.13"],
      groups: [
        // G 12.48 × 6/106 = 0.706… → 0.71; charge net 2.48 × 100/106 = 2.339… → 2.34; lines net 11.77 − 2.34
        "6%: lines 10.00 -0.00 +2.48 taxable 11.77 vat 0.71 gross 12.48 | linesNet 9.43 allowanceNet 0.00 chargeNet 2.34",
        // G 17.47 × 21/121 = 3.031… → 3.03; charge net 2.47 × 100/121 = 2.041… → 2.04; lines net 14.44 − 2.04
        "21%: lines 15.00 -0.00 +2.47 taxable 14.44 vat 3.03 gross 17.47 | linesNet 12.40 allowanceNet 0.00 chargeNet 2.04",
      ],
      totals: "net 26.21 vat 3.74 gross 29.95",
    },
  },
  {
    name: "rate schedule 6% → 9% from 2027-01-01: the day before",
    lines: [line("L1", "physical", "100.00", 1), line("L2", "electronic", "10.00", 1)],
    ctx: { rates: ratesOn(SCHEDULE, "2026-12-31") },
    net: {
      parts: ["L1 physical@6 100.00 net 100.00", "L2 electronic@21 10.00 net 10.00"],
      groups: [
        "6%: lines 100.00 -0.00 +0.00 taxable 100.00 vat 6.00 gross 106.00 | linesNet 100.00 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 10.00 -0.00 +0.00 taxable 10.00 vat 2.10 gross 12.10 | linesNet 10.00 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 110.00 vat 8.10 gross 118.10",
    },
    gross: {
      parts: ["L1 physical@6 100.00 net 94.34", "L2 electronic@21 10.00 net 8.26"],
      groups: [
        // 100.00 × 6/106 = 5.660… → 5.66
        "6%: lines 100.00 -0.00 +0.00 taxable 94.34 vat 5.66 gross 100.00 | linesNet 94.34 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 10.00 -0.00 +0.00 taxable 8.26 vat 1.74 gross 10.00 | linesNet 8.26 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 102.60 vat 7.40 gross 110.00",
    },
  },
  {
    name: "rate schedule 6% → 9% from 2027-01-01: the first day",
    lines: [line("L1", "physical", "100.00", 1), line("L2", "electronic", "10.00", 1)],
    ctx: { rates: ratesOn(SCHEDULE, "2027-01-01") },
    net: {
      parts: ["L1 physical@9 100.00 net 100.00", "L2 electronic@21 10.00 net 10.00"],
      groups: [
        "9%: lines 100.00 -0.00 +0.00 taxable 100.00 vat 9.00 gross 109.00 | linesNet 100.00 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 10.00 -0.00 +0.00 taxable 10.00 vat 2.10 gross 12.10 | linesNet 10.00 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 110.00 vat 11.10 gross 121.10",
    },
    gross: {
      parts: ["L1 physical@9 100.00 net 91.74", "L2 electronic@21 10.00 net 8.26"],
      groups: [
        // 100.00 × 9/109 = 8.256… → 8.26
        "9%: lines 100.00 -0.00 +0.00 taxable 91.74 vat 8.26 gross 100.00 | linesNet 91.74 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 10.00 -0.00 +0.00 taxable 8.26 vat 1.74 gross 10.00 | linesNet 8.26 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 100.00 vat 10.00 gross 110.00",
    },
  },
  {
    name: "9% configured as the reduced rate instead of 6%",
    lines: [line("L1", "physical", "12.50", 28), line("L2", "electronic", "19.99", 3)],
    ctx: NINE_PERCENT_CTX,
    net: {
      parts: ["L1 physical@9 350.00 net 350.00", "L2 electronic@21 59.97 net 59.97"],
      groups: [
        "9%: lines 350.00 -0.00 +0.00 taxable 350.00 vat 31.50 gross 381.50 | linesNet 350.00 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 59.97 -0.00 +0.00 taxable 59.97 vat 12.59 gross 72.56 | linesNet 59.97 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 409.97 vat 44.09 gross 454.06",
    },
    gross: {
      parts: ["L1 physical@9 350.00 net 321.10", "L2 electronic@21 59.97 net 49.56"],
      groups: [
        // 350.00 × 9/109 = 28.899… → 28.90
        "9%: lines 350.00 -0.00 +0.00 taxable 321.10 vat 28.90 gross 350.00 | linesNet 321.10 allowanceNet 0.00 chargeNet 0.00",
        "21%: lines 59.97 -0.00 +0.00 taxable 49.56 vat 10.41 gross 59.97 | linesNet 49.56 allowanceNet 0.00 chargeNet 0.00",
      ],
      totals: "net 370.66 vat 39.31 gross 409.97",
    },
  },
  {
    // DESIGN §4 example request, computed by hand:
    //   L1 12.50 × 28 = 350.00 physical (6%)
    //   L2 49.95 bundle: 0.6 → 29.97 physical, 0.4 → 19.98 licence (both exact, no leftover cent)
    //   6%: lines 379.97, allowance 379.97 × 5% = 18.9985 → 19.00; 21%: 19.98 × 5% = 0.999 → 1.00
    //   shipping 6.95: only physical parts ship, all at 6% → 6.95 at 6%
    //   net:   6% taxable 379.97 − 19.00 + 6.95 = 367.92, VAT 22.0752 → 22.08
    //          21% taxable 19.98 − 1.00 = 18.98, VAT 3.9858 → 3.99
    //          totals 386.90 + 26.07 = 412.97
    //   gross: 6% G 367.92, VAT 367.92 × 6/106 = 20.8256… → 20.83, net 347.09;
    //          allowance net 19.00 × 100/106 = 17.924… → 17.92, charge net 6.95 × 100/106 = 6.556… → 6.56,
    //          lines net 347.09 + 17.92 − 6.56 = 358.45 over 350.00 : 29.97 → 330.177… / 28.272… →
    //          330.17 + 28.27 = 358.44, cent to the larger rest → 330.18
    //          21% G 18.98, VAT 18.98 × 21/121 = 3.294… → 3.29, net 15.69; allowance net 0.826… → 0.83,
    //          lines net 16.52; totals 362.78 + 24.12 = 386.90
    name: "DESIGN §4 example",
    lines: [
      { ...line("L1", "physical", "12.50", 28), description: "Werkboek" },
      line("L2", "bundle", "49.95", 1, [
        ["physical", "0.6"],
        ["electronic", "0.4"],
      ]),
    ],
    discountPercent: "5",
    shipping: "6.95",
    net: {
      parts: ["L1 physical@6 350.00 net 350.00", "L2 physical@6 29.97 net 29.97", "L2 electronic@21 19.98 net 19.98"],
      groups: [
        "6%: lines 379.97 -19.00 +6.95 taxable 367.92 vat 22.08 gross 390.00 | linesNet 379.97 allowanceNet 19.00 chargeNet 6.95",
        "21%: lines 19.98 -1.00 +0.00 taxable 18.98 vat 3.99 gross 22.97 | linesNet 19.98 allowanceNet 1.00 chargeNet 0.00",
      ],
      totals: "net 386.90 vat 26.07 gross 412.97",
    },
    gross: {
      parts: ["L1 physical@6 350.00 net 330.18", "L2 physical@6 29.97 net 28.27", "L2 electronic@21 19.98 net 16.52"],
      groups: [
        "6%: lines 379.97 -19.00 +6.95 taxable 347.09 vat 20.83 gross 367.92 | linesNet 358.45 allowanceNet 17.92 chargeNet 6.56",
        "21%: lines 19.98 -1.00 +0.00 taxable 15.69 vat 3.29 gross 18.98 | linesNet 16.52 allowanceNet 0.83 chargeNet 0.00",
      ],
      totals: "net 362.78 vat 24.12 gross 386.90",
    },
  },
];

const table = cases.flatMap((c) => [[c.name, "net", c, false] as const, [c.name, "gross", c, true] as const]);

describe("priceDocument", () => {
  it.each(table)("%s (%s prices)", (_name, _mode, c, pricesIncludeVat) => {
    const input: PricingInput = { pricesIncludeVat, lines: c.lines };
    if (c.discountPercent) input.discountPercent = d(c.discountPercent);
    if (c.shipping) input.shipping = d(c.shipping);
    const breakdown = priceDocument(input, c.ctx ?? DEFAULT_CTX);
    expect(summary(breakdown)).toEqual(pricesIncludeVat ? c.gross : c.net);
    expect(breakdown.pricesIncludeVat).toBe(pricesIncludeVat);
  });

  it.each([false, true])(
    "lists allowances and charges per rate, lowest rate first (pricesIncludeVat %s)",
    (pricesIncludeVat) => {
      const b = priceDocument(
        {
          pricesIncludeVat,
          lines: [line("G1", "goods", "10.00", 1), line("P1", "physical", "10.00", 1)],
          discountPercent: d("10"),
          shipping: d("4.95"),
        },
        DEFAULT_CTX,
      );
      expect(b.allowances.map((a) => `${a.category} ${a.vatRate.toFixed()} ${a.amount.toFixed(2)}`)).toEqual([
        "reduced 6 1.00",
        "standard 21 1.00",
      ]);
      expect(b.charges.map((c) => `${c.kind} ${c.vatRate.toFixed()} ${c.amount.toFixed(2)}`)).toEqual([
        "shipping 6 2.48",
        "shipping 21 2.47",
      ]);
    },
  );

  it("merges two categories with the same percent into one rate group", () => {
    const ctx: PricingContext = {
      rates: new Map<VatCategory, Decimal>([
        ["reduced", d("6")],
        ["standard", d("21")],
        ["zero", d("21")],
      ]),
      supplyCategory: { physical: "reduced", electronic: "standard", goods: "zero" },
    };
    const b = priceDocument(
      { pricesIncludeVat: false, lines: [line("G", "goods", "1.00", 1), line("E", "electronic", "1.00", 1)] },
      ctx,
    );
    expect(b.vatBreakdown.map((g) => `${g.category} ${g.vatRate.toFixed()} ${g.taxable.toFixed(2)}`)).toEqual([
      "standard 21 2.00",
    ]);
  });

  const invalid: [string, Partial<PricingInput>, string, string][] = [
    ["no lines", { lines: [] }, "NO_LINES", "lines"],
    ["quantity 0", { lines: [line("L", "physical", "1.00", 0)] }, "INVALID_QUANTITY", "lines[0].quantity"],
    [
      "quantity 1.5",
      { lines: [line("A", "physical", "1.00", 1), line("L", "physical", "1.00", 1.5)] },
      "INVALID_QUANTITY",
      "lines[1].quantity",
    ],
    [
      "an unsafe quantity",
      { lines: [line("L", "physical", "1.00", 2 ** 53)] },
      "INVALID_QUANTITY",
      "lines[0].quantity",
    ],
    ["a negative price", { lines: [line("L", "physical", "-1.00", 1)] }, "INVALID_PRICE", "lines[0].unitPrice"],
    [
      "a price with 5 decimals",
      { lines: [line("L", "physical", "1.00001", 1)] },
      "INVALID_PRICE",
      "lines[0].unitPrice",
    ],
    [
      "an unknown supply",
      { lines: [{ ...line("L", "physical", "1.00", 1), supply: "ebook" as "physical" }] },
      "INVALID_SUPPLY",
      "lines[0].supply",
    ],
    [
      "a prototype key as supply",
      { lines: [{ ...line("L", "physical", "1.00", 1), supply: "toString" as "physical" }] },
      "INVALID_SUPPLY",
      "lines[0].supply",
    ],
    [
      "bundle shares 0.6 + 0.3",
      {
        lines: [
          line("A", "physical", "1.00", 1),
          line("B", "bundle", "10.00", 1, [
            ["physical", "0.6"],
            ["electronic", "0.3"],
          ]),
        ],
      },
      "BUNDLE_SHARES",
      "lines[1].components",
    ],
    [
      "a bundle without components",
      { lines: [line("B", "bundle", "10.00", 1)] },
      "BUNDLE_COMPONENTS",
      "lines[0].components",
    ],
    [
      "a bundle inside a bundle",
      {
        lines: [
          line("B", "bundle", "10.00", 1, [
            ["physical", "0.5"],
            ["bundle", "0.5"],
          ]),
        ],
      },
      "INVALID_SUPPLY",
      "lines[0].components[1].supply",
    ],
    [
      "components on a plain line",
      { lines: [line("B", "physical", "10.00", 1, [["physical", "1"]])] },
      "BUNDLE_COMPONENTS",
      "lines[0].components",
    ],
    ["a discount over 100%", { discountPercent: d("100.01") }, "INVALID_DISCOUNT", "discountPercent"],
    ["a negative discount", { discountPercent: d("-1") }, "INVALID_DISCOUNT", "discountPercent"],
    ["shipping in fractions of a cent", { shipping: d("1.005") }, "INVALID_SHIPPING", "shipping"],
    [
      "shipping without anything that ships",
      {
        lines: [line("E", "electronic", "10.00", 1), line("B", "bundle", "10.00", 1, [["electronic", "1"]])],
        shipping: d("4.95"),
      },
      "SHIPPING_WITHOUT_GOODS",
      "shipping",
    ],
  ];
  const invalidTable = invalid.flatMap(([name, change, code, field]) => [
    [name, "net", change, code, field, false] as const,
    [name, "gross", change, code, field, true] as const,
  ]);

  it.each(invalidTable)("refuses %s (%s prices)", (_name, _mode, change, code, field, pricesIncludeVat) => {
    const input: PricingInput = { pricesIncludeVat, lines: [line("L", "physical", "1.00", 1)], ...change };
    try {
      priceDocument(input, DEFAULT_CTX);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PricingError);
      expect(error).toMatchObject({ code, field });
      expect((error as PricingError).message.length).toBeGreaterThan(10);
    }
  });

  it("refuses a supply whose category has no rate on the date", () => {
    const ctx: PricingContext = { rates: new Map<VatCategory, Decimal>([["standard", d("21")]]) };
    expect(() => priceDocument({ pricesIncludeVat: false, lines: [line("L", "physical", "1.00", 1)] }, ctx)).toThrow(
      expect.objectContaining({ code: "NO_RATE", field: "date" }),
    );
    // a document that does not need the missing rate is fine
    expect(
      priceDocument({ pricesIncludeVat: false, lines: [line("L", "electronic", "1.00", 1)] }, ctx).totals.gross.toFixed(
        2,
      ),
    ).toBe("1.21");
  });

  it("accepts Decimals made by another decimal.js constructor", async () => {
    const { default: Plain } = await import("decimal.js");
    const b = priceDocument(
      {
        pricesIncludeVat: false,
        lines: [{ id: "L", supply: "physical", unitPrice: new Plain("0.3333"), quantity: 3 }],
      },
      DEFAULT_CTX,
    );
    expect(b.lines[0].amount.toFixed(2)).toBe("1.00");
    expect(b.lines[0].unitPrice).toBeInstanceOf(Decimal);
    expect(b.lines[0].unitPrice.toFixed()).toBe("0.3333");
  });
});

// The engine keeps amounts as integer cents and builds `lines` when they are first read.
describe("the breakdown's lines", () => {
  const mixed = (pricesIncludeVat: boolean): PricingInput => ({
    pricesIncludeVat,
    lines: [
      { ...line("P", "physical", "12.3456", 7), description: "Rekenboek" },
      {
        id: "B",
        supply: "bundle",
        unitPrice: d("49.99"),
        quantity: 3,
        components: [
          { supply: "physical", share: d("0.6"), description: "Boek" },
          { supply: "electronic", share: d("0.4"), description: "Licentie" },
        ],
      },
      // beyond the safe integers: the Decimal path
      line("X", "electronic", "999999999.9999", Number.MAX_SAFE_INTEGER),
    ],
    discountPercent: d("5"),
    shipping: d("4.95"),
  });

  it.each([false, true])(
    "are own, enumerable data as before: keys in order, spread and JSON (pricesIncludeVat %s)",
    (pricesIncludeVat) => {
      const b = priceDocument(mixed(pricesIncludeVat), DEFAULT_CTX);
      expect(Object.keys(b)).toEqual(["pricesIncludeVat", "lines", "allowances", "charges", "vatBreakdown", "totals"]);
      const spread = { ...priceDocument(mixed(pricesIncludeVat), DEFAULT_CTX) };
      expect(Object.getOwnPropertyDescriptor(spread, "lines")).toMatchObject({ writable: true, enumerable: true });
      expect(JSON.stringify(spread)).toBe(JSON.stringify(b));
      const json = JSON.parse(JSON.stringify(b)) as { lines: unknown[] };
      expect(json.lines).toEqual(JSON.parse(JSON.stringify(b.lines)));
      expect(b.lines).toBe(b.lines);
      expect(Object.getOwnPropertyDescriptor(b, "lines")).toMatchObject({ writable: true, enumerable: true });
    },
  );

  it.each([false, true])("hold every figure as computed (pricesIncludeVat %s)", (pricesIncludeVat) => {
    const [p, bundle, x] = priceDocument(mixed(pricesIncludeVat), DEFAULT_CTX).lines;
    expect(p).toMatchObject({ id: "P", description: "Rekenboek", supply: "physical", quantity: 7 });
    expect(p.unitPrice.toFixed()).toBe("12.3456");
    expect(p.amount.toFixed()).toBe("86.42");
    // A line of one part: its part's amount is the line's amount, the same Decimal.
    expect(p.parts).toHaveLength(1);
    expect(p.parts[0].amount).toBe(p.amount);
    expect(p.parts[0]).toMatchObject({ supply: "physical", category: "reduced" });
    expect(p.parts[0]).not.toHaveProperty("description");
    expect(bundle.amount.toFixed()).toBe("149.97");
    expect(bundle).not.toHaveProperty("description");
    expect(
      bundle.parts.map((part) => [part.supply, part.vatRate.toFixed(), part.amount.toFixed(), part.description]),
    ).toEqual([
      ["physical", "6", "89.98", "Boek"],
      ["electronic", "21", "59.99", "Licentie"],
    ]);
    expect(x.amount.toFixed(2)).toBe(new Decimal("999999999.9999").times(Number.MAX_SAFE_INTEGER).toFixed(2));
    expect(x.parts[0].amount).toBe(x.amount);
    if (!pricesIncludeVat) {
      for (const l of [p, bundle, x]) for (const part of l.parts) expect(part.net).toBe(part.amount);
    }
  });

  it("can be replaced", () => {
    const b = priceDocument(mixed(false), DEFAULT_CTX);
    b.lines = [];
    expect(b.lines).toEqual([]);
    const read = priceDocument(mixed(false), DEFAULT_CTX);
    const lines = read.lines;
    read.lines = lines.slice(1);
    expect(read.lines.map((l) => l.id)).toEqual(["B", "X"]);
  });

  it.each([false, true])(
    "of a document with more parts than lines: each bundle split as alone, the nets summing per rate (pricesIncludeVat %s)",
    (pricesIncludeVat) => {
      const lines = Array.from({ length: 60 }, (_, i): PricingLineInput => ({
        id: `B${i}`,
        supply: "bundle",
        unitPrice: d(`${7 + i}.${String((i * 37) % 100).padStart(2, "0")}`),
        quantity: 1 + (i % 9),
        components: [
          { supply: "physical", share: d("0.35"), description: `boek ${i}` },
          { supply: "electronic", share: d("0.45"), description: `licentie ${i}` },
          { supply: "goods", share: d("0.2"), description: `schrift ${i}` },
        ],
      }));
      const b = priceDocument({ pricesIncludeVat, lines, discountPercent: d("3") }, DEFAULT_CTX);
      expect(b.lines).toHaveLength(60);
      b.lines.forEach((l, i) => {
        const alone = priceDocument({ pricesIncludeVat, lines: [lines[i]] }, DEFAULT_CTX).lines[0];
        const shown = (x: typeof l) =>
          x.parts.map((part) => `${part.supply} ${part.amount.toFixed()} ${part.description}`);
        expect(shown(l)).toEqual(shown(alone));
      });
      for (const group of b.vatBreakdown) {
        const nets = b.lines
          .flatMap((l) => l.parts)
          .filter((part) => part.vatRate.eq(group.vatRate))
          .reduce((sum, part) => sum.plus(part.net), new Decimal(0));
        expect(nets.toFixed(2)).toBe(group.linesNet.toFixed(2));
      }
    },
  );
});
