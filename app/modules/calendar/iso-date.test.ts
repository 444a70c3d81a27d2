import { describe, expect, it } from "vitest";
import { addDays, addMonths, dayInAmsterdam, daysBetween, todayInAmsterdam } from "./iso-date";

describe("addMonths", () => {
  it.each([
    ["2026-09-01", 12, "2027-09-01"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2026-03-31", 1, "2026-04-30"],
    ["2026-12-15", 1, "2027-01-15"],
    ["2026-05-31", -3, "2026-02-28"],
    ["2026-08-20", 0, "2026-08-20"],
  ])("%s + %i months = %s", (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  it("refuses what is not a calendar date", () => {
    expect(() => addMonths("2026-02-30", 1)).toThrow(TypeError);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-09-01", 30, "2026-10-01"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-03-01", -1, "2026-02-28"],
  ])("%s + %i days = %s", (from, days, expected) => {
    expect(addDays(from, days)).toBe(expected);
  });
});

describe("daysBetween", () => {
  it.each([
    ["2026-09-01", "2026-10-01", 30],
    ["2026-12-31", "2027-01-01", 1],
    ["2026-03-01", "2026-02-28", -1],
    ["2026-03-28", "2026-03-30", 2], // across the change to summer time: still whole days
  ])("%s → %s: %i days", (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe("dayInAmsterdam", () => {
  it("is the Dutch calendar day of an instant, not the UTC one", () => {
    // 23:30 UTC on 30 November is 00:30 on 1 December in Amsterdam (CET, UTC+1).
    expect(dayInAmsterdam(new Date("2026-11-30T23:30:00Z"))).toBe("2026-12-01");
    // 21:59 UTC on 30 June is 23:59 the same day in Amsterdam (CEST, UTC+2).
    expect(dayInAmsterdam(new Date("2026-06-30T21:59:00Z"))).toBe("2026-06-30");
    expect(todayInAmsterdam(new Date("2026-06-30T22:00:00Z"))).toBe("2026-07-01");
  });
});
