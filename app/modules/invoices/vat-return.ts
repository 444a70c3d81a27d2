/**
 * The VAT-return summary of a period (DESIGN §5): turnover and VAT per rate, credit notes
 * netted, mapped to the boxes ("rubrieken") of the Dutch VAT return: 1a for the standard
 * rate, 1b for the reduced rate, 1e for 0%. The box follows the rate's *category*, not its
 * number, so a changed reduced rate (6% → 9%) still lands in 1b.
 *
 * All sums are exact integer cents; the only rounding is the whole-euro figure the return
 * form asks for, which is rounded down (in the taxpayer's favour, as the Belastingdienst
 * allows) and shown next to the exact amount.
 */
import { compareRates, formatRateNl, normaliseRate } from "./format";
import { formatCents } from "~/modules/format";
import type { InvoiceCsvRecord } from "./csv";
import type { VatCategory } from "./invoice-document";

export type VatReturnBoxCode = "1a" | "1b" | "1e";

export const VAT_RETURN_BOXES: Record<VatReturnBoxCode, { category: VatCategory; label: string }> = {
  "1a": { category: "standard", label: "Leveringen/diensten belast met hoog tarief" },
  "1b": { category: "reduced", label: "Leveringen/diensten belast met laag tarief" },
  "1e": { category: "zero", label: "Leveringen/diensten belast met 0% of niet bij u belast" },
};

const BOX_OF_CATEGORY: Record<VatCategory, VatReturnBoxCode> = { standard: "1a", reduced: "1b", zero: "1e" };

export interface VatReturnRateLine {
  vatRate: string;
  category: VatCategory;
  box: VatReturnBoxCode;
  /** taxable turnover, invoices minus credit notes */
  turnoverCents: number;
  vatCents: number;
}

export interface VatReturnBox {
  box: VatReturnBoxCode;
  label: string;
  rates: string[];
  turnoverCents: number;
  vatCents: number;
  /** whole euros for the return form, rounded down */
  turnoverEuros: number;
  vatEuros: number;
}

export interface VatReturnSummary {
  rates: VatReturnRateLine[];
  boxes: VatReturnBox[];
  totalTurnoverCents: number;
  totalVatCents: number;
  invoiceCount: number;
  creditNoteCount: number;
}

/** floor(cents / 100) with integer arithmetic. */
function wholeEurosDown(cents: number): number {
  const mod = ((cents % 100) + 100) % 100;
  return (cents - mod) / 100;
}

/**
 * Adds records one at a time (from a stream or cursor) and produces the summary at the end.
 * Memory use depends on the number of rates, not of invoices.
 */
export class VatReturnAccumulator {
  private readonly perRate = new Map<string, VatReturnRateLine>();
  private invoices = 0;
  private creditNotes = 0;

  add(record: InvoiceCsvRecord): this {
    // Credit notes carry positive amounts; they reduce the period's turnover and VAT.
    const sign = record.type === "CREDIT_NOTE" ? -1 : 1;
    if (record.type === "CREDIT_NOTE") this.creditNotes++;
    else this.invoices++;
    for (const vl of record.vatLines) {
      const rate = normaliseRate(vl.vatRate);
      const key = `${vl.category}|${rate}`;
      const line = this.perRate.get(key) ?? {
        vatRate: rate,
        category: vl.category,
        box: BOX_OF_CATEGORY[vl.category],
        turnoverCents: 0,
        vatCents: 0,
      };
      line.turnoverCents += sign * vl.taxableCents;
      line.vatCents += sign * vl.vatCents;
      this.perRate.set(key, line);
    }
    return this;
  }

  result(): VatReturnSummary {
    const rates = [...this.perRate.values()]
      .map((l) => ({ ...l }))
      .sort((a, b) => a.box.localeCompare(b.box) || compareRates(a.vatRate, b.vatRate));
    const boxes: VatReturnBox[] = (Object.keys(VAT_RETURN_BOXES) as VatReturnBoxCode[]).map((box) => {
      const inBox = rates.filter((r) => r.box === box);
      const turnoverCents = inBox.reduce((s, r) => s + r.turnoverCents, 0);
      const vatCents = inBox.reduce((s, r) => s + r.vatCents, 0);
      return {
        box,
        label: VAT_RETURN_BOXES[box].label,
        rates: inBox.map((r) => r.vatRate),
        turnoverCents,
        vatCents,
        turnoverEuros: wholeEurosDown(turnoverCents),
        vatEuros: wholeEurosDown(vatCents),
      };
    });
    return {
      rates,
      boxes,
      totalTurnoverCents: rates.reduce((s, r) => s + r.turnoverCents, 0),
      totalVatCents: rates.reduce((s, r) => s + r.vatCents, 0),
      invoiceCount: this.invoices,
      creditNoteCount: this.creditNotes,
    };
  }
}

