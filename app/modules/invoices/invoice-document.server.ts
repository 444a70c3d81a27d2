/**
 * Loading issued invoices and credit notes for the renderers (DESIGN §5): one stored Invoice
 * (with its lines, VAT lines, settlement and the invoice it corrects) becomes the
 * {@link InvoiceDocument} that the PDF, UBL, CSV and VAT-return code take. Nothing is
 * recomputed: every figure is the integer cents stored when the invoice was issued, and a
 * credit note keeps its positive amounts (its sign follows from its type).
 *
 * Access is decided IN THE QUERY (STYLE.md): operator finance sees every document, school
 * finance and school admins only their school's OWN purchases (schoolId and Order.kind SCHOOL in
 * the where clause: a parent's order carries the school's id, but its invoice is the parent's —
 * DESIGN §6 privacy), a parent only documents of orders they placed (Order.userId). Periods are read by keyset pagination in
 * batches, so an export of a year never holds the year in memory.
 */
import { db, type Db, type Prisma } from "~/db.server";
import type { SessionUser } from "~/modules/auth/users.server";
import { sortRates, type InvoiceCsvRecord } from "./csv";
import type { InvoiceDocument, Party, VatCategory } from "./invoice-document";
import { readParty } from "~/modules/orders/order-snapshots";
import { daysBetween } from "~/modules/calendar/iso-date";

export type InvoiceTypeFilter = "INVOICE" | "CREDIT_NOTE";
/** open: not settled and not credited; paid: settled (and not credited); credited: a credit note refers to it. */
export type InvoiceStatusFilter = "open" | "paid" | "credited";

export interface InvoiceFilter {
  /** inclusive ISO dates on the issue date */
  from?: string;
  /** SCHOOL: the school's own purchases only (what school staff may see); PARENT: consumer sales */
  orderKind?: "SCHOOL" | "PARENT";
  to?: string;
  schoolId?: string;
  type?: InvoiceTypeFilter;
  status?: InvoiceStatusFilter;
}

/** What a stored document is read with to become an {@link InvoiceDocument}. */
export const documentInclude = {
  lines: { orderBy: { position: "asc" } },
  vatLines: true,
  settlements: { select: { paidOn: true }, orderBy: { paidOn: "asc" }, take: 1 },
  corrects: { select: { number: true, issueDate: true } },
  school: { select: { paymentTermDays: true } },
} satisfies Prisma.InvoiceInclude;

export type InvoiceWithDocument = Prisma.InvoiceGetPayload<{ include: typeof documentInclude }>;

const CATEGORIES: readonly VatCategory[] = ["reduced", "standard", "zero"];
function category(value: string): VatCategory {
  if ((CATEGORIES as readonly string[]).includes(value)) return value as VatCategory;
  throw new Error(`Unknown VAT category "${value}" on a stored invoice`);
}

function party(json: string, what: string): Party {
  const p = readParty(json, what);
  return {
    name: p.name,
    street: p.street,
    postalCode: p.postalCode,
    city: p.city,
    country: p.country || "NL",
    kvkNumber: p.kvkNumber ?? null,
    // Snapshots taken before the OIN existed have none: the KvK number (if any) then applies.
    oin: p.oin ?? null,
    vatNumber: p.vatNumber ?? null,
    brin: p.brin ?? null,
    email: p.email ?? null,
    iban: p.iban ?? null,
  };
}

/**
 * The renderers' view of a stored invoice. The payment term is the one printed when it was
 * issued (due date − issue date); documents without a due date (paid online, credit notes)
 * show the school's term. `paid` means a settlement exists (online invoices get one at issue).
 */
