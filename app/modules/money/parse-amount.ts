import { Decimal } from "./decimal";
import { MoneyError } from "./money-error";

export interface ParseAmountOptions {
  /** 2 for amounts, 4 for unit prices (DESIGN §3). */
  maxDecimals: 2 | 4;
  allowNegative?: boolean;
  /** Field path reported in the error, e.g. `lines[0].unitPrice`. */
  field?: string;
}

const MAX_INTEGER_DIGITS = 15;
const AMOUNT_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Strictly parses a decimal string ("12.50", "-3", "0.1234") into a Decimal.
 * Nothing is rounded: a value with more than `maxDecimals` decimals is refused,
 * as are exponents ("1e3"), decimal commas ("12,50"), spaces, signs other than
 * a leading "-", empty text and values of more than 15 integer digits.
 */
export function parseAmount(text: unknown, options: ParseAmountOptions): Decimal {
  const { maxDecimals, allowNegative = false, field } = options;
  if (typeof text !== "string") {
    throw new MoneyError("NOT_A_STRING", 'Amount must be given as a string such as "12.50".', field);
  }
  if (text.length === 0) {
    throw new MoneyError("EMPTY", "Amount is empty.", field);
  }
  const match = AMOUNT_PATTERN.exec(text);
  if (!match) {
    throw new MoneyError(
      "NOT_A_NUMBER",
      `"${text.slice(0, 40)}" is not an amount; write it like "12.50" (digits, a point for decimals).`,
      field,
    );
  }
  const [, sign, integerDigits, decimals = ""] = match;
  if (sign === "-" && !allowNegative) {
    throw new MoneyError("NEGATIVE", "Amount must not be negative.", field);
  }
  if (decimals.length > maxDecimals) {
    throw new MoneyError(
      "TOO_MANY_DECIMALS",
      `Amount has ${decimals.length} decimals; at most ${maxDecimals} are allowed.`,
      field,
    );
  }
  if (integerDigits.replace(/^0+(?=\d)/, "").length > MAX_INTEGER_DIGITS) {
    throw new MoneyError("TOO_LARGE", "Amount is too large.", field);
  }
  return new Decimal(text);
}
