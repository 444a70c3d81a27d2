/**
 * Credit notes derived from their invoice's own lines (DESIGN.md §5). An invoice line is one
 * VAT-rate part of an order line; a credit-note line names the invoice line it credits. What is
 * left of an invoice is the invoice minus every earlier credit note, per invoice line (quantity,
 * net, gross) and per rate (taxable, VAT, allowance, charge). A new credit note never takes more
 * than what is left, and crediting "the rest" takes exactly what is left — so the credit notes of
 * an invoice can never exceed it, and a final credit leaves exactly zero, per line and per rate.
 *
 * Rounding: a partial credit of k of the q units still open on a line takes the share k/q of the
 * line's open net and gross, allocated by largest remainder (DESIGN §3.2) — never by pricing the
 * line again on its own. On an inclusive (gross) document the credited gross of a line is split
 * into net and VAT in proportion to the line's own open net and VAT, by largest remainder, so the
 * VAT the customer gets back is the invoice's own; on an exclusive (net) document the VAT of a
 * rate is round(taxable × rate / 100) as on the invoice (EN 16931 BR-CO-17), at most what is open.
 * Document-level allowances follow the credited lines' share of their rate; shipping (a charge)
 * is credited only with the rest of the whole document.
 *
 * Pure module: no Prisma, no Remix.
 */
import { allocate, Decimal, fromCents, roundCents, toCents } from "~/modules/money";
import type { InvoiceLineRow, InvoiceRows, InvoiceVatRow } from "./invoice-rows";
import { DomainError } from "~/modules/errors/domain-error";

/** A stored invoice or credit-note line as this module needs it. */
export interface StoredLine {
  id: string;
  position: number;
  description: string;
  ean: string;
  quantity: number;
  unitPriceE4: number;
  vatRate: string;
  category: string;
  netCents: number;
  grossCents: number;
  orderLineId: string | null;
  creditedLineId: string | null;
}

export interface StoredVatLine {
  vatRate: string;
  category: string;
  taxableCents: number;
  vatCents: number;
  allowanceCents: number;
  chargeCents: number;
  allowanceAmountCents: number;
  chargeAmountCents: number;
}

export interface StoredDocument {
  number: string;
  pricesIncludeVat: boolean;
  lines: StoredLine[];
  vatLines: StoredVatLine[];
}

/** What is left of one invoice line. */
export interface OpenLine extends StoredLine {
  /** the invoice line's own figures, for reference */
  invoiced: { quantity: number; netCents: number; grossCents: number };
}

export interface OpenDocument {
  pricesIncludeVat: boolean;
  lines: OpenLine[];
  vatLines: StoredVatLine[];
}

export class CreditNoteError extends DomainError<"UNLINKED" | "TOO_MANY" | "NOTHING_TO_CREDIT" | "OVER_CREDITED"> {
  constructor(code: CreditNoteError["code"], message: string) {
    // Stored documents that do not fit together are ours to fix (500); asking too much is the user's (409).
    super(code, message, { status: code === "UNLINKED" || code === "OVER_CREDITED" ? 500 : 409 });
  }
}

const VAT_KEYS = [
  "taxableCents",
  "vatCents",
  "allowanceCents",
  "chargeCents",
  "allowanceAmountCents",
  "chargeAmountCents",
] as const;

/**
 * The invoice minus its credit notes, per invoice line (matched by `creditedLineId`) and per
 * rate. Throws when a credit-note line names no line of this invoice (nothing can be derived
 * from such a note) or when the credit notes already exceed the invoice anywhere.
 */
export function openPart(invoice: StoredDocument, credits: readonly StoredDocument[]): OpenDocument {
  const lines = new Map<string, OpenLine>(
    invoice.lines.map((l) => [
      l.id,
      { ...l, invoiced: { quantity: l.quantity, netCents: l.netCents, grossCents: l.grossCents } },
    ]),
  );
  // Rates in numeric order, whatever order the database returned them in (SQLite and PostgreSQL
  // differ): the credit notes made from this are the same on both.
  const byRate = [...invoice.vatLines].sort((a, b) => Number(a.vatRate) - Number(b.vatRate));
  const rates = new Map<string, StoredVatLine>(byRate.map((v) => [v.vatRate, { ...v }]));
  for (const credit of credits) {
    for (const cl of credit.lines) {
      const open = cl.creditedLineId ? lines.get(cl.creditedLineId) : undefined;
      if (!open) {
        throw new CreditNoteError(
          "UNLINKED",
          `Creditnota ${credit.number} regel ${cl.position} verwijst niet naar een regel van factuur ${invoice.number}.`,
        );
      }
      open.quantity -= cl.quantity;
      open.netCents -= cl.netCents;
      open.grossCents -= cl.grossCents;
    }
    for (const cv of credit.vatLines) {
      const open = rates.get(cv.vatRate);
      if (!open) {
        throw new CreditNoteError(
          "UNLINKED",
          `Creditnota ${credit.number} crediteert btw-tarief ${cv.vatRate}% dat niet op factuur ${invoice.number} staat.`,
        );
      }
      for (const key of VAT_KEYS) open[key] -= cv[key];
    }
  }
  for (const l of lines.values()) {
    if (
      l.quantity < 0 ||
      l.netCents < 0 ||
      l.grossCents < 0 ||
      (l.quantity === 0 && (l.netCents !== 0 || l.grossCents !== 0))
    ) {
      throw new CreditNoteError(
        "OVER_CREDITED",
        `Op factuur ${invoice.number} is regel ${l.position} al meer gecrediteerd dan gefactureerd.`,
      );
    }
  }
  for (const v of rates.values()) {
    if (VAT_KEYS.some((key) => v[key] < 0)) {
      throw new CreditNoteError(
        "OVER_CREDITED",
        `Op factuur ${invoice.number} is het btw-tarief ${v.vatRate}% al meer gecrediteerd dan gefactureerd.`,
      );
    }
  }
  return { pricesIncludeVat: invoice.pricesIncludeVat, lines: [...lines.values()], vatLines: [...rates.values()] };
}

