import { describe, expect, it } from "vitest";
import { makeEan13 } from "./ean";
import {
  BUNDLE_ROWS,
  shareText,
  slugify,
  splitList,
  titleSearchText,
  validateOffer,
  type OfferFormText,
} from "./catalog-admin";

const rows = (...shares: [string, string][]) =>
  Array.from({ length: BUNDLE_ROWS }, (_, i) => ({
    supply: shares[i]?.[0] ?? "",
    description: "",
    share: shares[i]?.[1] ?? "",
  }));
const offer = (overrides: Partial<OfferFormText> = {}): OfferFormText => ({
  ean: makeEan13("978900", 1),
  formatLabel: "Boek",
  supply: "physical",
  licenceMonths: "",
  stock: "3",
  active: true,
  components: rows(),
  ...overrides,
});

describe("slugify / splitList / titleSearchText", () => {
  it.each([
    ["Getal & Ruimte havo 2", "getal-ruimte-havo-2"],
    ["  Één   twee ", "een-twee"],
    ["Biologie voor jou (vwo) — 3", "biologie-voor-jou-vwo-3"],
    ["!!!", ""],
  ])("%s → %s", (name, slug) => expect(slugify(name)).toBe(slug));

  it("splits comma lists without blanks or duplicates", () => {
    expect(splitList(" havo, vwo ,, havo ")).toEqual(["havo", "vwo"]);
  });

  it("lower-cases name, publisher and EANs", () => {
    expect(titleSearchText("Getal & Ruimte", "Noordhoff", ["9789000000012"])).toBe(
      "getal & ruimte noordhoff 9789000000012",
    );
  });
});

describe("validateOffer bundle shares", () => {
  const bundle = (...shares: [string, string][]) =>
    validateOffer(offer({ supply: "bundle", licenceMonths: "12", components: rows(...shares) }));

  it.each([
    [
      [
        ["physical", "0.6"],
        ["electronic", "0.4"],
      ],
      [600000, 400000],
    ],
    [
      [
        ["physical", "0.1"],
        ["goods", "0.2"],
        ["electronic", "0.7"],
      ],
      [100000, 200000, 700000],
    ],
    [
      [
        ["physical", "0.333333"],
        ["electronic", "0.333333"],
        ["goods", "0.333334"],
      ],
      [333333, 333333, 333334],
    ],
    [
      [
        ["physical", ".5"],
        ["electronic", "0.500000"],
      ],
      [500000, 500000],
    ],
  ] as [[string, string][], number[]][])("accepts %j as millionths", (shares, expected) => {
    const result = bundle(...shares);
    expect(result.ok && result.value.components.map((c) => c.shareE6)).toEqual(expected);
    expect(result.ok && result.value.format).toBe("combination");
  });

  it.each([
    [
      [
        ["physical", "0.6"],
        ["electronic", "0.3"],
      ],
      "0.9",
    ],
    [
      [
        ["physical", "0.6"],
        ["electronic", "0.41"],
      ],
      "1.01",
    ],
    [
      [
        ["physical", "0.3333333"],
        ["electronic", "0.6666667"],
      ],
      null,
    ],
  ] as [[string, string][], string | null][])("refuses %j", (shares, sum) => {
    const result = bundle(...shares);
    expect(result.ok).toBe(false);
    if (!result.ok && sum)
      expect(result.errors.components).toBe(
        `De aandelen van de onderdelen moeten samen precies 1 zijn; nu is dat ${sum}.`,
      );
    if (!result.ok && !sum) expect(result.errors["components.0.share"]).toBeDefined();
  });

  it("needs licence months only when there is a licence part, and ignores components on a plain offer", () => {
    const printOnly = bundle(["physical", "0.5"], ["goods", "0.5"]);
    expect(printOnly.ok && printOnly.value.licenceMonths).toBe(null);
    const noMonths = validateOffer(
      offer({ supply: "bundle", components: rows(["physical", "0.5"], ["electronic", "0.5"]) }),
    );
    expect(!noMonths.ok && noMonths.errors.licenceMonths).toBeTruthy();
    const plain = validateOffer(offer({ components: rows(["physical", "0.5"]) }));
    expect(plain.ok && plain.value.components).toEqual([]);
  });

  it("round-trips shares for the form", () => {
    expect([600000, 333334, 1000000].map(shareText)).toEqual(["0.6", "0.333334", "1"]);
  });
});
