import { describe, expect, it } from "vitest";
import { PricingError } from "./pricing-error";
import { parseQuoteRequest, parseQuoteRequestText } from "./quote-request";
import { QUOTE_EXAMPLE } from "../../../tests/fixtures/quote-example";

const EXAMPLE = QUOTE_EXAMPLE;

const withLine = (index: number, change: Record<string, unknown>) => ({
  ...EXAMPLE,
  lines: EXAMPLE.lines.map((line, i) => (i === index ? { ...line, ...change } : line)),
});

describe("parseQuoteRequest", () => {
  it("reads the DESIGN §4 example", () => {
    const { date, input } = parseQuoteRequest(EXAMPLE);
    expect(date).toBe("2026-09-01");
    expect(input.pricesIncludeVat).toBe(false);
    expect(input.lines.map((l) => [l.id, l.supply, l.unitPrice.toFixed(2), l.quantity])).toEqual([
      ["L1", "physical", "12.50", 28],
      ["L2", "bundle", "49.95", 1],
    ]);
    expect(input.lines[0].description).toBe("Werkboek");
    expect(input.lines[1].components?.map((c) => [c.supply, c.share.toFixed()])).toEqual([
      ["physical", "0.6"],
      ["electronic", "0.4"],
    ]);
    expect(input.discountPercent?.toFixed()).toBe("5");
    expect(input.shipping?.toFixed(2)).toBe("6.95");
  });

  it("defaults the date to today in Europe/Amsterdam", () => {
    const { date, input } = parseQuoteRequest(
      { pricesIncludeVat: true, lines: [EXAMPLE.lines[0]] },
      new Date("2026-08-31T22:30:00Z"),
    );
    expect(date).toBe("2026-09-01");
    expect(input.discountPercent).toBeUndefined();
    expect(input.shipping).toBeUndefined();
  });

  it.each<[string, unknown, string, string]>([
    ["a body that is not an object", [], "INVALID_REQUEST", "body"],
    ["an impossible date", { ...EXAMPLE, date: "2026-02-30" }, "INVALID_DATE", "date"],
    ["a date with time", { ...EXAMPLE, date: "2026-09-01T10:00" }, "INVALID_DATE", "date"],
    ["pricesIncludeVat as text", { ...EXAMPLE, pricesIncludeVat: "false" }, "INVALID_REQUEST", "pricesIncludeVat"],
    ["no lines", { ...EXAMPLE, lines: [] }, "NO_LINES", "lines"],
    ["lines that are not a list", { ...EXAMPLE, lines: {} }, "NO_LINES", "lines"],
    ["a line that is not an object", { ...EXAMPLE, lines: [EXAMPLE.lines[0], 7] }, "INVALID_REQUEST", "lines[1]"],
    ["a missing id", withLine(0, { id: "" }), "INVALID_ID", "lines[0].id"],
    ["a duplicate id", withLine(1, { id: "L1" }), "DUPLICATE_ID", "lines[1].id"],
    ["an unknown supply", withLine(0, { supply: "ebook" }), "INVALID_SUPPLY", "lines[0].supply"],
    ["a prototype key as supply", withLine(0, { supply: "constructor" }), "INVALID_SUPPLY", "lines[0].supply"],
    ["quantity 0", withLine(0, { quantity: 0 }), "INVALID_QUANTITY", "lines[0].quantity"],
    ["quantity 2.5", withLine(0, { quantity: 2.5 }), "INVALID_QUANTITY", "lines[0].quantity"],
    ["quantity as text", withLine(0, { quantity: "28" }), "INVALID_QUANTITY", "lines[0].quantity"],
    ["a negative price", withLine(0, { unitPrice: "-12.50" }), "INVALID_PRICE", "lines[0].unitPrice"],
    ["an over-precise price", withLine(0, { unitPrice: "12.50001" }), "INVALID_PRICE", "lines[0].unitPrice"],
    ["a price as a JSON number", withLine(0, { unitPrice: 12.5 }), "INVALID_PRICE", "lines[0].unitPrice"],
    ["a price with a decimal comma", withLine(0, { unitPrice: "12,50" }), "INVALID_PRICE", "lines[0].unitPrice"],
    ["a price in exponent notation", withLine(0, { unitPrice: "1e3" }), "INVALID_PRICE", "lines[0].unitPrice"],
    [
      "shares that do not sum to 1",
      withLine(1, {
        components: [
          { supply: "physical", share: "0.6" },
          { supply: "electronic", share: "0.3" },
        ],
      }),
      "BUNDLE_SHARES",
      "lines[1].components",
    ],
    ["a bundle without components", withLine(1, { components: undefined }), "BUNDLE_COMPONENTS", "lines[1].components"],
    [
      "a component of unknown supply",
      withLine(1, {
        components: [
          { supply: "physical", share: "0.6" },
          { supply: "bundle", share: "0.4" },
        ],
      }),
      "INVALID_SUPPLY",
      "lines[1].components[1].supply",
    ],
    [
      "a share above 1",
      withLine(1, {
        components: [
          { supply: "physical", share: "1.6" },
          { supply: "electronic", share: "-0.6" },
        ],
      }),
      "BUNDLE_SHARES",
      "lines[1].components[0].share",
    ],
    ["components on a plain line", withLine(0, { components: [] }), "BUNDLE_COMPONENTS", "lines[0].components"],
    ["a discount over 100", { ...EXAMPLE, discountPercent: "150" }, "INVALID_DISCOUNT", "discountPercent"],
    ["a discount as a number", { ...EXAMPLE, discountPercent: 5 }, "INVALID_DISCOUNT", "discountPercent"],
    ["shipping with 3 decimals", { ...EXAMPLE, shipping: "6.955" }, "INVALID_SHIPPING", "shipping"],
    ["negative shipping", { ...EXAMPLE, shipping: "-1.00" }, "INVALID_SHIPPING", "shipping"],
  ])("refuses %s", (_name, body, code, field) => {
    try {
      parseQuoteRequest(body);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PricingError);
      expect(error).toMatchObject({ code, field });
    }
  });

  it("refuses malformed JSON on field body", () => {
    expect(() => parseQuoteRequestText('{ "lines": [')).toThrow(
      expect.objectContaining({ code: "MALFORMED_JSON", field: "body" }),
    );
    expect(parseQuoteRequestText(JSON.stringify(EXAMPLE)).date).toBe("2026-09-01");
  });
});
