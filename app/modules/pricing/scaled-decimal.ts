import { Decimal } from "../money/decimal";

/**
 * Conversions between the shop's Decimal and safe-integer counts of 10^-scale
 * units, for the pricing engine's integer fast path. They read and write the
 * documented internal form of decimal.js (`d`: base-1e7 words, the first one
 * aligned to the decimal point; `e`: base-10 exponent of the first digit; `s`:
 * sign) instead of going through strings. Nothing here rounds: a value that is
 * not a whole number of units, or not a safe integer, is reported as -1 so that
 * the caller takes its exact Decimal path instead.
 */

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** 10^0 … 10^22, all exact doubles. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

function digitCount(word: number): number {
  return word < 10 ? 1 : word < 100 ? 2 : word < 1e3 ? 3 : word < 1e4 ? 4 : word < 1e5 ? 5 : word < 1e6 ? 6 : 7;
}

/**
 * `value` × 10^scale as a safe integer when `value` is finite, not negative and
 * a whole number of 10^-scale units; -1 otherwise (including every value whose
 * scaled form exceeds Number.MAX_SAFE_INTEGER).
 */
export function toScaledSafe(value: Decimal, scale: number): number {
  const words = value.d;
  // NaN, ±Infinity and every negative value (−0 too, whose sign the Decimal path keeps) take the Decimal path.
  if (words === null || words === undefined || value.s !== 1) return -1;
  const first = words[0];
  if (first === 0) return 0;
  // Exponent, after scaling, of the last digit of the first word; each further word is 7 lower.
  let exponent = value.e - digitCount(first) + 1 + scale;
  let result = 0;
  for (let k = 0; k < words.length; k++, exponent -= 7) {
    const word = words[k];
    let term: number;
    if (exponent >= 0) {
      if (exponent > 15) return -1;
      term = word * POW10[exponent];
    } else {
      if (exponent < -7) return -1; // words below the scale are never zero in decimal.js's form
      const divisor = POW10[-exponent];
      if (word % divisor !== 0) return -1; // more decimals than `scale`
      term = word / divisor;
    }
    result += term;
    if (result > MAX_SAFE) return -1;
  }
  return result;
}

/**
 * A Decimal with the given internal form, made without the constructor's parsing (and its
 * `instanceof` checks): the same own properties in the same order as the constructor sets them
 * (`constructor`, `s`, `e`, `d`), so it is indistinguishable from one made by `new Decimal`.
 */
function fromParts(s: number, e: number, d: number[]): Decimal {
  const x = Object.create(DECIMAL_PROTOTYPE) as { constructor: unknown; s: number; e: number; d: number[] };
  x.constructor = Decimal;
  x.s = s;
  x.e = e;
  x.d = d;
  return x as unknown as Decimal;
}

const DECIMAL_PROTOTYPE = Decimal.prototype as object;

/**
 * A whole number of cents (a safe integer, may be negative) as a Decimal of
 * euros, identical in value and internal form to `new Decimal("<euros>.<cc>")`.
 */
export function centsToDecimal(cents: number): Decimal {
  if (cents === 0) return fromParts(1, 0, [0]);
  const negative = cents < 0;
  const absolute = negative ? -cents : cents;
  const fraction = absolute % 100;
  const euros = (absolute - fraction) / 100;
  if (euros >= 1e7) {
    return new Decimal(`${negative ? "-" : ""}${euros}.${fraction < 10 ? "0" : ""}${fraction}`);
  }
  const sign = negative ? -1 : 1;
  // Below 1e7 euros fit the first base-1e7 word; the cents are the next word, two digits followed by five zeros.
  if (euros > 0) return fromParts(sign, digitCount(euros) - 1, fraction === 0 ? [euros] : [euros, fraction * 1e5]);
  return fromParts(sign, fraction >= 10 ? -1 : -2, [fraction * 1e5]);
}

/** round(scaled / divisor), half away from zero, on integers: `scaled` ≥ 0, `divisor` even, `scaled + divisor / 2` safe. */
export function roundScaledToCents(scaled: number, divisor: number): number {
  const shifted = scaled + divisor / 2;
  return (shifted - (shifted % divisor)) / divisor;
}
