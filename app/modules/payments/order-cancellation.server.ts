/**
 * Cancelling an order that may have an online payment under way. Stripe is called first, outside
 * any database transaction (its sessions are expired, or settled when they turn out to be paid);
 * then the order is cancelled in one transaction by the orders module. This sits in payments
 * because it needs both: orders knows nothing of Checkout Sessions.
 */
import type Stripe from "stripe";
import { audit } from "~/modules/audit/audit-log.server";
import { cancelOrder, OrderError } from "~/modules/orders/orders.server";
import { db } from "~/db.server";
import { findOrderForPayer, sessionFacts } from "./checkout-session.server";
import { isTestPaymentMode } from "./mode.server";
import { PaymentError } from "./payment-error";
import { markSessionExpired, settleCheckoutSession, type SessionFacts } from "./settle.server";
import { stripeClient } from "./stripe-client.server";
import { buildCheckoutEvent, deliverSignedEvent } from "./test-payments.server";

type CancelScope = Parameters<typeof cancelOrder>[1];

/**
 * Cancels an order that has not shipped (orders' cancelOrder: stock back, licences revoked,
 * queued shipments cancelled, a credit note for its invoice). An online order that awaits
 * payment first has its open Checkout Sessions stopped at Stripe, outside the transaction. If
 * Stripe says a session was paid just now, the payment is settled instead and the order is NOT
 * cancelled (OrderError NOT_CANCELLABLE).
 */
export async function cancelOrderStoppingPayment(orderId: string, scope: CancelScope): Promise<void> {
  const scoped = {
    id: orderId,
    ...(scope.schoolId ? { schoolId: scope.schoolId } : {}),
    ...(scope.kind ? { kind: scope.kind } : {}),
  };
  const current = await db.order.findFirst({ where: scoped, select: { status: true, paymentMethod: true } });
  if (!current) throw new OrderError("NOT_FOUND", "Deze bestelling bestaat niet.");
  let expiredAtProvider = false;
  if (current.status === "AWAITING_PAYMENT" && current.paymentMethod === "ONLINE") {
    let stopped;
    try {
      stopped = await stopOpenCheckoutSessions(orderId);
    } catch (error) {
      if (error instanceof PaymentError) throw new OrderError("NOT_CANCELLABLE", error.message);
      throw error;
    }
    if (stopped === "PAID")
      throw new OrderError(
        "NOT_CANCELLABLE",
        "Deze bestelling is intussen betaald en kan niet meer worden geannuleerd.",
      );
    if (stopped === "PAYMENT_PENDING")
      throw new OrderError(
        "NOT_CANCELLABLE",
        "Voor deze bestelling loopt nog een betaling bij de bank. Annuleren kan pas als die is afgerond.",
      );
    expiredAtProvider = stopped === "EXPIRED";
  }
  await cancelOrder(orderId, scope, { expiredAtProvider });
}

export type StopOutcome = "NONE_OPEN" | "EXPIRED" | "PAID" | "PAYMENT_PENDING";

/**
 * Stops every open Checkout Session of an order before it is cancelled — the one function for
 * the payer's cancel page and for cancelOrderStoppingPayment (school staff). Each session is expired at Stripe
 * (outside any transaction) and then handled exactly as the checkout.session.expired webhook
 * would; the last one cancels the unpaid order and releases its stock, and the webhook that
 * follows changes nothing. If Stripe answers that a session was paid just now, it is settled
 * through the one settlement path and "PAID" is returned: the caller must not cancel. A session
 * that is complete but whose bank payment is still pending gives "PAYMENT_PENDING". In test mode
 * the expired event is delivered through the webhook handler itself. Throws PaymentError
 * ("PROVIDER") when Stripe cannot be reached, so that nothing is cancelled half-way.
 */
export async function stopOpenCheckoutSessions(orderId: string): Promise<StopOutcome> {
  const open = await db.payment.findMany({ where: { orderId, status: "OPEN" }, orderBy: { createdAt: "asc" } });
  if (open.length === 0) return "NONE_OPEN";
  let outcome: StopOutcome = "EXPIRED";
  for (const payment of open) {
    if (payment.provider === "test") {
      const facts: SessionFacts = {
        id: payment.checkoutSessionId,
        amountTotal: payment.amountCents,
        currency: payment.currency,
        paymentStatus: "unpaid",
        status: "expired",
        paymentIntentId: null,
        orderId,
      };
      if (isTestPaymentMode()) {
        await deliverSignedEvent(
          buildCheckoutEvent("checkout.session.expired", {
            id: facts.id,
            amountTotal: payment.amountCents,
            currency: payment.currency,
            paymentIntentId: null,
            orderId,
          }),
        );
      } else {
        await markSessionExpired(facts);
      }
      continue;
    }
    let session: Stripe.Checkout.Session;
    try {
      session = await stripeClient().checkout.sessions.expire(payment.checkoutSessionId);
    } catch {
      // Already complete or expired at Stripe: act on what Stripe says now.
      try {
        session = await stripeClient().checkout.sessions.retrieve(payment.checkoutSessionId);
      } catch {
        throw new PaymentError(
          "PROVIDER",
          "De betaling kon niet bij Stripe worden gestopt. Er is niets geannuleerd; probeer het over een paar minuten opnieuw.",
        );
      }
    }
    const facts = sessionFacts(session);
    if (facts.status === "complete" && facts.paymentStatus === "paid") {
      await settleCheckoutSession(facts, "return");
      outcome = "PAID";
    } else if (facts.status === "complete") {
      if (outcome !== "PAID") outcome = "PAYMENT_PENDING";
    } else if (facts.status === "expired") {
      await markSessionExpired(facts);
    } else {
      throw new PaymentError(
        "PROVIDER",
        "De betaling kon niet bij Stripe worden gestopt. Er is niets geannuleerd; probeer het over een paar minuten opnieuw.",
      );
    }
  }
  return outcome;
}

/**
 * The payer gives up ("Bestelling annuleren" on the cancel page): the order is cancelled through
 * cancelOrderStoppingPayment, which first stops its open Checkout Sessions at Stripe.
 */
export async function abandonOnlinePayment(orderId: string, userId: string): Promise<void> {
  const order = await findOrderForPayer(orderId, userId);
  if (!order) throw new PaymentError("NOT_FOUND", "Deze bestelling bestaat niet.");
  if (order.status !== "AWAITING_PAYMENT")
    throw new PaymentError("NOT_PAYABLE", "Deze bestelling kan niet meer worden geannuleerd.");
  try {
    // Scoped by findOrderForPayer above; cancelOrder itself runs unscoped (schoolId null).
    await cancelOrderStoppingPayment(order.id, { schoolId: null, userId });
  } catch (error) {
    if (error instanceof OrderError)
      throw new PaymentError(error.code === "NOT_FOUND" ? "NOT_FOUND" : "NOT_PAYABLE", error.message);
    throw error;
  }
  await audit({ userId, action: "payment.abandon", entity: "Order", entityId: order.id });
}
