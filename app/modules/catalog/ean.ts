/** GTIN-13 check digit (mod 10, weights 1/3) — EAN and ISBN-13 share it. */
export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(ean: string): boolean {
  return /^\d{13}$/.test(ean) && ean13CheckDigit(ean.slice(0, 12)) === Number(ean[12]);
}

/** Builds a valid EAN-13 from a 12-digit-or-shorter numeric prefix + running number. */
export function makeEan13(prefix: string, n: number): string {
  const body = (prefix + String(n).padStart(12 - prefix.length, "0")).slice(0, 12);
  return body + String(ean13CheckDigit(body));
}
