/**
 * Prices offers for a buyer: which price lists apply (a school: its board's contract list valid
 * on the date, then the default list; a parent: the consumer list, incl. VAT), which unit price
 * and quantity tier applies, and the PricingLineInput the pure engine needs (a bundle with its
 * component shares). Every page, cart, order and package prices through here.
 */
import { db, type Tx } from "~/db.server";
import { Prisma } from "~/generated/sqlite/client";
import { Decimal } from "~/modules/money/decimal";
import { fromE4 } from "~/modules/money/cents";
import { priceDocument, type Breakdown, type PricingContext, type PricingLineInput } from "~/modules/pricing";
import { isComposite, type ComponentSupply, type Supply } from "~/modules/vat/supply";
import { loadVatRatesOn } from "~/modules/vat/vat-schedule.server";
import { DomainError } from "~/modules/errors/domain-error";
import { tierFor } from "~/modules/pricing/price-tier";

export type Buyer = { kind: "school"; schoolId: string } | { kind: "consumer" };

export interface ApplicableLists {
  /** In priority order: the first list with an entry for an offer wins. */
  lists: { id: string; name: string; kind: string }[];
  pricesIncludeVat: boolean;
}

export class OfferPricingError extends DomainError<"NO_PRICE" | "UNKNOWN_OFFER" | "NO_PRICE_LIST"> {
  constructor(
    code: OfferPricingError["code"],
    message: string,
    public offerId?: string,
  ) {
    // A shop without a price list is misconfigured (500); an unknown or unpriced offer is the buyer's to fix.
    super(code, message, { status: code === "NO_PRICE_LIST" ? 500 : code === "UNKNOWN_OFFER" ? 404 : 409 });
  }
}

type Client = Tx | typeof db;

/**
 * The price lists that apply to a buyer on a date, in priority order. One raw query (issue 13:
 * every catalogue and title page asks this; Prisma's three queries cost more than the rows).
 */
export async function applicableLists(buyer: Buyer, date: string, tx: Client = db): Promise<ApplicableLists> {
  if (buyer.kind === "consumer") {
    const consumer = await tx.priceList.findFirst({ where: { kind: "CONSUMER" }, orderBy: { createdAt: "asc" } });
    if (!consumer) throw new OfferPricingError("NO_PRICE_LIST", "Er is geen consumentenprijslijst.");
    return {
      lists: [{ id: consumer.id, name: consumer.name, kind: consumer.kind }],
      pricesIncludeVat: consumer.pricesIncludeVat,
    };
  }
  const rows = await tx.$queryRaw<
    ListRow[]
  >`SELECT pl."id", pl."name", pl."kind", pl."pricesIncludeVat", pl."organisationId"
    FROM "PriceList" pl
    WHERE ${schoolListsWhere(buyer.schoolId, date)}
    ORDER BY pl."createdAt", pl."id"`;
  return schoolLists(rows, buyer.schoolId);
}

type ListRow = {
  id: string;
  name: string;
  kind: string;
  pricesIncludeVat: boolean | number;
  organisationId: string | null;
};

/** The default lists, and the contract lists of the school or its board valid on the date (on PriceList "pl"). */
function schoolListsWhere(schoolId: string, date: string): Prisma.Sql {
  return Prisma.sql`(pl."kind" = 'DEFAULT'
       OR (pl."kind" = 'CONTRACT'
           AND (pl."organisationId" = ${schoolId}
                OR pl."organisationId" = (SELECT o."parentId" FROM "Organisation" o WHERE o."id" = ${schoolId}))
           AND (pl."validFrom" IS NULL OR pl."validFrom" <= ${date})
           AND (pl."validTo" IS NULL OR pl."validTo" >= ${date})))`;
}

/** A school's lists in priority order from the rows of schoolListsWhere (in createdAt, id order). */
function schoolLists(rows: readonly ListRow[], schoolId: string): ApplicableLists {
  const lists = rows.map((r) => ({ ...r, pricesIncludeVat: Boolean(r.pricesIncludeVat) }));
  const fallback = lists.find((l) => l.kind === "DEFAULT");
  if (!fallback) throw new OfferPricingError("NO_PRICE_LIST", "Er is geen standaardprijslijst.");
  // A school's own contract beats its board's; all school lists share the default list's mode.
  const sorted = lists
    .filter((c) => c.kind === "CONTRACT" && c.pricesIncludeVat === fallback.pricesIncludeVat)
    .sort((a, b) => Number(b.organisationId === schoolId) - Number(a.organisationId === schoolId));
  return {
    lists: [...sorted, fallback].map((l) => ({ id: l.id, name: l.name, kind: l.kind })),
    pricesIncludeVat: fallback.pricesIncludeVat,
  };
}

