/**
 * Issuing invoices and credit notes (DESIGN.md §2, §6). An invoice is made from an order's
 * frozen pricing inside the caller's transaction, numbered from the gap-free sequence of its
 * series and year, and never updated afterwards (database triggers refuse it). A credit note
 * references the invoice it corrects: crediting all that is still open credits exactly the invoice
 * minus earlier credit notes (so the credit notes add up to the invoice, shipping included); a
 * part of the lines is re-priced from the frozen input with the frozen rates (no shipping).
 */
import type { Tx } from "~/db.server";
import { priceDocument } from "~/modules/pricing";
import { formatDocumentNumber, nextSequence } from "~/modules/orders/numbering.server";
import { freezePricing, parseFrozen, thawInput } from "~/modules/orders/frozen-pricing";
import { invoiceRowsFromBreakdown, type InvoiceRows } from "./invoice-rows";

export const INVOICE_SERIES = { INVOICE: { series: "F", prefix: "" }, CREDIT_NOTE: { series: "C", prefix: "C" } } as const;

export class InvoiceIssueError extends Error {
  constructor(public code: "NOTHING_TO_CREDIT" | "NO_INVOICE" | "TOO_MANY" | "NO_SELLER", message: string) {
    super(message);
  }
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function sellerSnapshot(tx: Tx) {
  const seller = await tx.organisation.findFirst({ where: { kind: "OPERATOR" }, orderBy: { createdAt: "asc" } });
  if (!seller) throw new InvoiceIssueError("NO_SELLER", "The operator organisation (seller) is missing.");
  return {
    name: seller.name, street: seller.street, postalCode: seller.postalCode, city: seller.city, country: seller.country,
    kvkNumber: seller.kvkNumber, vatNumber: seller.vatNumber, email: seller.email, iban: seller.iban,
  };
}

async function createInvoiceRow(
  tx: Tx,
  type: "INVOICE" | "CREDIT_NOTE",
  order: { id: string; number: string; schoolId: string; poNumber: string | null; paymentMethod: string; pricesIncludeVat: boolean; buyerJson: string; school: { paymentTermDays: number } },
  rows: InvoiceRows,
  issueDate: string,
  correctsId: string | null,
  settled: boolean,
) {
  const year = Number(issueDate.slice(0, 4));
  const { series, prefix } = INVOICE_SERIES[type];
  const sequence = await nextSequence(tx, series, year);
  const buyer = JSON.parse(order.buyerJson) as { name: string };
  const invoice = await tx.invoice.create({
    data: {
      type, series, year, sequence, number: formatDocumentNumber(prefix, year, sequence), orderId: order.id, correctsId,
      schoolId: order.schoolId, issueDate,
      dueDate: type === "INVOICE" && order.paymentMethod === "INVOICE" ? addDays(issueDate, order.school.paymentTermDays) : null,
      paymentMethod: order.paymentMethod, buyerName: buyer.name, buyerJson: order.buyerJson, sellerJson: JSON.stringify(await sellerSnapshot(tx)),
      orderNumber: order.number, poNumber: order.poNumber, pricesIncludeVat: order.pricesIncludeVat,
      netCents: rows.netCents, vatCents: rows.vatCents, grossCents: rows.grossCents,
      lines: { create: rows.lines },
      vatLines: { create: rows.vatLines },
    },
  });
  if (settled) await tx.invoiceSettlement.create({ data: { invoiceId: invoice.id, paidOn: issueDate } });
  return invoice;
}

const orderForInvoice = { school: { select: { paymentTermDays: true } }, lines: { orderBy: { position: "asc" as const } } };

/** Issues the order's invoice once; returns the existing one when it was issued before. */
export async function issueInvoiceForOrder(tx: Tx, orderId: string, issueDate: string, options: { paid?: boolean } = {}) {
  const existing = await tx.invoice.findFirst({ where: { orderId, type: "INVOICE" } });
  if (existing) return existing;
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: orderForInvoice });
  const frozen = parseFrozen(order.breakdownJson);
  const meta = new Map(order.lines.map((l) => [String(l.position), { description: l.description, ean: l.ean }]));
  const rows = invoiceRowsFromBreakdown(frozen.breakdown, order.pricesIncludeVat, meta);
  return createInvoiceRow(tx, "INVOICE", order, rows, issueDate, null, options.paid ?? order.paymentMethod === "ONLINE");
}

type StoredRows = InvoiceRows & { lines: (InvoiceRows["lines"][number] & { id?: string })[] };

