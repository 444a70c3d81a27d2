import { Decimal, toDecimal } from "./decimal";
import { MoneyError } from "./money-error";

function toScaledInteger(value: Decimal, decimals: number, what: string): number {
  const scaled = toDecimal(value).times(10 ** decimals);
  if (!scaled.isInteger()) {
    throw new MoneyError("NOT_WHOLE_CENTS", `${value.toFixed()} is not a whole number of ${what}.`);
  }
  // Number() on an integer string is exact while it stays a safe integer.
  const result = Number(scaled.toFixed(0));
  if (!Number.isSafeInteger(result)) {
    throw new MoneyError("TOO_LARGE", `${value.toFixed()} is too large to store as ${what}.`);
  }
  return result === 0 ? 0 : result; // no -0
}

function fromScaledInteger(value: number, decimals: number, what: string): Decimal {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError("NOT_AN_INTEGER", `${String(value)} is not a whole number of ${what}.`);
  }
  return new Decimal(value).div(10 ** decimals);
}

/** Decimal euros → integer cents for storage. Refuses (never rounds) fractions of a cent. */
export function toCents(value: Decimal): number {
  return toScaledInteger(value, 2, "cents");
}

/** Integer cents from storage → Decimal euros (exact). */
export function fromCents(cents: number): Decimal {
  return fromScaledInteger(cents, 2, "cents");
}

/** Unit price → integer ten-thousandths of a euro (unit prices carry up to 4 decimals). Never rounds. */
export function toE4(value: Decimal): number {
  return toScaledInteger(value, 4, "ten-thousandths");
}

/** Integer ten-thousandths of a euro → Decimal euros (exact). */
export function fromE4(e4: number): Decimal {
  return fromScaledInteger(e4, 4, "ten-thousandths");
}
