/**
 * The Stripe webhook (DESIGN.md §6): verifies the signature on the RAW body, records each
 * event id in the same transaction as its effect (decision record 003), and answers 5xx when it
 * could not finish so that Stripe retries. The test-payment mode delivers its events to this
 * same function.
 */
import type Stripe from "stripe";
import { db } from "~/db.server";
import { recordChargeRefunded } from "./dashboard-refunds.server";
import { settleCheckoutSession, markPaymentFailed, markSessionExpired, type SessionFacts } from "./settle.server";
import { stripeWebhooks, webhookSecret } from "./stripe-client.server";
import { NO_EVENT, recordEventIn, type RecordEvent } from "./webhook-event.server";

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
    paymentIntentId:
      typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null),
    orderId: session.metadata?.orderId ?? null,
  };
}

/**
 * Applies one verified event. `recordEvent` writes the event id inside the transaction that makes
 * its effect, so both commit or neither does. Throws when it could not finish (the caller
 * answers 500).
 */
export async function applyStripeEvent(event: Stripe.Event, recordEvent: RecordEvent = NO_EVENT): Promise<string> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return settleCheckoutSession(factsOf(event.data.object), "webhook", recordEvent);
    case "checkout.session.async_payment_failed":
      return (await markPaymentFailed(factsOf(event.data.object), recordEvent)) ? "FAILED" : "UNCHANGED";
    case "checkout.session.expired":
      return (await markSessionExpired(factsOf(event.data.object), recordEvent)) ? "EXPIRED" : "UNCHANGED";
    case "charge.refunded": {
      const charge = event.data.object;
      const paymentIntentId =
        typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
      return recordChargeRefunded(
        { chargeId: charge.id, paymentIntentId, amountRefunded: charge.amount_refunded },
        undefined,
        recordEvent,
      );
    }
    default:
      return "IGNORED";
  }
}

/**
 * Handles a webhook request: 400 for a missing or bad signature, 200 "already processed" for an
 * event id processed before, 200 after processing, 500 when processing failed.
 *
 * The event id is written in the same transaction as the event's effect (decision record 003):
 * a crash before that commit leaves neither, and Stripe's retry is processed. `processedAt` is
 * set only after everything, including calls to Stripe made after the transaction (the
 * automatic refund of money that matches no order): an event whose row exists without
 * `processedAt` is processed again on retry — every handler changes state only from the
 * expected state, so the second run changes nothing twice and sends what is still pending.
 * Events that change nothing (an unknown session, an ignored type) are recorded at the end.
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

  const seen = await db.webhookEvent.findUnique({ where: { id: event.id }, select: { processedAt: true } });
  if (seen?.processedAt) return json({ received: true, result: "already processed" }, 200);
  try {
    const result = await applyStripeEvent(event, recordEventIn(event));
    await db.webhookEvent.upsert({
      where: { id: event.id },
      create: { id: event.id, type: event.type, processedAt: new Date() },
      update: { processedAt: new Date() },
    });
    return json({ received: true, result }, 200);
  } catch (error) {
    // The same event delivered twice at once: the other delivery may have finished it meanwhile.
    const finished = await db.webhookEvent
      .findUnique({ where: { id: event.id }, select: { processedAt: true } })
      .catch(() => null);
    if (finished?.processedAt) return json({ received: true, result: "already processed" }, 200);
    console.error(`Stripe webhook ${event.id} (${event.type}) failed`, error);
    return json({ error: "Processing failed; please retry" }, 500);
  }
}
