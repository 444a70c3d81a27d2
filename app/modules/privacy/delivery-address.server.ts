/**
 * Retention of a parent's home delivery address (issue 12; docs/decisions/007): the address on
 * the order (Order.deliveryJson of a HOME order) is needed to deliver, and for a while after to
 * handle a parcel that did not arrive or comes back; then it is erased. The invoice keeps the
 * parent's name and address as its buyer for the fiscal seven years (art. 52 AWR): that is the
 * invoice's own, immutable copy (and the order's buyer snapshot, from which a credit note is
 * issued), not the delivery address.
 */
import { db } from "~/db.server";

/** Days after delivery (the order FULFILLED) or cancellation that the home address is kept. */
export const DELIVERY_ADDRESS_RETENTION_DAYS = 30;

/** What a home delivery address is replaced with once its period is over. */
export const ERASED_DELIVERY = JSON.stringify({
  name: "Bezorgadres verwijderd na de bewaartermijn",
  street: "",
  postalCode: "",
  city: "",
  country: "NL",
});

/**
 * Erases the home delivery addresses of orders delivered or cancelled more than
 * DELIVERY_ADDRESS_RETENTION_DAYS before `now`; returns how many. Idempotent: an erased
 * address is not erased again.
 */
export async function eraseExpiredDeliveryAddresses(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_ADDRESS_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const { count } = await db.order.updateMany({
    where: {
      deliveryMode: "HOME",
      deliveryJson: { not: ERASED_DELIVERY },
      OR: [
        { fulfilledAt: { lt: before } },
        { status: "CANCELLED", cancelledAt: { lt: before } },
        // Refunded in full before it was sent: nothing left to deliver.
        { status: "REFUNDED", fulfilledAt: null, updatedAt: { lt: before } },
      ],
    },
    data: { deliveryJson: ERASED_DELIVERY },
  });
  return count;
}
