import { describe, expect, it } from "vitest";
import { DEFAULT_SUPPLY_CATEGORY, formatFromSupply, isComponentSupply, isSupply } from "./supply";

describe("supply", () => {
  it.each([
    ["physical", "reduced"],
    ["electronic", "standard"],
    ["goods", "standard"],
  ] as const)("%s defaults to the %s category", (supply, category) => {
    expect(DEFAULT_SUPPLY_CATEGORY[supply]).toBe(category);
  });

  it.each([
    ["physical", "print"],
    ["electronic", "digital"],
    ["bundle", "combination"],
    ["goods", "other"],
  ] as const)("%s is shown as %s", (supply, format) => {
    expect(formatFromSupply(supply)).toBe(format);
  });

  it("recognises supplies and refuses prototype keys", () => {
    expect(isSupply("bundle")).toBe(true);
    expect(isComponentSupply("bundle")).toBe(false);
    expect(isSupply("toString")).toBe(false);
    expect(isSupply(undefined)).toBe(false);
  });
});
