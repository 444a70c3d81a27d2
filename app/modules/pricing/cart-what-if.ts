import { type Decimal } from "../money/decimal";
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

export interface CartWhatIfInput {
  pricesIncludeVat: boolean;
  lines: CartWhatIfLine[];
  discountPercent?: Decimal;
  /** Charged in every scenario that ships something (see below). */
  shipping?: Decimal;
}

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

function shipsSomething(lines: readonly PricingLineInput[]): boolean {
  return lines.some((line) =>
    line.supply === "physical" || line.supply === "goods" ||
    (line.supply === "bundle" && (line.components ?? []).some((c) => c.supply === "physical" || c.supply === "goods")),
  );
}

/**
 * DESIGN §3.8 for a cart: prices the cart as chosen, with every line switched to
 * its print alternative where there is one, and with every line switched to its
 * digital alternative where there is one, and gives each scenario's difference
 * to the cart as chosen. An order with nothing physical has no shipping (§3.4),
 * so a scenario that ships nothing is priced without the shipping charge
 * instead of being refused. All rounding happens in `priceDocument`.
 */
export function cartWhatIf(input: CartWhatIfInput, ctx: PricingContext): CartWhatIf {
  const price = (lines: PricingLineInput[]): Breakdown => {
    const document: PricingInput = {
      pricesIncludeVat: input.pricesIncludeVat,
      lines,
      discountPercent: input.discountPercent,
    };
    if (input.shipping !== undefined && shipsSomething(lines)) document.shipping = input.shipping;
    return priceDocument(document, ctx);
  };
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
