import { describe, expect, it } from "vitest";
import { Decimal } from "~/modules/money/decimal";
import { formatCents, formatEuro, formatUnitPriceE4 } from "./money";

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

describe("formatCents", () => {
  it.each([
    [123456, "€ 1.234,56"],
    [0, "€ 0,00"],
    [-5, "€ -0,05"],
    [100000000, "€ 1.000.000,00"],
  ])("formats %i cents as %s", (cents, expected) => {
    expect(formatCents(cents)).toBe(expected);
  });
});

describe("formatUnitPriceE4", () => {
  it.each([
    [125000, "€ 12,50"],
    [174950, "€ 17,495"],
    [123456, "€ 12,3456"],
    [12500000, "€ 1.250,00"],
    [-174950, "€ -17,495"],
  ])("formats %i ten-thousandths as %s", (e4, expected) => {
    expect(formatUnitPriceE4(e4)).toBe(expected);
  });
});