/** Summary of a finite collection of records; see {@link VatReturnAccumulator}. */
export function summariseVatReturn(records: Iterable<InvoiceCsvRecord>): VatReturnSummary {
  const acc = new VatReturnAccumulator();
  for (const record of records) acc.add(record);
  return acc.result();
}

/** Summary of a streamed collection (e.g. a paged database cursor). */
export async function summariseVatReturnStream(records: AsyncIterable<InvoiceCsvRecord>): Promise<VatReturnSummary> {
  const acc = new VatReturnAccumulator();
  for await (const record of records) acc.add(record);
  return acc.result();
}

/**
 * Money refunded without a credit note in the period (Stripe Dashboard refunds still on
 * finance's queue). Such money is not turnover any more, but no document says so yet: the
 * return's figures stay those of the documents, and this open difference is shown next to
 * them so that it is never silently counted as turnover. Exact cents, no rounding.
 */
export interface OpenRefundDifference {
  count: number;
  amountCents: number;
}

export function openRefundDifference(refunds: Iterable<{ amountCents: number }>): OpenRefundDifference {
  let count = 0;
  let amountCents = 0;
  for (const r of refunds) {
    count++;
    amountCents += r.amountCents;
  }
  return { count, amountCents };
}

/** The Dutch sentence for the open difference; null when there is none. */
export function openRefundDifferenceText(
  open: OpenRefundDifference,
  format: (cents: number) => string = formatCents,
): string | null {
  if (open.count === 0) return null;
  return `Terugbetaald zonder creditnota (nog te verwerken): ${format(open.amountCents)}`;
}

const CATEGORY_NL: Record<VatCategory, string> = { standard: "hoog", reduced: "laag", zero: "nul" };

/** The summary as a Dutch plain-text table for the finance CLI. */
export function formatVatReturnText(
  summary: VatReturnSummary,
  opts: { period?: string; openRefunds?: OpenRefundDifference } = {},
): string {
  const out: string[] = [];
  out.push(`Btw-aangifte${opts.period ? ` ${opts.period}` : ""}`);
  out.push(`${summary.invoiceCount} facturen, ${summary.creditNoteCount} creditnota's (verrekend)`);
  out.push("");
  const amountW = 16;
  const row = (a: string, b: string, c: string, d: string) =>
    `${a.padEnd(9)}${b.padEnd(58)}${c.padStart(amountW)}${d.padStart(amountW)}`;
  out.push(row("Rubriek", "Omschrijving", "Omzet", "Btw"));
  out.push("-".repeat(9 + 58 + 2 * amountW));
  for (const box of summary.boxes) {
    const rates = box.rates.length ? ` (${box.rates.map((r) => `${formatRateNl(r)}%`).join(", ")})` : "";
    out.push(row(box.box, `${box.label}${rates}`, formatCents(box.turnoverCents), formatCents(box.vatCents)));
  }
  out.push("-".repeat(9 + 58 + 2 * amountW));
  out.push(row("", "Totaal", formatCents(summary.totalTurnoverCents), formatCents(summary.totalVatCents)));
  out.push("");
  out.push("Per tarief");
  for (const r of summary.rates) {
    out.push(
      row(
        r.box,
        `${formatRateNl(r.vatRate)}% (${CATEGORY_NL[r.category]} tarief)`,
        formatCents(r.turnoverCents),
        formatCents(r.vatCents),
      ),
    );
  }
  out.push("");
  out.push("Invullen op de aangifte (hele euro's, naar beneden afgerond):");
  for (const box of summary.boxes) {
    out.push(`  ${box.box}  omzet ${box.turnoverEuros}  btw ${box.vatEuros}`);
  }
  const open = opts.openRefunds ? openRefundDifferenceText(opts.openRefunds) : null;
  if (open) {
    out.push("");
    out.push(`${open} (${opts.openRefunds!.count}; nog niet verrekend in de cijfers hierboven)`);
  }
  return out.join("\n") + "\n";
}
