import { describe, expect, it } from "vitest";
import { TIER_ROWS, unitPriceText, validateEntry } from "./price-list-admin";
import { formatUnitPriceE4 } from "~/modules/format";

const tiers = (...rows: [string, string][]) =>
  Array.from({ length: TIER_ROWS }, (_, i) => ({ minQuantity: rows[i]?.[0] ?? "", unitPrice: rows[i]?.[1] ?? "" }));

describe("validateEntry", () => {
  it("stores prices as exact ten-thousandths and sorts tiers", () => {
    const result = validateEntry({
      ean: "978-9000000012",
      unitPrice: "0.0001",
      tiers: tiers(["100", "0"], ["25", "0.0001"]),
    });
    expect(result).toEqual({
      ok: true,
      value: {
        ean: "9789000000012",
        unitPriceE4: 1,
        tiers: [
          { minQuantity: 25, unitPriceE4: 1 },
          { minQuantity: 100, unitPriceE4: 0 },
        ],
      },
    });
  });

  it("compares a tier with the base price exactly (12.5001 is above 12.5)", () => {
    const result = validateEntry({ ean: "x", unitPrice: "12.5", tiers: tiers(["25", "12.5001"]) });
    expect(!result.ok && result.errors["tiers.0.unitPrice"]).toBe(
      "Staffel 1: de staffelprijs mag niet hoger zijn dan de basisprijs.",
    );
  });
});

describe("formatUnitPriceE4 / unitPriceText", () => {
  it.each([
    [125000, "€ 12,50", "12.5"],
    [123456, "€ 12,3456", "12.3456"],
    [123450, "€ 12,345", "12.345"],
    [12345678900, "€ 1.234.567,89", "1234567.89"],
    [0, "€ 0,00", "0"],
  ])("%i → %s / %s", (e4, shown, text) => {
    expect(formatUnitPriceE4(e4)).toBe(shown);
    expect(unitPriceText(e4)).toBe(text);
  });
});
