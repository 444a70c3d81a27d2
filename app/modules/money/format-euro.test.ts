import { describe, expect, it } from "vitest";
import { Decimal } from "./decimal";
import { formatEuro } from "./format-euro";

describe("formatEuro", () => {
  it.each([
    ["1234.56", "€ 1.234,56"],
    ["0", "€ 0,00"],
    ["0.5", "€ 0,50"],
    ["12", "€ 12,00"],
    ["999.99", "€ 999,99"],
    ["1000", "€ 1.000,00"],
    ["1234567.8", "€ 1.234.567,80"],
    ["-1234.56", "€ -1.234,56"],
    ["-0.004", "€ 0,00"],
    ["84", "€ 84,00"],
    ["123456789012345.67", "€ 123.456.789.012.345,67"],
  ])("formats %s as %s", (input, expected) => {
    expect(formatEuro(new Decimal(input))).toBe(expected);
  });
});
