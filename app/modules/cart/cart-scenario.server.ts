/**
 * The cart under a "Wat als" VAT scenario (issue 14 §4): the cart's own priced document — the same
 * lines, the school's price lists and tiers, the shipping checkout would charge today — priced again
 * by the engine under the scenario's table (compareDocument), next to what it costs now. Reads only:
 * a scenario never changes a real rate, the cart or a stored document. Scoped by user and school in
 * the query.
 */
import { db } from "~/db.server";
import { formatEuro } from "~/modules/format";
import { fromCents } from "~/modules/money/cents";
import { pricingLineFor, priceItems } from "~/modules/catalog/offer-pricing.server";
import { shippingFor } from "~/modules/orders/shipping";
import { describeCartDifference } from "~/modules/pricing/cart-what-if";
import { priceDocument, type Breakdown, type PricingInput } from "~/modules/pricing/price-document";
import { compareDocument, type Totals } from "~/modules/pricing/scenario-pricing";
import { formatRate } from "~/modules/vat/format-rate";
import { scenarioContext, type VatScenario } from "~/modules/vat/scenarios";
import type { CartScope } from "./cart.server";

interface MoneyColumn {
  /** VAT per rate, as <VatSummary> takes it ("21", "€ 907,48", …). */
  lines: { rate: string; taxable: string; vat: string; gross: string }[];
  totals: { net: string; vat: string; gross: string };
}

export interface CartScenarioComparison {
  scenario: { slug: string; name: string; description: string };
  now: MoneyColumn;
  underScenario: MoneyColumn;
  /** "€ 136,12 goedkoper, waarvan € 136,12 minder btw" (scenario against now). */
  sentence: string;
  /** Plain decimal strings, for tests: scenario − now, incl. VAT and its VAT part. */
  raw: {
    now: { net: string; vat: string; gross: string };
    scenario: { net: string; vat: string; gross: string };
    differenceGross: string;
    vatPart: string;
  };
}

const plain = (t: Totals) => ({
  net: fromCents(t.netCents).toFixed(2),
  vat: fromCents(t.vatCents).toFixed(2),
  gross: fromCents(t.grossCents).toFixed(2),
});

function column(b: Breakdown): MoneyColumn {
  return {
    lines: b.vatBreakdown.map((g) => ({
      rate: formatRate(g.vatRate),
      taxable: formatEuro(g.taxable),
      vat: formatEuro(g.vat),
      gross: formatEuro(g.gross),
    })),
    totals: { net: formatEuro(b.totals.net), vat: formatEuro(b.totals.vat), gross: formatEuro(b.totals.gross) },
  };
}

/** The cart now and under `scenario`; null for an empty cart. */
export async function compareCartUnder(
  scope: CartScope,
  scenario: VatScenario,
  today: string,
): Promise<CartScenarioComparison | null> {
  const items = await db.cartItem.findMany({
    where: { cart: { userId: scope.userId, schoolId: scope.schoolId } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, offerId: true, quantity: true },
  });
  if (items.length === 0) return null;
  // Priced exactly as loadCart prices it (and checkout will): the lines and shipping of that document.
  const priced = await priceItems(
    { kind: "school", schoolId: scope.schoolId },
    items.map((i) => ({ key: i.id, offerId: i.offerId, quantity: i.quantity })),
    today,
    { shippingFor: (withoutShipping) => shippingFor("SCHOOL", withoutShipping) },
  );
  const input: PricingInput = {
    pricesIncludeVat: priced.pricesIncludeVat,
    lines: items.map((i) =>
      pricingLineFor(priced.offers.get(i.offerId)!, priced.prices.get(i.offerId)!.unitPriceE4, i.quantity, i.id),
    ),
    shipping: priced.shipping,
  };
  const compared = compareDocument(input, priced.context, scenario);
  const underScenario = priceDocument(input, scenarioContext(priced.context, scenario));
  const gross = fromCents(compared.scenario.grossCents - compared.real.grossCents);
  const net = fromCents(compared.scenario.netCents - compared.real.netCents);
  const vatPart = gross.minus(net);
  return {
    scenario: { slug: scenario.slug, name: scenario.name, description: scenario.description },
    now: column(priced.breakdown),
    underScenario: column(underScenario),
    sentence:
      gross.isZero() && vatPart.isZero()
        ? "geen verschil met de tarieven van nu"
        : describeCartDifference({ gross, vatPart }),
    raw: {
      now: plain(compared.real),
      scenario: plain(compared.scenario),
      differenceGross: gross.toFixed(2),
      vatPart: vatPart.toFixed(2),
    },
  };
}
