import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { handleQuote } from "~/modules/pricing/quote-api.server";
import { vatSchedule } from "~/modules/vat/vat-schedule.server";
import { countQueries, describeStatements } from "../support/query-counter";
import { QUOTE_EXAMPLE } from "../fixtures/quote-example";

// POST /api/vat/quote (DESIGN §4) through the endpoint's module (served by server/quote-api.ts), against the seeded
// schedule: reduced 6% and standard 21% from 2000-01-01, open-ended.

let ipCounter = 0;
/** Every call gets its own client address unless one is given, so rate limits never mix tests. */
const nextIp = () => `198.51.100.${++ipCounter}`;

async function quote(
  body: unknown,
  ip: string = nextIp(),
): Promise<{ status: number; json: Record<string, unknown>; response: Response }> {
  const request = new Request("http://localhost/api/vat/quote", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const answer = await handleQuote(request.method, ip, () => request.text());
  const response = new Response(answer.body, { status: answer.status, headers: answer.headers });
  return { status: response.status, json: (await response.clone().json()) as Record<string, unknown>, response };
}

/** The example request of DESIGN §4. */
const EXAMPLE = QUOTE_EXAMPLE;

const physicalLine = (overrides: Record<string, unknown> = {}) => ({
  id: "L1",
  supply: "physical",
  unitPrice: "12.50",
  quantity: 28,
  ...overrides,
});

beforeAll(() => {
  delete process.env.QUOTE_RATE_LIMIT_PER_MINUTE; // the default limit of 60 per minute
});

describe("POST /api/vat/quote", () => {
  it("prices the DESIGN §4 example to the cent", async () => {
    const { status, json, response } = await quote(EXAMPLE);
    expect(status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    // L1: 12.50 × 28 = 350.00 (physical, 6%).
    // L2: 49.95 × 1 = 49.95, allocated over the shares: 49.95 × 0.6 = 29.97 (physical, 6%),
    //     49.95 × 0.4 = 19.98 (electronic, 21%); no remainder cents.
    // Lines per rate: 6% 350.00 + 29.97 = 379.97; 21% 19.98.
    // Discount 5% per rate: 379.97 × 0.05 = 18.9985 → 19.00; 19.98 × 0.05 = 0.999 → 1.00.
    // Shipping 6.95 follows the physical supplies: all of it at 6% (nothing shippable at 21%).
    // 6%: taxable 379.97 − 19.00 + 6.95 = 367.92, VAT 367.92 × 6 / 100 = 22.0752 → 22.08.
    // 21%: taxable 19.98 − 1.00 = 18.98, VAT 18.98 × 21 / 100 = 3.9858 → 3.99.
    // Totals: net 367.92 + 18.98 = 386.90; VAT 22.08 + 3.99 = 26.07; gross 386.90 + 26.07 = 412.97.
    expect(json).toEqual({
      currency: "EUR",
      date: "2026-09-01",
      pricesIncludeVat: false,
      lines: [
        { id: "L1", quantity: 28, amount: "350.00", parts: [{ supply: "physical", vatRate: "6", amount: "350.00" }] },
        {
          id: "L2",
          quantity: 1,
          amount: "49.95",
          parts: [
            { supply: "physical", vatRate: "6", amount: "29.97" },
            { supply: "electronic", vatRate: "21", amount: "19.98" },
          ],
        },
      ],
      allowances: [
        { vatRate: "6", amount: "19.00" },
        { vatRate: "21", amount: "1.00" },
      ],
      charges: [{ kind: "shipping", vatRate: "6", amount: "6.95" }],
      vatBreakdown: [
        { vatRate: "6", taxable: "367.92", vat: "22.08" },
        { vatRate: "21", taxable: "18.98", vat: "3.99" },
      ],
      totals: { net: "386.90", vat: "26.07", gross: "412.97" },
    });
  });

  it('prices the same document with prices incl. VAT by the "uit inclusief" method', async () => {
    const { status, json } = await quote({ ...EXAMPLE, pricesIncludeVat: true });
    expect(status).toBe(200);
    // Same amounts, allowances and charge as above, now gross. Per rate G = lines − allowance + charge:
    // 6%: G = 379.97 − 19.00 + 6.95 = 367.92, VAT = 367.92 × 6 / 106 = 20.8256… → 20.83, net 347.09.
    // 21%: G = 19.98 − 1.00 = 18.98, VAT = 18.98 × 21 / 121 = 3.2940… → 3.29, net 15.69.
    // Totals: net 347.09 + 15.69 = 362.78; VAT 20.83 + 3.29 = 24.12; gross 386.90 (= Σ G).
    expect(json.vatBreakdown).toEqual([
      { vatRate: "6", taxable: "347.09", vat: "20.83" },
      { vatRate: "21", taxable: "15.69", vat: "3.29" },
    ]);
    expect(json.totals).toEqual({ net: "362.78", vat: "24.12", gross: "386.90" });
  });

  it.each<[string, unknown, string, RegExp]>([
    ["malformed JSON", '{"date": "2026-09-01", "lines": [', "body", /not valid JSON/],
    [
      "an unknown supply",
      { ...EXAMPLE, lines: [physicalLine({ supply: "ebook" })] },
      "lines[0].supply",
      /Supply must be/,
    ],
    [
      "quantity 0",
      { ...EXAMPLE, lines: [physicalLine({ quantity: 0 })] },
      "lines[0].quantity",
      /whole number of at least 1/,
    ],
    [
      "quantity 1.5",
      { ...EXAMPLE, lines: [physicalLine({ quantity: 1.5 })] },
      "lines[0].quantity",
      /whole number of at least 1/,
    ],
    [
      'quantity "3" (a string)',
      { ...EXAMPLE, lines: [physicalLine({ quantity: "3" })] },
      "lines[0].quantity",
      /whole number/,
    ],
    [
      "a negative price",
      { ...EXAMPLE, lines: [physicalLine({ unitPrice: "-1.00" })] },
      "lines[0].unitPrice",
      /Unit price/,
    ],
    [
      "a price with 5 decimals",
      { ...EXAMPLE, lines: [physicalLine({ unitPrice: "1.23456" })] },
      "lines[0].unitPrice",
      /Unit price/,
    ],
    [
      "bundle shares 0.6 + 0.3",
      {
        ...EXAMPLE,
        lines: [
          EXAMPLE.lines[0],
          {
            ...EXAMPLE.lines[1],
            components: [
              { supply: "physical", share: "0.6" },
              { supply: "electronic", share: "0.3" },
            ],
          },
        ],
      },
      "lines[1].components",
      /add up to 0\.9/,
    ],
    [
      "a date with no rate in force",
      { ...EXAMPLE, date: "1999-12-31" },
      "date",
      /No (reduced|standard) VAT rate is in force on 1999-12-31/,
    ],
    [
      "shipping without goods",
      { ...EXAMPLE, lines: [{ id: "L1", supply: "electronic", unitPrice: "19.99", quantity: 3 }] },
      "shipping",
      /physical items or goods/,
    ],
  ])("answers %s with 400, an error and the field", async (_name, body, field, message) => {
    const { status, json, response } = await quote(body);
    expect(status).toBe(400);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(json.field).toBe(field);
    expect(json.error).toMatch(message);
  });

  describe("around a change of the VAT rate", () => {
    beforeAll(async () => {
      // Operator finance raised the reduced rate to 9% from 2027-01-01: the open 6% row closes the day before.
      await db.vatRate.updateMany({ where: { category: "reduced", validTo: null }, data: { validTo: "2026-12-31" } });
      await db.vatRate.create({ data: { category: "reduced", percent: "9", validFrom: "2027-01-01", validTo: null } });
      vatSchedule.clear(); // written behind the schedule's back: read it again
    });

    it.each([
      // 350.00 × 6 / 100 = 21.00; 350.00 × 9 / 100 = 31.50
      ["2026-12-31", "6", "21.00", "371.00"],
      ["2027-01-01", "9", "31.50", "381.50"],
    ])("a quote dated %s uses %s%%", async (date, rate, vat, gross) => {
      const { status, json } = await quote({ date, pricesIncludeVat: false, lines: [physicalLine()] });
      expect(status).toBe(200);
      expect(json.lines).toEqual([
        { id: "L1", quantity: 28, amount: "350.00", parts: [{ supply: "physical", vatRate: rate, amount: "350.00" }] },
      ]);
      expect(json.vatBreakdown).toEqual([{ vatRate: rate, taxable: "350.00", vat }]);
      expect(json.totals).toEqual({ net: "350.00", vat, gross });
    });
  });

  describe("rate limit", () => {
    beforeEach(() => {
      // The limit counts per fixed one-minute window: a frozen clock keeps every hit of a
      // test in one window, so the test cannot pass or fail by where the minute turns.
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date("2026-09-01T10:00:05Z"));
    });
    afterEach(() => {
      vi.useRealTimers();
      delete process.env.QUOTE_RATE_LIMIT_PER_MINUTE;
    });

    it("answers 429 with a JSON error after 60 quotes a minute from one address", async () => {
      const ip = "203.0.113.60";
      const body = { date: "2026-09-01", pricesIncludeVat: false, lines: [physicalLine()] };
      for (let i = 0; i < 60; i++) expect((await quote(body, ip)).status).toBe(200);
      const limited = await quote(body, ip);
      expect(limited.status).toBe(429);
      expect(limited.response.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(limited.response.headers.get("Retry-After")).toBe("60");
      expect(limited.json.error).toMatch(/Too many quotes/);
      // Another address is not affected.
      expect((await quote(body)).status).toBe(200);
    });

    it("allows each instance its share of the limit: INSTANCE_COUNT=2 halves it (rounded down, at least 1)", async () => {
      process.env.QUOTE_RATE_LIMIT_PER_MINUTE = "5";
      process.env.INSTANCE_COUNT = "2";
      try {
        const body = { date: "2026-09-01", pricesIncludeVat: false, lines: [physicalLine()] };
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await quote(body, "203.0.113.52")).status);
        expect(statuses).toEqual([200, 200, 429]); // floor(5 / 2) = 2 on this instance
        process.env.INSTANCE_COUNT = "9";
        const single = [await quote(body, "203.0.113.59"), await quote(body, "203.0.113.59")].map((r) => r.status);
        expect(single).toEqual([200, 429]); // floor(5 / 9) = 0 → at least 1
      } finally {
        delete process.env.INSTANCE_COUNT;
      }
    });

    it("starts counting again in the next minute", async () => {
      process.env.QUOTE_RATE_LIMIT_PER_MINUTE = "1";
      const body = { date: "2026-09-01", pricesIncludeVat: false, lines: [physicalLine()] };
      expect((await quote(body, "203.0.113.61")).status).toBe(200);
      expect((await quote(body, "203.0.113.61")).status).toBe(429);
      vi.setSystemTime(new Date("2026-09-01T10:01:00Z"));
      expect((await quote(body, "203.0.113.61")).status).toBe(200);
    });

    it("takes its limit from QUOTE_RATE_LIMIT_PER_MINUTE when that is a positive whole number", async () => {
      process.env.QUOTE_RATE_LIMIT_PER_MINUTE = "3";
      const ip = "203.0.113.3";
      const body = { date: "2026-09-01", pricesIncludeVat: false, lines: [physicalLine()] };
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await quote(body, ip)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      process.env.QUOTE_RATE_LIMIT_PER_MINUTE = "lots";
      // Not a number: the default of 60 applies again (hit 5 of 60).
      expect((await quote(body, ip)).status).toBe(200);
    });
  });
});

describe("the quote API on a hot path", () => {
  it("sends no SQL statement per request, and certainly no write — also when it refuses one", async () => {
    await quote(EXAMPLE); // the first quote of the process reads the VAT schedule into memory
    const ok = await countQueries(() => quote(EXAMPLE));
    expect(ok.count, describeStatements(ok.statements)).toBe(0);
    expect(ok.writes).toBe(0);
    const refused = await countQueries(() => quote({ ...EXAMPLE, date: "1900-01-01" }));
    expect(refused.result).toMatchObject({ status: 400 });
    expect(refused.count, describeStatements(refused.statements)).toBe(0);
    process.env.QUOTE_RATE_LIMIT_PER_MINUTE = "1";
    try {
      await quote(EXAMPLE, "203.0.113.200");
      const limited = await countQueries(() => quote(EXAMPLE, "203.0.113.200"));
      expect(limited.result).toMatchObject({ status: 429 });
      expect(limited.count).toBe(0);
    } finally {
      delete process.env.QUOTE_RATE_LIMIT_PER_MINUTE;
    }
  });
});