/**
 * The lists that apply to a buyer on a date and their entries (with tiers) for `offerIds`: for a
 * school one raw read of both (issue 13: the catalogue asks this on every page).
 */
export async function applicablePriceBook(
  buyer: Buyer,
  date: string,
  offerIds: readonly string[],
  tx: Client = db,
): Promise<PriceBook> {
  if (buyer.kind === "consumer" || offerIds.length === 0)
    return readPriceBook(offerIds, await applicableLists(buyer, date, tx), tx);
  const rows = await tx.$queryRaw<
    (ListRow & {
      offerId: string | null;
      unitPriceE4: number | bigint | null;
      tierMin: number | bigint | null;
      tierPriceE4: number | bigint | null;
    })[]
  >`SELECT pl."id", pl."name", pl."kind", pl."pricesIncludeVat", pl."organisationId",
           e."offerId", e."unitPriceE4", t."minQuantity" AS "tierMin", t."unitPriceE4" AS "tierPriceE4"
    FROM "PriceList" pl
    LEFT JOIN "PriceListEntry" e ON e."priceListId" = pl."id" AND e."offerId" IN (${Prisma.join(offerIds)})
    LEFT JOIN "PriceTier" t ON t."entryId" = e."id"
    WHERE ${schoolListsWhere(buyer.schoolId, date)}
    ORDER BY pl."createdAt", pl."id"`;
  const lists = new Map<string, ListRow>();
  for (const r of rows) if (!lists.has(r.id)) lists.set(r.id, r);
  const entries: PriceEntryRow[] = [];
  for (const r of rows) {
    if (r.offerId !== null && r.unitPriceE4 !== null)
      entries.push({
        offerId: r.offerId,
        priceListId: r.id,
        unitPriceE4: r.unitPriceE4,
        tierMin: r.tierMin,
        tierPriceE4: r.tierPriceE4,
      });
  }
  return priceBookOf(schoolLists([...lists.values()], buyer.schoolId), entries);
}

export interface ResolvedPrice {
  offerId: string;
  unitPriceE4: number;
  priceListId: string;
  priceListName: string;
  contract: boolean;
  /** The quantity tier that applied (its minimum quantity), or null for the base price. */
  tierMinQuantity: number | null;
}

/** One row of a price read: an entry of an offer in a list, with one of its tiers (tierMin null: none). */
export interface PriceEntryRow {
  offerId: string;
  priceListId: string;
  unitPriceE4: number | bigint;
  tierMin: number | bigint | null;
  tierPriceE4: number | bigint | null;
}

/**
 * What the applicable lists hold for some offers (their entries with every tier), as one read
 * gives it: the unit price at any quantity follows from it in memory (pricesFrom), so a page that
 * needs several quantities of the same offers reads once.
 */
export interface PriceBook {
  applicable: ApplicableLists;
  /** per `${priceListId} ${offerId}` */
  entries: Map<string, { unitPriceE4: number; tiers: { minQuantity: number; unitPriceE4: number }[] }>;
}

/** The price book of `rows` (entries of offers in `applicable`'s lists, a row per tier). */
export function priceBookOf(applicable: ApplicableLists, rows: readonly PriceEntryRow[]): PriceBook {
  const entries: PriceBook["entries"] = new Map();
  for (const r of rows) {
    const key = `${r.priceListId} ${r.offerId}`;
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = { unitPriceE4: Number(r.unitPriceE4), tiers: [] }));
    if (r.tierMin !== null) entry.tiers.push({ minQuantity: Number(r.tierMin), unitPriceE4: Number(r.tierPriceE4) });
  }
  // in tier order, whatever order the rows came in (a book of the same prices reads the same)
  for (const entry of entries.values()) entry.tiers.sort((a, b) => a.minQuantity - b.minQuantity);
  return { applicable, entries };
}

/** Reads the entries (with their tiers) of `offerIds` in the applicable lists: one raw query. */
export async function readPriceBook(
  offerIds: readonly string[],
  applicable: ApplicableLists,
  tx: Client = db,
): Promise<PriceBook> {
  if (offerIds.length === 0 || applicable.lists.length === 0) return priceBookOf(applicable, []);
  const rows = await tx.$queryRaw<PriceEntryRow[]>`
    SELECT e."offerId", e."priceListId", e."unitPriceE4", t."minQuantity" AS "tierMin", t."unitPriceE4" AS "tierPriceE4"
    FROM "PriceListEntry" e LEFT JOIN "PriceTier" t ON t."entryId" = e."id"
    WHERE e."offerId" IN (${Prisma.join(offerIds)}) AND e."priceListId" IN (${Prisma.join(applicable.lists.map((l) => l.id))})`;
  return priceBookOf(applicable, rows);
}

