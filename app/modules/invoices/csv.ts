/**
 * The invoice CSV export (DESIGN §5): one row per invoice or credit note, `;`-separated,
 * UTF-8 with BOM (so Excel opens it as UTF-8), CRLF line ends, decimal point or comma as a
 * column option. Credit notes are written negative. Rows are produced one at a time from an
 * async source, so a year of invoices never sits in memory as one string.
 *
 * Pure module: no I/O; the caller pipes {@link csvLines} into a response or file.
 */
import { compareRates, formatCentsPlain, normaliseRate } from "./format";
import type { InvoiceDocument, VatCategory } from "./invoice-document";
import { DomainError } from "~/modules/errors/domain-error";

export interface InvoiceCsvVatLine {
  vatRate: string;
  category: VatCategory;
  taxableCents: number;
  vatCents: number;
}

/** One invoice or credit note as exported; amounts are positive, the sign follows `type`. */
export interface InvoiceCsvRecord {
  number: string;
  issueDate: string;
  type: "INVOICE" | "CREDIT_NOTE";
  customer: string;
  orderNumber: string;
  poNumber: string | null;
  vatLines: InvoiceCsvVatLine[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface InvoiceCsvOptions {
  /** "1234,56" instead of "1234.56" (Dutch Excel) */
  decimalComma: boolean;
}

export const CSV_BOM = "\uFEFF";
export const CSV_SEPARATOR = ";";
export const CSV_EOL = "\r\n";

export class InvoiceCsvError extends DomainError<"RATE_NOT_IN_PERIOD"> {
  constructor(message: string) {
    super("RATE_NOT_IN_PERIOD", message, { status: 500 });
  }
}

/** The export's view of a full document. */
export function toInvoiceCsvRecord(doc: InvoiceDocument): InvoiceCsvRecord {
  return {
    number: doc.number,
    issueDate: doc.issueDate,
    type: doc.type,
    customer: doc.buyer.name,
    orderNumber: doc.orderNumber,
    poNumber: doc.poNumber,
    vatLines: doc.vatLines.map(({ vatRate, category, taxableCents, vatCents }) => ({
      vatRate,
      category,
      taxableCents,
      vatCents,
    })),
    netCents: doc.netCents,
    vatCents: doc.vatCents,
    grossCents: doc.grossCents,
  };
}

/** Distinct rates in numeric order ("6", "21"), for the header of a period's export. */
export function sortRates(rates: Iterable<string>): string[] {
  return [...new Set([...rates].map(normaliseRate))].sort(compareRates);
}

/**
 * Quotes a field when it holds the separator, a quote or a line break (RFC 4180 style, quotes
 * doubled). Text that a spreadsheet would run as a formula (= + - @ at the start) gets a
 * leading apostrophe first: customer names and PO numbers come from outside.
 */
export function csvField(value: string, opts: { text?: boolean } = {}): string {
  let v = value;
  if (opts.text && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function rateLabel(rate: string, opts: InvoiceCsvOptions): string {
  const r = normaliseRate(rate);
  return opts.decimalComma ? r.replace(".", ",") : r;
}

/** The header line (without line end): fixed columns, then "Grondslag r%" and "Btw r%" per rate. */
export function invoiceCsvHeader(rates: string[], opts: InvoiceCsvOptions = { decimalComma: false }): string {
  const columns = ["Nummer", "Datum", "Type", "Klant", "Order", "Inkoopordernummer"];
  for (const rate of rates) {
    columns.push(`Grondslag ${rateLabel(rate, opts)}%`, `Btw ${rateLabel(rate, opts)}%`);
  }
  columns.push("Totaal excl. btw", "Btw totaal", "Totaal incl. btw");
  return columns.map((c) => csvField(c)).join(CSV_SEPARATOR);
}

/**
 * One record as a CSV line (without line end). Amounts are printed from integer cents with two
 * decimals, negated for credit notes; no rounding. A rate the record has but `rates` lacks is
 * an error rather than a silently dropped column, and so is a total that is not the sum of
 * its rates (DESIGN §3.7).
 */
export function invoiceCsvRow(
  record: InvoiceCsvRecord,
  rates: string[],
  opts: InvoiceCsvOptions = { decimalComma: false },
): string {
  const sign = record.type === "CREDIT_NOTE" ? -1 : 1;
  const money = (cents: number) => formatCentsPlain(sign * cents === 0 ? 0 : sign * cents, opts);
  const perRate = new Map<string, { taxable: number; vat: number }>();
  for (const vl of record.vatLines) {
    const rate = normaliseRate(vl.vatRate);
    const entry = perRate.get(rate) ?? { taxable: 0, vat: 0 };
    entry.taxable += vl.taxableCents;
    entry.vat += vl.vatCents;
    perRate.set(rate, entry);
  }
  const columnRates = new Set(rates.map(normaliseRate));
  for (const rate of perRate.keys()) {
    if (!columnRates.has(rate)) {
      throw new InvoiceCsvError(
        `${record.number}: rate ${rate}% is not among the export's rates (${[...columnRates].join(", ")})`,
      );
    }
  }
  let taxableSum = 0;
  let vatSum = 0;
  for (const { taxable, vat } of perRate.values()) {
    taxableSum += taxable;
    vatSum += vat;
  }
  if (
    taxableSum !== record.netCents ||
    vatSum !== record.vatCents ||
    record.netCents + record.vatCents !== record.grossCents
  ) {
    throw new InvoiceCsvError(`${record.number}: totals are not the sum of the rates`);
  }

  const fields = [
    csvField(record.number, { text: true }),
    record.issueDate,
    record.type === "CREDIT_NOTE" ? "Creditnota" : "Factuur",
    csvField(record.customer, { text: true }),
    csvField(record.orderNumber, { text: true }),
    csvField(record.poNumber ?? "", { text: true }),
  ];
  for (const rate of rates) {
    const entry = perRate.get(normaliseRate(rate));
    fields.push(money(entry?.taxable ?? 0), money(entry?.vat ?? 0));
  }
  fields.push(money(record.netCents), money(record.vatCents), money(record.grossCents));
  return fields.join(CSV_SEPARATOR);
}

/**
 * Streams the export: first the BOM with the header, then one line per record, each ending
 * in CRLF. Works on any (async) iterable, e.g. a paged database cursor.
 */
export async function* csvLines(
  source: AsyncIterable<InvoiceCsvRecord> | Iterable<InvoiceCsvRecord>,
  rates: string[],
  opts: InvoiceCsvOptions = { decimalComma: false },
): AsyncGenerator<string, void, undefined> {
  yield CSV_BOM + invoiceCsvHeader(rates, opts) + CSV_EOL;
  for await (const record of source) {
    yield invoiceCsvRow(record, rates, opts) + CSV_EOL;
  }
}
