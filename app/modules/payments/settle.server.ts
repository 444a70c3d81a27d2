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
import { submitAutoRefunds } from "./refunds.server";
import { refundDetailsJson } from "./refund-details";
import { stripeClient } from "./stripe-client.server";
import { NO_EVENT, type RecordEvent } from "./webhook-event.server";

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

export type SettleOutcome =
  "PAID" | "ALREADY_PAID" | "DUPLICATE" | "PAID_AFTER_CANCEL" | "AMOUNT_MISMATCH" | "NOT_PAID_YET" | "UNKNOWN_SESSION";

/** Outcomes after which the order is paid (the customer may see the receipt). */
export function orderIsPaid(outcome: SettleOutcome): boolean {
  return outcome === "PAID" || outcome === "ALREADY_PAID" || outcome === "DUPLICATE";
}

/** The Payment row of a session; created from the session's metadata if the webhook won the race with our insert. */
async function paymentFor(facts: SessionFacts) {
  const found = await db.payment.findUnique({ where: { checkoutSessionId: facts.id }, include: { order: true } });
  if (found || !facts.orderId) return found;
  const order = await db.order.findUnique({ where: { id: facts.orderId } });
  if (!order) return null;
  await db.payment.upsert({
    where: { checkoutSessionId: facts.id },
    create: {
      orderId: order.id,
      provider: "stripe",
      checkoutSessionId: facts.id,
      status: "OPEN",
      amountCents: facts.amountTotal ?? 0,
      currency: facts.currency ?? "eur",
    },
    update: {},
  });
  return db.payment.findUnique({ where: { checkoutSessionId: facts.id }, include: { order: true } });
}

/**
 * How the customer paid, as Stripe reports it on the session's PaymentIntent ("ideal", "card"),
 * or "test" in the test-payment mode. Read before the settling transaction (never call Stripe
 * inside one); the invoice freezes its payment means code from it (NL-R-008). Throws when Stripe
 * cannot be reached: the webhook then answers 500 and Stripe retries.
 */
async function paymentMethodTypeOf(provider: string, paymentIntentId: string | null): Promise<string | null> {
  if (provider === "test") return "test";
  if (!paymentIntentId) return null;
  const intent = await stripeClient().paymentIntents.retrieve(paymentIntentId, { expand: ["payment_method"] });
  const method = intent.payment_method;
  if (method && typeof method === "object") return method.type;
  return intent.payment_method_types.length === 1 ? intent.payment_method_types[0]! : null;
}

/**
 * A session reported paid: checks that Stripe charged exactly the order's gross in euros, then —
 * in ONE transaction — marks the Payment PAID (with how it was paid) and the order paid +
 * fulfilled through completePaidOrder (invoice, licences bound to the pseudonym, shipment
 * queued; exactly once). A session that is complete but unpaid (iDEAL/SEPA still pending) waits
 * for the async event.
 *
 * Money that does not match an order is never kept and never fulfils anything: a payment for an
 * order that was cancelled meanwhile (AFTER_CANCEL) or a second paid session of an order that is
 * already paid (DUPLICATE) is flagged on the Payment, audited, and refunded in full through
 * Stripe — a Refund with source AUTO and no credit note, because it was never turnover. The
 * refund is sent after the transaction (Idempotency-Key = the Refund's id); when Stripe refuses
 * it, the webhook answers 500 so that Stripe's retry sends it again.
 */
