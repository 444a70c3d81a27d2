import { addMonths, dayBefore } from "~/modules/calendar/iso-date";

/**
 * The last day a licence of `months` months that starts on `validFrom` is valid. `validTo` is
 * inclusive (the licence works on that day), so it is the day before the anniversary:
 * 2026-09-01 + 12 months → valid to 2027-08-31; 2026-01-31 + 1 month → 2026-02-27, the day
 * before 2026-02-28.
 */
export function licenceValidTo(validFrom: string, months: number): string {
  return dayBefore(addMonths(validFrom, months));
}

/**
 * Whether a licence is expired on `today` (both YYYY-MM-DD): its last valid day, validTo, lies
 * before today. Derived, never stored (docs/decisions/016-licence-expiry.md).
 */
export function isExpired(validTo: string, today: string): boolean {
  return validTo < today;
}