/**
 * The unit price of each offer for the quantity asked (tiers: the highest `minQuantity` not
 * above the quantity), from a price book. Offers without an entry in any list are absent.
 */
export function pricesFrom(book: PriceBook, quantities: ReadonlyMap<string, number>): Map<string, ResolvedPrice> {
  const result = new Map<string, ResolvedPrice>();
  for (const [offerId, quantity] of quantities) {
    for (const list of book.applicable.lists) {
      const entry = book.entries.get(`${list.id} ${offerId}`);
      if (!entry) continue;
      const tier = tierFor(entry.tiers, quantity);
      result.set(offerId, {
        offerId,
        unitPriceE4: tier ? tier.unitPriceE4 : entry.unitPriceE4,
        priceListId: list.id,
        priceListName: list.name,
        contract: list.kind === "CONTRACT",
        tierMinQuantity: tier ? tier.minQuantity : null,
      });
      break;
    }
  }
  return result;
}

/**
 * The unit price of each offer for the quantity asked (tiers: the highest `minQuantity` not
 * above the quantity). Offers without an entry in any list are absent from the result.
 */
export async function resolvePrices(
  quantities: Map<string, number>,
  applicable: ApplicableLists,
  tx: Client = db,
): Promise<Map<string, ResolvedPrice>> {
  return pricesFrom(await readPriceBook([...quantities.keys()], applicable, tx), quantities);
}

export interface OfferForPricing {
  id: string;
  titleId: string;
  titleName: string;
  formatLabel: string;
  ean: string;
  supply: Supply;
  format: string;
  licenceMonths: number | null;
  stock: number | null;
  active: boolean;
  components: { supply: ComponentSupply; shareE6: number; description: string }[];
}

export async function loadOffersForPricing(offerIds: string[], tx: Client = db): Promise<Map<string, OfferForPricing>> {
  const offers = await tx.offer.findMany({
    where: { id: { in: offerIds } },
    include: { title: { select: { name: true } }, components: { orderBy: { position: "asc" } } },
  });
  return new Map(
    offers.map((o) => [
      o.id,
      {
        id: o.id,
        titleId: o.titleId,
        titleName: o.title.name,
        formatLabel: o.formatLabel,
        ean: o.ean,
        supply: o.supply as Supply,
        format: o.format,
        licenceMonths: o.licenceMonths,
        stock: o.stock,
        active: o.active,
        components: o.components.map((c) => ({
          supply: c.supply as ComponentSupply,
          shareE6: c.shareE6,
          description: c.description,
        })),
      },
    ]),
  );
}

const MILLION = new Decimal(1_000_000);

/** The engine's input line for an offer at a unit price (shares from integer millionths). */
export function pricingLineFor(
  offer: OfferForPricing,
  unitPriceE4: number,
  quantity: number,
  id: string,
): PricingLineInput {
  return {
    id,
    description: `${offer.titleName} — ${offer.formatLabel}`,
    supply: offer.supply,
    unitPrice: fromE4(unitPriceE4),
    quantity,
    components: isComposite(offer.supply)
      ? offer.components.map((c) => ({
          supply: c.supply,
          share: new Decimal(c.shareE6).div(MILLION),
          description: c.description,
        }))
      : undefined,
  };
}

export interface PricedItem {
  key: string;
  offerId: string;
  quantity: number;
}

export interface PricedDocument {
  breakdown: Breakdown;
  context: PricingContext;
  pricesIncludeVat: boolean;
  offers: Map<string, OfferForPricing>;
  prices: Map<string, ResolvedPrice>;
  /** The shipping charge the document was priced with (none: undefined). */
  shipping?: Decimal;
}

/**
 * Prices items (each an offer and a quantity, keyed by the caller) for a buyer on a date as one
 * document. Tiers use the total quantity of an offer over all items. Throws
 * OfferPricingError for an unknown or unpriced offer and VatError when no rate is in force.
 */
