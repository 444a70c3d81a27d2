/**
 * The test-payment mode (DESIGN.md §6: no Stripe key → a clearly labelled test mode that goes
 * through the same webhook code path). The test page's buttons build the same event JSON Stripe
 * would send, sign it with the local webhook secret, and hand it as a Request to the very
 * handler behind /api/stripe/webhook — same verification, same processing.
 */
import { randomBytes } from "node:crypto";
import { db } from "~/db.server";
import { findOrderForPayer } from "./checkout-session.server";
import { isTestPaymentMode } from "./mode.server";
import { PaymentError } from "./payment-error";
import { stripeWebhooks, webhookSecret } from "./stripe-client.server";
import { handleStripeWebhook } from "./webhook.server";

export type CheckoutEventType =
  | "checkout.session.completed"
  | "checkout.session.async_payment_succeeded"
  | "checkout.session.async_payment_failed"
  | "checkout.session.expired";

export interface CheckoutEventSession {
  id: string;
  amountTotal: number;
  currency: string;
  paymentIntentId: string | null;
  orderId: string;
}

/** A Stripe event object, shaped as Stripe sends it for Checkout Sessions. */
export function buildCheckoutEvent(
  type: CheckoutEventType,
  session: CheckoutEventSession,
  options: { eventId?: string; paymentStatus?: "paid" | "unpaid" } = {},
) {
  const paymentStatus =
    options.paymentStatus ??
    (type === "checkout.session.completed" || type === "checkout.session.async_payment_succeeded" ? "paid" : "unpaid");
  const created = Math.floor(Date.now() / 1000);
  return {
    id: options.eventId ?? `evt_test_local_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: "2025-10-29.clover",
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: {
      object: {
        id: session.id,
        object: "checkout.session",
        mode: "payment",
        amount_subtotal: session.amountTotal,
        amount_total: session.amountTotal,
        currency: session.currency,
        client_reference_id: session.orderId,
        metadata: { orderId: session.orderId },
        payment_intent: session.paymentIntentId,
        payment_method_types: ["ideal", "card"],
        payment_status: paymentStatus,
        status: type === "checkout.session.expired" ? "expired" : "complete",
        url: null,
        created,
        livemode: false,
      },
    },
  };
}

/** Signs an event payload like Stripe does and delivers it to the webhook handler in-process. */
export async function deliverSignedEvent(event: unknown, secret = webhookSecret()): Promise<Response> {
  const payload = JSON.stringify(event);
  const header = stripeWebhooks().generateTestHeaderString({ payload, secret });
  return handleStripeWebhook(
    new Request("http://localhost/api/stripe/webhook", {
      method: "POST",
      body: payload,
      headers: { "Content-Type": "application/json", "Stripe-Signature": header },
    }),
  );
}

export type TestOutcome = "paid" | "failed" | "expired";

/** The test payment the user may act on (their own order, or their school's). */
export async function findTestPayment(sessionId: string, userId: string) {
  if (!isTestPaymentMode()) return null;
  const payment = await db.payment.findUnique({ where: { checkoutSessionId: sessionId } });
  if (!payment || payment.provider !== "test") return null;
  const order = await findOrderForPayer(payment.orderId, userId);
  if (!order) return null;
  return { payment, order };
}

/**
 * Simulates the customer's choice on the test page by delivering the event Stripe would send.
 * Returns where the customer would land (Stripe's success_url or the payment page).
 */
export async function completeTestPayment(
  sessionId: string,
  userId: string,
  outcome: TestOutcome,
): Promise<{ redirectTo: string }> {
  const found = await findTestPayment(sessionId, userId);
  if (!found) throw new PaymentError("NOT_FOUND", "Deze testbetaling bestaat niet.");
  const { payment, order } = found;
  if (payment.status !== "OPEN") throw new PaymentError("NOT_PAYABLE", "Deze testbetaling is al afgerond.");
  const session = {
    id: payment.checkoutSessionId,
    amountTotal: payment.amountCents,
    currency: payment.currency,
    paymentIntentId: `pi_test_local_${payment.checkoutSessionId.slice(-16)}`,
    orderId: order.id,
  };
  const type: CheckoutEventType =
    outcome === "paid"
      ? "checkout.session.completed"
      : outcome === "failed"
        ? "checkout.session.async_payment_failed"
        : "checkout.session.expired";
  const response = await deliverSignedEvent(buildCheckoutEvent(type, session));
  if (!response.ok)
    throw new PaymentError("PROVIDER", "De testbetaling kon niet worden verwerkt. Probeer het opnieuw.");
  if (outcome === "paid")
    return { redirectTo: `/betalen/gelukt?session_id=${encodeURIComponent(payment.checkoutSessionId)}` };
  if (outcome === "failed") return { redirectTo: `/betalen/${order.id}?mislukt=1` };
  return { redirectTo: `/betalen/geannuleerd?order=${encodeURIComponent(order.id)}` };
}
