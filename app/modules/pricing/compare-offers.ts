import { type Decimal } from "../money/decimal";
import { formatEuro } from "~/modules/format";
import type { Breakdown } from "./price-document";
import { vatPartWording } from "./difference-wording";

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

/**
 * One Dutch sentence for a row of `compareOffers`, e.g. "Digitaal kost € 84,00 meer, waarvan
 * € 63,00 meer btw", or, when the VAT part is larger than the difference (a licence cheaper excl.
 * VAT but dearer with it), "… kost € 15,62 meer: € 113,68 minder excl. btw, maar € 129,30 meer btw".
 * The wording of the VAT part is the cart's (difference-wording.ts).
 */
export function describeDifference(row: OfferComparisonRow, cheapest: OfferComparisonRow): string {
  const differenceGross = row.gross.minus(cheapest.gross);
  if (differenceGross.lte(0)) return "Dit is de goedkoopste keuze";
  const vatPart = differenceGross.minus(row.net.minus(cheapest.net));
  return `${row.label} kost ${formatEuro(differenceGross)} meer${vatPartWording(differenceGross, vatPart)}`;
}