export function toInvoiceDocument(invoice: InvoiceWithDocument): InvoiceDocument {
  return {
    type: invoice.type === "CREDIT_NOTE" ? "CREDIT_NOTE" : "INVOICE",
    number: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    currency: "EUR",
    orderNumber: invoice.orderNumber,
    poNumber: invoice.poNumber,
    correctsNumber: invoice.corrects?.number ?? null,
    correctsIssueDate: invoice.corrects?.issueDate ?? null,
    paymentMethod: invoice.paymentMethod === "ONLINE" ? "ONLINE" : "INVOICE",
    paymentMeansCode: invoice.paymentMeansCode,
    paymentTermDays: invoice.dueDate ? daysBetween(invoice.issueDate, invoice.dueDate) : invoice.school.paymentTermDays,
    paid: invoice.settlements.length > 0,
    seller: party(invoice.sellerJson, "Invoice.sellerJson"),
    buyer: party(invoice.buyerJson, "Invoice.buyerJson"),
    pricesIncludeVat: invoice.pricesIncludeVat,
    lines: invoice.lines.map((l) => ({
      position: l.position,
      description: l.description,
      ean: l.ean,
      quantity: l.quantity,
      unitPriceE4: l.unitPriceE4,
      vatRate: l.vatRate,
      category: category(l.category),
      netCents: l.netCents,
      grossCents: l.grossCents,
    })),
    vatLines: invoice.vatLines.map((v) => ({
      vatRate: v.vatRate,
      category: category(v.category),
      taxableCents: v.taxableCents,
      vatCents: v.vatCents,
      allowanceCents: v.allowanceCents,
      chargeCents: v.chargeCents,
    })),
    netCents: invoice.netCents,
    vatCents: invoice.vatCents,
    grossCents: invoice.grossCents,
  };
}

/**
 * The where clause of what `user` may see, or null when they may see nothing. Operator finance:
 * everything; school finance and school admin: their schools' own purchases (never a parent's
 * invoice, which names the parent); parent: documents of orders they placed. Roles combine (OR).
 */
export function invoiceScopeFor(user: SessionUser): Prisma.InvoiceWhereInput | null {
  if (user.roles.some((r) => r.role === "OPERATOR_FINANCE")) return {};
  const or: Prisma.InvoiceWhereInput[] = [];
  const schoolIds = user.roles
    .filter((r) => (r.role === "SCHOOL_FINANCE" || r.role === "SCHOOL_ADMIN") && r.organisationId)
    .map((r) => r.organisationId!);
  if (schoolIds.length) or.push({ schoolId: { in: schoolIds }, order: { kind: "SCHOOL" } });
  if (user.roles.some((r) => r.role === "PARENT")) or.push({ order: { userId: user.id } });
  if (or.length === 0) return null;
  return or.length === 1 ? or[0]! : { OR: or };
}

/** Loads one invoice or credit note as a document when `user` may see it; null otherwise. */
export async function findInvoiceForUser(invoiceId: string, user: SessionUser): Promise<InvoiceDocument | null> {
  const scope = invoiceScopeFor(user);
  if (!scope) return null;
  const invoice = await db.invoice.findFirst({ where: { AND: [{ id: invoiceId }, scope] }, include: documentInclude });
  return invoice ? toInvoiceDocument(invoice) : null;
}

/** The Prisma where clause for a filter (dates inclusive; the status applies to invoices only). */
export function invoiceWhere(filter: InvoiceFilter): Prisma.InvoiceWhereInput {
  const and: Prisma.InvoiceWhereInput[] = [];
  if (filter.from || filter.to) {
    and.push({ issueDate: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } });
  }
  if (filter.schoolId) and.push({ schoolId: filter.schoolId });
  if (filter.orderKind) and.push({ order: { kind: filter.orderKind } });
  if (filter.type) and.push({ type: filter.type });
  if (filter.status === "credited") and.push({ type: "INVOICE", corrections: { some: {} } });
  if (filter.status === "paid") and.push({ type: "INVOICE", corrections: { none: {} }, settlements: { some: {} } });
  if (filter.status === "open") and.push({ type: "INVOICE", corrections: { none: {} }, settlements: { none: {} } });
  return and.length === 0 ? {} : and.length === 1 ? and[0]! : { AND: and };
}

/** Keyset position: documents are read in (issueDate, number) order. */
interface Cursor {
  issueDate: string;
  number: string;
}

/**
 * Rows after the cursor. The redundant `issueDate >= …` lets the database range-scan the
 * issueDate index and sort only within one day (SQLite's partial sort, PostgreSQL's
 * incremental sort) instead of re-reading and sorting the rest of the period for every page.
 */
function after(cursor: Cursor | null): Prisma.InvoiceWhereInput {
  if (!cursor) return {};
  return {
    issueDate: { gte: cursor.issueDate },
    OR: [{ issueDate: { gt: cursor.issueDate } }, { number: { gt: cursor.number } }],
  };
}

