import { readFileSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import {
  allDocuments,
  fullCreditNote,
  paidOnlineInvoice,
  parentInvoice,
  partialCreditNote,
  schoolInvoice,
  SCHOOL,
} from "../../../tests/support/invoice-documents";
import { EN16931_DIR, validateUbl, type UblValidationResult } from "../../../tests/support/validate-ubl";
import { assertDocumentConsistent, InvoiceDocumentError, isValidGtin, netUnitPriceE4 } from "./invoice-document";
import { formatCents } from "./format";
import { escapeXml, renderUbl, UBL_CUSTOMIZATION_ID } from "./ubl";

const examples = {
  officialInvoice: readFileSync(path.join(EN16931_DIR, "example-valid-invoice.xml"), "utf8"),
  officialCreditNote: readFileSync(path.join(EN16931_DIR, "example-valid-creditnote.xml"), "utf8"),
};
const rendered = Object.fromEntries(Object.entries(allDocuments).map(([k, d]) => [k, renderUbl(d)]));

// Negative controls: the validator must catch broken totals, or a clean report proves nothing.
const brokenVat = rendered.schoolInvoice.replace(
  '<cbc:TaxAmount currencyID="EUR">22.02</cbc:TaxAmount>',
  '<cbc:TaxAmount currencyID="EUR">24.02</cbc:TaxAmount>',
);
const brokenLineTotal = rendered.schoolInvoice.replace(
  '<cbc:LineExtensionAmount currencyID="EUR">731.04</cbc:LineExtensionAmount>',
  '<cbc:LineExtensionAmount currencyID="EUR">731.05</cbc:LineExtensionAmount>',
);

const inputs: Record<string, string> = { ...examples, ...rendered, brokenVat, brokenLineTotal };
let results: Record<string, UblValidationResult>;

beforeAll(async () => {
  // Every validateUbl call in this tick shares one Saxon run (the XSLT compiles once).
  const entries = await Promise.all(
    Object.entries(inputs).map(async ([k, xml]) => [k, await validateUbl(xml)] as const),
  );
  results = Object.fromEntries(entries);
}, 180_000);

function fatalIds(name: string): string[] {
  return results[name].fatal.map((f) => `${f.id}: ${f.text}`);
}

function elementText(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}(?: [^>]*)?>([^<]*)</${element}>`, "g"))].map((m) => m[1]);
}

describe("EN 16931 validation (official schematron, Saxon-HE)", () => {
  it("accepts the two official examples (sanity check of the validator)", () => {
    expect(fatalIds("officialInvoice")).toEqual([]);
    expect(fatalIds("officialCreditNote")).toEqual([]);
  });

  it.each(Object.keys(allDocuments))("%s has no fatal assert", (name) => {
    expect(fatalIds(name)).toEqual([]);
  });

  it("catches a wrong VAT amount (BR-CO-17) and a wrong line total (BR-CO-10)", () => {
    expect(brokenVat).not.toBe(rendered.schoolInvoice);
    expect(brokenLineTotal).not.toBe(rendered.schoolInvoice);
    expect(results.brokenVat.fatal.map((f) => f.id)).toContain("BR-CO-17");
    expect(results.brokenLineTotal.fatal.map((f) => f.id)).toContain("BR-CO-10");
  });

  it("accepts inclusive-price VAT that is one cent off taxable × rate (BR-CO-17 tolerance)", () => {
    // DESIGN §3.6: VAT uit inclusief = round(G × r / (100 + r)). For 21% on € 19,85 that is
    // € 3,45 while round(€ 16,40 × 21%) = € 3,44; the schematron allows |Δ| < 1.00.
    const v21 = parentInvoice.vatLines.find((v) => v.vatRate === "21")!;
    const product = new Decimal(v21.taxableCents).mul(21).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    expect(v21.vatCents - product).toBe(1);
    expect(fatalIds("parentInvoice")).toEqual([]);
  });
});

describe("renderUbl", () => {
  it("writes an invoice with Peppol ids, references and per-rate breakdown", () => {
    const xml = rendered.schoolInvoice;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"')).toBe(true);
    expect(elementText(xml, "cbc:CustomizationID")).toEqual([UBL_CUSTOMIZATION_ID]);
    expect(elementText(xml, "cbc:InvoiceTypeCode")).toEqual(["380"]);
    expect(elementText(xml, "cbc:DueDate")).toEqual(["2026-10-01"]);
    // BR-NL-2: the PO number when there is one (escaped), the order number as sales order id.
    expect(elementText(xml, "cbc:BuyerReference")).toEqual(["PO; 2026/118"]);
    expect(elementText(xml, "cbc:SalesOrderID")).toEqual(["ORD-2026-00042"]);
    // BR-NL-1: seller KvK with scheme 0106.
    expect(xml).toContain('<cbc:CompanyID schemeID="0106">12345678</cbc:CompanyID>');
    expect(xml).toContain('<cbc:EndpointID schemeID="0106">41234567</cbc:EndpointID>');
    expect(xml).toContain("<cbc:Name>Stichting Het Lyceum &amp; Co &lt;Zeist&gt;</cbc:Name>");
    expect(xml).toContain("<cbc:Name>Rekenmachine TI-30XS &quot;MultiView&quot;</cbc:Name>");
    expect(elementText(xml, "cbc:PaymentMeansCode")).toEqual(["30"]);
    expect(xml).toContain("<cbc:ID>NL91ABNA0417164300</cbc:ID>");
    expect(elementText(xml, "cbc:TaxableAmount")).toEqual(["367.08", "334.36"]);
    expect(elementText(xml, "cbc:Percent")).toContain("21");
    expect(elementText(xml, "cbc:LineExtensionAmount")[0]).toBe("731.04");
    expect(elementText(xml, "cbc:AllowanceTotalAmount")).toEqual(["36.55"]);
    expect(elementText(xml, "cbc:ChargeTotalAmount")).toEqual(["6.95"]);
    expect(elementText(xml, "cbc:TaxExclusiveAmount")).toEqual(["701.44"]);
    expect(elementText(xml, "cbc:TaxInclusiveAmount")).toEqual(["793.68"]);
    expect(elementText(xml, "cbc:PrepaidAmount")).toEqual([]);
    expect(elementText(xml, "cbc:PayableAmount")).toEqual(["793.68"]);
    expect(xml).not.toContain("CountrySubentity");
  });

  it("prints unit prices with up to four decimals, derived from the net when needed", () => {
    const xml = rendered.schoolInvoice;
    // 12.50 stored; 17.495 stored (3 × 17.495 = 52.485 → 52.49); bundle parts derived from their net.
    expect(elementText(xml, "cbc:PriceAmount")).toEqual(["12.50", "9.95", "29.97", "19.98", "17.495"]);
    expect(netUnitPriceE4({ ...schoolInvoice.lines[0], quantity: 3, netCents: 100 }, true)).toBe(3333);
    expect(netUnitPriceE4({ ...schoolInvoice.lines[0], quantity: 3, netCents: 200 }, true)).toBe(6667);
  });

  it("marks paid online invoices as prepaid with nothing payable", () => {
    const xml = rendered.paidOnlineInvoice;
    expect(elementText(xml, "cbc:PaymentMeansCode")).toEqual(["68"]);
    expect(elementText(xml, "cbc:PrepaidAmount")).toEqual(["373.44"]);
    expect(elementText(xml, "cbc:PayableAmount")).toEqual(["0.00"]);
    // No KvK: the buyer is addressed by e-mail.
    expect(xml).toContain('<cbc:EndpointID schemeID="EM">info@regenboog.example</cbc:EndpointID>');
    // The EAN has a wrong check digit: no GTIN scheme, only the seller's own id.
    expect(isValidGtin(paidOnlineInvoice.lines[0].ean)).toBe(false);
    expect(xml).not.toContain('schemeID="0160"');
    expect(xml).toContain("<cbc:ID>1234567890120</cbc:ID>");
  });

  it("writes credit notes that reference the corrected invoice (BR-NL-9)", () => {
    for (const [name, doc] of [["fullCreditNote", fullCreditNote], ["partialCreditNote", partialCreditNote]] as const) {
      const xml = rendered[name];
      expect(xml).toContain('<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"');
      expect(elementText(xml, "cbc:CreditNoteTypeCode")).toEqual(["381"]);
      expect(xml).toMatch(/<cac:InvoiceDocumentReference>\s*<cbc:ID>2026-000001<\/cbc:ID>\s*<cbc:IssueDate>2026-09-01<\/cbc:IssueDate>/);
      expect(xml).toContain('<cbc:CreditedQuantity unitCode="C62">');
      expect(xml).not.toContain("InvoiceLine");
      expect(xml).not.toContain("DueDate");
      expect(elementText(xml, "cbc:PayableAmount")).toEqual([formatCents(doc.grossCents)]);
    }
    expect(elementText(rendered.partialCreditNote, "cbc:TaxAmount")).toEqual(["1.43", "1.43"]);
  });

  it("escapes XML and drops characters XML cannot hold", () => {
    expect(escapeXml(`a & b < c > d "e" 'f'\u0001`)).toBe("a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
  });

  it("refuses a seller without KvK number (BR-NL-1) and inconsistent documents", () => {
    expect(() => renderUbl({ ...schoolInvoice, seller: { ...schoolInvoice.seller, kvkNumber: null } })).toThrow(
      InvoiceDocumentError,
    );
    const badVatLines = schoolInvoice.vatLines.map((v, i) => (i === 0 ? { ...v, taxableCents: v.taxableCents + 1 } : v));
    expect(() => renderUbl({ ...schoolInvoice, vatLines: badVatLines })).toThrow(/rate 6%/);
    expect(() => renderUbl({ ...schoolInvoice, type: "CREDIT_NOTE" })).toThrow(/reference the invoice/);
    expect(() => renderUbl({ ...schoolInvoice, buyer: { ...SCHOOL, country: "Nederland" } })).toThrow(/ISO 3166/);
  });
});

describe("assertDocumentConsistent", () => {
  it.each(Object.entries(allDocuments))("accepts the fixture %s", (_, doc) => {
    expect(() => assertDocumentConsistent(doc)).not.toThrow();
  });

  it.each([
    ["net + VAT ≠ gross", { grossCents: schoolInvoice.grossCents - 1 }, /gross/],
    ["Σ VAT ≠ VAT total", { vatCents: schoolInvoice.vatCents + 1, grossCents: schoolInvoice.grossCents + 1 }, /Σ VAT/],
    ["Σ taxable ≠ net", { netCents: schoolInvoice.netCents + 1, grossCents: schoolInvoice.grossCents + 1 }, /Σ taxable/],
    ["negative amount", { lines: [{ ...schoolInvoice.lines[0], netCents: -1 }] }, /non-negative/],
    ["fractional cents", { netCents: 0.5 }, /integer/],
    ["a line without VAT line", { lines: [...schoolInvoice.lines, { ...schoolInvoice.lines[0], position: 99, vatRate: "9" }] }, /no VAT line/],
  ])("rejects %s", (_, patch, message) => {
    expect(() => assertDocumentConsistent({ ...schoolInvoice, ...patch })).toThrow(message);
  });
});
