import { describe, expect, it } from "vitest";
import DecimalJs from "decimal.js";
import { Decimal } from "./decimal";
import { roundCents } from "./round-cents";

describe("roundCents", () => {
  it.each([
    ["2.345", "2.35"],
    ["2.344999", "2.34"],
    ["-2.345", "-2.35"],
    ["-2.344", "-2.34"],
    ["0.005", "0.01"],
    ["-0.005", "-0.01"],
    ["0.0049", "0"],
    ["18.9985", "19"],
    ["12345678901234.125", "12345678901234.13"],
    ["7", "7"],
  ])("rounds %s half away from zero to %s", (input, expected) => {
    expect(roundCents(new Decimal(input)).toFixed()).toBe(expected);
  });

  it("rounds half away from zero even for a Decimal made with another rounding mode", () => {
    const Foreign = DecimalJs.clone({ rounding: DecimalJs.ROUND_HALF_EVEN });
    const result = roundCents(new Foreign("0.125"));
    expect(result.toFixed()).toBe("0.13");
    expect(result).toBeInstanceOf(Decimal);
  });
});
