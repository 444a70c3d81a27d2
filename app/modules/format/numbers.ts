const WHOLE = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });

/** A whole number for people, with thousands separators: 1234567 → "1.234.567". */
export function formatNumber(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not a whole number: ${String(value)}`);
  return WHOLE.format(value);
}
