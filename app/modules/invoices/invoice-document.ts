/**
 * The input of every invoice renderer (PDF, UBL, CSV, VAT return): an issued invoice or
 * credit note with all amounts already rounded to integer cents by the pricing engine
 * (DESIGN §3). Renderers only format these figures; they never recompute VAT.
 *
 * Pure module: no Prisma, no Remix.
 */
import { Decimal } from "~/modules/money/decimal";
import { compareRates, normaliseRate } from "./format";
import { DomainError } from "~/modules/errors/domain-error";

import type { VatCategory } from "~/modules/vat/supply";

export type { VatCategory };
export { isValidGtin } from "~/modules/catalog/ean";

export interface Party {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** Chamber of Commerce number (8 digits): Peppol / ISO 6523 scheme 0106 */
  kvkNumber?: string | null;
  /** Organisatie-identificatienummer of a public body (20 digits): scheme 0190, preferred over KvK */
  oin?: string | null;
  vatNumber?: string | null;
  brin?: string | null;
  email?: string | null;
  iban?: string | null;
}

export interface InvoiceDocumentLine {
  position: number;
  description: string;
  ean: string;
  /** positive integer */
  quantity: number;
  /** unit price in integer ten-thousandths, in the document's price mode (net or gross) */
  unitPriceE4: number;
  /** "6", "21" */
  vatRate: string;
  category: VatCategory;
  netCents: number;
  grossCents: number;
}

export interface InvoiceDocumentVatLine {
  vatRate: string;
  category: VatCategory;
  taxableCents: number;
  vatCents: number;
  /** NET document-level allowance (discount) for this rate */
  allowanceCents: number;
  /** NET shipping charge for this rate */
  chargeCents: number;
}

