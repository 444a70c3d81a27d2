/**
 * Passwords are hashed with scrypt (memory-hard, in Node's crypto, no native add-on):
 * N=2^15 (PASSWORD_SCRYPT_N; tests set it low), r=8, p=1 (32 MiB per hash), 16-byte salt,
 * 32-byte key. Stored as `scrypt$N$r$p$salt$hash` (base64), so the parameters can be raised
 * later and a hash verifies with the parameters it was made with.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { passwordScryptN } from "../../env.server";

const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, KEYLEN, { N: n, r, p, maxmem: 128 * n * r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const n = passwordScryptN();
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, n, R, P);
  return `scrypt$${n}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await scrypt(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to verify against when the account does not exist, so both paths cost the same. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword("not-a-real-password"));
}
