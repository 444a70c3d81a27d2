/**
 * An order freezes everything it was priced with (DESIGN.md §2): the engine's input (unit
 * prices, quantities, bundle shares, discount, shipping), the rates in force and the whole
 * breakdown, as JSON with amounts as decimal strings. Later price or rate changes never touch it;
 * credit notes re-price subsets from the frozen input with the frozen rates.
 */
import { z } from "zod";
import { Decimal } from "~/modules/money/decimal";
import { parseJson } from "~/stored-json";
import type { Breakdown, PricingContext, PricingInput } from "./price-document";
import type { ComponentSupply, VatCategory } from "~/modules/vat/supply";

export interface FrozenPricing {
  version: 1;
  date: string;
  input: {
    pricesIncludeVat: boolean;
    discountPercent: string | null;
    shipping: string | null;
    lines: {
      id: string;
      description?: string;
      supply: string;
      unitPrice: string;
      quantity: number;
      components?: { supply: string; share: string; description?: string }[];
    }[];
  };
  rates: Record<string, string>;
  supplyCategory: Record<string, string>;
  breakdown: {
    lines: {
      id: string;
      quantity: number;
      unitPrice: string;
      amount: string;
      parts: { supply: string; category: string; vatRate: string; amount: string; net: string; description?: string }[];
    }[];
    allowances: { vatRate: string; category: string; amount: string }[];
    charges: { kind: string; vatRate: string; category: string; amount: string }[];
    vatBreakdown: {
      vatRate: string;
      category: string;
      linesAmount: string;
      allowance: string;
      charge: string;
      taxable: string;
      vat: string;
      gross: string;
      linesNet: string;
      allowanceNet: string;
      chargeNet: string;
    }[];
    totals: { net: string; vat: string; gross: string };
  };
}

const s = (d: Decimal) => d.toFixed();

export function freezePricing(
  date: string,
  input: PricingInput,
  context: PricingContext,
  breakdown: Breakdown,
): FrozenPricing {
  return {
    version: 1,
    date,
    input: {
      pricesIncludeVat: input.pricesIncludeVat,
      discountPercent: input.discountPercent ? s(input.discountPercent) : null,
      shipping: input.shipping ? s(input.shipping) : null,
      lines: input.lines.map((l) => ({
        id: l.id,
        description: l.description,
        supply: l.supply,
        unitPrice: s(l.unitPrice),
        quantity: l.quantity,
        components: l.components?.map((c) => ({ supply: c.supply, share: s(c.share), description: c.description })),
      })),
    },
    rates: Object.fromEntries([...context.rates].map(([k, v]) => [k, s(v)])),
    supplyCategory: { ...(context.supplyCategory ?? {}) },
    breakdown: {
      lines: breakdown.lines.map((l) => ({
        id: l.id,
        quantity: l.quantity,
        unitPrice: s(l.unitPrice),
        amount: l.amount.toFixed(2),
        parts: l.parts.map((p) => ({
          supply: p.supply,
          category: p.category,
          vatRate: s(p.vatRate),
          amount: p.amount.toFixed(2),
          net: p.net.toFixed(2),
          description: p.description,
        })),
      })),
      allowances: breakdown.allowances.map((a) => ({
        vatRate: s(a.vatRate),
        category: a.category,
        amount: a.amount.toFixed(2),
      })),
      charges: breakdown.charges.map((c) => ({
        kind: c.kind,
        vatRate: s(c.vatRate),
        category: c.category,
        amount: c.amount.toFixed(2),
      })),
      vatBreakdown: breakdown.vatBreakdown.map((g) => ({
        vatRate: s(g.vatRate),
        category: g.category,
        linesAmount: g.linesAmount.toFixed(2),
        allowance: g.allowance.toFixed(2),
        charge: g.charge.toFixed(2),
        taxable: g.taxable.toFixed(2),
        vat: g.vat.toFixed(2),
        gross: g.gross.toFixed(2),
        linesNet: g.linesNet.toFixed(2),
        allowanceNet: g.allowanceNet.toFixed(2),
        chargeNet: g.chargeNet.toFixed(2),
      })),
      totals: {
        net: breakdown.totals.net.toFixed(2),
        vat: breakdown.totals.vat.toFixed(2),
        gross: breakdown.totals.gross.toFixed(2),
      },
    },
  };
}

/** The frozen engine input and context, for re-pricing a subset (partial credit notes). */
export function thawInput(frozen: FrozenPricing): { input: PricingInput; context: PricingContext } {
  return {
    input: {
      pricesIncludeVat: frozen.input.pricesIncludeVat,
      discountPercent: frozen.input.discountPercent ? new Decimal(frozen.input.discountPercent) : undefined,
      shipping: frozen.input.shipping ? new Decimal(frozen.input.shipping) : undefined,
      lines: frozen.input.lines.map((l) => ({
        id: l.id,
        description: l.description,
        supply: l.supply as PricingInput["lines"][number]["supply"],
        unitPrice: new Decimal(l.unitPrice),
        quantity: l.quantity,
        components: l.components?.map((c) => ({
          supply: c.supply as ComponentSupply,
          share: new Decimal(c.share),
          description: c.description,
        })),
      })),
    },
    context: {
      rates: new Map(Object.entries(frozen.rates).map(([k, v]) => [k as VatCategory, new Decimal(v)])),
      supplyCategory: frozen.supplyCategory as Record<ComponentSupply, VatCategory>,
    },
  };
}

/** Decimal strings as freezePricing writes them ("35.16", "6", "-1.50"). */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);

/** What Order.breakdownJson holds; read through it once, where it leaves the database. */
export const frozenPricingSchema: z.ZodType<FrozenPricing> = z.object({
  version: z.literal(1, { errorMap: () => ({ message: "unknown frozen pricing version" }) }),
  date: z.string(),
  input: z.object({
    pricesIncludeVat: z.boolean(),
    discountPercent: decimal.nullable(),
    shipping: decimal.nullable(),
    lines: z.array(
      z.object({
        id: z.string(),
        description: z.string().optional(),
        supply: z.string(),
        unitPrice: decimal,
        quantity: z.number().int(),
        components: z
          .array(z.object({ supply: z.string(), share: decimal, description: z.string().optional() }))
          .optional(),
      }),
    ),
  }),
  rates: z.record(decimal),
  supplyCategory: z.record(z.string()),
  breakdown: z.object({
    lines: z.array(
      z.object({
        id: z.string(),
        quantity: z.number().int(),
        unitPrice: decimal,
        amount: decimal,
        parts: z.array(
          z.object({
            supply: z.string(),
            category: z.string(),
            vatRate: decimal,
            amount: decimal,
            net: decimal,
            description: z.string().optional(),
          }),
        ),
      }),
    ),
    allowances: z.array(z.object({ vatRate: decimal, category: z.string(), amount: decimal })),
    charges: z.array(z.object({ kind: z.string(), vatRate: decimal, category: z.string(), amount: decimal })),
    vatBreakdown: z.array(
      z.object({
        vatRate: decimal,
        category: z.string(),
        linesAmount: decimal,
        allowance: decimal,
        charge: decimal,
        taxable: decimal,
        vat: decimal,
        gross: decimal,
        linesNet: decimal,
        allowanceNet: decimal,
        chargeNet: decimal,
      }),
    ),
    totals: z.object({ net: decimal, vat: decimal, gross: decimal }),
  }),
});

export function parseFrozen(json: string): FrozenPricing {
  return parseJson(frozenPricingSchema, json, "Order.breakdownJson");
}
