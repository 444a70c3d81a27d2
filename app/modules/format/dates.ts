/**
 * Dates for people (issue 12): exactly two forms, both nl-NL.
 *   formatDate       "1 december 2026"  in running text, messages and on documents
 *   formatDateShort  "01-12-2026"       in a table column (and a table's date-time: formatDateTimeShort)
 * ISO ("2026-12-01") only in files (CSV, UBL, file names) and form values, never shown as text.
 * Either takes a calendar date ("2026-12-01", or the date part of an ISO string) or an instant
 * (a Date, e.g. a `createdAt`), which is the calendar day it was in Amsterdam.
 */
import { isIsoDate, todayInAmsterdam } from "~/modules/calendar/iso-date";

// Calendar dates carry no time: formatted at UTC midnight in UTC, so no zone shifts the day.
const LONG = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const SHORT = new Intl.DateTimeFormat("nl-NL", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });
const TIME = new Intl.DateTimeFormat("nl-NL", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });

/** A calendar date or an instant, as people mean it: the ISO date ("2026-12-01"). */
export type DateLike = string | Date;

function utc(value: DateLike): number {
  const date = value instanceof Date ? todayInAmsterdam(value) : value.slice(0, 10);
  if (!isIsoDate(date)) throw new TypeError(`not an ISO date: "${String(value)}"`);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

/** "2026-12-01" → "1 december 2026": a date in running text and on documents. */
export function formatDate(value: DateLike): string {
  return LONG.format(utc(value));
}

/** "2026-12-01" → "01-12-2026": a date in a table column. */
export function formatDateShort(value: DateLike): string {
  return SHORT.format(utc(value));
}

/** An instant → "01-12-2026 14:03" (Amsterdam time): a moment in a table column (audit log). */
export function formatDateTimeShort(instant: Date | string): string {
  const at = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(at.getTime())) throw new TypeError(`not an instant: "${String(instant)}"`);
  return `${formatDateShort(at)} ${TIME.format(at)}`;
}