/** The invoice minus its earlier credit notes, line by line (by description and rate) and per rate. */
function remainderRows(invoice: StoredRows, credits: StoredRows[]): InvoiceRows {
  const creditedLines = new Map<string, { quantity: number; netCents: number; grossCents: number }>();
  const creditedRates = new Map<string, { taxableCents: number; vatCents: number; allowanceCents: number; chargeCents: number }>();
  for (const credit of credits) {
    for (const l of credit.lines) {
      const key = `${l.description}|${l.vatRate}`;
      const c = creditedLines.get(key) ?? { quantity: 0, netCents: 0, grossCents: 0 };
      creditedLines.set(key, { quantity: c.quantity + l.quantity, netCents: c.netCents + l.netCents, grossCents: c.grossCents + l.grossCents });
    }
    for (const v of credit.vatLines) {
      const c = creditedRates.get(v.vatRate) ?? { taxableCents: 0, vatCents: 0, allowanceCents: 0, chargeCents: 0 };
      creditedRates.set(v.vatRate, { taxableCents: c.taxableCents + v.taxableCents, vatCents: c.vatCents + v.vatCents, allowanceCents: c.allowanceCents + v.allowanceCents, chargeCents: c.chargeCents + v.chargeCents });
    }
  }
  const lines = invoice.lines
    .map((l) => {
      const c = creditedLines.get(`${l.description}|${l.vatRate}`) ?? { quantity: 0, netCents: 0, grossCents: 0 };
      return { description: l.description, ean: l.ean, unitPriceE4: l.unitPriceE4, vatRate: l.vatRate, category: l.category, quantity: l.quantity - c.quantity, netCents: l.netCents - c.netCents, grossCents: l.grossCents - c.grossCents };
    })
    .filter((l) => l.quantity > 0)
    .map((l, index) => ({ ...l, position: index + 1 }));
  const vatLines = invoice.vatLines.map((v) => {
    const c = creditedRates.get(v.vatRate) ?? { taxableCents: 0, vatCents: 0, allowanceCents: 0, chargeCents: 0 };
    return { vatRate: v.vatRate, category: v.category, taxableCents: v.taxableCents - c.taxableCents, vatCents: v.vatCents - c.vatCents, allowanceCents: v.allowanceCents - c.allowanceCents, chargeCents: v.chargeCents - c.chargeCents };
  }).filter((v) => v.taxableCents !== 0 || v.vatCents !== 0 || lines.some((l) => l.vatRate === v.vatRate));
  const sum = (pick: (r: StoredRows) => number) => credits.reduce((s, c) => s + pick(c), 0);
  return {
    lines, vatLines,
    netCents: invoice.netCents - sum((c) => c.netCents),
    vatCents: invoice.vatCents - sum((c) => c.vatCents),
    grossCents: invoice.grossCents - sum((c) => c.grossCents),
  };
}

export type CreditSelection = "ALL" | { orderLineId: string; quantity: number }[];

/**
 * Issues a credit note for the order's invoice: "ALL" credits what is not credited yet (the
 * invoice mirrored exactly when nothing was credited before), a list credits those quantities.
 * Marks the credited quantities on the order lines. Returns the credit note.
 */
export async function issueCreditNote(tx: Tx, orderId: string, selection: CreditSelection, issueDate: string) {
  const invoice = await tx.invoice.findFirst({ where: { orderId, type: "INVOICE" }, include: { lines: { orderBy: { position: "asc" } }, vatLines: true } });
  if (!invoice) throw new InvoiceIssueError("NO_INVOICE", "Deze bestelling heeft nog geen factuur.");
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: orderForInvoice });
  const open = order.lines.map((l) => ({ line: l, open: l.quantity - l.refundedQuantity }));
  const wanted = selection === "ALL"
    ? open.filter((o) => o.open > 0).map((o) => ({ line: o.line, quantity: o.open }))
    : selection.map((s) => {
        const found = open.find((o) => o.line.id === s.orderLineId);
        if (!found || !Number.isInteger(s.quantity) || s.quantity < 1 || s.quantity > found.open) {
          throw new InvoiceIssueError("TOO_MANY", "Er kan niet meer worden gecrediteerd dan er nog openstaat.");
        }
        return { line: found.line, quantity: s.quantity };
      });
  if (wanted.length === 0) throw new InvoiceIssueError("NOTHING_TO_CREDIT", "Er staat niets meer open om te crediteren.");

  const creditsAllOpen = open.filter((o) => o.open > 0).every((o) => wanted.some((w) => w.line.id === o.line.id && w.quantity === o.open));
  let rows: InvoiceRows;
  if (creditsAllOpen) {
    // What is left of the invoice: the invoice minus every earlier credit note, so that the
    // credit notes of an order always add up to its invoice exactly (shipping included).
    const earlier = await tx.invoice.findMany({ where: { correctsId: invoice.id, type: "CREDIT_NOTE" }, include: { lines: true, vatLines: true } });
    rows = remainderRows(invoice, earlier);
  } else {
    const frozen = parseFrozen(order.breakdownJson);
    const { input, context } = thawInput(frozen);
    const byId = new Map(input.lines.map((l) => [l.id, l]));
    const subset = {
      ...input,
      shipping: undefined,
      lines: wanted.map((w) => ({ ...byId.get(String(w.line.position))!, quantity: w.quantity })),
    };
    const breakdown = priceDocument(subset, context);
    const meta = new Map(order.lines.map((l) => [String(l.position), { description: l.description, ean: l.ean }]));
    rows = invoiceRowsFromBreakdown(freezePricing(frozen.date, subset, context, breakdown).breakdown, order.pricesIncludeVat, meta);
  }
  for (const w of wanted) {
    await tx.orderLine.update({ where: { id: w.line.id }, data: { refundedQuantity: { increment: w.quantity } } });
  }
  return createInvoiceRow(tx, "CREDIT_NOTE", order, rows, issueDate, invoice.id, false);
}
