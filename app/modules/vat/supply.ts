/** What is supplied; decides the VAT category (DESIGN §2). */
export type Supply = "physical" | "electronic" | "goods" | "bundle";
/** A bundle's components are always one of the plain supplies. */
export type ComponentSupply = Exclude<Supply, "bundle">;
export type VatCategory = "reduced" | "standard" | "zero";
/** The format label shown in the catalogue for a supply. */
export type OfferFormat = "print" | "digital" | "combination" | "other";

export const SUPPLIES: readonly Supply[] = ["physical", "electronic", "goods", "bundle"];
export const COMPONENT_SUPPLIES: readonly ComponentSupply[] = ["physical", "electronic", "goods"];
export const VAT_CATEGORIES: readonly VatCategory[] = ["reduced", "standard", "zero"];

export function isSupply(value: unknown): value is Supply {
  return typeof value === "string" && (SUPPLIES as readonly string[]).includes(value);
}

export function isComponentSupply(value: unknown): value is ComponentSupply {
  return typeof value === "string" && (COMPONENT_SUPPLIES as readonly string[]).includes(value);
}

export function isVatCategory(value: unknown): value is VatCategory {
  return typeof value === "string" && (VAT_CATEGORIES as readonly string[]).includes(value);
}

/**
 * The scenario this shop was asked for: physical carriers at the reduced rate,
 * electronically supplied services and other goods at the standard rate. The
 * mapping is data: a shop may store another one and pass it to the pricing engine.
 */
export const DEFAULT_SUPPLY_CATEGORY: Readonly<Record<ComponentSupply, VatCategory>> = Object.freeze({
  physical: "reduced",
  electronic: "standard",
  goods: "standard",
});

const FORMAT_BY_SUPPLY: Readonly<Record<Supply, OfferFormat>> = {
  physical: "print",
  electronic: "digital",
  bundle: "combination",
  goods: "other",
};

export function formatFromSupply(supply: Supply): OfferFormat {
  return FORMAT_BY_SUPPLY[supply];
}
