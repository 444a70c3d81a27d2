import { describe, expect, it } from "vitest";
import { Decimal } from "../money/decimal";
import { DEFAULT_VAT_RATES, ratesOn, type VatRateRow } from "../vat/vat-schedule";
import {
  compareOverYears,
  quantityInYear,
  replacementsOf,
  schoolYearsFrom,
  scheduleOfOffer,
  type YearsOfUseInput,
  type YearsOfUseOption,
} from "./years-of-use";
import { YearsOfUseSchema, formTextOf, percentText } from "./years-of-use-input";

const d = (text: string) => new Decimal(text);
const fixed = (x: Decimal) => x.toFixed(2);

/** Base price and the tier from 25 (3% off), as the demo lists have them. */
const PRICES: Record<string, [string, string]> = {
  leerboek: ["40.00", "38.80"],
  licentie1: ["30.00", "29.10"],
  licentie4: ["90.00", "87.30"],
  werkboek: ["15.00", "14.55"],
};
const unitPriceFor = (offerKey: string, quantity: number) => d(PRICES[offerKey]![quantity >= 25 ? 1 : 0]);

const option = (key: string, label: string, line: Partial<YearsOfUseOption["lines"][number]>): YearsOfUseOption => ({
  key,
  label,
  lines: [{ id: key, offerKey: key, supply: "physical", schedule: { kind: "consumable" }, pupils: 28, ...line }],
});
const OPTIONS = [
  option("leerboek", "Leerboek", { schedule: { kind: "reusable", reuseYears: 4 } }),
  option("licentie1", "Digitale licentie 1 jaar", { supply: "electronic", schedule: { kind: "licence", months: 12 } }),
  option("licentie4", "Digitale licentie 4 jaar", { supply: "electronic", schedule: { kind: "licence", months: 48 } }),
  option("werkboek", "Werkboek", {}),
];

const input = (over: Partial<YearsOfUseInput> = {}, rows: readonly VatRateRow[] = DEFAULT_VAT_RATES) => ({
  options: OPTIONS,
  pricesIncludeVat: false,
  years: 4,
  replacementShare: d("0.1"),
  firstOrderDate: "2026-12-01",
  unitPriceFor,
  contextOn: (date: string) => ({ rates: ratesOn(rows, date) }),
  pupils: 28,
  ...over,
});

describe("the schedule of an offer", () => {
  it.each([
    [
      { supply: "physical", licenceMonths: null, reuseYears: 4 },
      { kind: "reusable", reuseYears: 4 },
    ],
    [{ supply: "physical", licenceMonths: null, reuseYears: null }, { kind: "consumable" }],
    [
      { supply: "electronic", licenceMonths: 48, reuseYears: null },
      { kind: "licence", months: 48 },
    ],
    [
      {
        supply: "bundle",
        licenceMonths: 12,
        reuseYears: 4,
        components: [{ supply: "physical" }, { supply: "electronic" }],
      },
      { kind: "licence", months: 12 },
    ],
    [
      { supply: "goods", licenceMonths: null, reuseYears: 5 },
      { kind: "reusable", reuseYears: 5 },
    ],
  ] as const)("%o → %o", (offer, schedule) => {
    expect(scheduleOfOffer(offer)).toEqual(schedule);
  });

  it("buys reusable copies once per reuse period and replacements in between", () => {
    const reusable = { kind: "reusable", reuseYears: 4 } as const;
    expect([1, 2, 3, 4, 5, 6].map((y) => quantityInYear(reusable, y, 28, 3))).toEqual([28, 3, 3, 3, 28, 3]);
  });

  it("buys a licence every whole number of years it covers; a short one several times a year", () => {
    const years = [1, 2, 3, 4, 5, 6];
    expect(years.map((y) => quantityInYear({ kind: "licence", months: 12 }, y, 28, 3))).toEqual([
      28, 28, 28, 28, 28, 28,
    ]);
    expect(years.map((y) => quantityInYear({ kind: "licence", months: 48 }, y, 28, 3))).toEqual([28, 0, 0, 0, 28, 0]);
    // 18 months cover one whole school year: bought every year
    expect(years.map((y) => quantityInYear({ kind: "licence", months: 18 }, y, 28, 3))).toEqual([
      28, 28, 28, 28, 28, 28,
    ]);
    expect(quantityInYear({ kind: "licence", months: 6 }, 1, 28, 3)).toBe(56);
  });

  it("replaces ceil(pupils × share) copies: never a fraction of a book", () => {
    expect(replacementsOf(28, d("0.1"))).toBe(3); // 2.8
    expect(replacementsOf(30, d("0.1"))).toBe(3); // 3.0
    expect(replacementsOf(28, d("0"))).toBe(0);
    expect(replacementsOf(1, d("0.0001"))).toBe(1);
  });

  it("orders each later school year a year after the one before", () => {
    expect(schoolYearsFrom("2028-02-29", 3)).toEqual([
      { index: 1, orderDate: "2028-02-29" },
      { index: 2, orderDate: "2029-02-28" },
      { index: 3, orderDate: "2030-02-28" },
    ]);
  });
});