/** Open quantity per order line (the least over its rate parts), for forms and validation. */
export function openQuantities(open: OpenDocument): Map<string, number> {
  const result = new Map<string, number>();
  for (const l of open.lines) {
    if (!l.orderLineId) continue;
    result.set(l.orderLineId, Math.min(result.get(l.orderLineId) ?? Infinity, l.quantity));
  }
  return result;
}

/** Integer cents: the share part/whole of `cents`, allocated by largest remainder (DESIGN §3.2). */
function shareOf(cents: number, part: number, whole: number): number {
  if (part >= whole) return cents;
  if (part <= 0) return 0;
  return toCents(allocate(fromCents(cents), [new Decimal(part), new Decimal(whole - part)])[0]!);
}

/** Integer cents split over integer weights by largest remainder. */
function splitCents(cents: number, weights: readonly number[]): number[] {
  return allocate(
    fromCents(cents),
    weights.map((w) => new Decimal(w)),
  ).map(toCents);
}

export type CreditRequest = "ALL" | ReadonlyMap<string, number>;

/**
 * The rows of a credit note for `request` against what is open of an invoice: "ALL", or order
 * line id → quantity. Lines carry `creditedLineId` and `orderLineId`. When the request takes
 * every open unit, the result is exactly the open part (shipping included). Throws a
 * {@link CreditNoteError} for a quantity above what is open or when nothing would be credited.
 */
export function creditRows(open: OpenDocument, request: CreditRequest): InvoiceRows {
  const openQty = openQuantities(open);
  const wanted = new Map<string, number>();
  if (request === "ALL") {
    for (const [orderLineId, q] of openQty) if (q > 0) wanted.set(orderLineId, q);
  } else {
    for (const [orderLineId, k] of request) {
      if (k === 0) continue;
      const q = openQty.get(orderLineId);
      if (q === undefined || !Number.isSafeInteger(k) || k < 0 || k > q) {
        throw new CreditNoteError("TOO_MANY", "Er kan niet meer worden gecrediteerd dan er nog openstaat.");
      }
      wanted.set(orderLineId, k);
    }
  }
  const everything = [...openQty].every(([id, q]) => q === 0 || wanted.get(id) === q);
  const restOfDocument =
    everything && (wanted.size > 0 || open.vatLines.some((v) => v.taxableCents !== 0 || v.vatCents !== 0));
  if (!restOfDocument && wanted.size === 0) {
    throw new CreditNoteError("NOTHING_TO_CREDIT", "Er staat niets meer open om te crediteren.");
  }
  return restOfDocument ? restRows(open) : partialRows(open, wanted);
}

function lineRow(
  l: OpenLine,
  quantity: number,
  netCents: number,
  grossCents: number,
): Omit<InvoiceLineRow, "position"> {
  return {
    description: l.description,
    ean: l.ean,
    unitPriceE4: l.unitPriceE4,
    vatRate: l.vatRate,
    category: l.category,
    quantity,
    netCents,
    grossCents,
    orderLineId: l.orderLineId,
    creditedLineId: l.id,
  };
}

function totals(lines: Omit<InvoiceLineRow, "position">[], vatLines: InvoiceVatRow[]): InvoiceRows {
  const netCents = vatLines.reduce((s, v) => s + v.taxableCents, 0);
  const vatCents = vatLines.reduce((s, v) => s + v.vatCents, 0);
  return {
    lines: lines.map((l, i) => ({ ...l, position: i + 1 })),
    vatLines,
    netCents,
    vatCents,
    grossCents: netCents + vatCents,
  };
}

