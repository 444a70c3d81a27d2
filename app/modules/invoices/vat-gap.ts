/**
 * The VAT gap between print and digital (issue 14 §3, "Btw-verschil papier/digitaal"): how much
 * more VAT was paid because electronic parts (online licences, the electronic components of a
 * bundle) carry the standard rate instead of the reduced rate of printed material.
 *
 * Computed from FROZEN stored documents only — invoice lines and VAT lines of invoices minus
 * credit notes, the same rows the VAT return sums (vat-return.ts) — so it reconciles with the
 * return to the cent:
 *
 *  1. Per document and VAT rate, the rate's taxable amount without its shipping charge
 *     (Σ line nets − allowance) is allocated over the rate's lines by their nets (DESIGN §3.2,
 *     largest remainder): a line's *base*. Shipping stays with what ships (DESIGN §3.4), never
 *     with an electronic part. The rate's stored VAT is allocated over the electronic lines'
 *     bases and the rest of the rate's taxable amount: the VAT *paid* on each electronic part.
 *     So Σ bases of every line + charge = the rate's taxable (box 1a's turnover) and Σ VAT
 *     shares = the rate's VAT, to the cent.
 *  2. A part's gap is base × (its rate − the reduced rate in force on the order's price date)
 *     / 100, kept EXACT (integer ten-thousandths of a cent) while summing — nothing is rounded
 *     per line or per document.
 *  3. The period's gap is rounded once, half away from zero, to cents: it equals the
 *     electronic base × (standard − reduced) / 100 of the period to the cent. Months and
 *     subjects get their share of that rounded total by largest remainder over their exact
 *     values (signed Hamilton apportionment), so every table adds up to its total.
 *  4. The VAT those parts would have carried at the reduced rate is VAT paid − gap.
 *
 * Credit notes count negatively. Pure module: no Prisma, no Remix.
 */
import { allocate, Decimal, fromCents, toCents } from "~/modules/money";
import { allocateSafeIntegers } from "~/modules/money/allocate";
import { normaliseRate as normaliseRateText } from "./format";
import type { ComponentSupply, VatCategory } from "~/modules/vat/supply";

/** One stored invoice or credit-note line, with the supply of the order-line part it bills. */
export interface GapDocumentLine {
  vatRate: string;
  /** the supply of the frozen part this line bills; null when it cannot be known (no order line) */
  supply: ComponentSupply | null;
  netCents: number;
  subject: string;
  publisher: string;
  /** document number and description, for the CSV detail rows */
  description?: string;
}

export interface GapDocumentVatLine {
  vatRate: string;
  category: VatCategory;
  taxableCents: number;
  vatCents: number;
  allowanceCents: number;
  chargeCents: number;
}

export interface GapDocument {
  number: string;
  type: "INVOICE" | "CREDIT_NOTE";
  issueDate: string;
  schoolName?: string;
  /** the reduced rate in force on the order's price date ("6", "9"); null when none was (no gap then) */
  reducedRate: string | null;
  lines: readonly GapDocumentLine[];
  vatLines: readonly GapDocumentVatLine[];
}

/** One electronic part of a document, signed (a credit note's amounts are negative). */
export interface GapPart {
  number: string;
  type: "INVOICE" | "CREDIT_NOTE";
  issueDate: string;
  schoolName: string;
  subject: string;
  publisher: string;
  description: string;
  vatRate: string;
  reducedRate: string;
  baseCents: number;
  vatPaidCents: number;
  /** base × (rate − reduced) / 100 in ten-thousandths of a cent: exact, not rounded */
  gapE4Cents: number;
}

/** Ten-thousandths of a cent per cent × percentage point: percent strings become basis points. */
const E4 = 10_000;

/** "21" → 2100, "5.5" → 550: a percentage with at most two decimals as integer basis points. */
export function basisPoints(percent: string): number {
  let bp = BASIS_POINTS.get(percent);
  if (bp === undefined) {
    const exact = new Decimal(normaliseRate(percent)).times(100);
    if (!exact.isInteger()) throw new Error(`VAT rate ${percent} has more than two decimals`);
    bp = exact.toNumber();
    BASIS_POINTS.set(percent, bp);
  }
  return bp;
}
/** A shop has a handful of rates; the report asks for them per document. */
const BASIS_POINTS = new Map<string, number>();
const NORMALISED = new Map<string, string>();

