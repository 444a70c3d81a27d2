import { describe, expect, it } from "vitest";
import { Decimal } from "../money/decimal";
import { formatRate } from "./format-rate";

describe("formatRate", () => {
  it.each([
    ["6", "6"],
    ["6.00", "6"],
    ["21", "21"],
    ["9.0", "9"],
    ["5.50", "5.5"],
    ["0", "0"],
  ])("prints %s as %s", (input, expected) => {
    expect(formatRate(new Decimal(input))).toBe(expected);
  });
});
