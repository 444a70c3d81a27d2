/**
 * The VAT schedule as stored in the database (DESIGN.md §2: rates and the supply → category
 * mapping are data). Builds the VatContext (the pricing engine's PricingContext) for a date, and lets operator finance add a
 * rate through the pure `validateNewRate` rules, in one transaction.
 *
 * Hot reads (the quote API, the footer of every page, cart pricing) take the schedule from memory
 * (docs/decisions/010-sqlite-server-config-and-hot-reads.md): it is read again at most every
 * VAT_SCHEDULE_REFRESH_MS (60 s) and at once on the instance where a rate is added. That is safe
 * because a rate can only be added from a later day on (validateNewRate): another instance sees it
 * within a minute, long before it is in force. Reads inside a transaction still go to the database.
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
import { onResetAppState } from "~/app-state.server";

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

/** The stored schedule: its rate rows and the supply → category mapping. */
export interface VatSchedule {
  rows: readonly VatRateRow[];
  supplyCategory: Record<ComponentSupply, VatCategory>;
}

async function loadVatSchedule(tx: Tx | typeof db = db): Promise<VatSchedule> {
  const [rows, supplyCategory] = await Promise.all([loadVatRateRows(tx), loadSupplyCategories(tx)]);
  return { rows, supplyCategory };
}

function contextOn(schedule: VatSchedule, date: string): VatContext {
  const { rows, supplyCategory } = schedule;
  return { rates: ratesOn(rows, date, [...new Set(Object.values(supplyCategory))]), supplyCategory };
}

/** How long a schedule read into memory is used before it is read again (see the header). */
export const VAT_SCHEDULE_REFRESH_MS = 60_000;

/**
 * The schedule held in memory, read again when older than `refreshMs` (concurrent callers share one
 * read) or at once after `reload()`. The clock and the loader are injectable for tests.
 */
export class VatScheduleCache {
  #current: { schedule: VatSchedule; loadedAt: number } | undefined;
  #loading: Promise<VatSchedule> | undefined;
  #generation = 0;

  constructor(
    private readonly options: {
      load?: () => Promise<VatSchedule>;
      refreshMs?: number;
      now?: () => number;
    } = {},
  ) {}

  /** The schedule, from memory while fresh. */
  async get(): Promise<VatSchedule> {
    const now = (this.options.now ?? Date.now)();
    const current = this.#current;
    if (current && now - current.loadedAt < (this.options.refreshMs ?? VAT_SCHEDULE_REFRESH_MS))
      return current.schedule;
    return this.#loading ?? this.#read();
  }

  /** Reads the schedule again now (the instance that added a rate calls this after its commit). */
  async reload(): Promise<VatSchedule> {
    return this.#read();
  }

  /** Forgets the schedule held (tests that write the schedule directly call this). */
  clear(): void {
    this.#current = undefined;
    this.#loading = undefined;
    this.#generation++;
  }

  #read(): Promise<VatSchedule> {
    const generation = ++this.#generation;
    const loading = (this.options.load ?? (() => loadVatSchedule()))()
      .then((schedule) => {
        // A later read (reload after an added rate) wins over one that started before it.
        if (generation === this.#generation) {
          this.#current = { schedule, loadedAt: (this.options.now ?? Date.now)() };
        }
        return schedule;
      })
      .finally(() => {
        if (this.#loading === loading) this.#loading = undefined;
      });
    this.#loading = loading;
    return loading;
  }
}

declare global {
  // One per process: the Remix build and the server entry (server/app.ts) each load this module,
  // and a rate added through a page must reach the schedule the quote API reads.
  var __leerwinkelVatSchedule: VatScheduleCache | undefined;
}

/** This process's schedule in memory. */
export const vatSchedule: VatScheduleCache = (globalThis.__leerwinkelVatSchedule ??= new VatScheduleCache());
onResetAppState(() => vatSchedule.clear());

/**
 * The pricing context (rates in force on `date`, supply mapping): from the schedule in memory, or
 * inside a transaction (`tx` given) from the database. Throws VatError NO_RATE / INVALID_DATE.
 */
export async function loadVatRatesOn(date: string, tx: Tx | typeof db = db): Promise<VatContext> {
  if (tx !== db) return contextOn(await loadVatSchedule(tx), date);
  return memoisedContextOn(await vatSchedule.get(), date);
}

/** Contexts of the schedule held in memory, per date (they are read-only; a new schedule starts afresh). */
const contextsBySchedule = new WeakMap<VatSchedule, Map<string, VatContext>>();
const MAX_MEMOISED_DATES = 400;

function memoisedContextOn(schedule: VatSchedule, date: string): VatContext {
  let byDate = contextsBySchedule.get(schedule);
  if (byDate === undefined) contextsBySchedule.set(schedule, (byDate = new Map()));
  let context = byDate.get(date);
  if (context === undefined) {
    context = contextOn(schedule, date); // throws for a date without rates: not remembered
    if (byDate.size >= MAX_MEMOISED_DATES) byDate.clear();
    byDate.set(date, context);
  }
  return context;
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
  const outcome = await db.$transaction(async (tx) => {
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
  // This instance uses the new rate at once; the others within VAT_SCHEDULE_REFRESH_MS.
  if (outcome.ok) await vatSchedule.reload();
  return outcome;
}
