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

export function hashOrderCode(code: string): string {
  return createHash("sha256").update(normaliseOrderCode(code)).digest("hex");
}
