/**
 * The cart's what-if over the years of use (issue 14 §2): the cart's items as chosen, all print and
 * all digital (the same alternatives as the one-order what-if), each line's quantity as the pupils
 * it serves, costed over the school years with each year's order priced as checkout would price it
 * (the school's lists and tiers, the rates on that year's date, the shipping rule). Scoped by the
 * user and the school in the query.
 */
import { db } from "~/db.server";
import { formatEuro } from "~/modules/format";
import { type Decimal } from "~/modules/money/decimal";
import { loadOffersForPricing, pricingLineFor, type OfferForPricing } from "~/modules/catalog/offer-pricing.server";
import { costOverYears } from "~/modules/catalog/years-of-use.server";
import { shippingFor } from "~/modules/orders/shipping";
import { scheduleOfOffer, type YearsOfUseLine } from "~/modules/pricing/years-of-use";
import { cartScenarioOptions, cartScenariosOverYears, type CartYearsLine } from "~/modules/pricing/years-of-use-cart";
import { alternativeOffers, type CartScope } from "./cart.server";

export interface CartScenarioYearsView {
  key: string;
  label: string;
  net: string;
  vat: string;
  gross: string;
  sentence: string;
  raw: { net: string; vat: string; gross: string; differenceGross: string; vatPart: string };
}

/** Null for an empty cart. */
export async function cartOverYears(
  scope: CartScope,
  settings: { years: number; replacementShare: Decimal },
  today: string,
): Promise<CartScenarioYearsView[] | null> {
  const items = await db.cartItem.findMany({
    where: { cart: { userId: scope.userId, schoolId: scope.schoolId } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, offerId: true, quantity: true, offer: { select: { titleId: true } } },
  });
  if (items.length === 0) return null;
  const { printOf, digitalOf } = await alternativeOffers(
    items.map((i) => i.offer.titleId),
    db,
  );
  const offerIds = [
    ...new Set(items.flatMap((i) => [i.offerId, printOf.get(i.offer.titleId), digitalOf.get(i.offer.titleId)])),
  ].filter((id): id is string => id !== undefined);
  const [offers, reuse] = await Promise.all([
    loadOffersForPricing(offerIds, db),
    db.offer.findMany({ where: { id: { in: offerIds } }, select: { id: true, reuseYears: true } }),
  ]);
  const reuseYears = new Map(reuse.map((o) => [o.id, o.reuseYears]));
  const lineOf = (itemId: string, offer: OfferForPricing | undefined, pupils: number): YearsOfUseLine | undefined => {
    if (!offer) return undefined;
    const template = pricingLineFor(offer, 0, 1, itemId);
    return {
      id: itemId,
      offerKey: offer.id,
      description: template.description,
      supply: template.supply,
      components: template.components,
      schedule: scheduleOfOffer({ ...offer, reuseYears: reuseYears.get(offer.id) ?? null }),
      pupils,
    };
  };
  const lines: CartYearsLine[] = items.map((item) => {
    const titleId = item.offer.titleId;
    const alt = (id: string | undefined) => (id ? lineOf(item.id, offers.get(id), item.quantity) : undefined);
    return {
      chosen: lineOf(item.id, offers.get(item.offerId), item.quantity)!,
      printAlternative: alt(printOf.get(titleId)),
      digitalAlternative: alt(digitalOf.get(titleId)),
    };
  });
  const compared = await costOverYears(
    { kind: "school", schoolId: scope.schoolId },
    cartScenarioOptions(lines),
    settings,
    today,
    { shipping: (withoutShipping) => shippingFor("SCHOOL", withoutShipping) },
  );
  // an unpriced offer: the one-order cart says so already; no figures over the years then
  if (compared.unpriced.length > 0) return null;
  return cartScenariosOverYears(compared).map((s) => ({
    key: s.key,
    label: s.label,
    net: formatEuro(s.totals.net),
    vat: formatEuro(s.totals.vat),
    gross: formatEuro(s.totals.gross),
    sentence: s.sentence,
    raw: {
      net: s.totals.net.toFixed(2),
      vat: s.totals.vat.toFixed(2),
      gross: s.totals.gross.toFixed(2),
      differenceGross: s.difference.gross.toFixed(2),
      vatPart: s.difference.vatPart.toFixed(2),
    },
  }));
}
