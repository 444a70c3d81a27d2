import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { hitRateLimit, isRateLimited, MemoryRateLimiter, perInstanceLimit } from "~/modules/auth/rate-limit.server";

describe("fixed-window rate limits in the database", () => {
  it("counts hits within a window, refuses past the limit and starts again in the next window", async () => {
    const t0 = new Date("2026-11-29T10:00:05Z");
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit("test:window", 3, 60, t0));
    expect(results).toEqual([true, true, true, false]);
    expect(await isRateLimited("test:window", 3, 60, new Date("2026-11-29T10:00:59Z"))).toBe(true);
    expect(await hitRateLimit("test:window", 3, 60, new Date("2026-11-29T10:01:00Z"))).toBe(true);
    const bucket = await db.rateLimitBucket.findUniqueOrThrow({ where: { key: "test:window" } });
    expect(bucket.count).toBe(1);
    expect(bucket.windowStart.toISOString()).toBe("2026-11-29T10:01:00.000Z");
  });

  it("loses no hit when many arrive at once", async () => {
    const now = new Date("2026-11-29T11:00:00Z");
    await Promise.all(Array.from({ length: 25 }, () => hitRateLimit("test:burst", 100, 60, now)));
    expect((await db.rateLimitBucket.findUniqueOrThrow({ where: { key: "test:burst" } })).count).toBe(25);
  });
});

describe("fixed-window rate limits in memory (the quote API's, per instance)", () => {
  it("counts per key within a window, refuses past the limit, and forgets the last window's keys", () => {
    const limiter = new MemoryRateLimiter(60);
    const t0 = Date.parse("2026-11-29T10:00:05Z");
    expect([1, 2, 3, 4].map(() => limiter.hit("a", 3, t0))).toEqual([true, true, true, false]);
    expect(limiter.hit("b", 3, t0 + 54_000)).toBe(true);
    expect(limiter.size).toBe(2);
    expect(limiter.hit("a", 3, Date.parse("2026-11-29T10:01:00Z"))).toBe(true);
    expect(limiter.size).toBe(1);
  });

  it("gives each instance its share of the limit", () => {
    expect(perInstanceLimit(60, 1)).toBe(60);
    expect(perInstanceLimit(60, 4)).toBe(15);
    expect(perInstanceLimit(61, 4)).toBe(15);
    expect(perInstanceLimit(3, 8)).toBe(1);
  });
});
