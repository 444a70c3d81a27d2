/**
 * The reads behind the cost over the years of use (issue 14 §2) for the title page and the cart:
 * the school's price lists as they apply today, each offer's unit price at every quantity an order
 * of the period reaches (so tiers apply per yearly order), and the VAT rates in force on each
 * school year's order date. The pure `compareOverYears` does the rest. Prices are today's (nobody
 * knows next year's list); rates are by date, so an announced rate change counts from its date.
 */
import { db, type Tx } from "~/db.server";
import { fromE4 } from "~/modules/money/cents";
import type { Decimal } from "~/modules/money/decimal";
import type { PricingContext } from "~/modules/pricing";
import type { ShippingFor } from "~/modules/pricing/cart-what-if";
import {
  compareOverYears,
  schoolYearsFrom,
  tierQuantitiesNeeded,
  type YearsOfUseComparison,
  type YearsOfUseOption,
} from "~/modules/pricing/years-of-use";
import { loadVatRatesOn } from "~/modules/vat/vat-schedule.server";
import {
  applicableLists,
  pricesFrom,
  readPriceBook,
  type ApplicableLists,
  type Buyer,
  type PriceBook,
} from "./offer-pricing.server";

type Client = Tx | typeof db;

export interface YearsOfUseSettings {
  years: number;
  replacementShare: Decimal;
}

/**
 * Compares `options` (their lines' offerKey is the offer id) over the period for a school buyer.
 * An option with an offer that has no price in the applicable lists is left out and its key listed
 * in `unpriced`. Throws VatError when a school year's date has no rate in force.
 */
export async function costOverYears(
  buyer: Buyer,
  options: YearsOfUseOption[],
  settings: YearsOfUseSettings,
  today: string,
  extra: {
    applicable?: ApplicableLists;
    /** the offers' entries in the buyer's lists, when the caller has read them (its lists are used) */
    book?: PriceBook;
    shipping?: Decimal | ShippingFor;
    pupils?: number;
  } = {},
  client: Client = db,
): Promise<YearsOfUseComparison & { pricesIncludeVat: boolean; unpriced: string[] }> {
  const needed = tierQuantitiesNeeded(options, settings.years, settings.replacementShare);
  const schoolYears = schoolYearsFrom(today, settings.years);
  // One price read for every quantity asked of each offer (a title: pupils, replacements): the
  // entries with all their tiers, each quantity resolved from them in memory.
  const [book, contexts] = await Promise.all([
    extra.book ??
      Promise.resolve(extra.applicable ?? applicableLists(buyer, today, client)).then((applicable) =>
        readPriceBook([...needed.keys()], applicable, client),
      ),
    Promise.all(schoolYears.map((y) => loadVatRatesOn(y.orderDate, client))),
  ]);
  const { applicable } = book;
  const layers: Map<string, number>[] = [];
  for (const [offerId, quantities] of needed) {
    [...quantities].forEach((quantity, i) => (layers[i] ??= new Map()).set(offerId, quantity));
  }
  const resolved = layers.map((layer) => pricesFrom(book, layer));
  const unitPrices = new Map<string, Decimal>();
  layers.forEach((layer, i) => {
    for (const [offerId, quantity] of layer) {
      const price = resolved[i]!.get(offerId);
      if (price) unitPrices.set(`${offerId} ${quantity}`, fromE4(price.unitPriceE4));
    }
  });
  // every offer is in the first layer (the first year buys something of each)
  const priced = (option: YearsOfUseOption) => option.lines.every((line) => resolved[0]?.has(line.offerKey));
  const contextByDate = new Map<string, PricingContext>(schoolYears.map((y, i) => [y.orderDate, contexts[i]!]));
  const comparison = compareOverYears({
    options: options.filter(priced),
    pricesIncludeVat: applicable.pricesIncludeVat,
    years: settings.years,
    replacementShare: settings.replacementShare,
    firstOrderDate: today,
    unitPriceFor: (offerId, quantity) => {
      const price = unitPrices.get(`${offerId} ${quantity}`);
      if (!price) throw new Error(`costOverYears: no price for offer ${offerId} × ${quantity}`);
      return price;
    },
    contextOn: (date) => contextByDate.get(date)!,
    shipping: extra.shipping,
    pupils: extra.pupils,
  });
  return {
    ...comparison,
    pricesIncludeVat: applicable.pricesIncludeVat,
    unpriced: options.filter((o) => !priced(o)).map((o) => o.key),
  };
}
