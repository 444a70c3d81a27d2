import { isIsoDate } from "~/modules/calendar/iso-date";

// Calendar dates carry no time: formatted at UTC midnight in UTC, so no zone shifts the day.
const LONG = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const SHORT = new Intl.DateTimeFormat("nl-NL", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });

function utc(iso: string): number {
  const date = iso.slice(0, 10);
  if (!isIsoDate(date)) throw new TypeError(`not an ISO date: "${iso}"`);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

/** "2026-12-01" → "1 december 2026": a date in running text and on documents. */
export function formatDate(iso: string): string {
  return LONG.format(utc(iso));
}

/** "2026-12-01" → "01-12-2026": a date in a table column. */
export function formatDateShort(iso: string): string {
  return SHORT.format(utc(iso));
}
