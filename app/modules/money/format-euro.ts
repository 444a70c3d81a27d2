import { Decimal } from "./decimal";
import { roundCents } from "./round-cents";

/**
 * Formats an amount the Dutch way: "€ 1.234,56", negative "€ -1.234,56".
 * Works on the decimal string only (never a JS number). An amount with
 * fractions of a cent is rounded with `roundCents` first.
 */
export function formatEuro(value: Decimal): string {
  const rounded = roundCents(value);
  const fixed = rounded.abs().toFixed(2);
  const point = fixed.indexOf(".");
  const integerPart = fixed.slice(0, point);
  const decimalPart = fixed.slice(point + 1);
  let grouped = "";
  for (let end = integerPart.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    grouped = integerPart.slice(start, end) + (grouped ? "." + grouped : "");
  }
  const sign = rounded.isNegative() && !rounded.isZero() ? "-" : "";
  return `€ ${sign}${grouped},${decimalPart}`;
}
