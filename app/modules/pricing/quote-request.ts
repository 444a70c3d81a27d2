import { Decimal, ONE, ZERO } from "../money/decimal";
import { MoneyError } from "../money/money-error";
import { parseAmount } from "../money/parse-amount";
import type { PricingComponentInput, PricingInput, PricingLineInput } from "./price-document";
import { PricingError } from "./pricing-error";
import { isIsoDate, todayInAmsterdam } from "../vat/iso-date";
import { isComponentSupply, isSupply } from "../vat/supply";

export interface QuoteRequest {
  date: string;
  input: PricingInput;
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
      const code = field === "discountPercent" ? "INVALID_DISCOUNT" : field === "shipping" ? "INVALID_SHIPPING" : "INVALID_PRICE";
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
  if (!Array.isArray(value) || value.length === 0) {
    fail("BUNDLE_COMPONENTS", "A bundle needs a list of components, each with a supply and a share.", field);
  }
  if (value.length > 20) fail("BUNDLE_COMPONENTS", "A bundle has at most 20 components.", field);
  let sum = ZERO;
  const components = value.map((raw, c): PricingComponentInput => {
    const path = `${field}[${c}]`;
    if (!isRecord(raw)) fail("BUNDLE_COMPONENTS", "Each component must be an object with a supply and a share.", path);
    if (!isComponentSupply(raw.supply)) {
      fail("INVALID_SUPPLY", 'A component\'s supply must be "physical", "electronic" or "goods".', `${path}.supply`);
    }
    if (typeof raw.share !== "string" || !SHARE_PATTERN.test(raw.share)) {
      fail("BUNDLE_SHARES", 'A share must be a decimal string between 0 and 1, such as "0.6".', `${path}.share`);
    }
    const share = new Decimal(raw.share);
    sum = sum.plus(share);
    const component: PricingComponentInput = { supply: raw.supply, share };
    const description = optionalText(raw.description, `${path}.description`);
    if (description !== undefined) component.description = description;
    return component;
  });
  if (!sum.eq(ONE)) {
    fail("BUNDLE_SHARES", `The component shares add up to ${sum.toFixed()}; they must add up to exactly 1.`, field);
  }
  return components;
}

function parseLine(raw: unknown, index: number): PricingLineInput {
  const at = `lines[${index}]`;
  if (!isRecord(raw)) fail("INVALID_REQUEST", "Each line must be an object.", at);
  if (typeof raw.id !== "string" || raw.id.length === 0 || raw.id.length > MAX_TEXT) {
    fail("INVALID_ID", `Each line needs an id: a text of 1 to ${MAX_TEXT} characters.`, `${at}.id`);
  }
  const description = optionalText(raw.description, `${at}.description`);
  if (!isSupply(raw.supply)) {
    fail("INVALID_SUPPLY", 'Supply must be "physical", "electronic", "goods" or "bundle".', `${at}.supply`);
  }
  const unitPrice = amount(raw.unitPrice, `${at}.unitPrice`, 4, "Unit price");
  const quantity = raw.quantity;
  if (typeof quantity !== "number" || !Number.isSafeInteger(quantity) || quantity < 1) {
    fail("INVALID_QUANTITY", "Quantity must be a whole number of at least 1.", `${at}.quantity`);
  }
  const line: PricingLineInput = { id: raw.id, supply: raw.supply, unitPrice, quantity };
  if (description !== undefined) line.description = description;
  if (raw.supply === "bundle") {
    line.components = parseComponents(raw.components, at);
  } else if (raw.components !== undefined) {
    fail("BUNDLE_COMPONENTS", "Only a bundle has components.", `${at}.components`);
  }
  return line;
}

/**
 * Reads the body of `POST /api/vat/quote` (DESIGN §4), already JSON-decoded,
 * into a pricing input. Amounts must be strings and are never rounded: an
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
  if (!Array.isArray(body.lines) || body.lines.length === 0) {
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
    const percent = amount(body.discountPercent, "discountPercent", 4, "Discount percentage");
    if (percent.gt(100)) fail("INVALID_DISCOUNT", "Discount percentage must be between 0 and 100.", "discountPercent");
    input.discountPercent = percent;
  }
  if (body.shipping !== undefined && body.shipping !== null) {
    input.shipping = amount(body.shipping, "shipping", 2, "Shipping");
  }
  return { date, input };
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
