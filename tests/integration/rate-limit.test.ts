import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { hitRateLimit, isRateLimited } from "~/modules/auth/rate-limit.server";

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
