/**
 * "Wat als" scenarios (issue 14 §4): a named VAT table kept as data (the VatScenario table) —
 * per category a percent that replaces the rate in force, and supply → category entries over
 * the real mapping — and the VAT context it gives. Re-pricing under a scenario is in
 * pricing/scenario-pricing.ts (vat/ needs nothing from pricing/).
 *
 * The scenario with no entries is the real table itself: every order keeps its own frozen rates
 * and mapping. Pure module: no Prisma, no Remix.
 */
import { z } from "zod";
import { Decimal } from "~/modules/money/decimal";
import { DEFAULT_SUPPLY_CATEGORY, type ComponentSupply, type VatCategory } from "./supply";
import type { VatContext } from "./vat-schedule";

export interface VatScenario {
  slug: string;
  name: string;
  description: string;
  /** percent per category replacing the rate in force ("9") */
  rates: Partial<Record<VatCategory, string>>;
  /** supply → category over the real mapping */
  supplyCategory: Partial<Record<ComponentSupply, VatCategory>>;
}

/** The real table: no entries, every order keeps its own frozen rates and mapping. */
export const REAL_TABLE: VatScenario = Object.freeze({
  slug: "",
  name: "Werkelijke tarieven (zoals betaald)",
  description: "",
  rates: {},
  supplyCategory: {},
});

const category = z.enum(["reduced", "standard", "zero"]);
const percent = z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, "a percentage such as 9 or 5.5");
const ratesSchema = z.object({ reduced: percent, standard: percent, zero: percent }).partial().strict();
const mappingSchema = z.object({ physical: category, electronic: category, goods: category }).partial().strict();

/** A stored VatScenario row → a scenario; throws on JSON that is not a rate table (data to fix). */
export function parseScenario(row: {
  slug: string;
  name: string;
  description: string;
  ratesJson: string;
  supplyCategoryJson: string;
}): VatScenario {
  const rates = ratesSchema.parse(JSON.parse(row.ratesJson));
  const supplyCategory = mappingSchema.parse(JSON.parse(row.supplyCategoryJson));
  return { slug: row.slug, name: row.name, description: row.description, rates, supplyCategory };
}

/** The real context (rates in force, mapping) with the scenario's entries over it. */
export function scenarioContext(real: VatContext, scenario: VatScenario): VatContext {
  const rates = new Map(real.rates);
  for (const [cat, value] of Object.entries(scenario.rates) as [VatCategory, string][]) {
    rates.set(cat, new Decimal(value));
  }
  // An order frozen without a mapping was priced with the default one (the engine's fallback).
  const supplyCategory = { ...DEFAULT_SUPPLY_CATEGORY, ...real.supplyCategory, ...scenario.supplyCategory };
  return { rates, supplyCategory };
}
