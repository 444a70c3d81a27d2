/**
 * Turns a frozen pricing breakdown into the rows an invoice stores: one invoice line per
 * breakdown part (a bundle becomes one line per VAT rate, since an EN 16931 line carries one
 * VAT category), the VAT lines per rate with the NET allowance and charge, and the totals, all
 * in integer cents. Pure. The engine's amounts are taken as they are (toCents throws on an
 * amount that is not whole cents). Two figures are computed here and rounded, both indicative
 * and never part of the VAT totals (those come from the breakdown per rate):
 *  - a bundle part's unit price: its amount / quantity, 4 decimals, half away from zero;
 *  - on a document with prices excluding VAT, a line's gross: net + its own VAT rounded to
 *    cents (roundCents); on an inclusive document the gross is the part's amount itself.
 */
import { Decimal } from "~/modules/money/decimal";
import { roundCents } from "~/modules/money/round-cents";
import { toCents, toE4 } from "~/modules/money/cents";
import type { FrozenPricing } from "~/modules/pricing/frozen-pricing";

export interface InvoiceLineRow {
  position: number;
  description: string;
  ean: string;
  quantity: number;
  unitPriceE4: number;
  vatRate: string;
  category: string;
  netCents: number;
  grossCents: number;
  /** the order line this row bills (one VAT-rate part of it) */
  orderLineId: string | null;
  /** on a credit note: the invoice line it credits */
  creditedLineId: string | null;
}
export interface InvoiceVatRow {
  vatRate: string;
  category: string;
  taxableCents: number;
  vatCents: number;
  /** net allowance and charge (folded into taxable) */
  allowanceCents: number;
  chargeCents: number;
  /** the same in the document's price mode (gross on an inclusive document) */
  allowanceAmountCents: number;
  chargeAmountCents: number;
}
export interface InvoiceRows {
  lines: InvoiceLineRow[];
  vatLines: InvoiceVatRow[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

const cents = (amount: string) => toCents(new Decimal(amount));

export function invoiceRowsFromBreakdown(
  breakdown: FrozenPricing["breakdown"],
  pricesIncludeVat: boolean,
  lineMeta: Map<string, { description: string; ean: string; orderLineId: string | null }>,
): InvoiceRows {
  const lines: InvoiceLineRow[] = [];
  for (const line of breakdown.lines) {
    const meta = lineMeta.get(line.id) ?? { description: line.id, ean: "", orderLineId: null };
    for (const part of line.parts) {
      const amount = new Decimal(part.amount);
      const single = line.parts.length === 1;
      const unitPrice = single
        ? new Decimal(line.unitPrice)
        : amount.div(line.quantity).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
      const net = new Decimal(part.net);
      const gross = pricesIncludeVat ? amount : net.plus(roundCents(net.times(part.vatRate).div(100)));
      lines.push({
        position: lines.length + 1,
        description: single
          ? meta.description
          : `${meta.description} — ${part.description || part.supply} (${part.vatRate}% btw)`,
        ean: meta.ean,
        quantity: line.quantity,
        unitPriceE4: toE4(unitPrice),
        vatRate: part.vatRate,
        category: part.category,
        netCents: toCents(net),
        grossCents: toCents(gross),
        orderLineId: meta.orderLineId,
        creditedLineId: null,
      });
    }
  }
  const vatLines = breakdown.vatBreakdown.map((g) => ({
    vatRate: g.vatRate,
    category: g.category,
    taxableCents: cents(g.taxable),
    vatCents: cents(g.vat),
    allowanceCents: cents(g.allowanceNet),
    chargeCents: cents(g.chargeNet),
    allowanceAmountCents: cents(g.allowance),
    chargeAmountCents: cents(g.charge),
  }));
  return {
    lines,
    vatLines,
    netCents: cents(breakdown.totals.net),
    vatCents: cents(breakdown.totals.vat),
    grossCents: cents(breakdown.totals.gross),
  };
}
