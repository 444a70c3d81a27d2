import { describe, expect, it } from "vitest";
import { formatDate, formatDateShort, formatDateTimeShort } from "./dates";
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
    expect(() => formatDateTimeShort("gisteren")).toThrow(TypeError);
  });

  it("gives an instant the calendar day it was in Amsterdam", () => {
    // 23:30 UTC on 31 December is 00:30 on 1 January in Amsterdam (winter time, UTC+1)
    expect(formatDate(new Date("2026-12-31T23:30:00Z"))).toBe("1 januari 2027");
    expect(formatDateShort(new Date("2026-06-30T22:15:00Z"))).toBe("01-07-2026");
    expect(formatDateTimeShort(new Date("2026-12-31T23:30:00Z"))).toBe("01-01-2027 00:30");
    expect(formatDateTimeShort("2026-07-01T12:05:00.000Z")).toBe("01-07-2026 14:05");
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
