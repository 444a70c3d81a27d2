/**
 * Issuing invoices and credit notes (DESIGN.md §2, §5, §6). An invoice is made from an order's
 * frozen pricing inside the caller's transaction, numbered from the gap-free sequence of its
 * series and year, and never updated afterwards (database triggers refuse it). Each invoice line
 * names the order line it bills. A credit note is derived from its invoice's own lines by
 * invoice-line id (credit-note.ts): never more than what is still open per line and per rate,
 * and "the rest" is exactly what is open (shipping included).
 *
 * Every document is checked in the same transaction, read back as the renderers will read it,
 * before the transaction can commit: lines sum to the taxable amount per rate, VAT per rate,
 * totals (EN 16931 BR-CO-10…17, BR-S-08), and for a credit note that the invoice's credit notes
 * together never exceed it. A document that fails is refused with a Dutch message; the caller's
 * transaction rolls back, so nothing of it is stored.
 */
import type { Tx } from "~/db.server";
import { formatDocumentNumber, nextSequence } from "~/modules/numbering/numbering.server";
import { parseFrozen } from "~/modules/pricing/frozen-pricing";
import { creditRows, CreditNoteError, openPart, type CreditRequest } from "./credit-note";
import { assertDocumentConsistent, InvoiceDocumentError } from "./invoice-document";
import { DOCUMENT_ORDER, loadInvoiceDocument, loadOrderDocuments, toInvoiceDocument } from "./invoice-document.server";
import { invoiceRowsFromBreakdown, type InvoiceRows } from "./invoice-rows";
import { paymentMeansCode } from "./payment-means";
import { readParty } from "~/modules/orders/order-snapshots";
import type { InvoiceType, PaymentMethod } from "~/db-enums";
import { DomainError } from "~/modules/errors/domain-error";
import { addDays } from "~/modules/calendar/iso-date";

export const INVOICE_SERIES = {
  INVOICE: { series: "F", prefix: "" },
  CREDIT_NOTE: { series: "C", prefix: "C" },
} as const;

export type InvoiceIssueErrorCode = "NOTHING_TO_CREDIT" | "NO_INVOICE" | "TOO_MANY" | "NO_SELLER" | "INCONSISTENT";

export class InvoiceIssueError extends DomainError<InvoiceIssueErrorCode> {
  constructor(code: InvoiceIssueErrorCode, message: string) {
    super(code, message, {
      status: code === "NO_SELLER" || code === "INCONSISTENT" ? 500 : code === "NO_INVOICE" ? 404 : 409,
    });
  }
}

async function sellerSnapshot(tx: Tx) {
  const seller = await tx.organisation.findFirst({ where: { kind: "OPERATOR" }, orderBy: { createdAt: "asc" } });
  if (!seller) throw new InvoiceIssueError("NO_SELLER", "The operator organisation (seller) is missing.");
  return {
    name: seller.name,
    street: seller.street,
    postalCode: seller.postalCode,
    city: seller.city,
    country: seller.country,
    kvkNumber: seller.kvkNumber,
    vatNumber: seller.vatNumber,
    email: seller.email,
    iban: seller.iban,
  };
}

