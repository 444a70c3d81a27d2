/**
 * The Stripe webhook (DESIGN.md §6): verifies the signature on the RAW body, records each
 * event id once, and answers 5xx when it could not finish so that Stripe retries. The
 * test-payment mode delivers its events to this same function.
 */
import type Stripe from "stripe";
import { db } from "~/db.server";
import { recordChargeRefunded } from "./dashboard-refunds.server";
import { settleCheckoutSession, markPaymentFailed, markSessionExpired, type SessionFacts } from "./settle.server";
import { stripeWebhooks, webhookSecret } from "./stripe-client.server";
import { isUniqueViolation } from "~/modules/errors/unique-violation";

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function factsOf(session: Stripe.Checkout.Session): SessionFacts {
  return {
    id: session.id,
    amountTotal: session.amount_total ?? null,
    currency: session.currency ?? null,
    paymentStatus: session.payment_status,
    status: session.status ?? null,
    paymentIntentId: typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id ?? null,
    orderId: session.metadata?.orderId ?? null,
  };
}

/** Applies one verified event. Throws when it could not finish (the caller answers 500). */
export async function applyStripeEvent(event: Stripe.Event): Promise<string> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return settleCheckoutSession(factsOf(event.data.object), "webhook");
    case "checkout.session.async_payment_failed":
      return (await markPaymentFailed(factsOf(event.data.object))) ? "FAILED" : "UNCHANGED";
    case "checkout.session.expired":
      return (await markSessionExpired(factsOf(event.data.object))) ? "EXPIRED" : "UNCHANGED";
    case "charge.refunded": {
      const charge = event.data.object;
      const paymentIntentId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id ?? null;
      return recordChargeRefunded({ chargeId: charge.id, paymentIntentId, amountRefunded: charge.amount_refunded });
    }
    default:
      return "IGNORED";
  }
}

/**
 * Handles a webhook request: 400 for a missing or bad signature, 200 "already processed" for an
 * event id seen before, 200 after processing, 500 (and the event id forgotten again) when
 * processing failed.
 */
export async function handleStripeWebhook(request: Request): Promise<Response> {
  if (request.method !== "POST") return json({ error: "Method not allowed" }, 405);
  const raw = await request.text();
  const signature = request.headers.get("stripe-signature");
  if (!signature) return json({ error: "Missing Stripe-Signature header" }, 400);
  let secret: string;
  try {
    secret = webhookSecret();
  } catch (error) {
    console.error("Stripe webhook received but not configured", error);
    return json({ error: "Webhook secret not configured" }, 500);
  }
  let event: Stripe.Event;
  try {
    event = stripeWebhooks().constructEvent(raw, signature, secret);
  } catch (error) {
    return json({ error: `Invalid signature: ${error instanceof Error ? error.message : "verification failed"}` }, 400);
  }

  try {
    await db.webhookEvent.create({ data: { id: event.id, type: event.type } });
  } catch (error) {
    if (isUniqueViolation(error)) return json({ received: true, result: "already processed" }, 200);
    throw error;
  }
  try {
    const result = await applyStripeEvent(event);
    await db.webhookEvent.update({ where: { id: event.id }, data: { processedAt: new Date() } });
    return json({ received: true, result }, 200);
  } catch (error) {
    // Forget the event so that Stripe's retry processes it again.
    await db.webhookEvent.delete({ where: { id: event.id } }).catch(() => undefined);
    console.error(`Stripe webhook ${event.id} (${event.type}) failed`, error);
    return json({ error: "Processing failed; please retry" }, 500);
  }
}
