import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareRates, formatCentsPlain, formatE4Plain, formatIban, normaliseRate } from "./format";
import { formatCents, formatDate, formatDateShort, formatUnitPriceE4 } from "~/modules/format";

describe("invoice formatting", () => {
  it.each([
    [0, "0.00", "€ 0,00"],
    [5, "0.05", "€ 0,05"],
    [-5, "-0.05", "€ -0,05"],
    [123456, "1234.56", "€ 1.234,56"],
    [100000000, "1000000.00", "€ 1.000.000,00"],
  ])("%i cents → %s / %s", (cents, plain, nl) => {
    expect(formatCentsPlain(cents)).toBe(plain);
    expect(formatCents(cents)).toBe(nl);
  });

  it("uses a decimal comma on request and refuses fractional cents", () => {
    expect(formatCentsPlain(-123456, { decimalComma: true })).toBe("-1234,56");
    expect(() => formatCentsPlain(1.5)).toThrow(TypeError);
    expect(() => formatCents(Number.MAX_SAFE_INTEGER + 1)).toThrow(TypeError);
  });

  it("prints exactly the integer it is given (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const s = formatCentsPlain(cents);
        expect(BigInt(s.replace(".", ""))).toBe(BigInt(cents));
        expect(s).toMatch(/^-?\d+\.\d{2}$/);
      }),
    );
  });

  it.each([
    [125000, "12.50", "€ 12,50"],
    [174950, "17.495", "€ 17,495"],
    [12345, "1.2345", "€ 1,2345"],
    [12345678900, "1234567.89", "€ 1.234.567,89"],
  ])("unit price %i e4 → %s / %s", (e4, plain, nl) => {
    expect(formatE4Plain(e4)).toBe(plain);
    expect(formatUnitPriceE4(e4)).toBe(nl);
  });

  it("normalises and orders rates", () => {
    expect(normaliseRate("6.00")).toBe("6");
    expect(normaliseRate("09.50")).toBe("9.5");
    expect(() => normaliseRate("6%")).toThrow();
    expect(["21", "9.5", "6", "10", "9"].sort(compareRates)).toEqual(["6", "9", "9.5", "10", "21"]);
  });

  it("writes dates and IBANs the Dutch way", () => {
    expect(formatDate("2026-09-01")).toBe("1 september 2026");
    expect(formatDateShort("2026-09-01")).toBe("01-09-2026");
    expect(formatIban("nl91abna0417164300")).toBe("NL91 ABNA 0417 1643 00");
  });
});
