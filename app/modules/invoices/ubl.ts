/**
 * UBL 2.1 Invoice / CreditNote following EN 16931 and Peppol BIS Billing 3.0 (with the NLCIUS
 * rules that add to it), from an {@link InvoiceDocument}. Pure: string in memory, no I/O.
 *
 * Figures are printed, never recomputed: the per-rate taxable amounts and VAT come from the
 * document (DESIGN §3), which {@link assertDocumentConsistent} checks first.
 *
 * BR-CO-17 and inclusive prices: DESIGN §3.6 computes VAT "uit inclusief" as
 * round(G × r / (100 + r)), which can differ by one cent from round(taxable × r / 100). The
 * EN 16931 validation artefacts (release 1.3.16, EN16931-UBL-validation.xslt) do not demand
 * equality: BR-CO-17 and BR-S-09 assert
 *   |TaxAmount| − 1 < round(|TaxableAmount| × Percent / 100 × 100) div 100 < |TaxAmount| + 1
 * in currency units, i.e. a tolerance of just under one euro, and BR-S-08 allows the same
 * ±1 around Σ line nets − allowances + charges. A one-cent "uit inclusief" difference is
 * therefore valid and we print the caller's VAT unchanged, so the payable amount stays
 * exactly the sum of the gross prices the customer saw.
 */
import {
  assertDocumentConsistent,
  InvoiceDocumentError,
  isValidGtin,
  netUnitPriceE4,
  sortedVatLines,
  sumAllowancesCharges,
  sumLineNet,
  type InvoiceDocument,
  type InvoiceDocumentVatLine,
  type Party,
  type VatCategory,
} from "./invoice-document";
import { formatCents, formatE4, normaliseRate } from "./format";

export const UBL_CUSTOMIZATION_ID =
  "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
export const UBL_PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

const NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

/** ISO 6523 ICD / CEF EAS scheme of the Dutch Chamber of Commerce number (KvK). */
const SCHEME_KVK = "0106";
/** ISO 6523 ICD of GS1 GTIN. */
const SCHEME_GTIN = "0160";
/** CEF EAS code for an e-mail address endpoint. */
const SCHEME_EMAIL = "EM";

/** UNCL 4461 payment means. */
const PAYMENT_MEANS_CREDIT_TRANSFER = "30";
const PAYMENT_MEANS_ONLINE_SERVICE = "68";
const PAYMENT_MEANS_NOT_DEFINED = "1";

// XML 1.0 allows only these characters; anything else (control characters pasted into a
// description) would make the whole document unreadable, so it is dropped.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Minimal indented XML writer: elements are emitted in the order the UBL schema prescribes. */
class XmlWriter {
  private readonly parts: string[] = [];
  private depth = 0;

  open(name: string, attrs: Record<string, string> = {}): this {
    this.parts.push(`${this.indent()}<${name}${renderAttrs(attrs)}>`);
    this.depth++;
    return this;
  }

  close(name: string): this {
    this.depth--;
    this.parts.push(`${this.indent()}</${name}>`);
    return this;
  }

  leaf(name: string, text: string, attrs: Record<string, string> = {}): this {
    this.parts.push(`${this.indent()}<${name}${renderAttrs(attrs)}>${escapeXml(text)}</${name}>`);
    return this;
  }

  amount(name: string, cents: number): this {
    return this.leaf(name, formatCents(cents), { currencyID: "EUR" });
  }

