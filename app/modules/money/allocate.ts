import { Decimal, toDecimal } from "./decimal";
import { MoneyError } from "./money-error";

/**
 * Splits `amount` (whole cents, may be negative) over `weights` so that the parts
 * add up to `amount` exactly (DESIGN §3.2): each part's exact share
 * amount × weight / Σweights is first cut toward zero to whole cents, then the
 * cents still missing go one each to the parts with the largest cut-off
 * remainders, ties to the earlier part. A negative amount is split as the mirror
 * image of its positive counterpart. Nothing is rounded: every part is whole cents.
 *
 * Weights must be finite and not negative, and at least one must be given. When
 * all weights are zero the amount is split equally (the same rule with weights
 * 1, 1, …), so that an amount never disappears.
 */
export function allocate(amount: Decimal, weights: readonly Decimal[]): Decimal[] {
  const total = toDecimal(amount);
  if (!total.isFinite() || total.decimalPlaces() > 2) {
    throw new MoneyError("NOT_WHOLE_CENTS", `Cannot allocate ${total.toFixed()}: not a whole number of cents.`);
  }
  if (weights.length === 0) {
    throw new MoneyError("INVALID_WEIGHTS", "Cannot allocate over an empty list of weights.");
  }
  for (const weight of weights) {
    if (!weight.isFinite() || (weight.isNegative() && !weight.isZero())) {
      throw new MoneyError("INVALID_WEIGHTS", "Allocation weights must be finite and not negative.");
    }
  }
  return allocateUnchecked(total, weights);
}

/** `value` (at most `scale` decimals, finite) as an integer count of 10^-scale units. */
function scaledInteger(value: Decimal, scale: number): bigint {
  const text = value.toFixed(scale);
  return BigInt(scale === 0 ? text : text.slice(0, -scale - 1) + text.slice(-scale));
}

const CENT_PADDING = ["000", "00", "0"];

/** Integer cents → Decimal euros, by placing the decimal point in the digit string. */
function centsToDecimal(cents: bigint): Decimal {
  const negative = cents < 0n;
  let digits = (negative ? -cents : cents).toString();
  if (digits.length < 3) digits = CENT_PADDING[digits.length] + digits;
  const text = digits.slice(0, -2) + "." + digits.slice(-2);
  return new Decimal(negative ? "-" + text : text);
}

/**
 * The allocation itself, without validation, for callers that validated their
 * inputs already (the pricing engine). The arithmetic is exact integer arithmetic
 * on cents and scaled weights (BigInt): the remainders compared are exact, never
 * rounded quotients, and it is several times faster than the same steps in Decimal.
 */
export function allocateUnchecked(amount: Decimal, weights: readonly Decimal[]): Decimal[] {
  const count = weights.length;
  if (count === 1) return [amount];
  let scale = 0;
  for (let i = 0; i < count; i++) {
    const places = weights[i].decimalPlaces();
    if (places > scale) scale = places;
  }
  const scaled: bigint[] = new Array(count);
  let weightSum = 0n;
  for (let i = 0; i < count; i++) {
    scaled[i] = scaledInteger(weights[i], scale);
    weightSum += scaled[i];
  }
  if (weightSum === 0n) {
    scaled.fill(1n);
    weightSum = BigInt(count);
  }
  const total = scaledInteger(amount, 2);
  const negative = total < 0n;
  const absolute = negative ? -total : total;
  const cents: bigint[] = new Array(count);
  const remainders: bigint[] = new Array(count);
  let cutSum = 0n;
  for (let i = 0; i < count; i++) {
    const numerator = absolute * scaled[i];
    const cut = numerator / weightSum; // BigInt division truncates: the cut toward zero
    cents[i] = cut;
    remainders[i] = numerator - cut * weightSum;
    cutSum += cut;
  }
  // Fewer cents are missing than there are parts, so the count fits a number.
  const missing = Number(absolute - cutSum);
  if (missing > 0) {
    for (const index of largestRemainders(remainders, missing)) cents[index] += 1n;
  }
  const parts: Decimal[] = new Array(count);
  for (let i = 0; i < count; i++) parts[i] = centsToDecimal(negative ? -cents[i] : cents[i]);
  return parts;
}

/** Indices of the `take` largest remainders; ties go to the earlier index. */
function largestRemainders(remainders: readonly bigint[], take: number): number[] {
  const count = remainders.length;
  if (take <= 8) {
    // A few cents: repeated selection beats sorting.
    const chosen: number[] = [];
    const used = new Uint8Array(count);
    for (let round = 0; round < take; round++) {
      let best = -1;
      for (let i = 0; i < count; i++) {
        if (used[i] === 0 && (best === -1 || remainders[i] > remainders[best])) best = i;
      }
      used[best] = 1;
      chosen.push(best);
    }
    return chosen;
  }
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => (remainders[a] > remainders[b] ? -1 : remainders[a] < remainders[b] ? 1 : a - b));
  return order.slice(0, take);
}

/** 2^52: a digit step `remainder × base + a × digit` stays below 2 × weightSum × base ≤ 2^53. */
const DIGIT_LIMIT = 2 ** 52;
/** The largest weightSum for which the digit base is at least 2. */
const MAX_DIGIT_SUM = DIGIT_LIMIT / 2;
/** The remainder of the last `mulDivFloor`, (a × b) mod divisor. */
let mulDivRemainder = 0;

/**
 * floor(a × b / divisor), exact, without BigInt, for safe integers 0 ≤ a < divisor and b ≥ 0,
 * where divisor × base ≤ 2^52 and base is a power of two: b is taken in base-`base` digits,
 * most significant first, keeping quotient × divisor + remainder = a × (the digits so far), every
 * intermediate below 2^53. The remainder is left in `mulDivRemainder`.
 */
