/**
 * Machine formats of integer amounts for invoice documents and exports (UBL, CSV: "1234.56").
 * Amounts, prices and dates for people are formatted by the format module (~/modules/format).
 *
 * Every amount here arrives as an integer number of cents (or ten-thousandths for unit
 * prices) that was rounded upstream at the point DESIGN.md §3 names. These helpers never
 * round money and never divide a float: they split the integer with `%` and exact integer
 * division, so "0.1 + 0.2" class errors cannot reach an invoice.
 */

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`${what} must be a safe integer, got ${String(value)}`);
  }
}

/** Splits |value| into whole units and the remainder for a power-of-ten scale, exactly. */
function splitScaled(value: number, scale: number): { negative: boolean; whole: number; fraction: number } {
  const negative = value < 0;
  const abs = Math.abs(value);
  const fraction = abs % scale;
  // (abs - fraction) is an exact multiple of scale, so this division is exact.
  const whole = (abs - fraction) / scale;
  return { negative, whole, fraction };
}

/**
 * Integer cents → plain decimal string with a point and two decimals ("1234.56", "-0.05").
 * The machine format used by UBL and, with `decimalComma`, by the CSV export. No rounding.
 */
export function formatCentsPlain(cents: number, opts: { decimalComma?: boolean } = {}): string {
  assertSafeInteger(cents, "cents");
  const { negative, whole, fraction } = splitScaled(cents, 100);
  const sep = opts.decimalComma ? "," : ".";
  return `${negative ? "-" : ""}${whole}${sep}${String(fraction).padStart(2, "0")}`;
}

/**
 * Ten-thousandths (unit prices carry up to 4 decimals, DESIGN §3) → decimal string with at
 * least 2 and at most 4 decimals, trailing zeros beyond the second dropped: 125000 → "12.50",
 * 174950 → "17.495", 12345 → "1.2345".
 */
export function formatE4Plain(e4: number, opts: { decimalComma?: boolean } = {}): string {
  assertSafeInteger(e4, "amount in ten-thousandths");
  const { negative, whole, fraction } = splitScaled(e4, 10_000);
  let decimals = String(fraction).padStart(4, "0");
  while (decimals.length > 2 && decimals.endsWith("0")) decimals = decimals.slice(0, -1);
  return `${negative ? "-" : ""}${whole}${opts.decimalComma ? "," : "."}${decimals}`;
}

/**
 * A VAT rate as stored ("6", "21", "9.50") → its canonical form without trailing zeros
 * ("6", "21", "9.5"), as DESIGN §4 prints rates. String work only.
 */
export function normaliseRate(rate: string): string {
  const trimmed = rate.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) throw new TypeError(`not a VAT rate: "${rate}"`);
  let [whole, decimals = ""] = trimmed.split(".");
  whole = whole.replace(/^0+(?=\d)/, "");
  decimals = decimals.replace(/0+$/, "");
  return decimals ? `${whole}.${decimals}` : whole;
}

/** Rate for Dutch display: "6", "9,5". */
export function formatRateNl(rate: string): string {
  return normaliseRate(rate).replace(".", ",");
}

/** Numeric order of rate strings ("6" < "9" < "21"), without going through floats for ties. */
export function compareRates(a: string, b: string): number {
  const [aw, ad = ""] = normaliseRate(a).split(".");
  const [bw, bd = ""] = normaliseRate(b).split(".");
  if (aw.length !== bw.length) return aw.length - bw.length;
  if (aw !== bw) return aw < bw ? -1 : 1;
  const len = Math.max(ad.length, bd.length);
  const ap = ad.padEnd(len, "0");
  const bp = bd.padEnd(len, "0");
  return ap === bp ? 0 : ap < bp ? -1 : 1;
}

/** IBAN in groups of four for reading ("NL91 ABNA 0417 1643 00"). */
export function formatIban(iban: string): string {
  return iban
    .replace(/\s+/g, "")
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, "$1 ");
}
