/**
 * The finance views of issued documents (DESIGN §1 "operator finance", §5): the filtered,
 * paginated list with totals of the whole filtered set, recording that an invoice on account
 * was paid (an InvoiceSettlement beside the immutable invoice), and the VAT-return summary of
 * a period. Amounts are integer cents as stored; totals are sums of the stored figures
 * (credit notes subtracted), so every total equals the sum of its rows to the cent.
 */
import { db } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import type { SessionUser } from "~/modules/auth/users.server";
import { invoiceWhere, iterateInvoiceRecords, type InvoiceFilter } from "./invoice-document.server";
import { summariseVatReturnStream, type VatReturnSummary } from "./vat-return";
import { CSV_BOM, CSV_EOL, CSV_SEPARATOR } from "./csv";
import { formatCentsPlain } from "./format";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { DomainError } from "~/modules/errors/domain-error";
import { paymentDateProblem, type PaymentDateProblem } from "./payment-date";
import type { Period } from "./invoice-filter";

// ---------------------------------------------------------------- periods and the list's filter

// Pure, so that the filter form's schema is shared with the browser (./invoice-filter.ts).
export {
  invoiceFilterSchema,
  monthPeriod,
  parsePeriod,
  quarterPeriod,
  recentQuarters,
  type ParsedInvoiceFilter,
  type Period,
} from "./invoice-filter";

// ---------------------------------------------------------------- list

export type InvoiceStatus = "open" | "paid" | "credited" | "credit-note";

export interface InvoiceListRow {
  id: string;
  number: string;
  type: "INVOICE" | "CREDIT_NOTE";
  issueDate: string;
  dueDate: string | null;
  buyerName: string;
  schoolName: string;
  orderNumber: string;
  poNumber: string | null;
  paymentMethod: string;
  /** signed: credit notes negative */
  netCents: number;
  vatCents: number;
  grossCents: number;
  status: InvoiceStatus;
  /** an invoice on account that is neither paid nor credited */
  canMarkPaid: boolean;
}

