/**
 * The rules of a board's bundled purchase round (issue 15), pure: the tier each offer reaches on
 * the combined quantity of all participating schools, each school's share at that tier against
 * what the same order would cost alone (tier on its own quantity), and the round's savings.
 *
 * Every amount comes from the one pricing engine (`priceDocument`): a school's share is the
 * document its order will be — its own lines (per class group), the round's unit price per offer,
 * its own shipping — so it rounds exactly as the order placed at closing does (DESIGN.md §3:
 * each line rounded to cents, VAT per rate over the document). Nothing here is rounded by hand.
 */
import { type Decimal, ZERO } from "~/modules/money/decimal";
import { fromE4 } from "~/modules/money/cents";
import { priceDocument, type Breakdown, type PricingContext, type PricingLineInput } from "~/modules/pricing";
import { tierFor } from "~/modules/pricing/price-tier";
import { vatPartWording } from "~/modules/pricing/difference-wording";
import { formatEuro } from "~/modules/format";

/** An offer of the round with its entry in the round's price list. */
export interface RoundOffer {
  offerId: string;
  /** The engine's line for the offer (supply, components, description) as offer pricing builds it. */
  line: Omit<PricingLineInput, "id" | "unitPrice" | "quantity">;
  /** The entry's base unit price (ten-thousandths, the list's mode). */
  unitPriceE4: number;
  tiers: readonly { minQuantity: number; unitPriceE4: number }[];
}

export interface SchoolQuantityLine {
  offerId: string;
  /** "" when the school did not name a class group. */
  classGroup: string;
  quantity: number;
}

export interface SchoolQuantities {
  schoolId: string;
  lines: readonly SchoolQuantityLine[];
}

/** Where an offer stands: its combined quantity, the tier reached and the next one. */
export interface OfferStanding {
  offerId: string;
  combinedQuantity: number;
  /** The tier reached (its minimum quantity), null for the base price. */
  tierMinQuantity: number | null;
  unitPriceE4: number;
  /** The next tier up and how many more copies reach it; null at the highest tier. */
  next: { minQuantity: number; unitPriceE4: number; missing: number } | null;
}

/** The shipping a school order implies (orders/shipping.ts `shippingFor("SCHOOL", …)`). */
export type ShippingRule = (withoutShipping: Breakdown) => Decimal | undefined;

export interface SchoolShare {
  schoolId: string;
  /** The school's order at the round's tiers: exactly the document placed at closing. */
  atRound: Breakdown;
  /** The same lines ordered alone: each offer's tier on the school's own quantity. */
  alone: Breakdown;
  /** alone − atRound: what the round saves this school (negative: it costs more). */
  saving: { net: Decimal; vat: Decimal; gross: Decimal };
}

/** Sums each offer's quantity over all schools and class groups. */
export function combinedQuantities(schools: readonly SchoolQuantities[]): Map<string, number> {
  const combined = new Map<string, number>();
  for (const school of schools)
    for (const line of school.lines) combined.set(line.offerId, (combined.get(line.offerId) ?? 0) + line.quantity);
  return combined;
}

/** The unit price of an offer for a quantity: its tier's (the offer pricing's rule, `tierFor`) or the base price. */
export function unitPriceFor(
  offer: RoundOffer,
  quantity: number,
): { unitPriceE4: number; tierMinQuantity: number | null } {
  const tier = tierFor(offer.tiers, quantity);
  return tier
    ? { unitPriceE4: tier.unitPriceE4, tierMinQuantity: tier.minQuantity }
    : { unitPriceE4: offer.unitPriceE4, tierMinQuantity: null };
}

/** Each offer's standing on the combined quantity, in the order of `offers`. */
export function offerStandings(offers: readonly RoundOffer[], combined: ReadonlyMap<string, number>): OfferStanding[] {
  return offers.map((offer) => {
    const combinedQuantity = combined.get(offer.offerId) ?? 0;
    const price = unitPriceFor(offer, combinedQuantity);
    const above = [...offer.tiers]
      .filter((t) => t.minQuantity > combinedQuantity)
      .sort((a, b) => a.minQuantity - b.minQuantity)[0];
    return {
      offerId: offer.offerId,
      combinedQuantity,
      ...price,
      next: above
        ? {
            minQuantity: above.minQuantity,
            unitPriceE4: above.unitPriceE4,
            missing: above.minQuantity - combinedQuantity,
          }
        : null,
    };
  });
}