/** normaliseRate (format.ts), remembered per stored spelling: the report asks per line. */
function normaliseRate(rate: string): string {
  let normal = NORMALISED.get(rate);
  if (normal === undefined) {
    normal = normaliseRateText(rate);
    if (NORMALISED.size < 1000) NORMALISED.set(rate, normal);
  }
  return normal;
}

/**
 * The electronic parts of one document (DESIGN §3.2 allocations as in the file header). Lines
 * whose supply is unknown count as not electronic. Throws when a document's VAT line does not
 * match its lines (a stored document that does not add up).
 */
export function electronicParts(doc: GapDocument): GapPart[] {
  const sign = doc.type === "CREDIT_NOTE" ? -1 : 1;
  const reducedBp = doc.reducedRate === null ? null : basisPoints(doc.reducedRate);
  const parts: GapPart[] = [];
  for (const vl of doc.vatLines) {
    const rate = normaliseRate(vl.vatRate);
    const atRate = doc.lines.filter((l) => normaliseRate(l.vatRate) === rate);
    if (!atRate.some((l) => l.supply === "electronic")) continue;
    const linesNet = atRate.reduce((s, l) => s + l.netCents, 0);
    if (linesNet - vl.allowanceCents + vl.chargeCents !== vl.taxableCents) {
      throw new Error(`${doc.number}: lines at ${rate}% do not add up to the VAT line's taxable amount`);
    }
    const bases = splitCents(
      linesNet - vl.allowanceCents,
      atRate.map((l) => Math.max(0, l.netCents)),
    );
    const electronic = atRate.flatMap((l, i) => (l.supply === "electronic" ? [{ line: l, base: bases[i]! }] : []));
    const electronicBase = electronic.reduce((s, e) => s + e.base, 0);
    const vatShares = splitCents(vl.vatCents, [
      ...electronic.map((e) => Math.max(0, e.base)),
      Math.max(0, vl.taxableCents - electronicBase),
    ]);
    // Only a standard-rated electronic part has a gap; one already at the reduced rate has none.
    const deltaBp = vl.category === "standard" && reducedBp !== null ? basisPoints(rate) - reducedBp : 0;
    electronic.forEach((e, i) => {
      parts.push({
        number: doc.number,
        type: doc.type,
        issueDate: doc.issueDate,
        schoolName: doc.schoolName ?? "",
        subject: e.line.subject,
        publisher: e.line.publisher,
        description: e.line.description ?? "",
        vatRate: rate,
        reducedRate: doc.reducedRate === null ? "" : normaliseRate(doc.reducedRate),
        baseCents: sign * e.base + 0, // + 0: never -0
        vatPaidCents: sign * vatShares[i]! + 0,
        gapE4Cents: sign * e.base * deltaBp + 0,
      });
    });
  }
  return parts;
}

/**
 * Integer cents over integer weights by largest remainder (DESIGN §3.2, money/allocate): on safe
 * integers when they fit (the report reads 200,000 lines), else through Decimal — same result.
 */
function splitCents(totalCents: number, weights: number[]): number[] {
  const weightSum = weights.reduce((s, w) => s + w, 0);
  if (totalCents >= 0 && weightSum > 0) {
    const out: number[] = new Array(weights.length);
    if (allocateSafeIntegers(totalCents, weights, weightSum, out)) return out;
  }
  return allocate(fromCents(totalCents), weights.map(fromCents)).map(toCents);
}

/** round(value / E4) half away from zero, on integers. */
export function roundE4ToCents(e4Cents: number): number {
  const abs = Math.abs(e4Cents);
  const remainder = abs % E4;
  const whole = (abs - remainder) / E4 + (remainder * 2 >= E4 ? 1 : 0);
  return e4Cents < 0 && whole !== 0 ? -whole : whole; // never -0
}

/**
 * Splits `totalCents` over exact signed values (in ten-thousandths of a cent) so the parts sum to
 * the total: each part is first its exact value rounded DOWN to cents, then the cents still
 * missing go one each to the parts with the largest cut-off remainders (ties: the earlier part).
 * This is the rule of money/allocate (DESIGN §3.2) for shares that may be negative (a month with
 * more credit notes than invoices), which `allocate` (non-negative weights) does not take.
 * The total must be the rounded sum of the values (then 0 ≤ missing ≤ the number of parts).
 */
