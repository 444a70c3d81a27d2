import { describe, expect, it } from "vitest";
import { DEFAULT_VAT_RATES, type VatRateRow, ratesOn, validateNewRate } from "./vat-schedule";
import { VatError } from "./vat-error";
import { dayBefore, isIsoDate, todayInAmsterdam } from "~/modules/calendar/iso-date";

const SCHEDULE: VatRateRow[] = [
  { id: "r6", category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: "2026-12-31" },
  { id: "r9", category: "reduced", percent: "9", validFrom: "2027-01-01", validTo: null },
  { id: "s21", category: "standard", percent: "21", validFrom: "2000-01-01", validTo: null },
];

describe("ratesOn", () => {
  it.each([
    ["2026-12-31", "6", "21"],
    ["2027-01-01", "9", "21"],
    ["2000-01-01", "6", "21"],
  ])("on %s the reduced rate is %s and the standard rate %s", (date, reduced, standard) => {
    const rates = ratesOn(SCHEDULE, date);
    expect(rates.get("reduced")?.toFixed()).toBe(reduced);
    expect(rates.get("standard")?.toFixed()).toBe(standard);
  });

  it("uses the default table: 6% reduced, 21% standard", () => {
    const rates = ratesOn(DEFAULT_VAT_RATES, "2026-09-01");
    expect([...rates.entries()].map(([c, r]) => [c, r.toFixed()])).toEqual([
      ["reduced", "6"],
      ["standard", "21"],
    ]);
  });

  it("throws NO_RATE when a needed category has no rate that day", () => {
    expect(() => ratesOn(SCHEDULE, "1999-12-31")).toThrow(expect.objectContaining({ code: "NO_RATE", field: "date" }));
    expect(() => ratesOn(SCHEDULE, "1999-12-31")).toThrow(VatError);
  });

  it("throws when two rates of a category are in force on one day", () => {
    const broken = [
      ...SCHEDULE,
      { category: "standard" as const, percent: "22", validFrom: "2026-01-01", validTo: null },
    ];
    expect(() => ratesOn(broken, "2026-06-01")).toThrow(expect.objectContaining({ code: "OVERLAPPING_RATES" }));
  });

  it("refuses a date that is not a calendar date", () => {
    expect(() => ratesOn(SCHEDULE, "2026-02-30")).toThrow(expect.objectContaining({ code: "INVALID_DATE" }));
  });
});

describe("validateNewRate", () => {
  const today = "2026-09-01";

  it("closes the open-ended rate of the category the day before the new one starts", () => {
    const result = validateNewRate(
      DEFAULT_VAT_RATES,
      {
        category: "reduced",
        percent: "9",
        validFrom: "2027-01-01",
        validTo: null,
      },
      today,
    );
    expect(result).toEqual({
      ok: true,
      rate: { category: "reduced", percent: "9", validFrom: "2027-01-01", validTo: null },
      updates: [{ category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: "2026-12-31" }],
    });
  });

  it.each<[string, Partial<VatRateRow>, RegExp]>([
    ["a start date today", { validFrom: today }, /na vandaag/],
    ["a start date in the past", { validFrom: "2026-01-01" }, /na vandaag/],
    ["an impossible date", { validFrom: "2027-02-30" }, /geen geldige datum/],
    ["a percentage above 100", { percent: "101" }, /tussen 0 en 100/],
    ["a percentage with a comma", { percent: "5,5" }, /tussen 0 en 100/],
    ["an end before the start", { validTo: "2026-12-01" }, /vóór de ingangsdatum/],
  ])("refuses %s", (_, change, message) => {
    const result = validateNewRate(
      DEFAULT_VAT_RATES,
      {
        category: "reduced",
        percent: "9",
        validFrom: "2027-01-01",
        validTo: null,
        ...change,
      },
      today,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join(" ")).toMatch(message);
  });

  it("refuses a rate that overlaps a bounded period of its category", () => {
    const rows: VatRateRow[] = [
      { category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: "2027-06-30" },
      { category: "reduced", percent: "9", validFrom: "2027-07-01", validTo: null },
    ];
    const result = validateNewRate(
      rows,
      { category: "reduced", percent: "7", validFrom: "2027-03-01", validTo: null },
      today,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join(" ")).toMatch(/overlapt het bestaande tarief van 6%/);
  });

  it("refuses a bounded rate that would leave the category without a rate afterwards", () => {
    const result = validateNewRate(
      DEFAULT_VAT_RATES,
      {
        category: "reduced",
        percent: "9",
        validFrom: "2027-01-01",
        validTo: "2027-12-31",
      },
      today,
    );
    expect(result.ok).toBe(false);
  });

  it("accepts a bounded rate in a gap and leaves other categories alone", () => {
    const rows: VatRateRow[] = [
      { category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: "2027-06-30" },
      { category: "reduced", percent: "9", validFrom: "2028-01-01", validTo: null },
      { category: "standard", percent: "21", validFrom: "2000-01-01", validTo: null },
    ];
    const result = validateNewRate(
      rows,
      { category: "reduced", percent: "7", validFrom: "2027-07-01", validTo: "2027-12-31" },
      today,
    );
    expect(result).toMatchObject({ ok: true, updates: [] });
  });
});

describe("iso dates", () => {
  it.each([
    ["2027-01-01", "2026-12-31"],
    ["2028-03-01", "2028-02-29"],
  ])("the day before %s is %s", (date, before) => {
    expect(dayBefore(date)).toBe(before);
  });

  it.each([
    ["2026-02-29", false],
    ["2028-02-29", true],
    ["2026-9-1", false],
    ["2026-09-01", true],
  ])("isIsoDate(%s) = %s", (date, valid) => {
    expect(isIsoDate(date)).toBe(valid);
  });

  it("today is taken in Europe/Amsterdam", () => {
    // 23:30 UTC on 31 August is already 1 September in Amsterdam (UTC+2 in summer).
    expect(todayInAmsterdam(new Date("2026-08-31T23:30:00Z"))).toBe("2026-09-01");
    expect(todayInAmsterdam(new Date("2026-12-31T22:59:00Z"))).toBe("2026-12-31");
  });
});
