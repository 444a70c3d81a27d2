/**
 * Online payment of an order through a Stripe Checkout Session (DESIGN.md §6). The amounts come
 * from the order's frozen pricing (checkout-lines.ts), Stripe is called outside any database
 * transaction, and the Payment row is written after Stripe answered. Without a Stripe key the
 * same flow runs in the clearly labelled test-payment mode (provider "test").
 */
import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import { db } from "~/db.server";
import { OrderKind, type Role } from "~/db-enums";
import { env } from "~/env.server";
import { parseFrozen } from "~/modules/pricing/frozen-pricing";
import { audit } from "~/modules/audit/audit-log.server";
import { checkoutLineItems } from "./checkout-lines";
import { isTestPaymentMode, onlinePaymentAvailable } from "./mode.server";
import { PaymentError } from "./payment-error";
import { stripeClient } from "./stripe-client.server";
import { orderIsPaid, settleCheckoutSession, type SessionFacts } from "./settle.server";

const SCHOOL_PAYER_ROLES: Role[] = ["SCHOOL_ADMIN", "SCHOOL_FINANCE"];

/**
 * The order as the user may see it for payment: their own order, or an order of a school they
 * administer (scoped in the query itself).
 */
export async function findOrderForPayer(orderId: string, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId, role: { in: SCHOOL_PAYER_ROLES }, organisationId: { not: null } },
    select: { organisationId: true },
  });
  const schoolIds = memberships.map((m) => m.organisationId!);
  return db.order.findFirst({
    where: {
      id: orderId,
      OR: [{ userId }, ...(schoolIds.length ? [{ kind: OrderKind.SCHOOL, schoolId: { in: schoolIds } }] : [])],
    },
    include: { lines: { orderBy: { position: "asc" } }, payments: { orderBy: { createdAt: "asc" } } },
  });
}

/** Where a payer sees the order after paying. */
export function receiptPath(order: { id: string; kind: string }): string {
  return order.kind === "SCHOOL" ? `/school/bestellingen/${order.id}` : `/ouder/bestellingen/${order.id}`;
}

function baseUrl(origin?: string): string {
  return (env().PUBLIC_URL ?? origin ?? "http://localhost:3000").replace(/\/$/, "");
}

/** The facts the shop acts on, from a Checkout Session as Stripe returns it. */
export function sessionFacts(session: Stripe.Checkout.Session): SessionFacts {
  return {
    id: session.id,
    amountTotal: session.amount_total,
    currency: session.currency,
    paymentStatus: session.payment_status,
    status: session.status,
    paymentIntentId:
      typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null),
    orderId: session.metadata?.orderId ?? null,
  };
}

/** Retrieves a Checkout Session from Stripe as the facts the shop acts on. */
export async function retrieveSessionFacts(sessionId: string): Promise<SessionFacts> {
  return sessionFacts(await stripeClient().checkout.sessions.retrieve(sessionId));
}

/**
 * Starts (or resumes) the online payment of an AWAITING_PAYMENT order that belongs to the user.
 * An open session of an earlier attempt is reused, so that one order never has two payable
 * sessions at once. Returns where to send the browser: Stripe's hosted page, the local test
 * page, or the receipt when the earlier session turns out to be paid already.
 */
