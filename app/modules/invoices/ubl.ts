/**
 * UBL 2.1 Invoice / CreditNote following EN 16931, from an {@link InvoiceDocument}, in one of two
 * profiles (DESIGN §5): Peppol BIS Billing 3.0 (default; its Dutch rules NL-R-001…009 included)
 * or NLCIUS / SI-UBL 2.0 (rules BR-NL-1…35). Pure: string in memory, no I/O.
 *
 * The profiles differ only in their CustomizationID and in what NLCIUS advises against with a
 * warning (BR-NL-24 preceding invoice date, BR-NL-29 payment means text, BR-NL-30 account name,
 * BR-NL-32 allowance reason code): the NLCIUS document leaves those out.
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
  type InvoiceDocumentLine,
  type VatCategory,
} from "./invoice-document";
import { formatCentsPlain, formatE4Plain, normaliseRate } from "./format";
import { NL_ALLOWED_PAYMENT_MEANS, PAYMENT_MEANS, paymentMeansName } from "./payment-means";

/** The e-invoice profiles a document can be rendered in; "peppol" is the default. */
export const UBL_PROFILES = ["peppol", "nlcius"] as const;
export type UblProfile = (typeof UBL_PROFILES)[number];

/** Peppol BIS Billing 3.0 CustomizationID (BT-24). */
export const UBL_CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
/** NLCIUS / SI-UBL 2.0 CustomizationID (BT-24): the SI-UBL 2.0 rules fire only for this one. */
export const NLCIUS_CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0";
export const UBL_CUSTOMIZATION_IDS: Record<UblProfile, string> = {
  peppol: UBL_CUSTOMIZATION_ID,
  nlcius: NLCIUS_CUSTOMIZATION_ID,
};
/** Business process (BT-23): Peppol billing, used by SI-UBL 2.0 documents too. */
export const UBL_PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

export interface RenderUblOptions {
  /** default "peppol" */
  profile?: UblProfile;
}

const NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

/** ISO 6523 ICD / CEF EAS scheme of the Dutch Chamber of Commerce number (KvK). */
const SCHEME_KVK = "0106";
/** ISO 6523 ICD / CEF EAS scheme of the Dutch OIN (Organisatie-identificatienummer, public bodies). */
const SCHEME_OIN = "0190";
/** ISO 6523 ICD of GS1 GTIN. */
const SCHEME_GTIN = "0160";
/** CEF EAS code for an e-mail address endpoint. */
const SCHEME_EMAIL = "EM";

/** Payment means that transfer money to the payee's account, so BR-61 asks for that account. */
const TRANSFER_MEANS: readonly string[] = [PAYMENT_MEANS.CREDIT_TRANSFER, PAYMENT_MEANS.SEPA_CREDIT_TRANSFER];

/**
 * Smallest base quantity (BT-149) we print: a line's price is per `baseQuantity` units when
 * quantity × price per unit, with 4 decimals, would miss the line's net by more than this many
 * ten-thousandths of a euro (1 cent; Peppol PEPPOL-EN16931-R120 allows 0.02).
 */
const PRICE_TOLERANCE_E4 = 100n;

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
    return this.leaf(name, formatCentsPlain(cents), { currencyID: "EUR" });
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
    .open("cac:TaxScheme")
    .leaf("cbc:ID", "VAT")
    .close("cac:TaxScheme")
    .close(element);
}

function compactId(value: string): string {
  return value.replace(/\s+/g, "");
}

/**
 * A Dutch organisation's registration as ISO 6523 identifier: the OIN (0190) of a public body when
 * it has one, else its KvK number (0106); null for a consumer. Both are on the Peppol EAS list
 * (PEPPOL-EN16931-CL008) and are what NL-R-003/005 and BR-NL-1/10 accept as legal entity id.
 */
export function legalIdentifier(party: Party): { id: string; schemeID: string } | null {
  if (party.oin?.trim()) return { id: compactId(party.oin), schemeID: SCHEME_OIN };
  if (party.kvkNumber?.trim()) return { id: compactId(party.kvkNumber), schemeID: SCHEME_KVK };
  return null;
}

