/**
 * Order codes for parents: 12 symbols from a 32-symbol alphabet without look-alikes
 * (60 bits of randomness, DESIGN.md §2 asks ≥ 50), printed as XXXX-XXXX-XXXX. Only the
 * SHA-256 of the normalised code is stored; the code itself is shown once.
 */
import { createHash, randomInt } from "node:crypto";

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I

export function generateOrderCode(): string {
  let raw = "";
  for (let i = 0; i < 12; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/** Upper-cases and drops spaces and dashes, so "lwdm 7k3q-9xa2" matches "LWDM-7K3Q-9XA2". */
export function normaliseOrderCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

/** A code as printed (XXXX-XXXX-XXXX, any case) or split by spaces, standing on its own in a text. */
const CODE_IN_TEXT =
  /(?<![\p{L}\p{N}])([2-9A-HJ-NP-Z]{4})([-\s]?)([2-9A-HJ-NP-Z]{4})\2([2-9A-HJ-NP-Z]{4})(?![\p{L}\p{N}])/giu;

/**
 * The order code in what a parent typed or pasted, normalised (12 symbols), or null. Input that
 * is a code by itself ("lwdm 7k3q-9xa2") is taken as it is, whatever its symbols, so a mistyped
 * code gets the "unknown code" answer. In longer text (a line pasted from the school's letter:
 * "Uw bestelcode is LWDM-7K3Q-9XA2, geldig tot …") the code is the group of 12 symbols of the
 * code alphabet standing on its own; printed dashes are preferred, then a group with a digit
 * (a 12-letter word such as "WERKSCHRIFTEN" is not a code), then the first.
 */
export function findOrderCode(text: string): string | null {
  const whole = normaliseOrderCode(text);
  if (/^[A-Z0-9]{12}$/.test(whole)) return whole;
  const found = [...text.slice(0, 10_000).matchAll(CODE_IN_TEXT)].map((m) => ({
    code: `${m[1]}${m[3]}${m[4]}`.toUpperCase(),
    dashed: m[2] === "-",
  }));
  const pick = found.find((f) => f.dashed) ?? found.find((f) => /\d/.test(f.code)) ?? found[0];
  return pick ? pick.code : null;
}

export function hashOrderCode(code: string): string {
  return createHash("sha256").update(normaliseOrderCode(code)).digest("hex");
}