export async function startOnlinePayment(
  orderId: string,
  userId: string,
  options: { origin?: string } = {},
): Promise<{ redirectTo: string }> {
  const order = await findOrderForPayer(orderId, userId);
  if (!order) throw new PaymentError("NOT_FOUND", "Deze bestelling bestaat niet.");
  if (order.status !== "AWAITING_PAYMENT" || order.paymentMethod !== "ONLINE") {
    throw new PaymentError(
      "NOT_PAYABLE",
      order.status === "CANCELLED"
        ? "Deze bestelling is geannuleerd en kan niet meer worden betaald."
        : "Deze bestelling hoeft niet (meer) online te worden betaald.",
    );
  }
  if (!onlinePaymentAvailable()) {
    throw new PaymentError(
      "PROVIDER",
      "Online betalen is op deze omgeving niet ingesteld. Kies betalen op rekening of neem contact op met Leerwinkel.",
    );
  }
  const testMode = isTestPaymentMode();
  for (const open of order.payments.filter((p) => p.status === "OPEN")) {
    if (open.provider === "test") {
      if (testMode) return { redirectTo: `/betalen/test/${open.checkoutSessionId}` };
      continue;
    }
    if (testMode) continue;
    const existing = await stripeClient()
      .checkout.sessions.retrieve(open.checkoutSessionId)
      .catch(() => null);
    if (!existing) continue;
    const facts = sessionFacts(existing);
    if (facts.status === "open" && existing.url) return { redirectTo: existing.url };
    if (facts.status === "complete" && facts.paymentStatus === "paid") {
      await settleCheckoutSession(facts, "return");
      return { redirectTo: receiptPath(order) };
    }
    if (facts.status === "expired") {
      // Superseded by the attempt below: the order stays payable (no cancellation).
      await db.payment.updateMany({ where: { id: open.id, status: "OPEN" }, data: { status: "EXPIRED" } });
    }
  }

  const { items, totalCents } = checkoutLineItems({
    grossCents: order.grossCents,
    lines: order.lines,
    breakdown: parseFrozen(order.breakdownJson).breakdown,
  });
  const attempt = order.payments.length + 1;

  if (testMode) {
    const sessionId = `cs_test_local_${randomBytes(12).toString("hex")}`;
    await db.payment.create({
      data: {
        orderId: order.id,
        provider: "test",
        checkoutSessionId: sessionId,
        status: "OPEN",
        amountCents: totalCents,
        currency: "eur",
      },
    });
    await audit({
      userId,
      action: "payment.start",
      entity: "Order",
      entityId: order.id,
      detail: { provider: "test", sessionId, attempt },
    });
    return { redirectTo: `/betalen/test/${sessionId}` };
  }

  const base = baseUrl(options.origin);
  let session: Stripe.Checkout.Session;
  try {
    session = await stripeClient().checkout.sessions.create(
      {
        mode: "payment",
        payment_method_types: ["ideal", "card"],
        currency: "eur",
        locale: "nl",
        client_reference_id: order.id,
        line_items: items.map((item) => ({
          quantity: item.quantity,
          price_data: { currency: "eur", unit_amount: item.unitAmountCents, product_data: { name: item.name } },
        })),
        metadata: { orderId: order.id, orderNumber: order.number },
        payment_intent_data: { metadata: { orderId: order.id, orderNumber: order.number } },
        success_url: `${base}/betalen/gelukt?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${base}/betalen/geannuleerd?order=${encodeURIComponent(order.id)}`,
      },
      { idempotencyKey: `checkout-${order.id}-${attempt}` },
    );
  } catch (error) {
    await audit({
      userId,
      action: "payment.start_failed",
      entity: "Order",
      entityId: order.id,
      detail: { message: error instanceof Error ? error.message : String(error) },
    });
    throw new PaymentError(
      "PROVIDER",
      "De betaalpagina kon niet worden geopend. Probeer het over een paar minuten opnieuw.",
    );
  }
  if (session.amount_total !== null && session.amount_total !== totalCents) {
    throw new PaymentError(
      "AMOUNT",
      "Het bedrag van de betaalpagina wijkt af van de bestelling; er is niets afgeschreven.",
    );
  }
  await db.payment.upsert({
    where: { checkoutSessionId: session.id },
    create: {
      orderId: order.id,
      provider: "stripe",
      checkoutSessionId: session.id,
      status: "OPEN",
      amountCents: totalCents,
      currency: "eur",
    },
    update: {},
  });
  await audit({
    userId,
    action: "payment.start",
    entity: "Order",
    entityId: order.id,
    detail: { provider: "stripe", sessionId: session.id, attempt },
  });
  if (!session.url) throw new PaymentError("PROVIDER", "De betaalpagina kon niet worden geopend. Probeer het opnieuw.");
  return { redirectTo: session.url };
}

/**
 * The return page (`/betalen/gelukt?session_id=…`): asks Stripe (or the local test payment)
 * whether the session is paid and, if so, runs the SAME settlement as the webhook — whichever
 * comes first fulfils, the other changes nothing. Returns where to show the result.
 */
export async function confirmReturn(
  sessionId: string,
  userId: string,
): Promise<{ paid: boolean; redirectTo: string; orderId: string; kind: OrderKind }> {
  const payment = await db.payment.findUnique({
    where: { checkoutSessionId: sessionId },
    select: { orderId: true, provider: true, status: true },
  });
  if (!payment) throw new PaymentError("NOT_FOUND", "Deze betaling is onbekend.");
  const order = await findOrderForPayer(payment.orderId, userId);
  if (!order) throw new PaymentError("NOT_FOUND", "Deze betaling is onbekend.");
  let paid = ["PAID", "REFUNDED", "PARTIALLY_REFUNDED"].includes(payment.status);
  if (payment.provider === "stripe" && !paid) {
    const facts = await retrieveSessionFacts(sessionId);
    if (facts.status === "complete" && facts.paymentStatus === "paid") {
      const outcome = await settleCheckoutSession(facts, "return");
      paid = orderIsPaid(outcome);
    }
  }
  return { paid, orderId: order.id, kind: order.kind, redirectTo: paid ? receiptPath(order) : `/betalen/${order.id}` };
}

/** What the "Betalen" page shows: the order's lines (issue 12: not only the total) and its VAT. */
export async function paymentOverview(orderId: string, userId: string) {
  const order = await findOrderForPayer(orderId, userId);
  if (!order) return null;
  const frozen = parseFrozen(order.breakdownJson).breakdown;
  return {
    id: order.id,
    number: order.number,
    kind: order.kind,
    status: order.status,
    pricesIncludeVat: order.pricesIncludeVat,
    lines: order.lines.map((l) => ({
      id: l.id,
      description: l.description,
      quantity: l.quantity,
      amountCents: l.lineAmountCents,
    })),
    vat: frozen.vatBreakdown.map((g) => ({ rate: g.vatRate, taxable: g.taxable, vat: g.vat, gross: g.gross })),
    netCents: order.netCents,
    vatCents: order.vatCents,
    grossCents: order.grossCents,
    paymentMethod: order.paymentMethod,
    payable: order.status === "AWAITING_PAYMENT" && order.paymentMethod === "ONLINE",
    lastPaymentStatus: order.payments.at(-1)?.status ?? null,
    receiptPath: receiptPath(order),
    testMode: isTestPaymentMode(),
  };
}
