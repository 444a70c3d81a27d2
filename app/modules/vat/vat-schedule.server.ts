/**
 * The VAT schedule as stored in the database (DESIGN.md §2: rates and the supply → category
 * mapping are data). Builds the VatContext (the pricing engine's PricingContext) for a date, and lets operator finance add a
 * rate through the pure `validateNewRate` rules, in one transaction.
 */
import { db, type Tx } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { ratesOn, validateNewRate, type VatContext, type VatRateRow } from "./vat-schedule";
import {
  DEFAULT_SUPPLY_CATEGORY,
  isComponentSupply,
  isVatCategory,
  type ComponentSupply,
  type VatCategory,
} from "./supply";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";

export async function loadVatRateRows(tx: Tx | typeof db = db): Promise<(VatRateRow & { id: string })[]> {
  const rows = await tx.vatRate.findMany({ orderBy: [{ category: "asc" }, { validFrom: "asc" }] });
  return rows
    .filter((r) => isVatCategory(r.category))
    .map((r) => ({
      id: r.id,
      category: r.category as VatCategory,
      percent: r.percent,
      validFrom: r.validFrom,
      validTo: r.validTo,
    }));
}

export async function loadSupplyCategories(tx: Tx | typeof db = db): Promise<Record<ComponentSupply, VatCategory>> {
  const mapping: Record<ComponentSupply, VatCategory> = { ...DEFAULT_SUPPLY_CATEGORY };
  for (const row of await tx.supplyCategory.findMany()) {
    if (isComponentSupply(row.supply) && isVatCategory(row.category)) mapping[row.supply] = row.category;
  }
  return mapping;
}

/** The pricing context (rates in force on `date`, supply mapping) from the database. Throws VatError NO_RATE. */
export async function loadVatRatesOn(date: string, tx: Tx | typeof db = db): Promise<VatContext> {
  const [rows, supplyCategory] = await Promise.all([loadVatRateRows(tx), loadSupplyCategories(tx)]);
  return { rates: ratesOn(rows, date, [...new Set(Object.values(supplyCategory))]), supplyCategory };
}

/**
 * Adds a rate from a date on (after today); an open-ended rate of the category is closed the day
 * before. Returns Dutch errors for the form instead of throwing.
 */
export async function addVatRate(
  input: { category: string; percent: string; validFrom: string; validTo: string | null },
  userId: string,
  today = todayInAmsterdam(),
): Promise<{ ok: true } | { ok: false; errors: string[] }> {
  return db.$transaction(async (tx) => {
    const rows = await loadVatRateRows(tx);
    const result = validateNewRate(rows, { ...input, category: input.category as VatCategory }, today);
    if (!result.ok) return result;
    for (const update of result.updates) {
      if (update.id) await tx.vatRate.update({ where: { id: update.id }, data: { validTo: update.validTo } });
    }
    const created = await tx.vatRate.create({
      data: {
        category: result.rate.category,
        percent: result.rate.percent,
        validFrom: result.rate.validFrom,
        validTo: result.rate.validTo,
        createdById: userId,
      },
    });
    await audit({ userId, action: "vat-rate.add", entity: "VatRate", entityId: created.id, detail: result.rate }, tx);
    return { ok: true as const };
  });
}
