import DecimalJs from "decimal.js";

/**
 * The one Decimal constructor the shop computes with. Precision 40 keeps every
 * intermediate of the VAT rules (price × quantity × rate / (100 + rate)) far from
 * the cent; ROUND_HALF_UP is decimal.js's "half away from zero" (DESIGN §3).
 * Instances made by other Decimal constructors are accepted everywhere and
 * converted with `toDecimal` at the boundary, so their configuration never leaks in.
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = DecimalJs;
export type DecimalValue = DecimalJs.Value;

/** Returns `value` as an instance of the shop's Decimal (no copy when it already is one). */
export function toDecimal(value: DecimalValue): Decimal {
  return value instanceof Decimal ? value : new Decimal(value);
}

export const ZERO: Decimal = new Decimal(0);
export const ONE: Decimal = new Decimal(1);
export const HUNDRED: Decimal = new Decimal(100);