function writeParty(w: XmlWriter, party: Party, role: "seller" | "buyer"): void {
  const legal = legalIdentifier(party);
  w.open("cac:Party");
  // Peppol BIS requires an electronic address (BT-34/BT-49) with its EAS scheme (BR-62/63): the
  // organisation's OIN or KvK number. A consumer has neither; their e-mail address (EAS "EM",
  // valid in EN 16931) identifies them, and their documents are not sent over Peppol.
  if (legal) {
    w.leaf("cbc:EndpointID", legal.id, { schemeID: legal.schemeID });
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
      .open("cac:TaxScheme")
      .leaf("cbc:ID", "VAT")
      .close("cac:TaxScheme")
      .close("cac:PartyTaxScheme");
  }
  w.open("cac:PartyLegalEntity").leaf("cbc:RegistrationName", party.name);
  // BR-NL-1 / NL-R-003 (seller) and BR-NL-10 / NL-R-005 (Dutch buyer): KvK (0106) or OIN (0190).
  if (legal) w.leaf("cbc:CompanyID", legal.id, { schemeID: legal.schemeID });
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

/**
 * The payment means (BG-16) of an invoice: the code frozen at issue (payment-means.ts), which
 * NL-R-008 / BR-NL-12 limit to 30, 48, 49, 57, 58 and 59 for a Dutch supplier; a credit transfer
 * (30, 58) names the seller's account (BR-61).
 *
 * A credit note carries none: nothing is paid to the seller, and neither Peppol (NL-R-007) nor
 * NLCIUS (BR-NL-11) asks for payment means on one — both only require them on an Invoice with
 * an amount due. How the money goes back is in the payment terms note.
 */
function writePaymentMeans(w: XmlWriter, doc: InvoiceDocument, profile: UblProfile): void {
  if (doc.type === "CREDIT_NOTE") return;
  const code = doc.paymentMeansCode;
  if (doc.seller.country === "NL" && !(NL_ALLOWED_PAYMENT_MEANS as readonly string[]).includes(code)) {
    throw new InvoiceDocumentError(
      "INCOMPLETE",
      doc.number,
      `payment means code ${code} is not allowed for a Dutch supplier (NL-R-008)`,
    );
  }
  const transfer = TRANSFER_MEANS.includes(code);
  if (transfer && !doc.seller.iban) {
    throw new InvoiceDocumentError(
      "INCOMPLETE",
      doc.number,
      `seller IBAN is missing for payment means ${code} (BR-61)`,
    );
  }
  w.open("cac:PaymentMeans");
  // BR-NL-29: NLCIUS advises against the payment means text.
  w.leaf("cbc:PaymentMeansCode", code, profile === "peppol" ? { name: paymentMeansName(code) } : {});
  w.leaf("cbc:PaymentID", doc.number);
  if (transfer && doc.seller.iban) {
    w.open("cac:PayeeFinancialAccount").leaf("cbc:ID", compactId(doc.seller.iban).toUpperCase());
    // BR-NL-30: NLCIUS advises against the account name.
    if (profile === "peppol") w.leaf("cbc:Name", doc.seller.name);
    w.close("cac:PayeeFinancialAccount");
  }
  w.close("cac:PaymentMeans");
}

function writeAllowanceCharges(w: XmlWriter, vatLines: InvoiceDocumentVatLine[], profile: UblProfile): void {
  // One document-level allowance (discount) and one charge (shipping) per rate, each with the
  // rate's category so BR-S-08 can match it to its VAT breakdown.
  for (const vl of vatLines) {
    if (vl.allowanceCents > 0) {
      w.open("cac:AllowanceCharge").leaf("cbc:ChargeIndicator", "false");
      // UNCL 5189 95: discount. BR-NL-32: NLCIUS advises the reason text only.
      if (profile === "peppol") w.leaf("cbc:AllowanceChargeReasonCode", "95");
      w.leaf("cbc:AllowanceChargeReason", "Korting").amount("cbc:Amount", vl.allowanceCents);
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
 * The price of a line as printed (BT-146 per BT-149 units): the net price of one unit with four
 * decimals, or — when quantity × that price would miss the line's net by more than a cent, as
 * with 413 bundle parts netting € 8.487,79 (413 × 20,5515 = 8.487,7695) — the price of 10, 100, …
 * units, so that quantity × price / base quantity stays within a cent of the net
 * (PEPPOL-EN16931-R120 allows 0.02). Powers of ten keep that division exact. The price itself is
 * rounded half up to 4 decimals by {@link netUnitPriceE4}; EN 16931 sets no decimal limit on
 * prices (its BR-DEC rules and UBL-DT-01 cover amounts, not PriceAmount), 4 is what receivers'
 * books commonly hold.
 */
export function ublPrice(
  line: InvoiceDocumentLine,
  pricesIncludeVat: boolean,
): { priceE4: number; baseQuantity: number } {
  const quantity = BigInt(line.quantity);
  const netE4 = BigInt(line.netCents) * 100n;
  for (let baseQuantity = 1; baseQuantity <= 1_000_000_000; baseQuantity *= 10) {
    const priceE4 = netUnitPriceE4(line, pricesIncludeVat, baseQuantity);
    const b = BigInt(baseQuantity);
    // |quantity × price / b − net| ≤ tolerance, multiplied through by b to stay in integers.
    const miss = quantity * BigInt(priceE4) - b * netE4;
    if ((miss < 0n ? -miss : miss) <= b * PRICE_TOLERANCE_E4) return { priceE4, baseQuantity };
  }
  throw new InvoiceDocumentError(
    "INCONSISTENT",
    `line ${line.position}`,
    "no base quantity brings the price within a cent of the line net",
  );
}

/**
 * Renders the document as a UBL 2.1 Invoice (type code 380) or CreditNote (381) that passes
 * EN 16931 and the chosen profile's rules: Peppol BIS 3.0 (default) or NLCIUS / SI-UBL 2.0.
 * Amounts are printed from integer cents with two decimals (no rounding happens here); the
 * line price is the net price with up to four decimals, per a base quantity when needed, see
 * {@link ublPrice}. Credit notes carry positive amounts, as UBL expects.
 *
 * @throws InvoiceDocumentError when the document is inconsistent, the seller lacks the KvK
 *   number or OIN BR-NL-1 requires, or the payment means are not allowed or lack the IBAN.
 */
export function renderUbl(doc: InvoiceDocument, options: RenderUblOptions = {}): string {
  const profile = options.profile ?? "peppol";
  if (!(UBL_PROFILES as readonly string[]).includes(profile))
    throw new Error(`Unknown UBL profile "${String(profile)}"`);
  assertDocumentConsistent(doc);
  if (!legalIdentifier(doc.seller)) {
    throw new InvoiceDocumentError("INCOMPLETE", doc.number, "seller KvK number or OIN is missing (BR-NL-1)");
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
  w.leaf("cbc:CustomizationID", UBL_CUSTOMIZATION_IDS[profile]);
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
    w.open("cac:BillingReference")
      .open("cac:InvoiceDocumentReference")
      .leaf("cbc:ID", doc.correctsNumber ?? "");
    // BR-NL-24: NLCIUS advises against the preceding invoice's issue date (BT-26).
    if (profile === "peppol") w.leaf("cbc:IssueDate", doc.correctsIssueDate ?? "");
    w.close("cac:InvoiceDocumentReference").close("cac:BillingReference");
  }
  w.open("cac:AccountingSupplierParty");
  writeParty(w, doc.seller, "seller");
  w.close("cac:AccountingSupplierParty");
  w.open("cac:AccountingCustomerParty");
  writeParty(w, doc.buyer, "buyer");
  w.close("cac:AccountingCustomerParty");
  writePaymentMeans(w, doc, profile);
  w.open("cac:PaymentTerms").leaf("cbc:Note", paymentTermsNote(doc)).close("cac:PaymentTerms");
  writeAllowanceCharges(w, vatLines, profile);

  w.open("cac:TaxTotal").amount("cbc:TaxAmount", doc.vatCents);
  for (const vl of vatLines) {
    w.open("cac:TaxSubtotal").amount("cbc:TaxableAmount", vl.taxableCents).amount("cbc:TaxAmount", vl.vatCents);
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
    const price = ublPrice(line, doc.pricesIncludeVat);
    w.open("cac:Price").leaf("cbc:PriceAmount", formatE4Plain(price.priceE4), { currencyID: "EUR" });
    // PEPPOL-EN16931-R130: the base quantity has the invoiced quantity's unit.
    if (price.baseQuantity !== 1) w.leaf("cbc:BaseQuantity", String(price.baseQuantity), { unitCode: "C62" });
    w.close("cac:Price");
    w.close(lineElement);
  }
  w.close(root);
  return w.toString();
}
