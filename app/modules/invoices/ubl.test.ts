import { readFileSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import {
  allDocuments,
  bundleInvoice,
  consumerDocuments,
  fullCreditNote,
  paidIdealInvoice,
  paidOnlineInvoice,
  parentCreditNote,
  parentInvoice,
  partialCreditNote,
  schoolDocuments,
  schoolInvoice,
  SCHOOL,
} from "../../../tests/support/invoice-documents";
import {
  EN16931_DIR,
  PEPPOL_DIR,
  validateDocument,
  validateUbl,
  validateXsd,
  type DocumentValidation,
  type UblValidationResult,
  type ValidationTarget,
  type XsdValidationResult,
} from "../../../tests/support/validate-ubl";
import {
  assertDocumentConsistent,
  InvoiceDocumentError,
  isValidGtin,
  netUnitPriceE4,
  type InvoiceDocument,
} from "./invoice-document";
import { formatCentsPlain } from "./format";
import {
  escapeXml,
  NLCIUS_CUSTOMIZATION_ID,
  renderUbl,
  UBL_CUSTOMIZATION_ID,
  UBL_PROFILES,
  ublPrice,
  type UblProfile,
} from "./ubl";

const examples = {
  officialInvoice: readFileSync(path.join(EN16931_DIR, "example-valid-invoice.xml"), "utf8"),
  officialCreditNote: readFileSync(path.join(EN16931_DIR, "example-valid-creditnote.xml"), "utf8"),
  peppolInvoice: readFileSync(path.join(PEPPOL_DIR, "example-base-invoice.xml"), "utf8"),
  peppolCreditNote: readFileSync(path.join(PEPPOL_DIR, "example-creditnote.xml"), "utf8"),
};

/** Every fixture in every profile: "schoolInvoice/peppol", "parentInvoice/nlcius", … */
const rendered: Record<string, string> = {};
const targets: Record<string, ValidationTarget> = {};
for (const profile of UBL_PROFILES) {
  for (const [name, doc] of Object.entries(allDocuments)) {
    rendered[`${name}/${profile}`] = renderUbl(doc, { profile });
    // School documents pass EN 16931 + their profile's rules + XSD; a parent's EN 16931 + XSD.
    targets[`${name}/${profile}`] = name in consumerDocuments ? "consumer" : profile;
  }
}
const xml = (name: keyof typeof allDocuments, profile: UblProfile = "peppol") => rendered[`${name}/${profile}`]!;

// Negative controls: the validators must catch what they are here for, or a clean report proves nothing.
const controls = {
  brokenVat: xml("schoolInvoice").replace(
    '<cbc:TaxAmount currencyID="EUR">22.02</cbc:TaxAmount>',
    '<cbc:TaxAmount currencyID="EUR">24.02</cbc:TaxAmount>',
  ),
  brokenLineTotal: xml("schoolInvoice").replace(
    '<cbc:LineExtensionAmount currencyID="EUR">731.04</cbc:LineExtensionAmount>',
    '<cbc:LineExtensionAmount currencyID="EUR">731.05</cbc:LineExtensionAmount>',
  ),
  // The 413 bundle part priced per unit with 4 decimals, as before (PEPPOL-EN16931-R120).
  bundlePerUnit: xml("bundleInvoice").replace(
    /<cbc:PriceAmount currencyID="EUR">205\.5155<\/cbc:PriceAmount>\s*<cbc:BaseQuantity unitCode="C62">10<\/cbc:BaseQuantity>/,
    '<cbc:PriceAmount currencyID="EUR">20.5515</cbc:PriceAmount>',
  ),
  // The old online payment means code 68 (NL-R-008 / BR-NL-12).
  code68Peppol: xml("paidOnlineInvoice").replace(/<cbc:PaymentMeansCode[^>]*>48</, "<cbc:PaymentMeansCode>68<"),
  code68Nlcius: xml("paidOnlineInvoice", "nlcius").replace(
    /<cbc:PaymentMeansCode[^>]*>48</,
    "<cbc:PaymentMeansCode>68<",
  ),
  // DueDate after the type code: out of the schema's sequence.
  schemaOrder: xml("schoolInvoice").replace(
    /(<cbc:DueDate>[^<]*<\/cbc:DueDate>)(\s*)(<cbc:InvoiceTypeCode>380<\/cbc:InvoiceTypeCode>)/,
    "$3$2$1",
  ),
};

let results: Record<string, DocumentValidation>;
let examplesEn: Record<string, UblValidationResult>;
let examplesPeppol: Record<string, UblValidationResult>;
let examplesXsd: Record<string, XsdValidationResult>;
let controlEn: Record<string, UblValidationResult>;
let controlPeppol: Record<string, UblValidationResult>;
let controlNlcius: Record<string, UblValidationResult>;
let controlXsd: XsdValidationResult;
/** Consumer documents against the profile rules they are exempt from: shows the rules run. */
let consumerPeppol: UblValidationResult;
let consumerNlcius: UblValidationResult;

async function each<T>(
  inputs: Record<string, string>,
  validate: (xml: string) => Promise<T>,
): Promise<Record<string, T>> {
  return Object.fromEntries(
    await Promise.all(Object.entries(inputs).map(async ([k, x]) => [k, await validate(x)] as const)),
  );
}

const ids = (r: UblValidationResult) => r.fatal.map((f) => f.id);

function elementText(doc: string, element: string): string[] {
  return [...doc.matchAll(new RegExp(`<${element}(?: [^>]*)?>([^<]*)</${element}>`, "g"))].map((m) => m[1]);
}

// [slow]: one JVM per rule set (see vitest.config.ts); the hook sits inside so that a run
// without the slow tests does not start Saxon.
describe("validation against the official artefacts (Saxon-HE, xmllint) [slow]", () => {
  beforeAll(async () => {
    // Every validation started in this tick shares one JVM run per rule set (each stylesheet
    // compiles once) and one xmllint run per document type.
    [
      results,
      examplesEn,
      examplesPeppol,
      examplesXsd,
      controlEn,
      controlPeppol,
      controlNlcius,
      controlXsd,
      consumerPeppol,
      consumerNlcius,
    ] = await Promise.all([
      Promise.all(
        Object.entries(rendered).map(async ([k, x]) => [k, await validateDocument(x, targets[k]!)] as const),
      ).then(Object.fromEntries),
      each({ officialInvoice: examples.officialInvoice, officialCreditNote: examples.officialCreditNote }, (x) =>
        validateUbl(x),
      ),
      each({ peppolInvoice: examples.peppolInvoice, peppolCreditNote: examples.peppolCreditNote }, (x) =>
        validateUbl(x, "peppol"),
      ),
      each(examples, (x) => validateXsd(x)),
      each({ brokenVat: controls.brokenVat, brokenLineTotal: controls.brokenLineTotal }, (x) => validateUbl(x)),
      each({ bundlePerUnit: controls.bundlePerUnit, code68: controls.code68Peppol }, (x) => validateUbl(x, "peppol")),
      each({ code68: controls.code68Nlcius }, (x) => validateUbl(x, "nlcius")),
      validateXsd(controls.schemaOrder),
      validateUbl(xml("parentInvoice"), "peppol"),
      validateUbl(xml("parentInvoice", "nlcius"), "nlcius"),
    ]);
  }, 300_000);

  it("accepts the official examples (sanity check of the validators)", () => {
    expect(examplesEn.officialInvoice.fatal).toEqual([]);
    expect(examplesEn.officialCreditNote.fatal).toEqual([]);
    expect(examplesPeppol.peppolInvoice.fatal).toEqual([]);
    expect(examplesPeppol.peppolCreditNote.fatal).toEqual([]);
    for (const r of Object.values(examplesXsd)) expect(r.errors).toEqual([]);
  });

  it.each(Object.keys(schoolDocuments).flatMap((name) => UBL_PROFILES.map((profile) => `${name}/${profile}`)))(
    "school document %s passes EN 16931, its profile's rules and the UBL 2.1 schema",
    (key) => {
      expect(targets[key]).not.toBe("consumer");
      expect(results[key]!.profile, key).not.toBeNull();
      expect(results[key]!.failures).toEqual([]);
    },
  );

  it.each(Object.keys(consumerDocuments).flatMap((name) => UBL_PROFILES.map((profile) => `${name}/${profile}`)))(
    "consumer document %s passes EN 16931 and the UBL 2.1 schema",
    (key) => {
      expect(targets[key]).toBe("consumer");
      expect(results[key]!.failures).toEqual([]);
    },
  );

  it("runs the profile rules: a consumer has no Peppol address or KvK/OIN, which Peppol and NLCIUS would refuse", () => {
    expect(ids(consumerPeppol)).toEqual(["PEPPOL-EN16931-CL008"]);
    expect(ids(consumerNlcius)).toEqual(["BR-NL-10"]);
  });

  it("catches a wrong VAT amount (BR-CO-17) and a wrong line total (BR-CO-10)", () => {
    expect(controls.brokenVat).not.toBe(xml("schoolInvoice"));
    expect(controls.brokenLineTotal).not.toBe(xml("schoolInvoice"));
    expect(ids(controlEn.brokenVat!)).toContain("BR-CO-17");
    expect(ids(controlEn.brokenLineTotal!)).toContain("BR-CO-10");
  });

  it("catches a 4-decimal unit price that misses the 413 bundle part's net (PEPPOL-EN16931-R120)", () => {
    expect(controls.bundlePerUnit).not.toBe(xml("bundleInvoice"));
    expect(ids(controlPeppol.bundlePerUnit!)).toEqual(["PEPPOL-EN16931-R120"]);
  });

  it("catches payment means code 68 (NL-R-008, BR-NL-12)", () => {
    expect(ids(controlPeppol.code68!)).toContain("NL-R-008");
    expect(ids(controlNlcius.code68!)).toContain("BR-NL-12");
  });

  it("catches a schema violation (element order)", () => {
    expect(controls.schemaOrder).not.toBe(xml("schoolInvoice"));
    expect(controlXsd.errors.join("\n")).toMatch(/InvoiceTypeCode|DueDate/);
  });

  it("accepts inclusive-price VAT that is one cent off taxable × rate (BR-CO-17 tolerance)", () => {
    // DESIGN §3.6: VAT uit inclusief = round(G × r / (100 + r)). For 21% on € 19,85 that is
    // € 3,45 while round(€ 16,40 × 21%) = € 3,44; the schematron allows |Δ| < 1.00.
    const v21 = parentInvoice.vatLines.find((v) => v.vatRate === "21")!;
    const product = new Decimal(v21.taxableCents).mul(21).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    expect(v21.vatCents - product).toBe(1);
    expect(results["parentInvoice/peppol"]!.failures).toEqual([]);
  });
});

describe("renderUbl", () => {
  it("writes an invoice with Peppol ids, references and per-rate breakdown", () => {
    const doc = xml("schoolInvoice");
    expect(
      doc.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
      ),
    ).toBe(true);
    expect(elementText(doc, "cbc:CustomizationID")).toEqual([UBL_CUSTOMIZATION_ID]);
    expect(renderUbl(schoolInvoice)).toBe(doc); // peppol is the default
    expect(elementText(doc, "cbc:InvoiceTypeCode")).toEqual(["380"]);
    expect(elementText(doc, "cbc:DueDate")).toEqual(["2026-10-01"]);
    // BR-NL-2: the PO number when there is one (escaped), the order number as sales order id.
    expect(elementText(doc, "cbc:BuyerReference")).toEqual(["PO; 2026/118"]);
    expect(elementText(doc, "cbc:SalesOrderID")).toEqual(["ORD-2026-00042"]);
    // BR-NL-1: seller KvK with scheme 0106; the school's KvK number is its Peppol address and legal id.
    expect(doc).toContain('<cbc:CompanyID schemeID="0106">12345678</cbc:CompanyID>');
    expect(doc).toContain('<cbc:EndpointID schemeID="0106">41234567</cbc:EndpointID>');
    expect(doc).toContain('<cbc:CompanyID schemeID="0106">41234567</cbc:CompanyID>');
    expect(doc).toContain("<cbc:Name>Stichting Het Lyceum &amp; Co &lt;Zeist&gt;</cbc:Name>");
    expect(doc).toContain("<cbc:Name>Rekenmachine TI-30XS &quot;MultiView&quot;</cbc:Name>");
    expect(elementText(doc, "cbc:TaxableAmount")).toEqual(["367.08", "334.36"]);
    expect(elementText(doc, "cbc:Percent")).toContain("21");
    expect(elementText(doc, "cbc:LineExtensionAmount")[0]).toBe("731.04");
    expect(elementText(doc, "cbc:AllowanceTotalAmount")).toEqual(["36.55"]);
    expect(elementText(doc, "cbc:ChargeTotalAmount")).toEqual(["6.95"]);
    expect(elementText(doc, "cbc:TaxExclusiveAmount")).toEqual(["701.44"]);
    expect(elementText(doc, "cbc:TaxInclusiveAmount")).toEqual(["793.68"]);
    expect(elementText(doc, "cbc:PrepaidAmount")).toEqual([]);
    expect(elementText(doc, "cbc:PayableAmount")).toEqual(["793.68"]);
    expect(doc).not.toContain("CountrySubentity");
  });

  it("pays an invoice on account by SEPA transfer (58) to the seller's IBAN (NL-R-008, BR-61)", () => {
    const doc = xml("schoolInvoice");
    expect(schoolInvoice.paymentMeansCode).toBe("58");
    expect(doc).toContain('<cbc:PaymentMeansCode name="SEPA-overboeking">58</cbc:PaymentMeansCode>');
    expect(doc).toMatch(
      /<cac:PayeeFinancialAccount>\s*<cbc:ID>NL91ABNA0417164300<\/cbc:ID>\s*<cbc:Name>Leerwinkel B.V.<\/cbc:Name>/,
    );
    // Any other code the seller's country allows is printed as stored; 30 also needs the account.
    const transfer = renderUbl({ ...schoolInvoice, paymentMeansCode: "30" });
    expect(elementText(transfer, "cbc:PaymentMeansCode")).toEqual(["30"]);
    expect(transfer).toContain("<cac:PayeeFinancialAccount>");
  });

  it("writes a card payment as 48 and an iDEAL payment as 58, both prepaid with nothing payable", () => {
    const card = xml("paidOnlineInvoice");
    expect(card).toContain('<cbc:PaymentMeansCode name="Betaalkaart">48</cbc:PaymentMeansCode>');
    expect(card).not.toContain("PayeeFinancialAccount");
    expect(elementText(card, "cbc:PrepaidAmount")).toEqual(["373.44"]);
    expect(elementText(card, "cbc:PayableAmount")).toEqual(["0.00"]);
    const ideal = xml("paidIdealInvoice");
    expect(elementText(ideal, "cbc:PaymentMeansCode")).toEqual(["58"]);
    expect(ideal).toContain("<cbc:ID>NL91ABNA0417164300</cbc:ID>");
    expect(elementText(ideal, "cbc:PrepaidAmount")).toEqual([formatCentsPlain(paidIdealInvoice.grossCents)]);
    expect(elementText(ideal, "cbc:PayableAmount")).toEqual(["0.00"]);
  });

  it("addresses a public school by its OIN (0190), preferred over a KvK number", () => {
    const doc = xml("paidOnlineInvoice");
    expect(doc).toContain('<cbc:EndpointID schemeID="0190">00000001234567890000</cbc:EndpointID>');
    expect(doc).toContain('<cbc:CompanyID schemeID="0190">00000001234567890000</cbc:CompanyID>');
    const both = renderUbl({ ...schoolInvoice, buyer: { ...SCHOOL, oin: "00000001234567890000" } });
    expect(both).toContain('<cbc:EndpointID schemeID="0190">00000001234567890000</cbc:EndpointID>');
    expect(both).not.toContain('schemeID="0106">41234567');
    // The EAN has a wrong check digit: no GTIN scheme, only the seller's own id.
    expect(isValidGtin(paidOnlineInvoice.lines[0].ean)).toBe(false);
    expect(doc).not.toContain('schemeID="0160"');
    expect(doc).toContain("<cbc:ID>1234567890120</cbc:ID>");
  });

  it("addresses a parent by e-mail and gives them no legal entity id", () => {
    const doc = xml("parentInvoice");
    expect(doc).toContain('<cbc:EndpointID schemeID="EM">ouder@example.nl</cbc:EndpointID>');
    expect(doc).not.toMatch(/<cbc:CompanyID schemeID="01(06|90)">(?!12345678)/);
  });

  it("prints unit prices with up to four decimals, derived from the net when needed", () => {
    // 12.50 stored; 17.495 stored (3 × 17.495 = 52.485 → 52.49); bundle parts derived from their net.
    expect(elementText(xml("schoolInvoice"), "cbc:PriceAmount")).toEqual(["12.50", "9.95", "29.97", "19.98", "17.495"]);
    expect(xml("schoolInvoice")).not.toContain("BaseQuantity");
    expect(netUnitPriceE4({ ...schoolInvoice.lines[0], quantity: 3, netCents: 100 }, true)).toBe(3333);
    expect(netUnitPriceE4({ ...schoolInvoice.lines[0], quantity: 3, netCents: 200 }, true)).toBe(6667);
  });

  it.each([
    // [quantity, net cents, price with 4 decimals, base quantity]; the working:
    // 8487.79 / 413 = 20.551549…: 413 × 20.5515 = 8487.7695 (0.0205 off, more than R120's 0.02),
    // per 10: 84877.9 / 413 = 205.515496… → 205.5155; 413 × 205.5155 / 10 = 8487.79015 (0.00015 off).
    [413, 848779, 2055155, 10],
    // 5658.58 / 413 = 13.701162…: 413 × 13.7012 = 5658.5956 (0.0156 off, more than a cent);
    // per 10: 137.01162… → 137.0116; 413 × 13.70116 = 5658.57908 (0.00092 off).
    [413, 565858, 1370116, 10],
    // 1.00 / 3 = 0.3333: 3 × 0.3333 = 0.9999, a hundredth of a cent off: per unit.
    [3, 100, 3333, 1],
    // 100 000 × 0.0001 units of 1234.57: 1234.57 / 100000 = 0.0123457; per 1000: 12.3457 exactly.
    [100_000, 123457, 123457, 1000],
  ])("prices %i units netting %i cents at %i ten-thousandths per %i", (quantity, netCents, priceE4, baseQuantity) => {
    const line = { ...bundleInvoice.lines[0], quantity, netCents };
    expect(ublPrice(line, false)).toEqual({ priceE4, baseQuantity });
    // quantity × price / base quantity within a cent of the net (Peppol R120 allows 2).
    const product = new Decimal(quantity).mul(priceE4).div(10_000).div(baseQuantity);
    expect(product.minus(new Decimal(netCents).div(100)).abs().lte("0.01")).toBe(true);
  });

  it("prints the 413 bundle parts per 10 units with a base quantity (PEPPOL-EN16931-R120)", () => {
    const doc = xml("bundleInvoice");
    expect(elementText(doc, "cbc:InvoicedQuantity")).toEqual(["413", "413"]);
    expect(elementText(doc, "cbc:LineExtensionAmount").slice(1)).toEqual(["8487.79", "5658.58"]);
    expect(doc).toMatch(
      /<cbc:PriceAmount currencyID="EUR">205\.5155<\/cbc:PriceAmount>\s*<cbc:BaseQuantity unitCode="C62">10<\/cbc:BaseQuantity>/,
    );
    expect(doc).toMatch(
      /<cbc:PriceAmount currencyID="EUR">137\.0116<\/cbc:PriceAmount>\s*<cbc:BaseQuantity unitCode="C62">10<\/cbc:BaseQuantity>/,
    );
  });

  it("writes credit notes that reference the corrected invoice (BR-NL-9) and carry no payment means", () => {
    for (const [name, doc] of [
      ["fullCreditNote", fullCreditNote],
      ["partialCreditNote", partialCreditNote],
      ["parentCreditNote", parentCreditNote],
    ] as const) {
      const out = xml(name);
      expect(out).toContain('<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"');
      expect(elementText(out, "cbc:CreditNoteTypeCode")).toEqual(["381"]);
      expect(out).toMatch(
        new RegExp(
          `<cac:InvoiceDocumentReference>\\s*<cbc:ID>${doc.correctsNumber}</cbc:ID>\\s*<cbc:IssueDate>${doc.correctsIssueDate}</cbc:IssueDate>`,
        ),
      );
      expect(out).toContain('<cbc:CreditedQuantity unitCode="C62">');
      expect(out).not.toContain("InvoiceLine");
      expect(out).not.toContain("DueDate");
      // Nothing is paid to the seller: NL-R-007 / BR-NL-11 ask payment means of invoices only.
      expect(out).not.toContain("PaymentMeans");
      expect(elementText(out, "cbc:PayableAmount")).toEqual([formatCentsPlain(doc.grossCents)]);
    }
    expect(elementText(xml("partialCreditNote"), "cbc:TaxAmount")).toEqual(["1.43", "1.43"]);
  });

  it("writes the NLCIUS profile without what SI-UBL 2.0 advises against", () => {
    const invoice = xml("schoolInvoice", "nlcius");
    expect(elementText(invoice, "cbc:CustomizationID")).toEqual([NLCIUS_CUSTOMIZATION_ID]);
    expect(NLCIUS_CUSTOMIZATION_ID).toBe("urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0");
    // BR-NL-10: the Dutch customer's KvK number as legal entity id.
    expect(invoice).toContain('<cbc:CompanyID schemeID="0106">41234567</cbc:CompanyID>');
    // BR-NL-29 / 30 / 32: no payment means text, no account name, no allowance reason code.
    expect(invoice).toContain("<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>");
    expect(invoice).toMatch(
      /<cac:PayeeFinancialAccount>\s*<cbc:ID>NL91ABNA0417164300<\/cbc:ID>\s*<\/cac:PayeeFinancialAccount>/,
    );
    expect(invoice).not.toContain("AllowanceChargeReasonCode");
    expect(invoice).toContain("<cbc:AllowanceChargeReason>Korting</cbc:AllowanceChargeReason>");
    // BR-NL-24: the credit note names the corrected invoice without its date.
    const credit = xml("fullCreditNote", "nlcius");
    expect(credit).toMatch(
      /<cac:InvoiceDocumentReference>\s*<cbc:ID>2026-000001<\/cbc:ID>\s*<\/cac:InvoiceDocumentReference>/,
    );
    // Apart from that, the figures are the same in both profiles.
    for (const name of Object.keys(allDocuments) as (keyof typeof allDocuments)[]) {
      for (const element of [
        "cbc:LineExtensionAmount",
        "cbc:TaxAmount",
        "cbc:PayableAmount",
        "cbc:PriceAmount",
        "cbc:EndpointID",
      ]) {
        expect(elementText(xml(name, "nlcius"), element), `${name} ${element}`).toEqual(
          elementText(xml(name), element),
        );
      }
    }
    expect(() => renderUbl(schoolInvoice, { profile: "xrechnung" as UblProfile })).toThrow(/profile/);
  });

  it("escapes XML and drops characters XML cannot hold", () => {
    expect(escapeXml(`a & b < c > d "e" 'f'\u0001`)).toBe("a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
  });

  it.each<[string, Partial<InvoiceDocument>, RegExp]>([
    [
      "a seller without KvK number or OIN (BR-NL-1)",
      { seller: { ...schoolInvoice.seller, kvkNumber: null } },
      /BR-NL-1/,
    ],
    ["payment means 68 for a Dutch supplier (NL-R-008)", { paymentMeansCode: "68" }, /NL-R-008/],
    [
      "a credit transfer without the seller's IBAN (BR-61)",
      { seller: { ...schoolInvoice.seller, iban: null } },
      /BR-61/,
    ],
  ])("refuses %s", (_, patch, message) => {
    expect(() => renderUbl({ ...schoolInvoice, ...patch })).toThrow(InvoiceDocumentError);
    expect(() => renderUbl({ ...schoolInvoice, ...patch }, { profile: "nlcius" })).toThrow(message);
  });

  it("refuses inconsistent documents", () => {
    const badVatLines = schoolInvoice.vatLines.map((v, i) =>
      i === 0 ? { ...v, taxableCents: v.taxableCents + 1 } : v,
    );
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
    [
      "Σ taxable ≠ net",
      { netCents: schoolInvoice.netCents + 1, grossCents: schoolInvoice.grossCents + 1 },
      /Σ taxable/,
    ],
    ["negative amount", { lines: [{ ...schoolInvoice.lines[0], netCents: -1 }] }, /non-negative/],
    ["fractional cents", { netCents: 0.5 }, /integer/],
    [
      "a line without VAT line",
      { lines: [...schoolInvoice.lines, { ...schoolInvoice.lines[0], position: 99, vatRate: "9" }] },
      /no VAT line/,
    ],
  ])("rejects %s", (_, patch, message) => {
    expect(() => assertDocumentConsistent({ ...schoolInvoice, ...patch })).toThrow(message);
  });
});
