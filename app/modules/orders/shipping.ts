import { Decimal } from "~/modules/money/decimal";
import type { Breakdown } from "~/modules/pricing";
import { isShippable } from "~/modules/vat/supply";

/** School orders ship free from this amount of physical goods (in the document's mode). */
export const FREE_SHIPPING_FROM = new Decimal("150.00");
export const SCHOOL_SHIPPING_FEE = new Decimal("7.95");

/**
 * The shipping charge of an order priced without shipping: parents' packages travel with the
 * school's delivery (no charge); a school pays a flat fee below FREE_SHIPPING_FROM of physical
 * and goods parts; nothing physical means no shipping (DESIGN.md §3.4).
 */
export function shippingFor(kind: "SCHOOL" | "PARENT", withoutShipping: Breakdown): Decimal | undefined {
  if (kind === "PARENT") return undefined;
  let physical = new Decimal(0);
  for (const line of withoutShipping.lines)
    for (const part of line.parts) if (isShippable(part.supply)) physical = physical.plus(part.amount);
  if (physical.isZero() || physical.gte(FREE_SHIPPING_FROM)) return undefined;
  return SCHOOL_SHIPPING_FEE;
}