export async function priceItems(
  buyer: Buyer,
  items: PricedItem[],
  date: string,
  options: {
    discountPercent?: Decimal;
    shipping?: Decimal;
    /**
     * The shipping a document implies, from its breakdown without shipping (orders/shipping.ts):
     * the items are priced without it, then again with what it returns — from the same reads.
     */
    shippingFor?: (withoutShipping: Breakdown) => Decimal | undefined;
    /** The lists to price from instead of the buyer's own (a bundle round's price list). */
    lists?: ApplicableLists;
    /** The quantity each offer's tier is chosen on instead of the document's own (a bundle round's combined quantity). */
    tierQuantities?: ReadonlyMap<string, number>;
  } = {},
  tx: Client = db,
): Promise<PricedDocument> {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.offerId, (totals.get(item.offerId) ?? 0) + item.quantity);
  const { lists, tierQuantities, ...rest } = options;
  const [applicable, offers, context] = await Promise.all([
    lists ?? applicableLists(buyer, date, tx),
    loadOffersForPricing([...totals.keys()], tx),
    loadVatRatesOn(date, tx),
  ]);
  const tierBasis = tierQuantities
    ? new Map([...totals].map(([offerId, quantity]) => [offerId, tierQuantities.get(offerId) ?? quantity]))
    : totals;
  const prices = await resolvePrices(tierBasis, applicable, tx);
  const inputs = { applicable, offers, context, prices };
  const { shippingFor, ...documentOptions } = rest;
  if (!shippingFor) return documentOf(items, inputs, documentOptions);
  const withoutShipping = documentOf(items, inputs, { discountPercent: documentOptions.discountPercent });
  const shipping = shippingFor(withoutShipping.breakdown);
  return shipping ? documentOf(items, inputs, { ...documentOptions, shipping }) : withoutShipping;
}

interface PricingInputs {
  applicable: ApplicableLists;
  offers: Map<string, OfferForPricing>;
  context: PricingContext;
  prices: Map<string, ResolvedPrice>;
}

/** The priced document of items from what was read for them (throws OfferPricingError as priceItems does). */
function documentOf(
  items: PricedItem[],
  { applicable, offers, context, prices }: PricingInputs,
  options: { discountPercent?: Decimal; shipping?: Decimal } = {},
): PricedDocument {
  const lines = items.map((item) => {
    const offer = offers.get(item.offerId);
    if (!offer) throw new OfferPricingError("UNKNOWN_OFFER", "Dit artikel bestaat niet (meer).", item.offerId);
    const price = prices.get(item.offerId);
    if (!price)
      throw new OfferPricingError(
        "NO_PRICE",
        `Voor ${offer.titleName} (${offer.formatLabel}) is geen prijs bekend.`,
        item.offerId,
      );
    return pricingLineFor(offer, price.unitPriceE4, item.quantity, item.key);
  });
  const breakdown = priceDocument({ pricesIncludeVat: applicable.pricesIncludeVat, lines, ...options }, context);
  return {
    breakdown,
    context,
    pricesIncludeVat: applicable.pricesIncludeVat,
    offers,
    prices,
    shipping: options.shipping,
  };
}

/**
 * Prices each item as a document of its own (the title page's comparison: each choice as an
 * order of only that choice), reading the lists, offers, VAT rates and prices once for all of
 * them. Each offer at most once. An item that cannot be priced maps to the OfferPricingError
 * priceItems would have thrown for it.
 */
export async function priceEachAlone(
  buyer: Buyer,
  items: PricedItem[],
  date: string,
  tx: Client = db,
  /** what the caller has read already: the offers as loadOffersForPricing gives them, their price book */
  known: { offers?: Map<string, OfferForPricing>; book?: PriceBook } = {},
): Promise<Map<string, PricedDocument | OfferPricingError>> {
  const quantities = new Map<string, number>();
  for (const item of items) {
    if (quantities.has(item.offerId)) throw new Error(`priceEachAlone: offer ${item.offerId} twice`);
    quantities.set(item.offerId, item.quantity);
  }
  const result = new Map<string, PricedDocument | OfferPricingError>();
  if (items.length === 0) return result;
  const [book, offers, context] = await Promise.all([
    known.book ??
      applicableLists(buyer, date, tx).then((applicable) => readPriceBook([...quantities.keys()], applicable, tx)),
    known.offers ?? loadOffersForPricing([...quantities.keys()], tx),
    loadVatRatesOn(date, tx),
  ]);
  const { applicable } = book;
  const prices = pricesFrom(book, quantities);
  for (const item of items) {
    try {
      result.set(item.key, documentOf([item], { applicable, offers, context, prices }));
    } catch (error) {
      if (!(error instanceof OfferPricingError)) throw error;
      result.set(item.key, error);
    }
  }
  return result;
}
