import { type Decimal } from "../money/decimal";
import type { Breakdown } from "./price-document";
import { formatRate } from "../vat/format-rate";
import type { ComponentSupply } from "../vat/supply";

export interface QuoteResponse {
  currency: "EUR";
  date: string;
  pricesIncludeVat: boolean;
  lines: {
    id: string;
    quantity: number;
    amount: string;
    parts: { supply: ComponentSupply; vatRate: string; amount: string }[];
  }[];
  allowances: { vatRate: string; amount: string }[];
  charges: { kind: "shipping"; vatRate: string; amount: string }[];
  vatBreakdown: { vatRate: string; taxable: string; vat: string }[];
  totals: { net: string; vat: string; gross: string };
}

/** Amounts in the breakdown are whole cents already; this only writes them with two decimals. */
function money(value: Decimal): string {
  return value.isZero() ? "0.00" : value.toFixed(2);
}

/** The 200 answer of `POST /api/vat/quote` (DESIGN §4) for a priced document. */
export function toQuoteResponse(date: string, breakdown: Breakdown): QuoteResponse {
  return {
    currency: "EUR",
    date,
    pricesIncludeVat: breakdown.pricesIncludeVat,
    lines: breakdown.lines.map((line) => ({
      id: line.id,
      quantity: line.quantity,
      amount: money(line.amount),
      parts: line.parts.map((part) => ({
        supply: part.supply,
        vatRate: formatRate(part.vatRate),
        amount: money(part.amount),
      })),
    })),
    allowances: breakdown.allowances.map((a) => ({ vatRate: formatRate(a.vatRate), amount: money(a.amount) })),
    charges: breakdown.charges.map((c) => ({ kind: c.kind, vatRate: formatRate(c.vatRate), amount: money(c.amount) })),
    vatBreakdown: breakdown.vatBreakdown.map((g) => ({
      vatRate: formatRate(g.vatRate),
      taxable: money(g.taxable),
      vat: money(g.vat),
    })),
    totals: {
      net: money(breakdown.totals.net),
      vat: money(breakdown.totals.vat),
      gross: money(breakdown.totals.gross),
    },
  };
}
