import { type Decimal, toDecimal } from "../money/decimal";

/** A VAT percentage as printed in JSON and on documents: "6", "21", "9", "5.5" — no trailing zeros. */
export function formatRate(rate: Decimal): string {
  return toDecimal(rate).toFixed();
}