function mulDivFloor(a: number, b: number, divisor: number, base: number): number {
  let power = 1;
  while (power * base <= b) power *= base;
  let quotient = 0;
  let remainder = 0;
  for (; power >= 1; power /= base) {
    // b / power is exact (power is a power of two), so are the floor and the modulo.
    const digit = Math.floor(b / power) % base;
    const step = remainder * base + a * digit;
    let cut = Math.floor(step / divisor);
    let rest = step - cut * divisor;
    // The float quotient is correctly rounded, so it is at most one off the exact floor.
    if (rest < 0) {
      cut -= 1;
      rest += divisor;
    } else if (rest >= divisor) {
      cut += 1;
      rest -= divisor;
    }
    quotient = quotient * base + cut;
    remainder = rest;
  }
  mulDivRemainder = remainder;
  return quotient;
}

/** Scratch space for `allocateSafeIntegers`, reused across calls (the function is synchronous). */
let scratch = new Float64Array(64);

/**
 * The same largest-remainder allocation on plain safe integers, for the pricing
 * engine's fast path: splits `total` (≥ 0, whole units) over integer `weights`
 * (≥ 0, their sum `weightSum` > 0) into `out`. Every step is exact: while
 * total × weight + weightSum stays a safe integer, products, sums and remainders
 * of safe integers and a float quotient corrected to the true floor; beyond that
 * (a large document: many cents over many weights) each product is taken digit by digit
 * (`mulDivFloor`), or as a BigInt when weightSum exceeds 2^51 — the cuts (≤ total) and
 * remainders (< weightSum) are safe integers again.
 * Returns false, leaving the caller to take the Decimal path, only when
 * weightSum × count (the selection keys) could leave the safe integer range.
 */
export function allocateSafeIntegers(
  total: number,
  weights: ArrayLike<number>,
  weightSum: number,
  out: number[],
): boolean {
  const count = weights.length;
  let maxWeight = 0;
  for (let i = 0; i < count; i++) if (weights[i] > maxWeight) maxWeight = weights[i];
  if (weightSum * count > Number.MAX_SAFE_INTEGER) return false;
  if (scratch.length < count) scratch = new Float64Array(Math.max(count, scratch.length * 2));
  const remainders = scratch;
  let cutSum = 0;
  if (total * maxWeight + weightSum <= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < count; i++) {
      const numerator = total * weights[i];
      let cut = Math.floor(numerator / weightSum);
      let remainder = numerator - cut * weightSum;
      // The float quotient is correctly rounded, so it is at most one off the exact floor.
      if (remainder < 0) {
        cut -= 1;
        remainder += weightSum;
      } else if (remainder >= weightSum) {
        cut += 1;
        remainder -= weightSum;
      }
      out[i] = cut;
      remainders[i] = remainder;
      cutSum += cut;
    }
  } else if (weightSum <= MAX_DIGIT_SUM) {
    // total = whole × weightSum + rest, so total × weight = whole × weight × weightSum + rest × weight:
    // the cut is whole × weight plus the floor of rest × weight / weightSum, taken digit by digit.
    const rest = total % weightSum;
    const whole = (total - rest) / weightSum;
    let base = 2;
    while (weightSum * base * 2 <= DIGIT_LIMIT) base *= 2;
    for (let i = 0; i < count; i++) {
      const weight = weights[i];
      const cut = whole * weight + mulDivFloor(rest, weight, weightSum, base);
      out[i] = cut;
      remainders[i] = mulDivRemainder;
      cutSum += cut;
    }
  } else {
    const bigTotal = BigInt(total);
    const bigSum = BigInt(weightSum);
    for (let i = 0; i < count; i++) {
      const weight = weights[i];
      if (weight === 0) {
        out[i] = 0;
        remainders[i] = 0;
        continue;
      }
      const numerator = bigTotal * BigInt(weight);
      const cut = numerator / bigSum; // truncates: the floor of a non-negative quotient
      out[i] = Number(cut);
      remainders[i] = Number(numerator - cut * bigSum);
      cutSum += out[i];
    }
  }
  const missing = total - cutSum;
  if (missing <= 0) return true;
  if (missing <= 8) {
    // A few units: repeated selection beats anything cleverer. Strict ">" keeps ties on the
    // earlier part; a chosen part's remainder is set to -1 so it is not chosen again.
    for (let round = 0; round < missing; round++) {
      let best = 0;
      for (let i = 1; i < count; i++) if (remainders[i] > remainders[best]) best = i;
      remainders[best] = -1;
      out[best] += 1;
    }
    return true;
  }
  // One distinct key per part, remainder first, then the earlier index:
  // remainder × count + (count − 1 − i) < weightSum × count, a safe integer.
  for (let i = 0; i < count; i++) remainders[i] = remainders[i] * count + (count - 1 - i);
  // The `missing` largest keys are those ≥ the key of rank count − missing (0-based, ascending).
  const keys = remainders.slice(0, count);
  const threshold = selectKth(keys, count - missing);
  for (let i = 0; i < count; i++) if (remainders[i] >= threshold) out[i] += 1;
  return true;
}

/** The value of rank `k` (0-based, ascending) among distinct `keys`; reorders `keys` (Hoare's quickselect). */
function selectKth(keys: Float64Array, k: number): number {
  let left = 0;
  let right = keys.length - 1;
  while (left < right) {
    // Median of three as the pivot keeps sorted inputs linear.
    const middle = (left + right) >>> 1;
    const a = keys[left];
    const b = keys[middle];
    const c = keys[right];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (keys[i] < pivot) i++;
      while (keys[j] > pivot) j--;
      if (i <= j) {
        const swap = keys[i];
        keys[i] = keys[j];
        keys[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return keys[k];
  }
  return keys[k];
}
