/**
 * Prices offers for a buyer: which price lists apply (a school: its board's contract list valid
 * on the date, then the default list; a parent: the consumer list, incl. VAT), which unit price
 * and quantity tier applies, and the PricingLineInput the pure engine needs (a bundle with its
 * component shares). Every page, cart, order and package prices through here.
 */
import { db, type Tx } from "~/db.server";
import { Decimal } from "~/modules/money/decimal";
import { fromE4 } from "~/modules/money/cents";
import { priceDocument, type Breakdown, type PricingContext, type PricingLineInput } from "~/modules/pricing";
import { isComposite, type ComponentSupply, type Supply } from "~/modules/vat/supply";
import { loadVatRatesOn } from "~/modules/vat/vat-schedule.server";
import { DomainError } from "~/modules/errors/domain-error";

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

export async function applicableLists(buyer: Buyer, date: string, tx: Client = db): Promise<ApplicableLists> {
  if (buyer.kind === "consumer") {
    const consumer = await tx.priceList.findFirst({ where: { kind: "CONSUMER" }, orderBy: { createdAt: "asc" } });
    if (!consumer) throw new OfferPricingError("NO_PRICE_LIST", "Er is geen consumentenprijslijst.");
    return {
      lists: [{ id: consumer.id, name: consumer.name, kind: consumer.kind }],
      pricesIncludeVat: consumer.pricesIncludeVat,
    };
  }
  const school = await tx.organisation.findUnique({ where: { id: buyer.schoolId }, select: { parentId: true } });
  const [contracts, fallback] = await Promise.all([
    tx.priceList.findMany({
      where: {
        kind: "CONTRACT",
        organisationId: { in: [buyer.schoolId, ...(school?.parentId ? [school.parentId] : [])] },
        AND: [
          { OR: [{ validFrom: null }, { validFrom: { lte: date } }] },
          { OR: [{ validTo: null }, { validTo: { gte: date } }] },
        ],
      },
      orderBy: { createdAt: "asc" },
    }),
    tx.priceList.findFirst({ where: { kind: "DEFAULT" }, orderBy: { createdAt: "asc" } }),
  ]);
  if (!fallback) throw new OfferPricingError("NO_PRICE_LIST", "Er is geen standaardprijslijst.");
  // A school's own contract beats its board's; all school lists share the default list's mode.
  const sorted = contracts
    .filter((c) => c.pricesIncludeVat === fallback.pricesIncludeVat)
    .sort((a, b) => Number(b.organisationId === buyer.schoolId) - Number(a.organisationId === buyer.schoolId));
  return {
    lists: [...sorted, fallback].map((l) => ({ id: l.id, name: l.name, kind: l.kind })),
    pricesIncludeVat: fallback.pricesIncludeVat,
  };
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

/**
 * The unit price of each offer for the quantity asked (tiers: the highest `minQuantity` not
 * above the quantity). Offers without an entry in any list are absent from the result.
 */
export async function resolvePrices(
  quantities: Map<string, number>,
  applicable: ApplicableLists,
  tx: Client = db,
): Promise<Map<string, ResolvedPrice>> {
  const offerIds = [...quantities.keys()];
  if (offerIds.length === 0) return new Map();
  const entries = await tx.priceListEntry.findMany({
    where: { offerId: { in: offerIds }, priceListId: { in: applicable.lists.map((l) => l.id) } },
    include: { tiers: { orderBy: { minQuantity: "desc" } } },
  });
  const result = new Map<string, ResolvedPrice>();
  for (const list of applicable.lists) {
    for (const entry of entries) {
      if (entry.priceListId !== list.id || result.has(entry.offerId)) continue;
      const quantity = quantities.get(entry.offerId) ?? 1;
      const tier = entry.tiers.find((t) => t.minQuantity <= quantity);
      result.set(entry.offerId, {
        offerId: entry.offerId,
        unitPriceE4: tier ? tier.unitPriceE4 : entry.unitPriceE4,
        priceListId: list.id,
        priceListName: list.name,
        contract: list.kind === "CONTRACT",
        tierMinQuantity: tier ? tier.minQuantity : null,
      });
    }
  }
  return result;
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
  options: { discountPercent?: Decimal; shipping?: Decimal } = {},
  tx: Client = db,
): Promise<PricedDocument> {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.offerId, (totals.get(item.offerId) ?? 0) + item.quantity);
  const [applicable, offers, context] = await Promise.all([
    applicableLists(buyer, date, tx),
    loadOffersForPricing([...totals.keys()], tx),
    loadVatRatesOn(date, tx),
  ]);
  const prices = await resolvePrices(totals, applicable, tx);
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
  return { breakdown, context, pricesIncludeVat: applicable.pricesIncludeVat, offers, prices };
}
