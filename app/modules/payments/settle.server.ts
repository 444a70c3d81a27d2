/**
 * What a Checkout Session's outcome does to the shop — the one code path for the webhook, the
 * return page and the test-payment mode (DESIGN.md §6). Every function is idempotent: replays,
 * duplicates and out-of-order deliveries change nothing twice, because each state change is a
 * conditional update on the row's current status.
 */
import { db } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { completePaidOrder, releaseStock } from "~/modules/orders/orders.server";
import { revokeLicences } from "~/modules/licences/licences.server";

/** The parts of a Checkout Session the shop acts on (from Stripe, an event, or the test mode). */
export interface SessionFacts {
  id: string;
  amountTotal: number | null;
  currency: string | null;
  /** "paid" | "unpaid" | "no_payment_required" */
  paymentStatus: string;
  /** "open" | "complete" | "expired" */
  status: string | null;
  paymentIntentId: string | null;
  orderId: string | null;
}

export type SettleOutcome = "PAID" | "ALREADY_PAID" | "AMOUNT_MISMATCH" | "NOT_PAID_YET" | "UNKNOWN_SESSION" | "ORDER_NOT_PAYABLE";

/** The Payment row of a session; created from the session's metadata if the webhook won the race with our insert. */
async function paymentFor(facts: SessionFacts) {
  const found = await db.payment.findUnique({ where: { checkoutSessionId: facts.id }, include: { order: true } });
  if (found || !facts.orderId) return found;
  const order = await db.order.findUnique({ where: { id: facts.orderId } });
  if (!order) return null;
  await db.payment.upsert({
    where: { checkoutSessionId: facts.id },
    create: { orderId: order.id, provider: "stripe", checkoutSessionId: facts.id, status: "OPEN", amountCents: facts.amountTotal ?? 0, currency: facts.currency ?? "eur" },
    update: {},
  });
  return db.payment.findUnique({ where: { checkoutSessionId: facts.id }, include: { order: true } });
}

/**
 * A session reported paid: checks that Stripe charged exactly the order's gross in euros, then —
 * in ONE transaction — marks the Payment PAID and the order paid + fulfilled through
 * completePaidOrder (invoice, licences bound to the pseudonym, shipment queued; exactly once).
 * A session that is complete but unpaid (iDEAL/SEPA still pending) waits for the async event.
 */
export async function settleCheckoutSession(facts: SessionFacts, source: "webhook" | "return" | "test"): Promise<SettleOutcome> {
  const payment = await paymentFor(facts);
  if (!payment) {
    await audit({ action: "payment.unknown_session", entity: "CheckoutSession", entityId: facts.id, detail: { source } });
    return "UNKNOWN_SESSION";
  }
  if (facts.paymentStatus !== "paid") {
    if (facts.paymentIntentId && !payment.paymentIntentId) {
      await db.payment.update({ where: { id: payment.id }, data: { paymentIntentId: facts.paymentIntentId } });
    }
    return "NOT_PAID_YET";
  }
  if (facts.amountTotal !== payment.order.grossCents || (facts.currency ?? "").toLowerCase() !== "eur") {
    await db.$transaction(async (tx) => {
      const changed = await tx.payment.updateMany({
        where: { id: payment.id, status: { in: ["OPEN", "FAILED", "EXPIRED"] } },
        data: { status: "AMOUNT_MISMATCH", paymentIntentId: facts.paymentIntentId ?? payment.paymentIntentId },
      });
      if (changed.count === 1) {
        await audit({ action: "payment.amount_mismatch", entity: "Order", entityId: payment.orderId, detail: { sessionId: facts.id, charged: facts.amountTotal, currency: facts.currency, expected: payment.order.grossCents, source } }, tx);
      }
    });
    return "AMOUNT_MISMATCH";
  }
  return db.$transaction(async (tx) => {
    await tx.payment.updateMany({
      where: { id: payment.id, status: { in: ["OPEN", "FAILED", "EXPIRED"] } },
      data: { status: "PAID", paymentIntentId: facts.paymentIntentId ?? payment.paymentIntentId },
    });
    if (await completePaidOrder(tx, payment.orderId)) {
      await audit({ action: "payment.paid", entity: "Order", entityId: payment.orderId, detail: { sessionId: facts.id, amountCents: facts.amountTotal, source } }, tx);
      return "PAID" as const;
    }
    const order = await tx.order.findUniqueOrThrow({ where: { id: payment.orderId }, select: { status: true } });
    if (order.status === "CANCELLED") {
      // Money arrived for an order that is no longer payable: finance must refund it.
      await audit({ action: "payment.paid_for_cancelled_order", entity: "Order", entityId: payment.orderId, detail: { sessionId: facts.id, amountCents: facts.amountTotal } }, tx);
      return "ORDER_NOT_PAYABLE" as const;
    }
    return "ALREADY_PAID" as const;
  }, { timeout: 30_000, maxWait: 30_000 });
}

