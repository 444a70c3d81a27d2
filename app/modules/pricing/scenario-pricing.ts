/**
 * Re-pricing under a "Wat als" scenario (issue 14 §4): an order's frozen engine input priced again
 * by the normal engine (priceDocument) with the scenario's table over the order's own frozen rates
 * and mapping, next to what was paid, summed per school. Nothing here writes: a scenario never
 * changes a real rate, an order or a stored document. The real table (REAL_TABLE) reproduces the
 * stored documents exactly (tested).
 *
 * Pure module: no Prisma, no Remix. Amounts are integer cents, as the engine rounded them.
 */
import { Decimal } from "~/modules/money/decimal";
import { toCents } from "~/modules/money/cents";
import { scenarioContext, type VatScenario } from "~/modules/vat/scenarios";
import { priceDocument, type Breakdown, type PricingContext, type PricingInput } from "./price-document";
import { thawInput, type FrozenPricing } from "./frozen-pricing";

export interface Totals {
  netCents: number;
  vatCents: number;
  grossCents: number;
}

const ZERO_TOTALS: Totals = Object.freeze({ netCents: 0, vatCents: 0, grossCents: 0 });

function totalsOf(b: Pick<Breakdown, "totals">): Totals {
  return {
    netCents: toCents(b.totals.net),
    vatCents: toCents(b.totals.vat),
    grossCents: toCents(b.totals.gross),
  };
}

/**
 * One frozen order priced again under `scenario` by the normal engine (its frozen input: unit
 * prices, quantities, bundle shares, discount, shipping, in its own price mode), next to what it
 * was priced at. With prices excluding VAT the net stays and the VAT moves; with prices including
 * VAT (parents) the gross stays and its split moves — as the engine prices any document.
 */
export function repriceFrozen(frozen: FrozenPricing, scenario: VatScenario): { paid: Totals; scenario: Totals } {
  const { input, context } = thawInput(frozen);
  const breakdown = priceDocument(input, scenarioContext(context, scenario));
  const paid = {
    netCents: toCents(new Decimal(frozen.breakdown.totals.net)),
    vatCents: toCents(new Decimal(frozen.breakdown.totals.vat)),
    grossCents: toCents(new Decimal(frozen.breakdown.totals.gross)),
  };
  return { paid, scenario: totalsOf(breakdown) };
}

/**
 * A document that is not an order yet (a cart's priced lines) under a scenario, next to the same
 * document under the real table of its date (`real`: the rates in force and the mapping). Both
 * through priceDocument; nothing is stored.
 */
export function compareDocument(
  input: PricingInput,
  real: PricingContext,
  scenario: VatScenario,
): { real: Totals; scenario: Totals } {
  return {
    real: totalsOf(priceDocument(input, real)),
    scenario: totalsOf(priceDocument(input, scenarioContext(real, scenario))),
  };
}

/** The engine's breakdown of a frozen order under a scenario (for tests and detail views). */
export function repriceBreakdown(frozen: FrozenPricing, scenario: VatScenario): Breakdown {
  const { input, context } = thawInput(frozen);
  return priceDocument(input, scenarioContext(context, scenario));
}

export interface ScenarioSchoolRow {
  schoolId: string;
  schoolName: string;
  orders: number;
  paid: Totals;
  scenario: Totals;
  /** scenario − paid, gross and VAT */
  grossDifferenceCents: number;
  vatDifferenceCents: number;
}

export interface ScenarioComparison {
  scenario: VatScenario;
  schools: ScenarioSchoolRow[];
  total: Omit<ScenarioSchoolRow, "schoolId" | "schoolName">;
}

const add = (a: Totals, b: Totals): Totals => ({
  netCents: a.netCents + b.netCents,
  vatCents: a.vatCents + b.vatCents,
  grossCents: a.grossCents + b.grossCents,
});

/** Adds orders one at a time and compares per school; memory grows with schools, not orders. */
export class ScenarioAccumulator {
  private readonly schools = new Map<string, ScenarioSchoolRow>();
  constructor(private readonly scenario: VatScenario) {}

  add(order: { schoolId: string; schoolName: string; frozen: FrozenPricing }): void {
    const { paid, scenario } = repriceFrozen(order.frozen, this.scenario);
    const row = this.schools.get(order.schoolId) ?? {
      schoolId: order.schoolId,
      schoolName: order.schoolName,
      orders: 0,
      paid: ZERO_TOTALS,
      scenario: ZERO_TOTALS,
      grossDifferenceCents: 0,
      vatDifferenceCents: 0,
    };
    row.orders++;
    row.paid = add(row.paid, paid);
    row.scenario = add(row.scenario, scenario);
    row.grossDifferenceCents = row.scenario.grossCents - row.paid.grossCents;
    row.vatDifferenceCents = row.scenario.vatCents - row.paid.vatCents;
    this.schools.set(order.schoolId, row);
  }

  result(): ScenarioComparison {
    const schools = [...this.schools.values()].sort((a, b) => a.schoolName.localeCompare(b.schoolName, "nl"));
    const paid = schools.reduce((s, r) => add(s, r.paid), ZERO_TOTALS);
    const scenario = schools.reduce((s, r) => add(s, r.scenario), ZERO_TOTALS);
    return {
      scenario: this.scenario,
      schools,
      total: {
        orders: schools.reduce((s, r) => s + r.orders, 0),
        paid,
        scenario,
        grossDifferenceCents: scenario.grossCents - paid.grossCents,
        vatDifferenceCents: scenario.vatCents - paid.vatCents,
      },
    };
  }
}
