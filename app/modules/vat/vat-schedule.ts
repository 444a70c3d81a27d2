import { Decimal } from "../money/decimal";
import { dayBefore, isIsoDate } from "~/modules/calendar/iso-date";
import { type ComponentSupply, DEFAULT_SUPPLY_CATEGORY, type VatCategory, isVatCategory } from "./supply";
import { VatError } from "./vat-error";

/**
 * One row of the VAT schedule. Dates are ISO `YYYY-MM-DD`; `validTo` is the last
 * day the rate applies (inclusive) or null while the rate is open-ended.
 */
/**
 * What a document's VAT depends on besides its lines: the rates in force on its date and the
 * supply → category mapping. The pricing engine takes it as its `PricingContext`; it is declared
 * here, next to the schedule that produces it, so that vat/ needs nothing from pricing/.
 */
export interface VatContext {
  /** The rates in force on the document's date (see `ratesOn`). */
  rates: Map<VatCategory, Decimal>;
  /** Supply → category mapping; DEFAULT_SUPPLY_CATEGORY when absent. */
  supplyCategory?: Record<ComponentSupply, VatCategory>;
}

export type VatRateRow = {
  id?: string;
  category: VatCategory;
  percent: string;
  validFrom: string;
  validTo: string | null;
};

/** The schedule this shop was asked for (DESIGN §2): reduced 6%, standard 21%. */
export const DEFAULT_VAT_RATES: readonly VatRateRow[] = Object.freeze([
  { category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: null },
  { category: "standard", percent: "21", validFrom: "2000-01-01", validTo: null },
]);

/** The categories the default supply mapping needs (reduced, standard). */
export const NEEDED_CATEGORIES: readonly VatCategory[] = [...new Set(Object.values(DEFAULT_SUPPLY_CATEGORY))];

function inForce(row: VatRateRow, date: string): boolean {
  return row.validFrom <= date && (row.validTo === null || date <= row.validTo);
}

/**
 * The rates in force on `date`, one per category that has one. Throws
 * `VatError('NO_RATE')` when a category in `needed` has no rate that day and
 * `VatError('OVERLAPPING_RATES')` when a category has two (the schedule is broken).
 */
export function ratesOn(
  rows: readonly VatRateRow[],
  date: string,
  needed: readonly VatCategory[] = NEEDED_CATEGORIES,
): Map<VatCategory, Decimal> {
  if (!isIsoDate(date)) {
    throw new VatError("INVALID_DATE", `"${String(date)}" is not a date in the form YYYY-MM-DD.`, { field: "date" });
  }
  const rates = new Map<VatCategory, Decimal>();
  for (const row of rows) {
    if (!inForce(row, date)) continue;
    if (rates.has(row.category)) {
      throw new VatError("OVERLAPPING_RATES", `The VAT schedule has two ${row.category} rates in force on ${date}.`, {
        field: "date",
        category: row.category,
      });
    }
    rates.set(row.category, new Decimal(row.percent));
  }
  for (const category of needed) {
    if (!rates.has(category)) {
      throw new VatError("NO_RATE", `No ${category} VAT rate is in force on ${date}.`, {
        field: "date",
        category,
      });
    }
  }
  return rates;
}

export type ValidateNewRateResult =
  { ok: true; rate: VatRateRow; updates: VatRateRow[] } | { ok: false; errors: string[] };

const PERCENT_PATTERN = /^\d{1,3}(?:\.\d{1,2})?$/;

function overlaps(aFrom: string, aTo: string | null, bFrom: string, bTo: string | null): boolean {
  return (aTo === null || bFrom <= aTo) && (bTo === null || aFrom <= bTo);
}

/**
 * Checks a rate that operator finance wants to add. A new rate starts after
 * `today` (a quote, order or invoice already made keeps the rate of its date), it
 * may not overlap a bounded period of its category, and an open-ended rate of
 * its category that starts earlier is closed the day before the new one starts
 * (that row, with its new `validTo`, is returned in `updates`). Errors are Dutch
 * sentences for the admin form.
 */
export function validateNewRate(
  rows: readonly VatRateRow[],
  candidate: VatRateRow,
  today: string,
): ValidateNewRateResult {
  const errors: string[] = [];
  if (!isVatCategory(candidate.category)) {
    errors.push("Kies een btw-categorie: verlaagd, algemeen of nul.");
  }
  if (
    typeof candidate.percent !== "string" ||
    !PERCENT_PATTERN.test(candidate.percent) ||
    new Decimal(candidate.percent).gt(100)
  ) {
    errors.push(
      "Het percentage moet een getal tussen 0 en 100 zijn, met hoogstens twee decimalen (bijvoorbeeld 9 of 5.5).",
    );
  }
  const fromValid = isIsoDate(candidate.validFrom);
  if (!fromValid) {
    errors.push("De ingangsdatum is geen geldige datum (JJJJ-MM-DD).");
  } else if (candidate.validFrom <= today) {
    errors.push(
      `De ingangsdatum moet na vandaag (${today}) liggen: offertes, bestellingen en facturen van eerdere data houden hun tarief.`,
    );
  }
  if (candidate.validTo !== null) {
    if (!isIsoDate(candidate.validTo)) {
      errors.push("De einddatum is geen geldige datum (JJJJ-MM-DD).");
    } else if (fromValid && candidate.validTo < candidate.validFrom) {
      errors.push("De einddatum ligt vóór de ingangsdatum.");
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const updates: VatRateRow[] = [];
  for (const row of rows) {
    if (row.category !== candidate.category) continue;
    if (row.validTo === null && row.validFrom < candidate.validFrom) {
      if (candidate.validTo !== null) {
        errors.push(
          `Het doorlopende tarief van ${row.percent}% (vanaf ${row.validFrom}) zou op ${dayBefore(candidate.validFrom)} eindigen; ` +
            `na ${candidate.validTo} gold dan geen tarief meer. Laat de einddatum leeg.`,
        );
      } else {
        updates.push({ ...row, validTo: dayBefore(candidate.validFrom) });
      }
      continue;
    }
    if (overlaps(row.validFrom, row.validTo, candidate.validFrom, candidate.validTo)) {
      const period = row.validTo === null ? `vanaf ${row.validFrom}` : `${row.validFrom} t/m ${row.validTo}`;
      errors.push(`Dit tarief overlapt het bestaande tarief van ${row.percent}% (${period}).`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rate: { ...candidate }, updates };
}