/** checkout.session.async_payment_failed: the attempt failed; the order stays payable. */
export async function markPaymentFailed(facts: SessionFacts): Promise<boolean> {
  const payment = await paymentFor(facts);
  if (!payment) return false;
  const changed = await db.payment.updateMany({ where: { id: payment.id, status: "OPEN" }, data: { status: "FAILED", paymentIntentId: facts.paymentIntentId ?? payment.paymentIntentId } });
  if (changed.count === 1) await audit({ action: "payment.failed", entity: "Order", entityId: payment.orderId, detail: { sessionId: facts.id } });
  return changed.count === 1;
}

/**
 * checkout.session.expired: the Payment is EXPIRED; when no other payment of the order is open
 * and the order still awaits payment, the order is cancelled and its reserved stock released —
 * in one transaction. An expiry after a payment changes nothing.
 */
export async function markSessionExpired(facts: SessionFacts): Promise<boolean> {
  const payment = await paymentFor(facts);
  if (!payment) return false;
  return db.$transaction(async (tx) => {
    const changed = await tx.payment.updateMany({ where: { id: payment.id, status: "OPEN" }, data: { status: "EXPIRED" } });
    if (changed.count !== 1) return false;
    const stillOpen = await tx.payment.count({ where: { orderId: payment.orderId, status: "OPEN" } });
    if (stillOpen > 0) return true;
    const cancelled = await tx.order.updateMany({ where: { id: payment.orderId, status: "AWAITING_PAYMENT" }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    if (cancelled.count === 1) {
      await releaseStock(tx, payment.orderId);
      const lines = await tx.orderLine.findMany({ where: { orderId: payment.orderId }, select: { id: true } });
      for (const line of lines) await revokeLicences(tx, line.id, "ALL");
      await audit({ action: "order.cancel_unpaid", entity: "Order", entityId: payment.orderId, detail: { sessionId: facts.id, reason: "checkout.session.expired" } }, tx);
    }
    return true;
  }, { timeout: 30_000, maxWait: 30_000 });
}

/**
 * charge.refunded: Stripe's amount_refunded is the truth for Payment.refundedCents (never
 * lowered, so an older event arriving late changes nothing).
 */
export async function syncChargeRefunded(charge: { paymentIntentId: string | null; amountRefunded: number }): Promise<boolean> {
  if (!charge.paymentIntentId) return false;
  const payment = await db.payment.findFirst({ where: { paymentIntentId: charge.paymentIntentId, status: { in: ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"] } } });
  if (!payment || charge.amountRefunded <= payment.refundedCents) return false;
  const refundedCents = Math.min(charge.amountRefunded, payment.amountCents);
  await db.payment.updateMany({
    where: { id: payment.id, refundedCents: { lt: refundedCents } },
    data: { refundedCents, status: refundedCents >= payment.amountCents ? "REFUNDED" : "PARTIALLY_REFUNDED" },
  });
  return true;
}
