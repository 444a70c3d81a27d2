import DecimalJs from "decimal.js";
import { Decimal, toDecimal } from "./decimal";

/**
 * Rounds to whole cents, half away from zero (2.345 → 2.35, −2.345 → −2.35).
 * This is the one rounding function of the shop: every line, part, allowance,
 * charge and VAT amount passes through it at the points DESIGN §3 names.
 */
export function roundCents(value: Decimal): Decimal {
  return toDecimal(value).toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP);
}