describe("compareOverYears", () => {
  it("costs print, every licence and a workbook over 4 years at 28 pupils, tiers per yearly order (excl. VAT)", () => {
    const result = compareOverYears(input());
    const figures = (key: string) => {
      const o = result.options.find((x) => x.key === key)!;
      return {
        years: o.years.map((y) => [y.quantities[key], fixed(y.net), fixed(y.vat), fixed(y.gross)]),
        totals: [fixed(o.totals.net), fixed(o.totals.vat), fixed(o.totals.gross)],
        difference: [fixed(o.differenceGross), fixed(o.differenceNet), fixed(o.vatPartOfDifference)],
        perPupilPerYear:
          o.perPupilPerYear && [o.perPupilPerYear.net, o.perPupilPerYear.vat, o.perPupilPerYear.gross].map(fixed),
      };
    };
    // Leerboek: year 1 28 × 38,80 (tier from 25) = 1.086,40, 6% 65,184 → 65,18; years 2-4 the
    // replacements ceil(2,8) = 3 × 40,00 (no tier) = 120,00, 6% 7,20. Σ 1.446,40 / 86,78 / 1.533,18;
    // per pupil per year 1.533,18 / 112 = 13,689 → 13,69 and 1.446,40 / 112 = 12,914 → 12,91.
    expect(figures("leerboek")).toEqual({
      years: [
        [28, "1086.40", "65.18", "1151.58"],
        [3, "120.00", "7.20", "127.20"],
        [3, "120.00", "7.20", "127.20"],
        [3, "120.00", "7.20", "127.20"],
      ],
      totals: ["1446.40", "86.78", "1533.18"],
      difference: ["0.00", "0.00", "0.00"],
      perPupilPerYear: ["12.91", "0.78", "13.69"],
    });
    // Licence 1 year: 28 × 29,10 = 814,80 every year, 21% 171,108 → 171,11; Σ 3.259,20 / 684,44 / 3.943,64
    expect(figures("licentie1").totals).toEqual(["3259.20", "684.44", "3943.64"]);
    expect(figures("licentie1").difference).toEqual(["2410.46", "1812.80", "597.66"]);
    // Licence 4 years: once, 28 × 87,30 = 2.444,40, 21% 513,324 → 513,32
    expect(figures("licentie4").years.map((y) => y[0])).toEqual([28, 0, 0, 0]);
    expect(figures("licentie4").totals).toEqual(["2444.40", "513.32", "2957.72"]);
    // Workbook: 28 × 14,55 = 407,40 every year, 6% 24,444 → 24,44
    expect(figures("werkboek").totals).toEqual(["1629.60", "97.76", "1727.36"]);
    const werkboek = result.options.find((o) => o.key === "werkboek")!;
    expect(werkboek.sentence).toBe("Werkboek kost € 194,18 meer, waarvan € 10,98 meer btw");
    expect(result.options.map((o) => o.isCheapest)).toEqual([true, false, false, false]);
    expect(result.options[0]!.sentence).toBe("Dit is de goedkoopste keuze");
  });

  it("says both halves when the VAT part is larger than the difference", () => {
    // print 100,00 × 1 (6%: 106,00) against a licence 95,00 (21%: 114,95): 8,95 more, 5,00 less excl. VAT
    const result = compareOverYears({
      ...input({ years: 1, pupils: 1 }),
      options: [
        option("p", "Papier", { pupils: 1 }),
        option("e", "Digitaal", { pupils: 1, supply: "electronic", schedule: { kind: "licence", months: 12 } }),
      ],
      unitPriceFor: (key) => d(key === "p" ? "100.00" : "95.00"),
    });
    expect(result.options[1]!.sentence).toBe(
      "Digitaal kost € 8,95 meer: € 5,00 minder excl. btw, maar € 13,95 meer btw",
    );
  });

  it("applies a rate change inside the period from its date on", () => {
    // reduced 9% from 2028-01-01: the orders of 2028-12-01 and 2029-12-01 carry it
    const rows: VatRateRow[] = [
      { category: "reduced", percent: "6", validFrom: "2000-01-01", validTo: "2027-12-31" },
      { category: "reduced", percent: "9", validFrom: "2028-01-01", validTo: null },
      { category: "standard", percent: "21", validFrom: "2000-01-01", validTo: null },
    ];
    const leerboek = compareOverYears(input({}, rows)).options[0]!;
    expect(leerboek.years.map((y) => fixed(y.vat))).toEqual(["65.18", "7.20", "10.80", "10.80"]);
    expect(leerboek.vatPerRate.map((r) => [r.vatRate.toString(), fixed(r.taxable), fixed(r.vat)])).toEqual([
      ["6", "1206.40", "72.38"],
      ["9", "240.00", "21.60"],
    ]);
    expect(fixed(leerboek.totals.vat)).toBe("93.98");
  });

  it("prices incl. VAT the Dutch way per yearly order (gross lists)", () => {
    // 28 × 10,60 incl. 6% = 296,80; VAT 296,80 × 6 / 106 = 16,80; two years
    const result = compareOverYears({
      ...input({ years: 2, pricesIncludeVat: true }),
      options: [option("w", "Werkboek", {})],
      unitPriceFor: () => d("10.60"),
    });
    const o = result.options[0]!;
    expect([o.totals.net, o.totals.vat, o.totals.gross].map(fixed)).toEqual(["560.00", "33.60", "593.60"]);
  });

  it("charges each year's order its own shipping when it ships, none when it ships nothing", () => {
    const result = compareOverYears({
      ...input({ years: 2, shipping: d("6.95") }),
      options: [OPTIONS[0]!, OPTIONS[2]!],
    });
    // leerboek: year 1 1.086,40 + 6,95 = 1.093,35 net; the licence ships nothing
    expect(fixed(result.options[0]!.years[0]!.net)).toBe("1093.35");
    expect(fixed(result.options[1]!.years[0]!.net)).toBe("2444.40");
    expect(result.options[1]!.years[1]!.breakdown).toBeNull();
  });
});