export interface InvoiceTotals {
  invoiceCount: number;
  creditNoteCount: number;
  /** invoices minus credit notes */
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface InvoiceList {
  rows: InvoiceListRow[];
  total: number;
  page: number;
  pageCount: number;
  totals: InvoiceTotals;
}

/**
 * One page of the filtered documents (newest first) and the totals of the WHOLE filtered set
 * (summed in the database from the stored cents, credit notes subtracted).
 */
export async function listInvoices(filter: InvoiceFilter, page: number, pageSize = 25): Promise<InvoiceList> {
  const where = invoiceWhere(filter);
  const [sums, total] = await Promise.all([
    db.invoice.groupBy({
      by: ["type"],
      where,
      _count: { _all: true },
      _sum: { netCents: true, vatCents: true, grossCents: true },
    }),
    db.invoice.count({ where }),
  ]);
  const totals: InvoiceTotals = { invoiceCount: 0, creditNoteCount: 0, netCents: 0, vatCents: 0, grossCents: 0 };
  for (const group of sums) {
    const sign = group.type === "CREDIT_NOTE" ? -1 : 1;
    if (group.type === "CREDIT_NOTE") totals.creditNoteCount += group._count._all;
    else totals.invoiceCount += group._count._all;
    totals.netCents += sign * (group._sum.netCents ?? 0);
    totals.vatCents += sign * (group._sum.vatCents ?? 0);
    totals.grossCents += sign * (group._sum.grossCents ?? 0);
  }
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  const invoices = await db.invoice.findMany({
    where,
    orderBy: [{ issueDate: "desc" }, { number: "desc" }],
    skip: (current - 1) * pageSize,
    take: pageSize,
    select: {
      id: true,
      number: true,
      type: true,
      issueDate: true,
      dueDate: true,
      buyerName: true,
      orderNumber: true,
      poNumber: true,
      paymentMethod: true,
      netCents: true,
      vatCents: true,
      grossCents: true,
      school: { select: { name: true } },
      _count: { select: { settlements: true, corrections: true } },
    },
  });
  const rows = invoices.map((i): InvoiceListRow => {
    const credit = i.type === "CREDIT_NOTE";
    const sign = credit ? -1 : 1;
    const status: InvoiceStatus = credit
      ? "credit-note"
      : i._count.corrections > 0
        ? "credited"
        : i._count.settlements > 0
          ? "paid"
          : "open";
    return {
      id: i.id,
      number: i.number,
      type: credit ? "CREDIT_NOTE" : "INVOICE",
      issueDate: i.issueDate,
      dueDate: i.dueDate,
      buyerName: i.buyerName,
      schoolName: i.school.name,
      orderNumber: i.orderNumber,
      poNumber: i.poNumber,
      paymentMethod: i.paymentMethod,
      netCents: sign * i.netCents,
      vatCents: sign * i.vatCents,
      grossCents: sign * i.grossCents,
      status,
      canMarkPaid: status === "open" && i.paymentMethod === "INVOICE",
    };
  });
  return { rows, total, page: current, pageCount, totals };
}

// ---------------------------------------------------------------- settlement

type SettlementErrorCode = "NOT_FOUND" | "NOT_OPEN" | PaymentDateProblem["code"];

const SETTLEMENT_ERROR_STATUS: Record<SettlementErrorCode, number> = {
  NOT_FOUND: 404,
  NOT_OPEN: 409,
  PAID_IN_FUTURE: 400,
  PAID_BEFORE_INVOICE: 400,
};

/** Why an invoice cannot be marked paid; a wrong payment date is about the `paidOn` field. */
export class SettlementError extends DomainError<SettlementErrorCode> {
  constructor(code: SettlementErrorCode, message: string) {
    super(code, message, {
      status: SETTLEMENT_ERROR_STATUS[code],
      field: code === "PAID_IN_FUTURE" || code === "PAID_BEFORE_INVOICE" ? "paidOn" : undefined,
    });
  }
}

/**
 * Records that an open invoice on account was paid on `paidOn`: an InvoiceSettlement row (the
 * invoice itself is immutable) and its order PLACED → PAID, in one transaction. The order row
 * is written first so that, on PostgreSQL, a second concurrent request waits for this one and
 * then sees the settlement (no double settlement); SQLite serialises writers anyway.
 * `schoolId` scopes the lookup (null for operator finance). The payment date lies between the
 * invoice date and today in Europe/Amsterdam (`today`, for tests), both inclusive
 * (payment-date.ts). Refusals throw a SettlementError.
 */
export async function markInvoicePaid(input: {
  invoiceId: string;
  schoolId: string | null;
  userId: string;
  paidOn: string;
  today?: string;
}): Promise<{ number: string }> {
  return db.$transaction(async (tx) => {
    const invoice = await tx.invoice.findFirst({
      where: { id: input.invoiceId, type: "INVOICE", ...(input.schoolId ? { schoolId: input.schoolId } : {}) },
      select: { id: true, number: true, orderId: true, paymentMethod: true, issueDate: true },
    });
    if (!invoice) throw new SettlementError("NOT_FOUND", "Deze factuur bestaat niet.");
    const problem = paymentDateProblem(input.paidOn, {
      today: input.today ?? todayInAmsterdam(),
      issueDate: invoice.issueDate,
    });
    if (problem) throw new SettlementError(problem.code, problem.message);
    // Takes the order's row lock before the checks below (see the doc comment).
    await tx.order.updateMany({ where: { id: invoice.orderId }, data: { updatedAt: new Date() } });
    const [settled, credited] = await Promise.all([
      tx.invoiceSettlement.count({ where: { invoiceId: invoice.id } }),
      tx.invoice.count({ where: { correctsId: invoice.id } }),
    ]);
    if (invoice.paymentMethod !== "INVOICE" || settled > 0 || credited > 0)
      throw new SettlementError("NOT_OPEN", `Factuur ${invoice.number} staat niet (meer) open.`);
    await tx.invoiceSettlement.create({
      data: { invoiceId: invoice.id, paidOn: input.paidOn, markedById: input.userId },
    });
    await tx.order.updateMany({
      where: { id: invoice.orderId, status: "PLACED" },
      data: { status: "PAID", paidAt: new Date() },
    });
    await audit(
      {
        userId: input.userId,
        action: "invoice.settle",
        entity: "Invoice",
        entityId: invoice.id,
        detail: { number: invoice.number, paidOn: input.paidOn },
      },
      tx,
    );
    return { number: invoice.number };
  });
}

// ---------------------------------------------------------------- VAT return

/**
 * The VAT-return summary of a period (all schools): streamed through the same records as the
 * CSV export, so the two reconcile to the cent.
 */
export async function vatReturnFor(period: { from: string; to: string }): Promise<VatReturnSummary> {
  return summariseVatReturnStream(iterateInvoiceRecords({ from: period.from, to: period.to }));
}

// ---------------------------------------------------------------- who sees what

/**
 * The finance scope of a user: operator finance sees every school (and may pick one),
 * school finance only its own school. Null when the user has neither role.
 */
export function financeScopeOf(
  user: SessionUser,
): { operator: true; schoolId: null } | { operator: false; schoolId: string } | null {
  if (user.roles.some((r) => r.role === "OPERATOR_FINANCE")) return { operator: true, schoolId: null };
  const membership = user.roles.find((r) => r.role === "SCHOOL_FINANCE" && r.organisationId);
  return membership ? { operator: false, schoolId: membership.organisationId! } : null;
}

export type FinanceScope = NonNullable<ReturnType<typeof financeScopeOf>>;

/**
 * The invoice filter a finance user may run: operator finance any school (or all), school
 * finance its own school's OWN purchases only — a parent's order carries the school's id, but
 * consumer sales are the distributor's books, not the school's, and they name the parent
 * (DESIGN §6 privacy). The restriction is part of the query (STYLE.md), whatever the form says.
 */
export function scopedInvoiceFilter(
  scope: FinanceScope,
  f: { from?: string; to?: string; type?: InvoiceFilter["type"]; status?: InvoiceFilter["status"]; school?: string },
): InvoiceFilter {
  const base = { from: f.from, to: f.to, type: f.type, status: f.status };
  return scope.operator ? { ...base, schoolId: f.school } : { ...base, schoolId: scope.schoolId, orderKind: "SCHOOL" };
}

/** Schools to pick from in the operator's filter. */
export async function schoolOptions(): Promise<{ id: string; name: string }[]> {
  return db.organisation.findMany({
    where: { kind: "SCHOOL" },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}

/**
 * The VAT-return summary as CSV (`;`, UTF-8 with BOM, decimal point): one row per rate, then
 * one per box with the whole-euro figures for the form. Exact cents, nothing re-rounded.
 */
export function vatReturnCsv(summary: VatReturnSummary, period: Period): string {
  const money = (cents: number) => formatCentsPlain(cents);
  const rows = [
    ["Periode", "Van", "Tot en met", "Rubriek", "Tarief", "Omzet", "Btw", "Omzet (hele euro's)", "Btw (hele euro's)"],
  ];
  for (const r of summary.rates)
    rows.push([
      period.label,
      period.from,
      period.to,
      r.box,
      `${r.vatRate}%`,
      money(r.turnoverCents),
      money(r.vatCents),
      "",
      "",
    ]);
  for (const b of summary.boxes)
    rows.push([
      period.label,
      period.from,
      period.to,
      b.box,
      "totaal",
      money(b.turnoverCents),
      money(b.vatCents),
      String(b.turnoverEuros),
      String(b.vatEuros),
    ]);
  rows.push([
    period.label,
    period.from,
    period.to,
    "",
    "totaal",
    money(summary.totalTurnoverCents),
    money(summary.totalVatCents),
    "",
    "",
  ]);
  return CSV_BOM + rows.map((r) => r.join(CSV_SEPARATOR)).join(CSV_EOL) + CSV_EOL;
}
