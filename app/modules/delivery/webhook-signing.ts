/**
 * Signing of push-delivery events (issue 16 §3), after Stripe's scheme: the shop sends
 *
 *   Leerwinkel-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * and a receiver recomputes the HMAC over the raw body with the endpoint's secret (whsec_…),
 * compares in constant time and refuses a timestamp older than its tolerance (replays).
 * `verifyWebhookSignature` is that receiver side, used by the tests and shown in the docs.
 * Also the retry schedule (`retryDelayMs`). Pure: node:crypto only.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export { SIGNATURE_HEADER } from "./webhook-limits";
export const WEBHOOK_SECRET_PREFIX = "whsec_";
/** A receiver's default tolerance for the signature's timestamp: 5 minutes, like Stripe. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new signing secret: 256 random bits, base64url, with its prefix. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString("base64url");
}

/** The hex HMAC-SHA256 of "<timestamp>.<body>" under the secret. */
export function signatureOf(body: string, timestamp: number, secret: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The header value for the body sent at `timestamp` (unix seconds). */
export function signatureHeader(body: string, timestamp: number, secret: string): string {
  return `t=${timestamp},v1=${signatureOf(body, timestamp, secret)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * The receiver's check: the header parses, one of its v1 signatures matches the raw body under the
 * secret (constant-time compare), and its timestamp is at most `toleranceSeconds` from `nowSeconds`.
 */
export function verifyWebhookSignature(
  body: string,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): VerifyResult {
  if (!header) return { ok: false, reason: "no signature header" };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === null) return { ok: false, reason: "no timestamp" };
  if (signatures.length === 0) return { ok: false, reason: "no v1 signature" };
  const expected = Buffer.from(signatureOf(body, timestamp, secret), "hex");
  if (!signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected))) {
    return { ok: false, reason: "signature does not match" };
  }
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: "timestamp outside tolerance" };
  return { ok: true, timestamp };
}

// ---------------------------------------------------------------- retries

/** The first retry waits this long; each next one twice as long … */
export const RETRY_BASE_MS = 30_000;
/** … up to this. */
export const RETRY_CAP_MS = 6 * 60 * 60 * 1000;
/** After this many failed attempts an event is FAILED (an operator may resend it). */
export const MAX_ATTEMPTS = 12;

/**
 * How long after failed attempt number `attempts` (1 = the first) the next one is due:
 * 30 s, 1 min, 2 min, 4 min, … doubling, at most 6 h. Deterministic (no jitter): the events of
 * one endpoint are sent one after the other by whichever worker claims them, so they do not
 * arrive at a recovering receiver all at once.
 */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^20 · 30 s is far beyond the cap; stop doubling there
  return Math.min(RETRY_BASE_MS * 2 ** Math.min(exponent, 20), RETRY_CAP_MS);
}