describe("the years-of-use form", () => {
  const parse = (values: Record<string, string>) => YearsOfUseSchema.safeParse(values);
  it("reads whole numbers and a percentage with a decimal comma", () => {
    expect(parse({ leerlingen: "28", jaren: "4", vervanging: "7,5" })).toMatchObject({
      success: true,
      data: { leerlingen: 28, jaren: 4, vervanging: 750 },
    });
    expect(percentText(750)).toBe("7,5");
    expect(formTextOf({ pupilsPerYear: 30, yearsOfUse: 6, replacementShareBp: 1000 })).toEqual({
      leerlingen: "30",
      jaren: "6",
      vervanging: "10",
    });
  });

  it.each([
    [{ leerlingen: "0", jaren: "4", vervanging: "10" }, "leerlingen", /van 1 tot en met 10000/],
    [{ leerlingen: "28,5", jaren: "4", vervanging: "10" }, "leerlingen", /heel getal/],
    [{ leerlingen: "28", jaren: "13", vervanging: "10" }, "jaren", /van 1 tot en met 12/],
    [{ leerlingen: "28", jaren: "", vervanging: "10" }, "jaren", /Vul het aantal schooljaren in/],
    [{ leerlingen: "28", jaren: "4", vervanging: "101" }, "vervanging", /tussen 0 en 100/],
    [{ leerlingen: "28", jaren: "4", vervanging: "tien" }, "vervanging", /getal met hoogstens twee decimalen/],
  ])("refuses %o with a Dutch message on %s", (values, field, message) => {
    const result = parse(values);
    expect(result.success).toBe(false);
    const issues = result.error!.issues.filter((i) => i.path[0] === field);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(message);
  });
});
