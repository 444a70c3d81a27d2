/**
 * Shared set-up for the payments integration tests: a parent's online order for a seeded
 * pseudonym of Amstel Lyceum's package, the Stripe test server, and signed webhook requests.
 */
import Stripe from "stripe";
import { db } from "~/db.server";
import { resetEnvForTests } from "~/env.server";
import { placeOrder } from "~/modules/orders/orders.server";
import { startStripeTestServer, type StripeTestServer } from "../support/stripe-test-server";

export const WEBHOOK_SECRET = "whsec_test_payments_integration";

/** Starts the Stripe test server and points the shop's SDK at it (before any payments call). */
export async function useStripeTestServer(): Promise<StripeTestServer> {
  const server = await startStripeTestServer();
  process.env.STRIPE_SECRET_KEY = "sk_test_123";
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_API_HOST = server.host;
  process.env.STRIPE_API_PROTOCOL = "http";
  resetEnvForTests();
  return server;
}

export async function parentFixture() {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const parent = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
  const pkg = await db.studentPackage.findFirstOrThrow({ where: { schoolId: school.id, name: "Boekenpakket havo 2" } });
  const pseudonym = await db.studentPseudonym.findFirstOrThrow({
    where: { schoolId: school.id, classGroup: "H2A" },
    orderBy: { createdAt: "asc" },
  });
  const gr = await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" }, include: { offers: true } });
  const calc = await db.title.findFirstOrThrow({
    where: { name: "Rekenmachine Casio fx-82MS" },
    include: { offers: true },
  });
  return {
    school,
    parent,
    pkg,
    pseudonym,
    print: gr.offers.find((o) => o.supply === "physical")!,
    digital: gr.offers.find((o) => o.supply === "electronic")!,
    bundle: gr.offers.find((o) => o.supply === "bundle")!,
    calculator: calc.offers.find((o) => o.supply === "goods")!,
  };
}

/** A parent's online order: print book ×1, digital licence ×2 (shipping applies for the print book). */
export async function placeParentOrder(key: string, items?: { offerId: string; quantity: number }[]) {
  const f = await parentFixture();
  const placed = await placeOrder({
    kind: "PARENT",
    paymentMethod: "ONLINE",
    schoolId: f.school.id,
    userId: f.parent.id,
    idempotencyKey: key,
    pseudonymId: f.pseudonym.id,
    packageId: f.pkg.id,
    buyer: { name: "J. de Vries", street: "Kerkstraat 1", postalCode: "1011 AA", city: "Amsterdam", country: "NL" },
    items: items ?? [
      { offerId: f.print.id, quantity: 1 },
      { offerId: f.digital.id, quantity: 2 },
    ],
  });
  const order = await db.order.findUniqueOrThrow({
    where: { id: placed.orderId },
    include: { lines: { orderBy: { position: "asc" } } },
  });
  return { ...f, order };
}

/** A webhook request signed like Stripe signs it (or with another secret, for the bad-signature case). */
export function signedWebhookRequest(event: unknown, secret = WEBHOOK_SECRET): Request {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return new Request("http://localhost/api/stripe/webhook", {
    method: "POST",
    body: payload,
    headers: { "Content-Type": "application/json", "Stripe-Signature": header },
  });
}

let eventCounter = 0;

/** A Checkout Session event as Stripe sends it, for a session the test server knows. */
export function sessionEvent(
  type:
    | "checkout.session.completed"
    | "checkout.session.async_payment_succeeded"
    | "checkout.session.async_payment_failed"
    | "checkout.session.expired",
  session: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
  eventId = `evt_test_${++eventCounter}_${Date.now()}`,
) {
  const paid = type === "checkout.session.completed" || type === "checkout.session.async_payment_succeeded";
  return {
    id: eventId,
    object: "event",
    type,
    api_version: "2025-10-29.clover",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        ...session,
        payment_status: paid ? "paid" : "unpaid",
        status: type === "checkout.session.expired" ? "expired" : "complete",
        ...overrides,
      },
    },
  };
}

export async function fulfilmentCounts(orderId: string) {
  const [invoices, licences, shipments, order, payments] = await Promise.all([
    db.invoice.count({ where: { orderId, type: "INVOICE" } }),
    db.licence.findMany({ where: { orderId } }),
    db.shipment.count({ where: { orderId } }),
    db.order.findUniqueOrThrow({ where: { id: orderId } }),
    db.payment.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } }),
  ]);
  return { invoices, licences, shipments, order, payments };
}

/** A charge.refunded event as Stripe sends it (the Charge from the test server's dashboardRefund). */
export function chargeRefundedEvent(
  charge: Record<string, unknown>,
  eventId = `evt_test_${++eventCounter}_${Date.now()}`,
) {
  return {
    id: eventId,
    object: "event",
    type: "charge.refunded",
    api_version: "2025-10-29.clover",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: charge },
  };
}