  toString(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n${this.parts.join("\n")}\n`;
  }

  private indent(): string {
    return "  ".repeat(this.depth);
  }
}

function renderAttrs(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
}

/** EN 16931 VAT category code (UNCL 5305): reduced and standard are both "S" with their own percent. */
function taxCategoryCode(category: VatCategory): "S" | "Z" {
  return category === "zero" ? "Z" : "S";
}

function writeTaxCategory(w: XmlWriter, element: string, category: VatCategory, rate: string): void {
  w.open(element)
    .leaf("cbc:ID", taxCategoryCode(category))
    .leaf("cbc:Percent", normaliseRate(rate))
    .open("cac:TaxScheme").leaf("cbc:ID", "VAT").close("cac:TaxScheme")
    .close(element);
}

function compactId(value: string): string {
  return value.replace(/\s+/g, "");
}

function writeParty(w: XmlWriter, party: Party, role: "seller" | "buyer"): void {
  w.open("cac:Party");
  // Peppol BIS requires an electronic address (BT-34/BT-49) with its EAS scheme (BR-62/63).
  if (party.kvkNumber) {
    w.leaf("cbc:EndpointID", compactId(party.kvkNumber), { schemeID: SCHEME_KVK });
  } else if (party.email) {
    w.leaf("cbc:EndpointID", party.email.trim(), { schemeID: SCHEME_EMAIL });
  }
  if (role === "buyer" && party.brin) {
    // BRIN has no ISO 6523 ICD, so it goes without a scheme (BR-CL-10 only checks a given scheme).
    w.open("cac:PartyIdentification").leaf("cbc:ID", party.brin).close("cac:PartyIdentification");
  }
  w.open("cac:PartyName").leaf("cbc:Name", party.name).close("cac:PartyName");
  // Country subdivision is deliberately omitted: it is optional and unused in NL.
  w.open("cac:PostalAddress");
  if (party.street) w.leaf("cbc:StreetName", party.street);
  if (party.city) w.leaf("cbc:CityName", party.city);
  if (party.postalCode) w.leaf("cbc:PostalZone", party.postalCode);
  w.open("cac:Country").leaf("cbc:IdentificationCode", party.country).close("cac:Country");
  w.close("cac:PostalAddress");
  if (party.vatNumber) {
    w.open("cac:PartyTaxScheme")
      .leaf("cbc:CompanyID", compactId(party.vatNumber))
      .open("cac:TaxScheme").leaf("cbc:ID", "VAT").close("cac:TaxScheme")
      .close("cac:PartyTaxScheme");
  }
  w.open("cac:PartyLegalEntity").leaf("cbc:RegistrationName", party.name);
  // BR-NL-1: the Dutch seller's legal registration is the KvK number with scheme 0106.
  if (party.kvkNumber) w.leaf("cbc:CompanyID", compactId(party.kvkNumber), { schemeID: SCHEME_KVK });
  w.close("cac:PartyLegalEntity");
  if (party.email) {
    w.open("cac:Contact").leaf("cbc:ElectronicMail", party.email.trim()).close("cac:Contact");
  }
  w.close("cac:Party");
}

function paymentTermsNote(doc: InvoiceDocument): string {
  if (doc.type === "CREDIT_NOTE") {
    return doc.paymentMethod === "ONLINE"
      ? `Creditnota op factuur ${doc.correctsNumber}; het bedrag wordt teruggestort via de oorspronkelijke betaalwijze.`
      : `Creditnota op factuur ${doc.correctsNumber}; het bedrag wordt verrekend of teruggestort.`;
  }
  if (doc.paid) {
    return doc.paymentMethod === "ONLINE" ? "Betaald via iDEAL/kaart." : "Deze factuur is voldaan.";
  }
  const iban = doc.seller.iban ? ` op IBAN ${compactId(doc.seller.iban)}` : "";
  return `Te betalen binnen ${doc.paymentTermDays} dagen${iban} o.v.v. factuurnummer ${doc.number}.`;
}

function writePaymentMeans(w: XmlWriter, doc: InvoiceDocument): void {
  // A credit note pays nothing to the seller: no payment instructions, only the terms note.
  if (doc.type === "CREDIT_NOTE") return;
  if (doc.paymentMethod === "ONLINE") {
    w.open("cac:PaymentMeans")
      .leaf("cbc:PaymentMeansCode", PAYMENT_MEANS_ONLINE_SERVICE, { name: "iDEAL/kaart" })
      .leaf("cbc:PaymentID", doc.number)
      .close("cac:PaymentMeans");
    return;
  }
  if (doc.seller.iban) {
    // BR-61: credit transfer needs the payee account.
    w.open("cac:PaymentMeans")
      .leaf("cbc:PaymentMeansCode", PAYMENT_MEANS_CREDIT_TRANSFER, { name: "Overboeking" })
      .leaf("cbc:PaymentID", doc.number)
      .open("cac:PayeeFinancialAccount")
      .leaf("cbc:ID", compactId(doc.seller.iban).toUpperCase())
      .leaf("cbc:Name", doc.seller.name)
      .close("cac:PayeeFinancialAccount")
      .close("cac:PaymentMeans");
    return;
  }
  w.open("cac:PaymentMeans")
    .leaf("cbc:PaymentMeansCode", PAYMENT_MEANS_NOT_DEFINED)
    .leaf("cbc:PaymentID", doc.number)
    .close("cac:PaymentMeans");
}

function writeAllowanceCharges(w: XmlWriter, vatLines: InvoiceDocumentVatLine[]): void {
  // One document-level allowance (discount) and one charge (shipping) per rate, each with the
  // rate's category so BR-S-08 can match it to its VAT breakdown.
  for (const vl of vatLines) {
    if (vl.allowanceCents > 0) {
      w.open("cac:AllowanceCharge")
        .leaf("cbc:ChargeIndicator", "false")
        .leaf("cbc:AllowanceChargeReasonCode", "95") // UNCL 5189: discount
        .leaf("cbc:AllowanceChargeReason", "Korting")
        .amount("cbc:Amount", vl.allowanceCents);
      writeTaxCategory(w, "cac:TaxCategory", vl.category, vl.vatRate);
      w.close("cac:AllowanceCharge");
    }
  }
  for (const vl of vatLines) {
    if (vl.chargeCents > 0) {
      w.open("cac:AllowanceCharge")
        .leaf("cbc:ChargeIndicator", "true")
        .leaf("cbc:AllowanceChargeReason", "Verzendkosten")
        .amount("cbc:Amount", vl.chargeCents);
      writeTaxCategory(w, "cac:TaxCategory", vl.category, vl.vatRate);
      w.close("cac:AllowanceCharge");
    }
  }
}

/**
 * Renders the document as a UBL 2.1 Invoice (type code 380) or CreditNote (381), EN 16931 /
 * Peppol BIS 3.0 compliant. Amounts are printed from integer cents with two decimals (no
 * rounding happens here); the line price (BT-146) is the net unit price with up to four
 * decimals, see {@link netUnitPriceE4}. Credit notes carry positive amounts, as UBL expects.
 *
 * @throws InvoiceDocumentError when the document is inconsistent or the seller lacks the KvK
 *   number BR-NL-1 requires.
 */
export function renderUbl(doc: InvoiceDocument): string {
  assertDocumentConsistent(doc);
  if (!doc.seller.kvkNumber) {
    throw new InvoiceDocumentError("INCOMPLETE", doc.number, "seller KvK number is missing (BR-NL-1)");
  }
  const isCredit = doc.type === "CREDIT_NOTE";
  const root = isCredit ? "CreditNote" : "Invoice";
  const lineElement = isCredit ? "cac:CreditNoteLine" : "cac:InvoiceLine";
  const quantityElement = isCredit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity";
  const vatLines = sortedVatLines(doc);
  const lineNetCents = sumLineNet(doc);
  const { allowanceCents, chargeCents } = sumAllowancesCharges(doc);

  const w = new XmlWriter();
  w.open(root, { xmlns: isCredit ? NS_CREDIT_NOTE : NS_INVOICE, "xmlns:cac": NS_CAC, "xmlns:cbc": NS_CBC });
  w.leaf("cbc:CustomizationID", UBL_CUSTOMIZATION_ID);
  w.leaf("cbc:ProfileID", UBL_PROFILE_ID);
  w.leaf("cbc:ID", doc.number);
  w.leaf("cbc:IssueDate", doc.issueDate);
  // UBL 2.1 CreditNote has no DueDate element.
  if (!isCredit && doc.dueDate) w.leaf("cbc:DueDate", doc.dueDate);
  w.leaf(isCredit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", isCredit ? "381" : "380");
  if (doc.pricesIncludeVat) w.leaf("cbc:Note", "Prijzen zijn inclusief btw; btw berekend uit het totaal per tarief.");
  w.leaf("cbc:DocumentCurrencyCode", doc.currency);
  // BR-NL-2 / Peppol R003: a buyer reference or order reference on every invoice.
  w.leaf("cbc:BuyerReference", doc.poNumber ?? doc.orderNumber);
  w.open("cac:OrderReference").leaf("cbc:ID", doc.poNumber ?? doc.orderNumber);
  if (doc.poNumber) w.leaf("cbc:SalesOrderID", doc.orderNumber);
  w.close("cac:OrderReference");
  if (isCredit) {
    // BR-NL-9 / BR-55: the corrected invoice (BG-3).
    w.open("cac:BillingReference").open("cac:InvoiceDocumentReference")
      .leaf("cbc:ID", doc.correctsNumber ?? "")
      .leaf("cbc:IssueDate", doc.correctsIssueDate ?? "")
      .close("cac:InvoiceDocumentReference").close("cac:BillingReference");
  }
  w.open("cac:AccountingSupplierParty");
  writeParty(w, doc.seller, "seller");
  w.close("cac:AccountingSupplierParty");
  w.open("cac:AccountingCustomerParty");
  writeParty(w, doc.buyer, "buyer");
  w.close("cac:AccountingCustomerParty");
  writePaymentMeans(w, doc);
  w.open("cac:PaymentTerms").leaf("cbc:Note", paymentTermsNote(doc)).close("cac:PaymentTerms");
  writeAllowanceCharges(w, vatLines);

  w.open("cac:TaxTotal").amount("cbc:TaxAmount", doc.vatCents);
  for (const vl of vatLines) {
    w.open("cac:TaxSubtotal")
      .amount("cbc:TaxableAmount", vl.taxableCents)
      .amount("cbc:TaxAmount", vl.vatCents);
    writeTaxCategory(w, "cac:TaxCategory", vl.category, vl.vatRate);
    w.close("cac:TaxSubtotal");
  }
  w.close("cac:TaxTotal");

  // BR-CO-10…16: every total is the sum of the figures above, to the cent.
  const prepaidCents = doc.paid ? doc.grossCents : 0;
  w.open("cac:LegalMonetaryTotal")
    .amount("cbc:LineExtensionAmount", lineNetCents)
    .amount("cbc:TaxExclusiveAmount", doc.netCents)
    .amount("cbc:TaxInclusiveAmount", doc.grossCents);
  if (allowanceCents > 0) w.amount("cbc:AllowanceTotalAmount", allowanceCents);
  if (chargeCents > 0) w.amount("cbc:ChargeTotalAmount", chargeCents);
  if (prepaidCents > 0) w.amount("cbc:PrepaidAmount", prepaidCents);
  w.amount("cbc:PayableAmount", doc.grossCents - prepaidCents);
  w.close("cac:LegalMonetaryTotal");

  const lines = [...doc.lines].sort((a, b) => a.position - b.position);
  for (const line of lines) {
    w.open(lineElement)
      .leaf("cbc:ID", String(line.position))
      .leaf(quantityElement, String(line.quantity), { unitCode: "C62" })
      .amount("cbc:LineExtensionAmount", line.netCents);
    w.open("cac:Item").leaf("cbc:Name", line.description);
    if (line.ean) {
      w.open("cac:SellersItemIdentification").leaf("cbc:ID", line.ean).close("cac:SellersItemIdentification");
    }
    // GTIN scheme only for a code whose check digit is right; anything else is only the seller's id.
    if (isValidGtin(line.ean)) {
      w.open("cac:StandardItemIdentification")
        .leaf("cbc:ID", line.ean, { schemeID: SCHEME_GTIN })
        .close("cac:StandardItemIdentification");
    }
    writeTaxCategory(w, "cac:ClassifiedTaxCategory", line.category, line.vatRate);
    w.close("cac:Item");
    w.open("cac:Price")
      .leaf("cbc:PriceAmount", formatE4(netUnitPriceE4(line, doc.pricesIncludeVat)), { currencyID: "EUR" })
      .close("cac:Price");
    w.close(lineElement);
  }
  w.close(root);
  return w.toString();
}
