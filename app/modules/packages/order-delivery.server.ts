/**
 * What happens after a parent's order (issue 12): digital licences are active at payment, and
 * the physical parts are handed out at school or sent to the parent's address, as the school
 * decided for the package. One place for the payment page, the thank-you page and the receipt.
 */
import { db } from "~/db.server";
import { readDelivery } from "~/modules/orders/order-snapshots";
import { parseFrozen } from "~/modules/pricing/frozen-pricing";
import { formatDate } from "~/modules/format";
import { isShippable, type Supply } from "~/modules/vat/supply";
import { deliverySentence } from "./package-rules";

export interface OrderDelivery {
  /** The order holds something physical. */
  ships: boolean;
  mode: "SCHOOL" | "HOME";
  /** What the parent is told about where and when (null when nothing ships). */
  sentence: string | null;
  /** A home delivery's address lines, as long as the retention keeps them. */
  address: string[] | null;
}

/** Where and when the physical parts of a parent's order go; null for an order that is not the user's. */
export async function parentOrderDelivery(orderId: string, userId: string): Promise<OrderDelivery | null> {
  const order = await db.order.findFirst({
    where: { id: orderId, userId, kind: "PARENT" },
    select: {
      breakdownJson: true,
      deliveryJson: true,
      deliveryMode: true,
      package: { select: { deliveryMode: true, deliveryNote: true, deliveryDate: true } },
    },
  });
  if (!order) return null;
  return orderDelivery(order);
}

export function orderDelivery(order: {
  breakdownJson: string;
  deliveryJson: string;
  deliveryMode: "SCHOOL" | "HOME";
  package: { deliveryNote: string | null; deliveryDate: string | null } | null;
}): OrderDelivery {
  const ships = parseFrozen(order.breakdownJson).breakdown.lines.some((l) =>
    l.parts.some((p) => isShippable(p.supply as Supply)),
  );
  const mode = order.deliveryMode;
  if (!ships) return { ships, mode, sentence: null, address: null };
  const pkg = {
    deliveryMode: mode,
    deliveryNote: order.package?.deliveryNote ?? null,
    deliveryDate: order.package?.deliveryDate ?? null,
  };
  if (mode === "HOME") {
    const d = readDelivery(order.deliveryJson);
    const address = d.street ? [d.name, d.street, `${d.postalCode} ${d.city}`] : null;
    return { ships, mode, sentence: deliverySentence(pkg, formatDate), address };
  }
  return { ships, mode, sentence: deliverySentence(pkg, formatDate), address: null };
}
