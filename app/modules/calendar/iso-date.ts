/**
 * Calendar dates as ISO strings (YYYY-MM-DD), the form the database stores them in: dates
 * compare as strings because the format is fixed. No time zones except in todayInAmsterdam.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar day before an ISO date (dates compare as strings because the format is fixed). */
export function dayBefore(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day - 1));
  return date.toISOString().slice(0, 10);
}

const AMSTERDAM_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date in the Netherlands, YYYY-MM-DD: a quote's default date (DESIGN §4). */
export function todayInAmsterdam(now: Date = new Date()): string {
  return dayInAmsterdam(now);
}

/** The calendar day an instant (e.g. a `createdAt`) fell on in the Netherlands, YYYY-MM-DD — never the UTC day. */
export function dayInAmsterdam(instant: Date): string {
  const parts = AMSTERDAM_DAY.formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

function parts(isoDate: string): [number, number, number] {
  if (!isIsoDate(isoDate)) throw new TypeError(`not an ISO date: "${isoDate}"`);
  return isoDate.split("-").map(Number) as [number, number, number];
}

/** The ISO date `days` calendar days after (or, negative, before) an ISO date. */
export function addDays(isoDate: string, days: number): string {
  const [year, month, day] = parts(isoDate);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * The same day `months` calendar months later: 2026-09-01 + 12 = 2027-09-01. A day that the
 * target month lacks becomes its last day: 2026-01-31 + 1 = 2026-02-28, 2028-01-31 + 1 =
 * 2028-02-29.
 */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = parts(isoDate);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** Whole calendar days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  const [fy, fm, fd] = parts(fromIso);
  const [ty, tm, td] = parts(toIso);
  return (Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000;
}