/** Everything still open: the final credit note of an invoice. */
function restRows(open: OpenDocument): InvoiceRows {
  const lines = open.lines.filter((l) => l.quantity > 0).map((l) => lineRow(l, l.quantity, l.netCents, l.grossCents));
  const vatLines = open.vatLines
    .filter((v) => VAT_KEYS.some((key) => v[key] !== 0) || lines.some((l) => l.vatRate === v.vatRate))
    .map((v) => ({
      vatRate: v.vatRate,
      category: v.category,
      taxableCents: v.taxableCents,
      vatCents: v.vatCents,
      allowanceCents: v.allowanceCents,
      chargeCents: v.chargeCents,
      allowanceAmountCents: v.allowanceAmountCents,
      chargeAmountCents: v.chargeAmountCents,
    }));
  if (lines.length === 0) {
    throw new CreditNoteError(
      "NOTHING_TO_CREDIT",
      "Er staat geen factuurregel meer open; alleen een restbedrag. Neem contact op met de beheerder.",
    );
  }
  return totals(lines, vatLines);
}

function partialRows(open: OpenDocument, wanted: ReadonlyMap<string, number>): InvoiceRows {
  const lines: Omit<InvoiceLineRow, "position">[] = [];
  const vatLines: InvoiceVatRow[] = [];
  for (const rate of open.vatLines) {
    const atRate = open.lines.filter((l) => l.vatRate === rate.vatRate && l.quantity > 0);
    const credited = atRate.filter((l) => (wanted.get(l.orderLineId ?? "") ?? 0) > 0);
    if (credited.length === 0) continue;
    const rows = credited.map((l) => {
      const k = wanted.get(l.orderLineId!)!;
      const full = k === l.quantity;
      const grossCents = full ? l.grossCents : shareOf(l.grossCents, k, l.quantity);
      let netCents: number;
      if (full) netCents = l.netCents;
      else if (open.pricesIncludeVat) {
        // The line's own net and VAT, in proportion, by largest remainder (never re-priced).
        netCents = splitCents(grossCents, [l.netCents, l.grossCents - l.netCents])[0]!;
      } else netCents = shareOf(l.netCents, k, l.quantity);
      return lineRow(l, k, netCents, grossCents);
    });
    const allFull = atRate.every((l) => wanted.get(l.orderLineId ?? "") === l.quantity);
    const linesNet = rows.reduce((s, r) => s + r.netCents, 0);
    const openLinesNet = atRate.reduce((s, l) => s + l.netCents, 0);
    const linesGross = rows.reduce((s, r) => s + r.grossCents, 0);
    const openLinesGross = atRate.reduce((s, l) => s + l.grossCents, 0);
    const [basis, openBasis] = open.pricesIncludeVat ? [linesGross, openLinesGross] : [linesNet, openLinesNet];
    const allowanceAmountCents = allFull
      ? rate.allowanceAmountCents
      : shareOf(rate.allowanceAmountCents, basis, openBasis);
    let allowanceCents: number;
    if (allFull) allowanceCents = rate.allowanceCents;
    else if (open.pricesIncludeVat) {
      // The allowance's own net and VAT, in proportion, by largest remainder (as a line's). Its VAT
      // part never exceeds the credited lines' VAT, so the rate's credited VAT is never negative.
      const linesVat = linesGross - linesNet;
      const [net, vat] = splitCents(allowanceAmountCents, [
        rate.allowanceCents,
        rate.allowanceAmountCents - rate.allowanceCents,
      ]);
      allowanceCents = net! + Math.max(0, vat! - linesVat);
    } else allowanceCents = shareOf(rate.allowanceCents, basis, openBasis);
    const taxableCents = linesNet - allowanceCents;
    let vatCents: number;
    if (taxableCents === rate.taxableCents) vatCents = rate.vatCents;
    else if (open.pricesIncludeVat) vatCents = linesGross - allowanceAmountCents - taxableCents;
    else {
      // EN 16931 BR-CO-17 / DESIGN §3.5: VAT per rate over the taxable amount, at most what is open.
      const exact = toCents(roundCents(fromCents(taxableCents).times(rate.vatRate).div(100)));
      vatCents = Math.min(rate.vatCents, Math.max(0, exact));
    }
    if (
      taxableCents < 0 ||
      taxableCents > rate.taxableCents ||
      vatCents < 0 ||
      vatCents > rate.vatCents ||
      allowanceCents > rate.allowanceCents ||
      allowanceAmountCents > rate.allowanceAmountCents
    ) {
      throw new CreditNoteError(
        "OVER_CREDITED",
        `De creditnota zou bij ${rate.vatRate}% btw meer crediteren dan er op de factuur openstaat.`,
      );
    }
    lines.push(...rows);
    vatLines.push({
      vatRate: rate.vatRate,
      category: rate.category,
      taxableCents,
      vatCents,
      allowanceCents,
      chargeCents: 0,
      allowanceAmountCents,
      chargeAmountCents: 0,
    });
  }
  // The credit note lists its lines in the invoice's order (not grouped by rate).
  const invoiceOrder = new Map(open.lines.map((l, i) => [l.id, i]));
  lines.sort((a, b) => invoiceOrder.get(a.creditedLineId!)! - invoiceOrder.get(b.creditedLineId!)!);
  return totals(lines, vatLines);
}