/** The order documents are read in: issue date, then number. */
export const DOCUMENT_ORDER = [
  { issueDate: "asc" },
  { number: "asc" },
] satisfies Prisma.InvoiceOrderByWithRelationInput[];

async function* pages<T extends Cursor>(
  filter: InvoiceFilter,
  batchSize: number,
  fetch: (where: Prisma.InvoiceWhereInput, take: number) => Promise<T[]>,
): AsyncGenerator<T, void, undefined> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error("batchSize must be a positive integer");
  const base = invoiceWhere(filter);
  let cursor: Cursor | null = null;
  for (;;) {
    const batch = await fetch({ AND: [base, after(cursor)] }, batchSize);
    for (const row of batch) yield row;
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    cursor = { issueDate: last.issueDate, number: last.number };
  }
}

/**
 * Every document of a period as a full {@link InvoiceDocument}, in (issue date, number)
 * order, read `batchSize` at a time with keyset pagination (no OFFSET, one batch in memory).
 * `client` defaults to the app's database (the benchmark passes its own).
 */
export async function* iterateInvoices(
  filter: InvoiceFilter,
  batchSize = 500,
  client: Db = db,
): AsyncGenerator<InvoiceDocument, void, undefined> {
  for await (const invoice of pages(filter, batchSize, (where, take) =>
    client.invoice.findMany({ where, orderBy: DOCUMENT_ORDER, take, include: documentInclude }),
  )) {
    yield toInvoiceDocument(invoice);
  }
}

/**
 * The same period as CSV / VAT-return records (header and VAT lines only, no invoice lines):
 * what the CSV export, the VAT-return summary and the benchmark stream.
 */
export async function* iterateInvoiceRecords(
  filter: InvoiceFilter,
  batchSize = 500,
  client: Db = db,
): AsyncGenerator<InvoiceCsvRecord, void, undefined> {
  for await (const invoice of pages(filter, batchSize, (where, take) =>
    client.invoice.findMany({
      where,
      orderBy: DOCUMENT_ORDER,
      take,
      select: {
        number: true,
        issueDate: true,
        type: true,
        buyerName: true,
        orderNumber: true,
        poNumber: true,
        netCents: true,
        vatCents: true,
        grossCents: true,
        vatLines: { select: { vatRate: true, category: true, taxableCents: true, vatCents: true } },
      },
    }),
  )) {
    yield {
      number: invoice.number,
      issueDate: invoice.issueDate,
      type: invoice.type === "CREDIT_NOTE" ? "CREDIT_NOTE" : "INVOICE",
      customer: invoice.buyerName,
      orderNumber: invoice.orderNumber,
      poNumber: invoice.poNumber,
      vatLines: invoice.vatLines.map((v) => ({
        vatRate: v.vatRate,
        category: category(v.category),
        taxableCents: v.taxableCents,
        vatCents: v.vatCents,
      })),
      netCents: invoice.netCents,
      vatCents: invoice.vatCents,
      grossCents: invoice.grossCents,
    };
  }
}

/** The distinct VAT rates of a period's documents, in numeric order — the CSV's rate columns. */
export async function ratesInPeriod(filter: InvoiceFilter, client: Db = db): Promise<string[]> {
  // GROUP BY in the database: Prisma's `distinct` would fetch every VAT line and dedupe in memory.
  const rows = await client.invoiceVatLine.groupBy({ by: ["vatRate"], where: { invoice: invoiceWhere(filter) } });
  return sortRates(rows.map((r) => r.vatRate));
}

/**
 * One stored document as the renderers see it, read through `client` (a transaction when the
 * issuing code checks what it is about to commit).
 */
export async function loadInvoiceDocument(client: Pick<Db, "invoice">, id: string): Promise<InvoiceDocument> {
  return toInvoiceDocument(await client.invoice.findUniqueOrThrow({ where: { id }, include: documentInclude }));
}

/**
 * Every document of one order (its invoice and credit notes), as stored, in (issue date, number)
 * order, each readable with {@link toInvoiceDocument}: one read of the order's documents instead of
 * one per document.
 */
export function loadOrderDocuments(client: Pick<Db, "invoice">, orderId: string): Promise<InvoiceWithDocument[]> {
  return client.invoice.findMany({ where: { orderId }, orderBy: DOCUMENT_ORDER, include: documentInclude });
}
