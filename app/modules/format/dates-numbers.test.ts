import { describe, expect, it } from "vitest";
import { formatDate, formatDateShort } from "./dates";
import { formatNumber } from "./numbers";

describe("dates for people", () => {
  it.each([
    ["2026-12-01", "1 december 2026", "01-12-2026"],
    ["2026-09-01", "1 september 2026", "01-09-2026"],
    ["2027-03-15", "15 maart 2027", "15-03-2027"],
    ["2026-12-31T23:30:00.000Z", "31 december 2026", "31-12-2026"],
  ])("%s → %s in text, %s in a table", (iso, long, short) => {
    expect(formatDate(iso)).toBe(long);
    expect(formatDateShort(iso)).toBe(short);
  });

  it("refuses what is not a date", () => {
    expect(() => formatDate("2026-02-30")).toThrow(TypeError);
  });
});

describe("formatNumber", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1000, "1.000"],
    [1234567, "1.234.567"],
    [-2500, "-2.500"],
  ])("%i → %s", (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});
