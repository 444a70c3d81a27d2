/**
 * What is supplied, and every rule that follows from the kind of supply, in one table
 * (STYLE: "a rule about a kind of thing lives in one table next to the type"). Adding a
 * supply is one entry in SUPPLY_TRAITS plus its tests; `Supply` is derived from the table
 * and every Record<Supply, …> / Record<ComponentSupply, …> elsewhere then fails to compile
 * until it has the new entry.
 */

export type VatCategory = "reduced" | "standard" | "zero";
/** The format label shown in the catalogue for a supply. */
export type OfferFormat = "print" | "digital" | "combination" | "other";

export interface SupplyTraits {
  /** Travels in a parcel: shipping follows it (DESIGN §3.4) and a shipment line is made for it. */
  shippable: boolean;
  /** Delivered as an online licence: licences are made on fulfilment, the offer needs a licence duration. */
  carriesLicence: boolean;
  /** Stock may be tracked for it (reserved on ordering, released on cancelling). */
  holdsStock: boolean;
  /** An offer of it must state its stock (for the others it is optional: empty = not tracked). */
  stockRequired: boolean;
  /** Made of components, each one of the plain supplies with a share of the price (DESIGN §3.2). */
  composite: boolean;
  /** How the catalogue shows it. */
  format: OfferFormat;
}

/** DESIGN §2: physical carriers, electronically supplied services, other goods, and bundles of those. */
export const SUPPLY_TRAITS = {
  physical: {
    shippable: true,
    carriesLicence: false,
    holdsStock: true,
    stockRequired: true,
    composite: false,
    format: "print",
  },
  electronic: {
    shippable: false,
    carriesLicence: true,
    holdsStock: false,
    stockRequired: false,
    composite: false,
    format: "digital",
  },
  goods: {
    shippable: true,
    carriesLicence: false,
    holdsStock: true,
    stockRequired: false,
    composite: false,
    format: "other",
  },
  // A bundle ships, carries a licence and holds stock through its components (see offerShips & co.).
  bundle: {
    shippable: false,
    carriesLicence: false,
    holdsStock: false,
    stockRequired: false,
    composite: true,
    format: "combination",
  },
} as const satisfies Record<string, SupplyTraits>;

/** What is supplied; decides the VAT category (DESIGN §2). */
export type Supply = keyof typeof SUPPLY_TRAITS;
/** A bundle's components are always one of the plain (not composite) supplies. */
export type ComponentSupply = {
  [S in Supply]: (typeof SUPPLY_TRAITS)[S]["composite"] extends true ? never : S;
}[Supply];

/** In the table's order, which is also the order rate groups take their category from. */
export const SUPPLIES: readonly Supply[] = Object.keys(SUPPLY_TRAITS) as Supply[];
export const COMPONENT_SUPPLIES: readonly ComponentSupply[] = SUPPLIES.filter(
  (supply): supply is ComponentSupply => !SUPPLY_TRAITS[supply].composite,
);
export const VAT_CATEGORIES: readonly VatCategory[] = ["reduced", "standard", "zero"];

// Sets, not the table itself: a prototype key ("toString") is never a supply. The pricing engine asks once per line.
const SUPPLY_SET: ReadonlySet<unknown> = new Set(SUPPLIES);
const COMPONENT_SUPPLY_SET: ReadonlySet<unknown> = new Set(COMPONENT_SUPPLIES);

export function isSupply(value: unknown): value is Supply {
  return SUPPLY_SET.has(value);
}

export function isComponentSupply(value: unknown): value is ComponentSupply {
  return COMPONENT_SUPPLY_SET.has(value);
}

export function isVatCategory(value: unknown): value is VatCategory {
  return typeof value === "string" && (VAT_CATEGORIES as readonly string[]).includes(value);
}

/** Whether this supply itself travels in a parcel (a bundle: see `offerShips`). */
export function isShippable(supply: Supply): boolean {
  return SUPPLY_TRAITS[supply].shippable;
}

/** Whether this supply itself is an online licence (a bundle: see `offerCarriesLicence`). */
export function carriesLicence(supply: Supply): boolean {
  return SUPPLY_TRAITS[supply].carriesLicence;
}

/** Whether stock may be tracked for this supply itself (a bundle: see `offerHoldsStock`). */
export function holdsStock(supply: Supply): boolean {
  return SUPPLY_TRAITS[supply].holdsStock;
}

/** Whether an offer of this supply must state its stock. */
export function stockRequired(supply: Supply): boolean {
  return SUPPLY_TRAITS[supply].stockRequired;
}

/** Whether this supply is made of components (a bundle). */
export function isComposite(supply: Supply): boolean {
  return SUPPLY_TRAITS[supply].composite;
}

/** An offer, order line or pricing line: its supply and, for a bundle, its components. */
export interface SupplyMix {
  supply: Supply;
  components?: readonly { supply: Supply }[] | null;
}

function anyPart(offer: SupplyMix, trait: (supply: Supply) => boolean): boolean {
  return trait(offer.supply) || (offer.components ?? []).some((component) => trait(component.supply));
}

/** Whether the offer (or one of its bundle components) ships: it may carry shipping and gets a shipment. */
export function offerShips(offer: SupplyMix): boolean {
  return anyPart(offer, isShippable);
}

/** Whether the offer (or one of its bundle components) includes an online licence. */
export function offerCarriesLicence(offer: SupplyMix): boolean {
  return anyPart(offer, carriesLicence);
}

/** Whether the offer (or one of its bundle components) holds stock that is reserved and released. */
export function offerHoldsStock(offer: SupplyMix): boolean {
  return anyPart(offer, holdsStock);
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

export function formatFromSupply(supply: Supply): OfferFormat {
  return SUPPLY_TRAITS[supply].format;
}
