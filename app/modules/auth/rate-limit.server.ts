/**
 * Fixed-window rate limits kept in the database (no state in the server process, DESIGN.md §6),
 * so several app instances share them. One upsert per hit. Login, registration and order-code
 * limits use these.
 *
 * The public quote API is a hot read path and writes nothing per request: its limit is counted
 * per instance in memory (`MemoryRateLimiter`), each instance allowing its share of the limit —
 * the limit divided by INSTANCE_COUNT (docs/decisions/010-sqlite-server-config-and-hot-reads.md).
 */
import { createHmac } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { db } from "~/db.server";
import { sessionSecret } from "~/env.server";

/** Counts one hit for `key`; returns true when it is within `limit` hits per window. */
export async function hitRateLimit(
  key: string,
  limit: number,
  windowSeconds: number,
  now = new Date(),
): Promise<boolean> {
  const count = await countHit(key, windowSeconds, now);
  return count <= limit;
}

/**
 * One atomic statement on both providers: a new window starts at 1, the current one counts up.
 * (The row lock of the upsert serialises concurrent hits; no read-then-write race.)
 */
async function countHit(key: string, windowSeconds: number, now: Date): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  const expiresAt = new Date(windowStart.getTime() + windowSeconds * 1000);
  const rows = await db.$queryRaw<{ count: number | bigint }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "expiresAt") VALUES (${key}, ${windowStart}, 1, ${expiresAt})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" = excluded."windowStart" THEN "RateLimitBucket"."count" + 1 ELSE 1 END,
      "windowStart" = excluded."windowStart",
      "expiresAt" = excluded."expiresAt"
    RETURNING "count"`;
  return Number(rows[0]!.count);
}

/**
 * Fixed-window counts in this process's memory: no database write per hit. Keys of an ended
 * window are dropped as soon as a hit arrives in a later window, so memory holds at most one
 * window's worth of keys.
 */
export class MemoryRateLimiter {
  #windowStart = -1;
  #counts = new Map<string, number>();

  constructor(readonly windowSeconds: number) {}

  /** Counts one hit for `key`; returns true when it is within `limit` hits in the current window. */
  hit(key: string, limit: number, now: number = Date.now()): boolean {
    const windowMs = this.windowSeconds * 1000;
    const windowStart = now - (now % windowMs);
    if (windowStart !== this.#windowStart) {
      this.#windowStart = windowStart;
      this.#counts.clear();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return count <= limit;
  }

  /** Forgets every count (app-state.server.ts). */
  clear(): void {
    this.#windowStart = -1;
    this.#counts.clear();
  }

  /** How many keys the current window holds (for tests). */
  get size(): number {
    return this.#counts.size;
  }
}

/**
 * This instance's share of a limit meant for the whole site: `limit` divided by the number of app
 * instances behind the load balancer (INSTANCE_COUNT, default 1), rounded down, at least 1.
 */
export function perInstanceLimit(limit: number, instances: number = instanceCount()): number {
  return Math.max(1, Math.floor(limit / instances));
}

/** INSTANCE_COUNT: how many app instances share the traffic (a positive whole number; 1 when unset or invalid). */
export function instanceCount(): number {
  const configured = Number(process.env.INSTANCE_COUNT);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : 1;
}

/** Reads whether `key` is already over `limit` in the current window, without counting a hit. */
export async function isRateLimited(
  key: string,
  limit: number,
  windowSeconds: number,
  now = new Date(),
): Promise<boolean> {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  const bucket = await db.rateLimitBucket.findUnique({ where: { key } });
  return !!bucket && bucket.windowStart.getTime() === windowStart.getTime() && bucket.count >= limit;
}

export async function clearRateLimit(key: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}

/**
 * A bucket key for values that name a person (an e-mail address, an IP address): the scope in
 * clear, the values as an HMAC under the session secret, so the table holds no e-mail address
 * and a copy of it cannot be reversed by hashing a list of addresses.
 */
export function rateLimitKey(scope: string, ...values: string[]): string {
  const mac = createHmac("sha256", sessionSecret())
    .update(`${scope}\n${values.join("\n")}`)
    .digest("base64url");
  return `${scope}:${mac}`;
}

/** Deletes buckets whose window has ended (they would start at 1 again anyway). */
export async function deleteExpiredRateLimitBuckets(now = new Date()): Promise<number> {
  return (await db.rateLimitBucket.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

/**
 * The client's address, part of the rate-limit keys (login per account and address,
 * registration, order codes, the VAT quote API). It is Express's `req.ip`, handed over in the
 * load context by the server entry (server/app.ts): the socket's address, or with TRUST_PROXY=n
 * the nth address from the right of X-Forwarded-For — the one the outermost of our own n proxies
 * saw. Express reads that header under the hop count; this function reads no header itself.
 * Throws when there is no address (the app not served through server.ts) rather than fall back
 * to a shared value: without an address every visitor would share one bucket.
 */
export function clientIp(context: AppLoadContext): string {
  if (!context.clientAddress) throw new Error("No client address in the load context: serve the app through server.ts");
  return context.clientAddress;
}
