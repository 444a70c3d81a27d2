/**
 * Periods (a quarter "2026-K3", a month "2026-07") and the invoice list's filter (GET
 * parameters) with its Dutch messages per field: one zod schema for the filter form in the
 * browser (conform) and for the list, the CSV and the UBL zip on the server.
 *
 * Pure: no Remix, no Prisma.
 */
import { z } from "zod";
import { isIsoDate } from "~/modules/calendar/iso-date";

function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}

export interface Period {
  from: string;
  to: string;
  label: string;
}

/** "2026-K3" (Dutch "kwartaal"; "2026-Q3" is accepted too) → 2026-07-01 … 2026-09-30. */
export function quarterPeriod(value: string): Period | null {
  const m = /^(\d{4})-[KQ]([1-4])$/i.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const q = Number(m[2]);
  const firstMonth = (q - 1) * 3 + 1;
  return {
    from: `${year}-${String(firstMonth).padStart(2, "0")}-01`,
    to: lastDayOfMonth(year, firstMonth + 2),
    label: `${year}-K${q}`,
  };
}

/** "2026-07" → 2026-07-01 … 2026-07-31. */
export function monthPeriod(value: string): Period | null {
  const m = /^(\d{4})-(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { from: `${m[1]}-${m[2]}-01`, to: lastDayOfMonth(year, month), label: `${m[1]}-${m[2]}` };
}

/** A month ("2026-07") or a quarter ("2026-K3"). */
export function parsePeriod(value: string): Period | null {
  return quarterPeriod(value) ?? monthPeriod(value);
}

/** The quarter that holds an ISO date, and the `count − 1` quarters before it (newest first). */
export function recentQuarters(todayIso: string, count: number): string[] {
  let year = Number(todayIso.slice(0, 4));
  let q = Math.floor((Number(todayIso.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}-K${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || isIsoDate(v), { message: "Vul een datum in als JJJJ-MM-DD." });

/** The list's filter form (GET parameters). Errors are Dutch and per field. */
export const invoiceFilterSchema = z
  .object({
    quarter: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || quarterPeriod(v) !== null, { message: "Kies een kwartaal als 2026-K3." }),
    from: optionalDate,
    to: optionalDate,
    school: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined)),
    type: z
      .enum(["", "INVOICE", "CREDIT_NOTE"])
      .optional()
      .transform((v) => (v ? v : undefined)),
    status: z
      .enum(["", "open", "paid", "credited"])
      .optional()
      .transform((v) => (v ? v : undefined)),
    page: z.coerce.number().int().min(1).max(100_000).optional().catch(1),
  })
  .transform((f) => {
    const quarter = f.quarter ? quarterPeriod(f.quarter) : null;
    return { ...f, from: quarter?.from ?? f.from, to: quarter?.to ?? f.to, page: f.page ?? 1 };
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "De begindatum ligt na de einddatum.", path: ["to"] });

export type ParsedInvoiceFilter = z.infer<typeof invoiceFilterSchema>;
