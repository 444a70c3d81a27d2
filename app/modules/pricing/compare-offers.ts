import { type Decimal } from "../money/decimal";
import { formatEuro } from "~/modules/format";
import { formatRate } from "../vat/format-rate";
import type { Breakdown } from "./price-document";

export interface OfferOption {
  key: string;
  label: string;
  breakdown: Breakdown;
}

export interface OfferComparisonRow {
  key: string;
  label: string;
  breakdown: Breakdown;
  net: Decimal;
  vat: Decimal;
  gross: Decimal;
  /** gross − gross of the cheapest option (0 for the cheapest). */
  differenceGross: Decimal;
  /** net − net of the cheapest option. */
  differenceNet: Decimal;
  /** The part of the difference that is VAT: (gross_a − gross_b) − (net_a − net_b). */
  vatPartOfDifference: Decimal;
  /** True for every option whose gross equals the lowest gross. */
  isCheapest: boolean;
}

/**
 * DESIGN §3.8: each option's totals next to the cheapest option (lowest gross;
 * among equals the first listed) and how much of the difference is VAT. Works on
 * the already rounded totals, so nothing is rounded here.
 */
export function compareOffers(options: readonly OfferOption[]): OfferComparisonRow[] {
  if (options.length === 0) return [];
  let cheapest = options[0];
  for (const option of options) {
    if (option.breakdown.totals.gross.lt(cheapest.breakdown.totals.gross)) cheapest = option;
  }
  const base = cheapest.breakdown.totals;
  return options.map((option) => {
    const { net, vat, gross } = option.breakdown.totals;
    const differenceGross = gross.minus(base.gross);
    const differenceNet = net.minus(base.net);
    return {
      key: option.key,
      label: option.label,
      breakdown: option.breakdown,
      net,
      vat,
      gross,
      differenceGross,
      differenceNet,
      vatPartOfDifference: differenceGross.minus(differenceNet),
      isCheapest: gross.eq(base.gross),
    };
  });
}

function rateSet(breakdown: Breakdown): string {
  return breakdown.vatBreakdown.map((group) => formatRate(group.vatRate)).join("/");
}

/**
 * One Dutch sentence for a row of `compareOffers`, e.g. "Digitaal kost € 84,00
 * meer, waarvan € 63,00 door het hogere btw-tarief". When the two options carry
 * the same rates the VAT part is simply VAT on the higher price, and the sentence
 * says so instead of blaming the rate.
 */
export function describeDifference(row: OfferComparisonRow, cheapest: OfferComparisonRow): string {
  const differenceGross = row.gross.minus(cheapest.gross);
  if (!differenceGross.isPositive() || differenceGross.isZero()) return "Dit is de goedkoopste keuze";
  const vatPart = differenceGross.minus(row.net.minus(cheapest.net));
  const head = `${row.label} kost ${formatEuro(differenceGross)} meer`;
  if (vatPart.isZero()) return head;
  const sameRates = rateSet(row.breakdown) === rateSet(cheapest.breakdown);
  if (vatPart.isPositive()) {
    return sameRates
      ? `${head}, waarvan ${formatEuro(vatPart)} btw`
      : `${head}, waarvan ${formatEuro(vatPart)} door het hogere btw-tarief`;
  }
  return sameRates
    ? `${head}; er is ${formatEuro(vatPart.neg())} minder btw`
    : `${head}; het lagere btw-tarief scheelt ${formatEuro(vatPart.neg())}`;
}
