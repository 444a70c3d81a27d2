import { type Decimal } from "../money/decimal";
import { formatEuro } from "../format";

/**
 * The one way a cost difference and its VAT part are put in words (issue 12; issue 14 §1), for
 * the title comparison and the cart's what-if alike. `gross` is the difference incl. VAT, `vatPart`
 * the part of it that is VAT (the rest is the difference excl. VAT). The VAT part is only called
 * "waarvan" (part of the difference) when it moves the same way and is no larger than the whole;
 * otherwise both halves are named: "kost € 15,62 meer: € 113,68 minder excl. btw, maar € 129,30 meer btw".
 *
 * Returns what follows the head ("… kost € 15,62 meer" / "€ 331,53 duurder"): "" when there is no
 * VAT part, ", waarvan € 273,56 meer btw", or ": € 113,68 minder excl. btw, maar € 129,30 meer btw".
 */
export function vatPartWording(gross: Decimal, vatPart: Decimal): string {
  if (vatPart.isZero()) return "";
  const net = gross.minus(vatPart);
  if (!gross.isZero() && vatPart.isPositive() === gross.isPositive() && vatPart.abs().lte(gross.abs())) {
    return `, waarvan ${euro(vatPart)} ${moreOrLess(vatPart)} btw`;
  }
  const joint = net.isPositive() === vatPart.isPositive() ? "en" : "maar";
  return `: ${euro(net)} ${moreOrLess(net)} excl. btw, ${joint} ${euro(vatPart)} ${moreOrLess(vatPart)} btw`;
}

function euro(x: Decimal): string {
  return formatEuro(x.abs());
}

function moreOrLess(x: Decimal): string {
  return x.isPositive() ? "meer" : "minder";
}
