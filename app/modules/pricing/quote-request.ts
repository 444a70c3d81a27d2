import { Decimal } from "../money/decimal";
import { MoneyError } from "../money/money-error";
import { parseAmount } from "../money/parse-amount";
import {
  type PricingComponentInput,
  type PricingInput,
  type PricingLineInput,
  type ValidPricingInput,
  validatePricingInput,
} from "./price-document";
import { PricingError } from "./pricing-error";
import { isIsoDate, todayInAmsterdam } from "~/modules/calendar/iso-date";
import { type ComponentSupply, type Supply, isComposite, isSupply } from "../vat/supply";

/**
 * The quote API's wire format (DESIGN §4). This parser owns what only the wire has: JSON types,
 * amounts and shares written as strings, text lengths, the line and component limits, unique
 * line ids and the date. The rules of a document itself (quantities, supplies, bundle shares
 * summing to 1, the discount's range, …) belong to the pricing engine and are checked once, by
 * `validatePricingInput`, which this parser calls last; the route then prices the result with
 * `priceValidatedDocument` without checking it again.
 */
export interface QuoteRequest {
  date: string;
  input: ValidPricingInput;
}

/** A quote prices a document, not a catalogue: this many lines is plenty and bounds the work. */
export const MAX_QUOTE_LINES = 10_000;
const MAX_TEXT = 200;
const SHARE_PATTERN = /^(?:0(?:\.\d{1,10})?|1(?:\.0{1,10})?)$/;

function fail(code: ConstructorParameters<typeof PricingError>[0], message: string, field: string): never {
  throw new PricingError(code, message, field);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function amount(value: unknown, field: string, maxDecimals: 2 | 4, what: string): Decimal {
  try {
    return parseAmount(value, { maxDecimals, field });
  } catch (error) {
    if (error instanceof MoneyError) {
      const code =
        field === "discountPercent" ? "INVALID_DISCOUNT" : field === "shipping" ? "INVALID_SHIPPING" : "INVALID_PRICE";
      fail(code, `${what}: ${error.message}`, field);
    }
    throw error;
  }
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > MAX_TEXT) {
    fail("INVALID_REQUEST", `Must be a text of at most ${MAX_TEXT} characters.`, field);
  }
  return value;
}

function parseComponents(value: unknown, at: string): PricingComponentInput[] {
  const field = `${at}.components`;
  if (!Array.isArray(value)) {
    fail("BUNDLE_COMPONENTS", "A bundle needs a list of components, each with a supply and a share.", field);
  }
  if (value.length > 20) fail("BUNDLE_COMPONENTS", "A bundle has at most 20 components.", field);
  return value.map((raw, c): PricingComponentInput => {
    const path = `${field}[${c}]`;
    if (!isRecord(raw)) fail("BUNDLE_COMPONENTS", "Each component must be an object with a supply and a share.", path);
    if (typeof raw.share !== "string" || !SHARE_PATTERN.test(raw.share)) {
      fail("BUNDLE_SHARES", 'A share must be a decimal string between 0 and 1, such as "0.6".', `${path}.share`);
    }
    // The supply is the engine's to check (validatePricingInput).
    const component: PricingComponentInput = { supply: raw.supply as ComponentSupply, share: new Decimal(raw.share) };
    const description = optionalText(raw.description, `${path}.description`);
    if (description !== undefined) component.description = description;
    return component;
  });
}

function parseLine(raw: unknown, index: number): PricingLineInput {
  const at = `lines[${index}]`;
  if (!isRecord(raw)) fail("INVALID_REQUEST", "Each line must be an object.", at);
  if (typeof raw.id !== "string" || raw.id.length > MAX_TEXT) {
    fail("INVALID_ID", `Each line needs an id: a text of 1 to ${MAX_TEXT} characters.`, `${at}.id`);
  }
  const description = optionalText(raw.description, `${at}.description`);
  const unitPrice = amount(raw.unitPrice, `${at}.unitPrice`, 4, "Unit price");
  const quantity = raw.quantity;
  if (typeof quantity !== "number") {
    fail("INVALID_QUANTITY", "Quantity must be a whole number of at least 1.", `${at}.quantity`);
  }
  // The supply, the quantity's range and the id's presence are the engine's to check (validatePricingInput).
  const line: PricingLineInput = { id: raw.id, supply: raw.supply as Supply, unitPrice, quantity };
  if (description !== undefined) line.description = description;
  if (isSupply(raw.supply) && isComposite(raw.supply)) {
    line.components = parseComponents(raw.components, at);
  } else if (raw.components !== undefined) {
    fail("BUNDLE_COMPONENTS", "Only a bundle has components.", `${at}.components`);
  }
  return line;
}

/**
 * Reads the body of `POST /api/vat/quote` (DESIGN §4), already JSON-decoded,
 * into a validated pricing input (see `QuoteRequest` for who checks what). Amounts must be strings and are never rounded: an
 * over-precise or negative price is refused. Throws `PricingError` whose `field`
 * is the path of the offending input (`lines[1].components`, `shipping`, …).
 * `date` defaults to today in Europe/Amsterdam.
 */
export function parseQuoteRequest(body: unknown, now: Date = new Date()): QuoteRequest {
  if (!isRecord(body)) fail("INVALID_REQUEST", "The request body must be a JSON object.", "body");
  let date: string;
  if (body.date === undefined || body.date === null) {
    date = todayInAmsterdam(now);
  } else if (isIsoDate(body.date)) {
    date = body.date;
  } else {
    fail("INVALID_DATE", "Date must be a calendar date written YYYY-MM-DD.", "date");
  }
  if (typeof body.pricesIncludeVat !== "boolean") {
    fail("INVALID_REQUEST", "pricesIncludeVat must be true or false.", "pricesIncludeVat");
  }
  if (!Array.isArray(body.lines)) {
    fail("NO_LINES", "A quote needs a non-empty list of lines.", "lines");
  }
  if (body.lines.length > MAX_QUOTE_LINES) {
    fail("TOO_MANY_LINES", `A quote has at most ${MAX_QUOTE_LINES} lines.`, "lines");
  }
  const seen = new Set<string>();
  const lines = body.lines.map((raw, index) => {
    const line = parseLine(raw, index);
    if (seen.has(line.id)) fail("DUPLICATE_ID", `Line id "${line.id}" is used twice.`, `lines[${index}].id`);
    seen.add(line.id);
    return line;
  });
  const input: PricingInput = { pricesIncludeVat: body.pricesIncludeVat, lines };
  if (body.discountPercent !== undefined && body.discountPercent !== null) {
    input.discountPercent = amount(body.discountPercent, "discountPercent", 4, "Discount percentage");
  }
  if (body.shipping !== undefined && body.shipping !== null) {
    input.shipping = amount(body.shipping, "shipping", 2, "Shipping");
  }
  return { date, input: validatePricingInput(input) };
}

/** Like `parseQuoteRequest`, from the raw body text; malformed JSON is a `PricingError` on field `body`. */
export function parseQuoteRequestText(text: string, now: Date = new Date()): QuoteRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    fail("MALFORMED_JSON", "The request body is not valid JSON.", "body");
  }
  return parseQuoteRequest(body, now);
}
