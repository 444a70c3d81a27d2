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