export function apportionCents(totalCents: number, e4Values: readonly number[]): number[] {
  const floors = e4Values.map((v) => Math.floor(v / E4));
  // Math.floor of a float quotient may be off by one for huge values: correct it exactly.
  floors.forEach((f, i) => {
    let q = f;
    while (q * E4 > e4Values[i]!) q--;
    while ((q + 1) * E4 <= e4Values[i]!) q++;
    floors[i] = q;
  });
  let missing = totalCents - floors.reduce((s, f) => s + f, 0);
  if (missing < 0 || missing > e4Values.length) {
    throw new Error(`cannot apportion ${totalCents} cents over values that sum to another amount`);
  }
  const order = e4Values
    .map((v, i) => ({ i, remainder: v - floors[i]! * E4 }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  const result = [...floors];
  for (const { i } of order) {
    if (missing === 0) break;
    result[i]! += 1;
    missing--;
  }
  return result;
}

/** One row of a gap table (a month, a subject/publisher, or the total). */
export interface VatGapRow {
  key: string;
  label: string;
  /** taxable amount of the electronic parts (their share of the VAT return's base) */
  electronicBaseCents: number;
  vatPaidCents: number;
  /** what the same parts would have carried at the reduced rate: VAT paid − gap */
  vatAtReducedCents: number;
  gapCents: number;
}

export interface VatGapReport {
  months: VatGapRow[];
  /** per subject and publisher, largest gap first */
  groups: (VatGapRow & { subject: string; publisher: string })[];
  total: VatGapRow;
  /** the exact gap of the period in ten-thousandths of a cent (what the total rounds) */
  totalGapE4Cents: number;
  /** every standard-rated VAT line of the documents (box 1a): turnover and VAT, for reconciliation */
  standardTurnoverCents: number;
  standardVatCents: number;
  invoiceCount: number;
  creditNoteCount: number;
  partCount: number;
}

interface Bucket {
  label: string;
  base: number;
  paid: number;
  gapE4: number;
}

const MONTHS_NL = [
  "januari",
  "februari",
  "maart",
  "april",
  "mei",
  "juni",
  "juli",
  "augustus",
  "september",
  "oktober",
  "november",
  "december",
];

/** "2026-07" → "juli 2026". */
export function monthLabel(month: string): string {
  return `${MONTHS_NL[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

/** The months ("2026-07") from one ISO date to another, both inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    if (key > last) break;
    out.push(key);
    month++;
    if (month === 13) {
      month = 1;
      year++;
    }
  }
  return out;
}

/**
 * Adds documents one at a time (from a stream) and produces the report at the end. Memory use
 * depends on the number of months and subjects, not of documents.
 */
export class VatGapAccumulator {
  private readonly months = new Map<string, Bucket>();
  private readonly groups = new Map<string, Bucket & { subject: string; publisher: string }>();
  private standardTurnover = 0;
  private standardVat = 0;
  private invoices = 0;
  private creditNotes = 0;
  private parts = 0;

  /** `months`: the period's months, shown even when they hold nothing. */
  constructor(months: readonly string[] = []) {
    for (const m of months) this.months.set(m, { label: monthLabel(m), base: 0, paid: 0, gapE4: 0 });
  }

  /** Adds a document; returns its electronic parts (for the CSV detail rows). */
  add(doc: GapDocument): GapPart[] {
    const sign = doc.type === "CREDIT_NOTE" ? -1 : 1;
    if (doc.type === "CREDIT_NOTE") this.creditNotes++;
    else this.invoices++;
    for (const vl of doc.vatLines) {
      if (vl.category !== "standard") continue;
      this.standardTurnover += sign * vl.taxableCents;
      this.standardVat += sign * vl.vatCents;
    }
    const parts = electronicParts(doc);
    for (const p of parts) {
      this.parts++;
      const month = p.issueDate.slice(0, 7);
      const m = this.months.get(month) ?? { label: monthLabel(month), base: 0, paid: 0, gapE4: 0 };
      m.base += p.baseCents;
      m.paid += p.vatPaidCents;
      m.gapE4 += p.gapE4Cents;
      this.months.set(month, m);
      const key = `${p.subject}\u0000${p.publisher}`;
      const g = this.groups.get(key) ?? {
        label: `${p.subject} — ${p.publisher}`,
        subject: p.subject,
        publisher: p.publisher,
        base: 0,
        paid: 0,
        gapE4: 0,
      };
      g.base += p.baseCents;
      g.paid += p.vatPaidCents;
      g.gapE4 += p.gapE4Cents;
      this.groups.set(key, g);
    }
    return parts;
  }

  result(): VatGapReport {
    const monthKeys = [...this.months.keys()].sort();
    const groupKeys = [...this.groups.keys()];
    const totalGapE4 = monthKeys.reduce((s, k) => s + this.months.get(k)!.gapE4, 0);
    const totalGap = roundE4ToCents(totalGapE4);
    const row = (key: string, b: Bucket, gapCents: number): VatGapRow => ({
      key,
      label: b.label,
      electronicBaseCents: b.base,
      vatPaidCents: b.paid,
      vatAtReducedCents: b.paid - gapCents,
      gapCents,
    });
    const monthGaps = apportionCents(
      totalGap,
      monthKeys.map((k) => this.months.get(k)!.gapE4),
    );
    const groupGaps = apportionCents(
      totalGap,
      groupKeys.map((k) => this.groups.get(k)!.gapE4),
    );
    const months = monthKeys.map((k, i) => row(k, this.months.get(k)!, monthGaps[i]!));
    const groups = groupKeys
      .map((k, i) => {
        const g = this.groups.get(k)!;
        return { ...row(k, g, groupGaps[i]!), subject: g.subject, publisher: g.publisher };
      })
      .sort((a, b) => b.gapCents - a.gapCents || a.label.localeCompare(b.label, "nl"));
    const base = months.reduce((s, m) => s + m.electronicBaseCents, 0);
    const paid = months.reduce((s, m) => s + m.vatPaidCents, 0);
    return {
      months,
      groups,
      total: row("totaal", { label: "Totaal", base, paid, gapE4: totalGapE4 }, totalGap),
      totalGapE4Cents: totalGapE4,
      standardTurnoverCents: this.standardTurnover,
      standardVatCents: this.standardVat,
      invoiceCount: this.invoices,
      creditNoteCount: this.creditNotes,
      partCount: this.parts,
    };
  }
}

/** The report of a finite collection of documents; see {@link VatGapAccumulator}. */
export function vatGapReport(documents: Iterable<GapDocument>, months: readonly string[] = []): VatGapReport {
  const acc = new VatGapAccumulator(months);
  for (const doc of documents) acc.add(doc);
  return acc.result();
}

/**
 * The supply of a stored line: the frozen part of its order line that it bills. An invoice line
 * is one part of an order line (invoice-rows.ts writes an order line's parts in order, one line
 * each), so `partIndex` is the line's position minus the first position of its order line on
 * the invoice (for a credit-note line: of the invoice line it credits). When the frozen part at
 * that index is not at the line's rate (a document written otherwise), the first part at the
 * line's rate is taken.
 */
export function supplyOfLine(
  orderLine: { supply: string; parts: readonly { supply: string; vatRate: string }[] } | null,
  vatRate: string,
  partIndex: number,
): ComponentSupply | null {
  if (!orderLine) return null;
  const plain = (s: string): ComponentSupply | null =>
    s === "physical" || s === "electronic" || s === "goods" ? s : null;
  if (orderLine.supply !== "bundle") return plain(orderLine.supply);
  const rate = normaliseRate(vatRate);
  const atIndex = orderLine.parts[partIndex];
  if (atIndex && normaliseRate(atIndex.vatRate) === rate) return plain(atIndex.supply);
  const byRate = orderLine.parts.find((p) => normaliseRate(p.vatRate) === rate);
  return byRate ? plain(byRate.supply) : null;
}

/** Ten-thousandths of a cent → an exact euro amount string ("1.8510" for 18510), at least 2 decimals. */
export function formatE4Cents(e4Cents: number, opts: { decimalComma?: boolean } = {}): string {
  const text = new Decimal(e4Cents).div(E4 * 100).toFixed(6);
  const trimmed = text.replace(/0{1,4}$/, "");
  return opts.decimalComma ? trimmed.replace(".", ",") : trimmed;
}
