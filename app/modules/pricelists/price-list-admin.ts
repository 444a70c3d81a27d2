/**
 * Pure validation of the operator's price-list forms. Unit prices carry up to 4 decimals and are
 * stored as integer ten-thousandths (DESIGN.md §3); nothing is rounded — an over-precise price is
 * refused. Dutch messages per field for the form.
 */
import { MoneyError, fromE4, parseAmount, toE4 } from "../money";
import { isIsoDate } from "~/modules/calendar/iso-date";

import { PriceListKind } from "~/db-enums";

export { PriceListKind };
export const PRICE_LIST_KINDS: readonly PriceListKind[] = Object.values(PriceListKind);
export const PRICE_LIST_KIND_LABELS: Record<PriceListKind, string> = {
  DEFAULT: "Standaard (scholen)",
  CONSUMER: "Consument (ouders)",
  CONTRACT: "Contract (schoolbestuur)",
};

/** Tier rows offered on the entry form; empty rows are ignored. */
export const TIER_ROWS = 4;

export type FieldErrors = Record<string, string>;
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export interface PriceListFormText {
  name: string;
  kind: string;
  organisationId: string;
  validFrom: string;
  validTo: string;
  pricesIncludeVat: boolean;
}
export interface PriceListValue {
  name: string;
  kind: PriceListKind;
  organisationId: string | null;
  validFrom: string | null;
  validTo: string | null;
  pricesIncludeVat: boolean;
}

export function validatePriceList(input: PriceListFormText): Validated<PriceListValue> {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = "Vul de naam van de prijslijst in.";
  else if (name.length > 120) errors.name = "De naam is hoogstens 120 tekens lang.";
  const kind = (PRICE_LIST_KINDS as readonly string[]).includes(input.kind) ? (input.kind as PriceListKind) : null;
  if (!kind) errors.kind = "Kies het soort prijslijst.";
  const validFrom = input.validFrom.trim() || null;
  const validTo = input.validTo.trim() || null;
  if (validFrom && !isIsoDate(validFrom)) errors.validFrom = "De ingangsdatum is geen geldige datum (JJJJ-MM-DD).";
  if (validTo && !isIsoDate(validTo)) errors.validTo = "De einddatum is geen geldige datum (JJJJ-MM-DD).";
  else if (validFrom && validTo && !errors.validFrom && validTo < validFrom)
    errors.validTo = "De einddatum ligt vóór de ingangsdatum.";
  if (kind === "CONTRACT" && !input.organisationId) errors.organisationId = "Kies het schoolbestuur van dit contract.";
  if (Object.keys(errors).length || !kind) return { ok: false, errors };
  const contract = kind === "CONTRACT";
  return {
    ok: true,
    value: {
      name,
      kind,
      pricesIncludeVat: input.pricesIncludeVat,
      organisationId: contract ? input.organisationId : null,
      // Validity dates only bound contract lists; the default and consumer lists always apply.
      validFrom: contract ? validFrom : null,
      validTo: contract ? validTo : null,
    },
  };
}

export interface EntryFormText {
  ean: string;
  unitPrice: string;
  tiers: { minQuantity: string; unitPrice: string }[];
}
export interface EntryValue {
  ean: string;
  unitPriceE4: number;
  tiers: { minQuantity: number; unitPriceE4: number }[];
}

function priceE4(text: string): { e4: number } | { error: string } {
  try {
    return { e4: toE4(parseAmount(text.trim(), { maxDecimals: 4 })) };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    if (error.code === "EMPTY") return { error: "Vul een prijs in." };
    if (error.code === "TOO_MANY_DECIMALS") return { error: "Een prijs heeft hoogstens 4 decimalen." };
    if (error.code === "NEGATIVE") return { error: "Een prijs mag niet negatief zijn." };
    if (error.code === "TOO_LARGE") return { error: "Deze prijs is te groot." };
    return { error: "Schrijf de prijs als een getal met een punt, bijvoorbeeld 12.50." };
  }
}

/**
 * Checks a price-list entry: a unit price and optional quantity tiers. A tier starts at 2 or more
 * pieces, each starting quantity once, and its unit price may not exceed the base price (a tier
 * is a volume discount, never a surcharge).
 */
export function validateEntry(input: EntryFormText): Validated<EntryValue> {
  const errors: FieldErrors = {};
  const ean = input.ean.replace(/[\s-]/g, "");
  if (!ean) errors.ean = "Vul de EAN/ISBN van de aanbieding in.";
  const base = priceE4(input.unitPrice);
  if ("error" in base) errors.unitPrice = base.error;
  const tiers: EntryValue["tiers"] = [];
  const seen = new Set<number>();
  input.tiers.forEach((row, i) => {
    if (!row.minQuantity.trim() && !row.unitPrice.trim()) return;
    const n = i + 1;
    const qtyText = row.minQuantity.trim();
    let qty: number | null = null;
    if (!/^\d{1,6}$/.test(qtyText) || Number(qtyText) < 2)
      errors[`tiers.${i}.minQuantity`] = `Staffel ${n}: het vanaf-aantal is een heel getal van 2 of meer.`;
    else if (seen.has(Number(qtyText)))
      errors[`tiers.${i}.minQuantity`] = `Staffel ${n}: er is al een staffel vanaf ${qtyText} stuks.`;
    else {
      qty = Number(qtyText);
      seen.add(qty);
    }
    const price = priceE4(row.unitPrice);
    if ("error" in price)
      errors[`tiers.${i}.unitPrice`] = `Staffel ${n}: ${price.error.charAt(0).toLowerCase()}${price.error.slice(1)}`;
    else if ("e4" in base && price.e4 > base.e4)
      errors[`tiers.${i}.unitPrice`] = `Staffel ${n}: de staffelprijs mag niet hoger zijn dan de basisprijs.`;
    else if (qty !== null) tiers.push({ minQuantity: qty, unitPriceE4: price.e4 });
  });
  if (Object.keys(errors).length || !("e4" in base)) return { ok: false, errors };
  return { ok: true, value: { ean, unitPriceE4: base.e4, tiers: tiers.sort((a, b) => a.minQuantity - b.minQuantity) } };
}

/** Integer ten-thousandths → form text "12.5" (exact). */
export function unitPriceText(e4: number): string {
  return fromE4(e4).toFixed();
}