/**
 * One school's lines as an engine document, each offer at the unit price its tier basis gives
 * (`basis`: the combined quantity for the round, the school's own total for "alone"); shipping by
 * `shipping` from the document without it, as placing an order does.
 */
function schoolDocument(
  offers: ReadonlyMap<string, RoundOffer>,
  school: SchoolQuantities,
  basis: ReadonlyMap<string, number>,
  context: PricingContext,
  pricesIncludeVat: boolean,
  shipping?: ShippingRule,
): Breakdown {
  const lines: PricingLineInput[] = school.lines.map((line, index) => {
    const offer = offers.get(line.offerId);
    if (!offer) throw new Error(`bundle round: offer ${line.offerId} is not in the round`);
    const { unitPriceE4 } = unitPriceFor(offer, basis.get(line.offerId) ?? line.quantity);
    return { ...offer.line, id: String(index + 1), unitPrice: fromE4(unitPriceE4), quantity: line.quantity };
  });
  const withoutShipping = priceDocument({ pricesIncludeVat, lines }, context);
  const charge = shipping?.(withoutShipping);
  return charge ? priceDocument({ pricesIncludeVat, lines, shipping: charge }, context) : withoutShipping;
}

/**
 * Each school's share at the round's tiers against ordering alone (schools without lines are
 * left out). `shipping` adds each document's own shipping as the order would (omit it to compare
 * the goods only). Rounding: the engine's, per document — a share is exactly its order.
 */
export function schoolShares(input: {
  offers: readonly RoundOffer[];
  schools: readonly SchoolQuantities[];
  context: PricingContext;
  pricesIncludeVat: boolean;
  shipping?: ShippingRule;
}): SchoolShare[] {
  const offers = new Map(input.offers.map((o) => [o.offerId, o]));
  const combined = combinedQuantities(input.schools);
  return input.schools
    .filter((s) => s.lines.length > 0)
    .map((school) => {
      const own = combinedQuantities([school]);
      const atRound = schoolDocument(offers, school, combined, input.context, input.pricesIncludeVat, input.shipping);
      const alone = schoolDocument(offers, school, own, input.context, input.pricesIncludeVat, input.shipping);
      return {
        schoolId: school.schoolId,
        atRound,
        alone,
        saving: {
          net: alone.totals.net.minus(atRound.totals.net),
          vat: alone.totals.vat.minus(atRound.totals.vat),
          gross: alone.totals.gross.minus(atRound.totals.gross),
        },
      };
    });
}

/** The round's total saving: the sum of the schools' savings (each exact to the cent, so the sum is too). */
export function totalSaving(shares: readonly SchoolShare[]): { net: Decimal; vat: Decimal; gross: Decimal } {
  return shares.reduce(
    (sum, s) => ({
      net: sum.net.plus(s.saving.net),
      vat: sum.vat.plus(s.saving.vat),
      gross: sum.gross.plus(s.saving.gross),
    }),
    { net: ZERO, vat: ZERO, gross: ZERO },
  );
}

/**
 * The saving in words, through the one difference wording (pricing/difference-wording.ts):
 * "€ 12,34 goedkoper dan alleen bestellen, waarvan € 0,70 minder btw".
 */
export function savingWording(saving: { vat: Decimal; gross: Decimal }): string {
  if (saving.gross.isZero() && saving.vat.isZero()) return "even duur als alleen bestellen";
  // the wording speaks of what the round costs more (+) or less (−) than alone
  const difference = saving.gross.negated();
  const vatPart = saving.vat.negated();
  const head = `${formatEuro(difference.abs())} ${difference.isNegative() ? "goedkoper" : "duurder"} dan alleen bestellen`;
  return head + vatPartWording(difference, vatPart);
}
