import { describe, expect, it } from "vitest";
import { isExpired, licenceValidTo } from "./licence-validity";

describe("licenceValidTo (inclusive: the day before the anniversary)", () => {
  it.each([
    ["2026-09-01", 12, "2027-08-31"],
    ["2026-01-31", 1, "2026-02-27"],
    ["2028-01-31", 1, "2028-02-28"],
    ["2026-03-31", 1, "2026-04-29"],
    ["2026-12-01", 1, "2026-12-31"],
  ])("from %s for %i months: valid to %s", (from, months, expected) => {
    expect(licenceValidTo(from, months)).toBe(expected);
  });
});

describe("isExpired (validTo is the last valid day)", () => {
  it.each([
    ["2027-07-31", "2027-07-30", false],
    ["2027-07-31", "2027-07-31", false],
    ["2027-07-31", "2027-08-01", true],
    ["2026-12-31", "2027-01-01", true],
  ])("valid to %s, today %s: expired %s", (validTo, today, expected) => {
    expect(isExpired(validTo, today)).toBe(expected);
  });
});