async function createInvoiceRow(
  tx: Tx,
  type: InvoiceType,
  order: {
    id: string;
    number: string;
    schoolId: string;
    poNumber: string | null;
    paymentMethod: PaymentMethod;
    pricesIncludeVat: boolean;
    buyerJson: string;
    /** the buyer's payment term (an invoice on account is due this many days after issue); null for a credit note */
    school: { paymentTermDays: number } | null;
  },
  rows: InvoiceRows,
  issueDate: string,
  correctsId: string | null,
  settled: boolean,
  meansCode: string,
) {
  const onAccount = type === "INVOICE" && order.paymentMethod === "INVOICE";
  if (onAccount && !order.school) throw new Error("An invoice on account needs the buyer's payment term.");
  const year = Number(issueDate.slice(0, 4));
  const { series, prefix } = INVOICE_SERIES[type];
  const sequence = await nextSequence(tx, series, year);
  const buyer = readParty(order.buyerJson, "Order.buyerJson");
  const invoice = await tx.invoice.create({
    data: {
      type,
      series,
      year,
      sequence,
      number: formatDocumentNumber(prefix, year, sequence),
      orderId: order.id,
      correctsId,
      schoolId: order.schoolId,
      issueDate,
      dueDate: onAccount ? addDays(issueDate, order.school!.paymentTermDays) : null,
      paymentMethod: order.paymentMethod,
      paymentMeansCode: meansCode,
      buyerName: buyer.name,
      buyerJson: order.buyerJson,
      sellerJson: JSON.stringify(await sellerSnapshot(tx)),
      orderNumber: order.number,
      poNumber: order.poNumber,
      pricesIncludeVat: order.pricesIncludeVat,
      netCents: rows.netCents,
      vatCents: rows.vatCents,
      grossCents: rows.grossCents,
      lines: { create: rows.lines },
      vatLines: { create: rows.vatLines },
    },
  });
  if (settled) await tx.invoiceSettlement.create({ data: { invoiceId: invoice.id, paidOn: issueDate } });
  await checkStoredDocument(tx, invoice.id, type, order.id);
  return invoice;
}

const orderForInvoice = {
  school: { select: { paymentTermDays: true } },
  lines: { orderBy: { position: "asc" as const } },
};