export async function settleCheckoutSession(
  facts: SessionFacts,
  source: "webhook" | "return" | "test",
  recordEvent: RecordEvent = NO_EVENT,
): Promise<SettleOutcome> {
  const payment = await paymentFor(facts);
  if (!payment) {
    await audit({
      action: "payment.unknown_session",
      entity: "CheckoutSession",
      entityId: facts.id,
      detail: { source },
    });
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
      await recordEvent(tx);
      const changed = await tx.payment.updateMany({
        where: { id: payment.id, status: { in: ["OPEN", "FAILED", "EXPIRED"] } },
        data: { status: "AMOUNT_MISMATCH", paymentIntentId: facts.paymentIntentId ?? payment.paymentIntentId },
      });
      if (changed.count === 1) {
        await audit(
          {
            action: "payment.amount_mismatch",
            entity: "Order",
            entityId: payment.orderId,
            detail: {
              sessionId: facts.id,
              charged: facts.amountTotal,
              currency: facts.currency,
              expected: payment.order.grossCents,
              source,
            },
          },
          tx,
        );
      }
    });
    return "AMOUNT_MISMATCH";
  }
  const settled = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(payment.status);
  const paymentIntentId = facts.paymentIntentId ?? payment.paymentIntentId;
  const methodType = settled ? payment.methodType : await paymentMethodTypeOf(payment.provider, paymentIntentId);
  const outcome = await db.$transaction(
    async (tx) => {
      await recordEvent(tx);
      // methodType is written BEFORE completePaidOrder: the invoice reads it for its payment means.
      const changed = await tx.payment.updateMany({
        where: { id: payment.id, status: { in: ["OPEN", "FAILED", "EXPIRED"] } },
        data: { status: "PAID", paymentIntentId, methodType },
      });
      // A replay of a session already settled: everything it did was done in that transaction.
      if (changed.count !== 1) return "ALREADY_PAID" as const;
      if (await completePaidOrder(tx, payment.orderId)) {
        await audit(
          {
            action: "payment.paid",
            entity: "Order",
            entityId: payment.orderId,
            detail: { sessionId: facts.id, amountCents: facts.amountTotal, methodType, source },
          },
          tx,
        );
        return "PAID" as const;
      }
      const order = await tx.order.findUniqueOrThrow({ where: { id: payment.orderId }, select: { status: true } });
      const anomaly = order.status === "CANCELLED" ? "AFTER_CANCEL" : "DUPLICATE";
      await tx.payment.update({ where: { id: payment.id }, data: { anomaly } });
      const refund = await tx.refund.create({
        data: {
          paymentId: payment.id,
          orderId: payment.orderId,
          amountCents: facts.amountTotal!,
          status: "PENDING",
          source: "AUTO",
          linesJson: refundDetailsJson({ reason: anomaly, lines: [] }),
        },
      });
      await audit(
        {
          action: anomaly === "AFTER_CANCEL" ? "payment.paid_after_cancel" : "payment.duplicate",
          entity: "Order",
          entityId: payment.orderId,
          detail: {
            sessionId: facts.id,
            amountCents: facts.amountTotal,
            orderStatus: order.status,
            refundId: refund.id,
            source,
          },
        },
        tx,
      );
      return anomaly === "AFTER_CANCEL" ? ("PAID_AFTER_CANCEL" as const) : ("DUPLICATE" as const);
    },
    { timeout: 30_000, maxWait: 30_000 },
  );

  // Outside the transaction: pay the money that does not match the order back.
  const errors = await submitAutoRefunds(payment.id);
  if (errors.length && source === "webhook")
    throw new Error(`Automatic refund of payment ${payment.id} not accepted by Stripe: ${errors.join("; ")}`);
  return outcome;
}

/** checkout.session.async_payment_failed: the attempt failed; the order stays payable. */
export async function markPaymentFailed(facts: SessionFacts, recordEvent: RecordEvent = NO_EVENT): Promise<boolean> {
  const payment = await paymentFor(facts);
  if (!payment) return false;
  return db.$transaction(async (tx) => {
    await recordEvent(tx);
    const changed = await tx.payment.updateMany({
      where: { id: payment.id, status: "OPEN" },
      data: { status: "FAILED", paymentIntentId: facts.paymentIntentId ?? payment.paymentIntentId },
    });
    if (changed.count === 1)
      await audit(
        { action: "payment.failed", entity: "Order", entityId: payment.orderId, detail: { sessionId: facts.id } },
        tx,
      );
    return changed.count === 1;
  });
}

/**
 * checkout.session.expired: the Payment is EXPIRED; when no other payment of the order is open
 * and the order still awaits payment, the order is cancelled and its reserved stock released —
 * in one transaction. An expiry after a payment changes nothing.
 */
export async function markSessionExpired(facts: SessionFacts, recordEvent: RecordEvent = NO_EVENT): Promise<boolean> {
  const payment = await paymentFor(facts);
  if (!payment) return false;
  return db.$transaction(
    async (tx) => {
      await recordEvent(tx);
      const changed = await tx.payment.updateMany({
        where: { id: payment.id, status: "OPEN" },
        data: { status: "EXPIRED" },
      });
      if (changed.count !== 1) return false;
      const stillOpen = await tx.payment.count({ where: { orderId: payment.orderId, status: "OPEN" } });
      if (stillOpen > 0) return true;
      const cancelled = await tx.order.updateMany({
        where: { id: payment.orderId, status: "AWAITING_PAYMENT" },
        data: { status: "CANCELLED", cancelledAt: new Date() },
      });
      if (cancelled.count === 1) {
        await releaseStock(tx, payment.orderId);
        const lines = await tx.orderLine.findMany({ where: { orderId: payment.orderId }, select: { id: true } });
        for (const line of lines) await revokeLicences(tx, line.id, "ALL");
        await audit(
          {
            action: "order.cancel_unpaid",
            entity: "Order",
            entityId: payment.orderId,
            detail: { sessionId: facts.id, reason: "checkout.session.expired" },
          },
          tx,
        );
      }
      return true;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}
