import { describe, expect, it } from "vitest";
import {
  COMPONENT_SUPPLIES,
  DEFAULT_SUPPLY_CATEGORY,
  SUPPLIES,
  SUPPLY_TRAITS,
  carriesLicence,
  formatFromSupply,
  holdsStock,
  isComponentSupply,
  isComposite,
  isShippable,
  isSupply,
  offerCarriesLicence,
  offerHoldsStock,
  offerShips,
  stockRequired,
  type ComponentSupply,
  type Supply,
} from "./supply";

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

  it("lists the supplies in the table's order; components are the plain ones", () => {
    expect(SUPPLIES).toEqual(["physical", "electronic", "goods", "bundle"]);
    expect(COMPONENT_SUPPLIES).toEqual(["physical", "electronic", "goods"]);
  });
});

describe("supply traits", () => {
  // Written out by hand from DESIGN §2/§3.4 and the offer form's rules, not read from the table.
  it.each<[Supply, { ships: boolean; licence: boolean; stock: boolean; stockRequired: boolean; composite: boolean }]>([
    ["physical", { ships: true, licence: false, stock: true, stockRequired: true, composite: false }],
    ["electronic", { ships: false, licence: true, stock: false, stockRequired: false, composite: false }],
    ["goods", { ships: true, licence: false, stock: true, stockRequired: false, composite: false }],
    ["bundle", { ships: false, licence: false, stock: false, stockRequired: false, composite: true }],
  ])("%s", (supply, expected) => {
    expect({
      ships: isShippable(supply),
      licence: carriesLicence(supply),
      stock: holdsStock(supply),
      stockRequired: stockRequired(supply),
      composite: isComposite(supply),
    }).toEqual(expected);
  });

  it("has an entry for every supply and nothing else", () => {
    expect(Object.keys(SUPPLY_TRAITS).sort()).toEqual([...SUPPLIES].sort());
  });

  const bundle = (...supplies: ComponentSupply[]) => ({
    supply: "bundle" as const,
    components: supplies.map((supply) => ({ supply })),
  });

  it.each<[string, Parameters<typeof offerShips>[0], { ships: boolean; licence: boolean; stock: boolean }]>([
    ["a physical offer", { supply: "physical" }, { ships: true, licence: false, stock: true }],
    ["an electronic offer", { supply: "electronic", components: [] }, { ships: false, licence: true, stock: false }],
    ["a goods offer", { supply: "goods", components: null }, { ships: true, licence: false, stock: true }],
    ["a print + licence bundle", bundle("physical", "electronic"), { ships: true, licence: true, stock: true }],
    ["a goods + licence bundle", bundle("goods", "electronic"), { ships: true, licence: true, stock: true }],
    ["a licences-only bundle", bundle("electronic", "electronic"), { ships: false, licence: true, stock: false }],
    ["a print-only bundle", bundle("physical", "goods"), { ships: true, licence: false, stock: true }],
    ["a bundle without its components", { supply: "bundle" }, { ships: false, licence: false, stock: false }],
  ])("%s", (_name, offer, expected) => {
    expect({ ships: offerShips(offer), licence: offerCarriesLicence(offer), stock: offerHoldsStock(offer) }).toEqual(
      expected,
    );
  });
});