export interface InvoiceDocument {
  type: "INVOICE" | "CREDIT_NOTE";
  /** "2026-000001" */
  number: string;
  issueDate: string;
  dueDate: string | null;
  currency: "EUR";
  orderNumber: string;
  poNumber: string | null;
  correctsNumber: string | null;
  correctsIssueDate: string | null;
  paymentMethod: "INVOICE" | "ONLINE";
  /** UNTDID 4461 payment means code frozen at issue (BT-81), see payment-means.ts: "58", "48", "30" */
  paymentMeansCode: string;
  paymentTermDays: number;
  paid: boolean;
  seller: Party;
  buyer: Party;
  pricesIncludeVat: boolean;
  lines: InvoiceDocumentLine[];
  vatLines: InvoiceDocumentVatLine[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export type InvoiceDocumentErrorCode = "INCONSISTENT" | "INCOMPLETE";

/** A document the renderers refuse: its figures do not add up, or a mandatory field is missing. */
export class InvoiceDocumentError extends DomainError<InvoiceDocumentErrorCode> {
  readonly documentNumber: string;
  constructor(code: InvoiceDocumentErrorCode, documentNumber: string, message: string) {
    super(code, `${documentNumber}: ${message}`, { status: 500 });
    this.documentNumber = documentNumber;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Throws an {@link InvoiceDocumentError} unless the document is internally consistent to the
 * cent (DESIGN §3.5–3.7, the same sums EN 16931 BR-CO-10…15 and BR-S-08 check):
 * per rate Σ line.netCents − allowance + charge = taxableCents; Σ taxable = netCents;
 * Σ VAT = vatCents; net + VAT = gross. Amounts are non-negative integers (a credit note's sign
 * is implied by its type), every line's rate has exactly one VAT line, and a credit note names
 * the invoice it corrects (BR-NL-9). Nothing is rounded or repaired here.
 */
export function assertDocumentConsistent(doc: InvoiceDocument): void {
  const fail = (message: string): never => {
    throw new InvoiceDocumentError("INCONSISTENT", doc.number || "(no number)", message);
  };
  const incomplete = (message: string): never => {
    throw new InvoiceDocumentError("INCOMPLETE", doc.number || "(no number)", message);
  };
  const amount = (value: number, what: string) => {
    if (!Number.isSafeInteger(value) || value < 0) {
      fail(`${what} must be a non-negative integer number of cents, got ${String(value)}`);
    }
  };

  if (!doc.number) incomplete("document number is missing");
  if (doc.type !== "INVOICE" && doc.type !== "CREDIT_NOTE") fail(`unknown type ${String(doc.type)}`);
  if (doc.currency !== "EUR") fail(`currency must be EUR, got ${String(doc.currency)}`);
  if (!ISO_DATE.test(doc.issueDate)) fail(`issue date "${doc.issueDate}" is not an ISO date`);
  if (doc.dueDate !== null && !ISO_DATE.test(doc.dueDate)) fail(`due date "${doc.dueDate}" is not an ISO date`);
  if (!doc.orderNumber) incomplete("order number is missing");
  if (!Number.isSafeInteger(doc.paymentTermDays) || doc.paymentTermDays < 0) {
    fail("payment term must be a whole number of days");
  }
  if (doc.type === "CREDIT_NOTE") {
    // BR-NL-9 and art. 35a: a correction names the invoice it corrects.
    if (!doc.correctsNumber) incomplete("a credit note must reference the invoice it corrects");
    if (!doc.correctsIssueDate || !ISO_DATE.test(doc.correctsIssueDate)) {
      incomplete("a credit note must carry the issue date of the invoice it corrects");
    }
  }
  // Art. 35a Wet OB 1968: the supplier's VAT identification number is on every invoice.
  if (!doc.seller.vatNumber) incomplete("seller VAT number is missing");
  for (const [role, party] of [
    ["seller", doc.seller],
    ["buyer", doc.buyer],
  ] as const) {
    if (!party.name) incomplete(`${role} name is missing`);
    if (!/^[A-Z]{2}$/.test(party.country)) fail(`${role} country "${party.country}" is not an ISO 3166 alpha-2 code`);
  }
  if (doc.lines.length === 0) fail("a document needs at least one line");

  const ratesSeen = new Map<string, InvoiceDocumentVatLine>();
  for (const vl of doc.vatLines) {
    const rate = normaliseRate(vl.vatRate);
    if (ratesSeen.has(rate)) fail(`rate ${rate}% has more than one VAT line`);
    ratesSeen.set(rate, vl);
    for (const key of ["taxableCents", "vatCents", "allowanceCents", "chargeCents"] as const) {
      amount(vl[key], `VAT line ${rate}% ${key}`);
    }
    if (vl.category === "zero" && (rate !== "0" || vl.vatCents !== 0)) {
      fail(`zero-rated VAT line must have rate 0 and no VAT`);
    }
    // EN 16931 BR-CO-17: VAT = taxable × rate, with the rule's own tolerance (less than one unit).
    const expectedVat = new Decimal(vl.taxableCents).times(rate).div(100);
    if (expectedVat.minus(vl.vatCents).abs().gte(100)) {
      fail(`rate ${rate}%: VAT ${vl.vatCents} is not taxable ${vl.taxableCents} × ${rate}% (BR-CO-17)`);
    }
  }

  const linesNetPerRate = new Map<string, number>();
  const positions = new Set<number>();
  for (const line of doc.lines) {
    const where = `line ${line.position}`;
    if (!Number.isSafeInteger(line.position) || positions.has(line.position))
      fail(`${where}: position must be a unique integer`);
    positions.add(line.position);
    if (!line.description.trim()) incomplete(`${where}: description is missing`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0)
      fail(`${where}: quantity must be a positive integer`);
    amount(line.unitPriceE4, `${where} unit price`);
    amount(line.netCents, `${where} net amount`);
    amount(line.grossCents, `${where} gross amount`);
    const rate = normaliseRate(line.vatRate);
    const vl = ratesSeen.get(rate);
    if (!vl) fail(`${where}: rate ${rate}% has no VAT line`);
    else if (vl.category !== line.category)
      fail(`${where}: category ${line.category} differs from its VAT line (${vl.category})`);
    linesNetPerRate.set(rate, (linesNetPerRate.get(rate) ?? 0) + line.netCents);
  }

  let taxableSum = 0;
  let vatSum = 0;
  for (const [rate, vl] of ratesSeen) {
    const expected = (linesNetPerRate.get(rate) ?? 0) - vl.allowanceCents + vl.chargeCents;
    if (expected !== vl.taxableCents) {
      fail(
        `rate ${rate}%: lines ${linesNetPerRate.get(rate) ?? 0} − allowance ${vl.allowanceCents} + charge ${vl.chargeCents} = ${expected}, but taxable is ${vl.taxableCents}`,
      );
    }
    taxableSum += vl.taxableCents;
    vatSum += vl.vatCents;
  }
  amount(doc.netCents, "net total");
  amount(doc.vatCents, "VAT total");
  amount(doc.grossCents, "gross total");
  if (taxableSum !== doc.netCents) fail(`Σ taxable ${taxableSum} ≠ net total ${doc.netCents}`);
  if (vatSum !== doc.vatCents) fail(`Σ VAT ${vatSum} ≠ VAT total ${doc.vatCents}`);
  if (doc.netCents + doc.vatCents !== doc.grossCents) {
    fail(`net ${doc.netCents} + VAT ${doc.vatCents} ≠ gross ${doc.grossCents}`);
  }
}

/** The document's VAT lines in rate order (6 before 21), as every renderer lists them. */
export function sortedVatLines(doc: Pick<InvoiceDocument, "vatLines">): InvoiceDocumentVatLine[] {
  return [...doc.vatLines].sort((a, b) => compareRates(a.vatRate, b.vatRate));
}

/** Σ line.netCents — EN 16931 BT-106. */
export function sumLineNet(doc: Pick<InvoiceDocument, "lines">): number {
  return doc.lines.reduce((sum, l) => sum + l.netCents, 0);
}

/** Σ document-level allowances (BT-107) and charges (BT-108). */
export function sumAllowancesCharges(doc: Pick<InvoiceDocument, "vatLines">): {
  allowanceCents: number;
  chargeCents: number;
} {
  let allowanceCents = 0;
  let chargeCents = 0;
  for (const vl of doc.vatLines) {
    allowanceCents += vl.allowanceCents;
    chargeCents += vl.chargeCents;
  }
  return { allowanceCents, chargeCents };
}

/**
 * The net price of `baseQuantity` units of a line in ten-thousandths (EN 16931 BT-146 with its
 * base quantity BT-149; 1 unless given). For an exclusive-price document this is the stored
 * unit price (× base quantity) whenever quantity × price rounds to the line's net (DESIGN §3.1);
 * otherwise (inclusive prices, bundle parts) it is derived as netCents × baseQuantity / quantity,
 * rounded half up to 4 decimals with integer arithmetic — so it is never negative and within
 * 0.00005 of the exact quotient. A larger base quantity makes quantity × price / base quantity
 * land closer to the net (Peppol PEPPOL-EN16931-R120), see `ublPrice` in ubl.ts.
 */
export function netUnitPriceE4(line: InvoiceDocumentLine, pricesIncludeVat: boolean, baseQuantity = 1): number {
  if (!Number.isSafeInteger(baseQuantity) || baseQuantity < 1)
    throw new Error("baseQuantity must be a positive integer");
  if (!pricesIncludeVat && roundHalfUpDiv(line.unitPriceE4 * line.quantity, 100) === line.netCents) {
    return line.unitPriceE4 * baseQuantity;
  }
  return roundHalfUpDiv(line.netCents * 100 * baseQuantity, line.quantity);
}

/** round(n / d) half away from zero for a non-negative integer n and positive integer d, via BigInt. */
function roundHalfUpDiv(n: number, d: number): number {
  const bn = BigInt(n);
  const bd = BigInt(d);
  return Number((2n * bn + bd) / (2n * bd));
}