/** Issues the order's invoice once; returns the existing one when it was issued before. */
export async function issueInvoiceForOrder(
  tx: Tx,
  orderId: string,
  issueDate: string,
  options: { paid?: boolean } = {},
) {
  const existing = await tx.invoice.findFirst({ where: { orderId, type: "INVOICE" } });
  if (existing) return existing;
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: orderForInvoice });
  const frozen = parseFrozen(order.breakdownJson);
  const meta = new Map(
    order.lines.map((l) => [String(l.position), { description: l.description, ean: l.ean, orderLineId: l.id }]),
  );
  const rows = invoiceRowsFromBreakdown(frozen.breakdown, order.pricesIncludeVat, meta);
  // The way it was paid decides the payment means code (NL-R-008), frozen on the invoice.
  const paid =
    order.paymentMethod === "ONLINE"
      ? await tx.payment.findFirst({
          where: { orderId, status: { in: ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"] } },
          orderBy: { createdAt: "asc" },
          select: { methodType: true },
        })
      : null;
  return createInvoiceRow(
    tx,
    "INVOICE",
    order,
    rows,
    issueDate,
    null,
    options.paid ?? order.paymentMethod === "ONLINE",
    paymentMeansCode(order.paymentMethod, paid?.methodType),
  );
}

const documentLines = { orderBy: { position: "asc" as const } };

/**
 * An order's invoice and its credit notes with their lines and VAT lines, as credit-note.ts reads
 * them — one read of the order's documents (credit notes carry their invoice's order); null
 * without an invoice.
 */
async function orderDocuments(tx: Tx, orderId: string) {
  return documentsOf(
    await tx.invoice.findMany({
      where: { orderId },
      orderBy: DOCUMENT_ORDER,
      include: { lines: documentLines, vatLines: true },
    }),
  );
}

/** The invoice among an order's documents and the credit notes that correct it; null without an invoice. */
function documentsOf<T extends { id: string; type: string; correctsId: string | null }>(rows: T[]) {
  const invoice = rows.find((r) => r.type === "INVOICE");
  if (!invoice) return null;
  return { invoice, credits: rows.filter((r) => r.type === "CREDIT_NOTE" && r.correctsId === invoice.id) };
}

/** What is still open of an order's invoice: per invoice line and per rate; null without an invoice. */
export async function openInvoicePart(tx: Tx, orderId: string) {
  const documents = await orderDocuments(tx, orderId);
  if (!documents) return null;
  return { invoice: documents.invoice, open: openPart(documents.invoice, documents.credits) };
}

/**
 * The stored document, read back in the issuing transaction, must pass every check the
 * renderers make; a credit note must also leave its invoice's credit notes within the invoice —
 * read again here, after the numbering sequence's row lock, so a credit note committed meanwhile
 * by another transaction counts. Throws InvoiceIssueError("INCONSISTENT") — the transaction then
 * stores nothing.
 */
async function checkStoredDocument(
  tx: Tx,
  id: string,
  type: "INVOICE" | "CREDIT_NOTE",
  orderId: string,
): Promise<void> {
  const kind = type === "INVOICE" ? "factuur" : "creditnota";
  try {
    if (type === "INVOICE") {
      assertDocumentConsistent(await loadInvoiceDocument(tx, id));
      return;
    }
    // The credit note and the documents it must stay within, in one read of the order's documents.
    const rows = await loadOrderDocuments(tx, orderId);
    const stored = rows.find((r) => r.id === id);
    if (!stored) throw new Error(`The credit note ${id} was not read back in its own transaction.`);
    assertDocumentConsistent(toInvoiceDocument(stored));
    const documents = documentsOf(rows);
    if (!documents?.credits.some((c) => c.id === id)) {
      throw new CreditNoteError("UNLINKED", "de creditnota hoort niet bij de factuur van deze bestelling");
    }
    openPart(documents.invoice, documents.credits);
  } catch (error) {
    // A credit note of the same invoice committed by another transaction meanwhile took part of it.
    if (error instanceof CreditNoteError && error.code === "OVER_CREDITED") {
      throw new InvoiceIssueError(
        "TOO_MANY",
        "Een deel hiervan is intussen al gecrediteerd: er kan niet meer worden gecrediteerd dan er nog openstaat. Er is niets opgeslagen.",
      );
    }
    if (error instanceof InvoiceDocumentError || error instanceof CreditNoteError) {
      throw new InvoiceIssueError(
        "INCONSISTENT",
        `Deze ${kind} telt niet op en is daarom niet gemaakt (${error.message}). Er is niets opgeslagen.`,
      );
    }
    throw error;
  }
}

export type CreditSelection = "ALL" | { orderLineId: string; quantity: number }[];

/**
 * Issues a credit note for the order's invoice: "ALL" credits what is still open (the invoice
 * mirrored exactly when nothing was credited before), a list credits those quantities of those
 * order lines, each from its own invoice lines (credit-note.ts says how it rounds). Marks the
 * credited quantities on the order lines. Returns the credit note.
 */
export async function issueCreditNote(tx: Tx, orderId: string, selection: CreditSelection, issueDate: string) {
  const part = await openInvoicePart(tx, orderId);
  if (!part) throw new InvoiceIssueError("NO_INVOICE", "Deze bestelling heeft nog geen factuur.");
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
  let request: CreditRequest = "ALL";
  if (selection !== "ALL") {
    // (An order line that is not on the invoice is refused by creditRows: nothing of it is open.)
    const quantities = new Map<string, number>();
    for (const s of selection) {
      if (!Number.isSafeInteger(s.quantity) || s.quantity < 0) {
        throw new InvoiceIssueError("TOO_MANY", "Er kan niet meer worden gecrediteerd dan er nog openstaat.");
      }
      quantities.set(s.orderLineId, (quantities.get(s.orderLineId) ?? 0) + s.quantity);
    }
    request = quantities;
  }
  let rows: InvoiceRows;
  try {
    rows = creditRows(part.open, request);
  } catch (error) {
    if (error instanceof CreditNoteError) {
      throw new InvoiceIssueError(
        error.code === "NOTHING_TO_CREDIT"
          ? "NOTHING_TO_CREDIT"
          : error.code === "TOO_MANY"
            ? "TOO_MANY"
            : "INCONSISTENT",
        error.message,
      );
    }
    throw error;
  }
  // The order lines show what was credited (the credit note's quantity per order line).
  const credited = new Map<string, number>();
  for (const line of rows.lines) {
    if (line.orderLineId) credited.set(line.orderLineId, Math.max(credited.get(line.orderLineId) ?? 0, line.quantity));
  }
  for (const [orderLineId, quantity] of credited) {
    await tx.orderLine.update({ where: { id: orderLineId }, data: { refundedQuantity: { increment: quantity } } });
  }
  return createInvoiceRow(
    tx,
    "CREDIT_NOTE",
    { ...order, school: null },
    rows,
    issueDate,
    part.invoice.id,
    false,
    part.invoice.paymentMeansCode,
  );
}
