import { type Decimal } from "../money/decimal";
import { formatEuro } from "../format";
import { offerShips } from "../vat/supply";
import { vatPartWording } from "./difference-wording";
import {
  type Breakdown,
  type PricingContext,
  type PricingInput,
  type PricingLineInput,
  priceDocument,
} from "./price-document";

export interface CartWhatIfLine {
  chosen: PricingLineInput;
  printAlternative?: PricingLineInput;
  digitalAlternative?: PricingLineInput;
}

/** A scenario's shipping charge, decided from that scenario priced without shipping; undefined: none. */
export type ShippingFor = (withoutShipping: Breakdown) => Decimal | undefined;

interface CartWhatIfBase {
  pricesIncludeVat: boolean;
  lines: CartWhatIfLine[];
  discountPercent?: Decimal;
}

/**
 * Shipping either as one charge for every scenario that ships something (`shipping`), or decided
 * per scenario by the shop's rule (`shippingFor`, e.g. free above an amount of physical goods).
 */
export type CartWhatIfInput = CartWhatIfBase &
  ({ shipping?: Decimal; shippingFor?: never } | { shipping?: never; shippingFor: ShippingFor });

export type CartScenarioKey = "chosen" | "allPrint" | "allDigital";

export interface CartDifference {
  net: Decimal;
  vat: Decimal;
  gross: Decimal;
  /** (gross_a − gross_b) − (net_a − net_b): the part of the difference that is VAT. */
  vatPart: Decimal;
}

export interface CartScenario {
  key: CartScenarioKey;
  label: string;
  breakdown: Breakdown;
  /** This scenario minus the cart as chosen (zero for the chosen scenario). */
  difference: CartDifference;
}

export type CartWhatIf = Record<CartScenarioKey, CartScenario>;

const LABELS: Record<CartScenarioKey, string> = {
  chosen: "Zoals gekozen",
  allPrint: "Alles op papier waar mogelijk",
  allDigital: "Alles digitaal waar mogelijk",
};

/**
 * DESIGN §3.8 for a cart: prices the cart as chosen, with every line switched to
 * its print alternative where there is one, and with every line switched to its
 * digital alternative where there is one, and gives each scenario's difference
 * to the cart as chosen. An order with nothing physical has no shipping (§3.4),
 * so with a fixed `shipping` a scenario that ships nothing is priced without the
 * charge instead of being refused; with `shippingFor` each scenario is priced
 * without shipping first and then, when the rule charges something, with that
 * charge — every scenario costs what an order of it would. All rounding happens
 * in `priceDocument`.
 */
export function cartWhatIf(input: CartWhatIfInput, ctx: PricingContext): CartWhatIf {
  const price = (lines: PricingLineInput[]): Breakdown =>
    priceWithShipping(
      { pricesIncludeVat: input.pricesIncludeVat, lines, discountPercent: input.discountPercent },
      ctx,
      input.shippingFor ?? input.shipping,
    );
  const chosen = price(input.lines.map((line) => line.chosen));
  const allPrint = price(input.lines.map((line) => line.printAlternative ?? line.chosen));
  const allDigital = price(input.lines.map((line) => line.digitalAlternative ?? line.chosen));
  const scenario = (key: CartScenarioKey, breakdown: Breakdown): CartScenario => {
    const net = breakdown.totals.net.minus(chosen.totals.net);
    const vat = breakdown.totals.vat.minus(chosen.totals.vat);
    const gross = breakdown.totals.gross.minus(chosen.totals.gross);
    return { key, label: LABELS[key], breakdown, difference: { net, vat, gross, vatPart: gross.minus(net) } };
  };
  return {
    chosen: scenario("chosen", chosen),
    allPrint: scenario("allPrint", allPrint),
    allDigital: scenario("allDigital", allDigital),
  };
}

/**
 * Prices a document as an order of it would be priced (DESIGN §3.4): with a fixed `shipping`
 * charge only when something in it ships (an order with nothing physical has no shipping, so the
 * charge is dropped rather than refused); with a `ShippingFor` rule the document is priced without
 * shipping first and then, when the rule charges something, with that charge. Used for the cart's
 * scenarios and for each school year of the cost over the years of use. All rounding happens in
 * `priceDocument`.
 */
export function priceWithShipping(
  document: Omit<PricingInput, "shipping">,
  ctx: PricingContext,
  shipping: Decimal | ShippingFor | undefined,
): Breakdown {
  const priceWith = (charge: Decimal | undefined): Breakdown =>
    priceDocument(charge === undefined ? document : { ...document, shipping: charge }, ctx);
  if (typeof shipping !== "function") {
    return priceWith(shipping !== undefined && document.lines.some(offerShips) ? shipping : undefined);
  }
  const withoutShipping = priceWith(undefined);
  const charge = shipping(withoutShipping);
  return charge === undefined ? withoutShipping : priceWith(charge);
}

/**
 * One Dutch sentence for a scenario's difference to the cart as chosen, right in sign and in what
 * the VAT part means (issue 12): "€ 331,53 duurder, waarvan € 273,56 meer btw", "€ 9,05
 * goedkoper, waarvan € 4,05 minder btw". When the amount excl. VAT and the VAT move in opposite
 * directions (or the VAT moves more than the total), "waarvan" would be wrong: the sentence then
 * names both parts, e.g. "€ 1,55 goedkoper: € 5,00 minder excl. btw, maar € 3,45 meer btw".
 */
export function describeCartDifference(difference: Pick<CartDifference, "gross" | "vatPart">): string {
  const { gross, vatPart } = difference;
  if (gross.isZero() && vatPart.isZero()) return "geen verschil met uw keuze";
  if (gross.isZero()) return `even duur${vatPartWording(gross, vatPart)}`;
  const head = `${formatEuro(gross.abs())} ${gross.isPositive() ? "duurder" : "goedkoper"}`;
  return vatPart.isZero() ? `${head}, evenveel btw` : `${head}${vatPartWording(gross, vatPart)}`;
}
