import { describe, expect, it } from "vitest";
import {
  MAX_ATTEMPTS,
  RETRY_CAP_MS,
  generateWebhookSecret,
  retryDelayMs,
  signatureHeader,
  signatureOf,
  verifyWebhookSignature,
} from "./webhook-signing";

describe("webhook signatures", () => {
  // Known vector, computed independently:
  //   printf '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
  const secret = "whsec_test";
  const body = '{"id":"evt_1"}';
  const vector = "c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925";

  it("is HMAC-SHA256 over '<t>.<body>' in hex", () => {
    expect(signatureOf(body, 1_700_000_000, secret)).toBe(vector);
    expect(signatureHeader(body, 1_700_000_000, secret)).toBe(`t=1700000000,v1=${vector}`);
  });

  it("verifies the header for the untouched body within the tolerance", () => {
    const header = signatureHeader(body, 1_700_000_000, secret);
    expect(verifyWebhookSignature(body, header, secret, 300, 1_700_000_299)).toEqual({
      ok: true,
      timestamp: 1_700_000_000,
    });
  });

  it("refuses a tampered body, another secret, an old timestamp and malformed headers", () => {
    const header = signatureHeader(body, 1_700_000_000, secret);
    const now = 1_700_000_010;
    expect(verifyWebhookSignature('{"id":"evt_2"}', header, secret, 300, now)).toMatchObject({ ok: false });
    expect(verifyWebhookSignature(body, header, "whsec_other", 300, now)).toMatchObject({ ok: false });
    expect(verifyWebhookSignature(body, header, secret, 300, 1_700_000_301)).toEqual({
      ok: false,
      reason: "timestamp outside tolerance",
    });
    expect(verifyWebhookSignature(body, null, secret, 300, now)).toMatchObject({ ok: false });
    expect(verifyWebhookSignature(body, `v1=${vector}`, secret, 300, now)).toMatchObject({ ok: false });
    expect(verifyWebhookSignature(body, "t=1700000000", secret, 300, now)).toMatchObject({ ok: false });
    // the timestamp is signed too: moving it forward breaks the signature
    expect(verifyWebhookSignature(body, `t=1700000005,v1=${vector}`, secret, 300, now)).toMatchObject({ ok: false });
  });

  it("accepts any one matching v1 among several (secret rotation)", () => {
    const header = `t=1700000000,v1=${"0".repeat(64)},v1=${vector}`;
    expect(verifyWebhookSignature(body, header, secret, 300, 1_700_000_000).ok).toBe(true);
  });

  it("makes distinct whsec_ secrets of 256 bits", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});

describe("retry schedule", () => {
  it("doubles from 30 s and stops at 6 h", () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    // 30 s · 2^9 = 4 h 16 min; 30 s · 2^10 = 8 h 32 min → 6 h
    expect(retryDelayMs(10)).toBe(15_360_000);
    expect(retryDelayMs(11)).toBe(RETRY_CAP_MS);
    expect(retryDelayMs(1000)).toBe(6 * 3600 * 1000);
  });

  it("gives up after 12 attempts, about 14.5 h after the first", () => {
    let total = 0;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) total += retryDelayMs(attempt);
    // 30 s·(2^10 − 1) = 30,690 s, plus 6 h = 21,600 s: 52,290 s
    expect(total).toBe(52_290_000);
  });
});
