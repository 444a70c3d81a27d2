/**
 * GTIN check digits (mod 10; weights 3, 1, 3, … from the digit left of the check digit) — EAN-8,
 * UPC-A, EAN-13/ISBN-13 and GTIN-14 share them. The one implementation for the catalogue's
 * EAN check and the invoices' GTIN scheme.
 */

/** The check digit for a GTIN body (all digits but the check digit). */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(body[i]) * w;
  return (10 - (sum % 10)) % 10;
}

/** True when `code` is an 8/12/13/14-digit GTIN with a valid check digit. */
export function isValidGtin(code: string): boolean {
  return (
    /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code) && gtinCheckDigit(code.slice(0, -1)) === Number(code[code.length - 1])
  );
}

/** GTIN-13 check digit of the first 12 digits (EAN and ISBN-13). */
export function ean13CheckDigit(first12: string): number {
  return gtinCheckDigit(first12.slice(0, 12));
}

export function isValidEan13(ean: string): boolean {
  return /^\d{13}$/.test(ean) && isValidGtin(ean);
}

/** Builds a valid EAN-13 from a 12-digit-or-shorter numeric prefix + running number. */
export function makeEan13(prefix: string, n: number): string {
  const body = (prefix + String(n).padStart(12 - prefix.length, "0")).slice(0, 12);
  return body + String(ean13CheckDigit(body));
}
