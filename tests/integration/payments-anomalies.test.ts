/**
 * Payments that do not match an order (issue 9): money for a cancelled order and a second paid
 * session of a paid order are refunded automatically in full, flagged and audited — never
 * kept, never fulfilled. Against the Stripe test server, with signed webhooks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { placeOrder } from "~/modules/orders/orders.server";
import { action as webhookAction } from "~/routes/api.stripe.webhook";
import { action as payAction } from "~/routes/betalen.$orderId";
import { action as schoolOrderAction } from "~/routes/school.bestellingen.$orderId";
import { action as refundAction, loader as paymentLoader } from "~/routes/financien.betalingen.$paymentId";
import { loader as listLoader } from "~/routes/financien.betalingen._index";
import { answer as readAnswer } from "../support/action-result";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import type { StripeTestServer } from "../support/stripe-test-server";
import {
  fulfilmentCounts,
  placeParentOrder,
  sessionEvent,
  signedWebhookRequest,
  useStripeTestServer,
} from "./payments-fixtures";

let stripe: StripeTestServer;
beforeAll(async () => {
  stripe = await useStripeTestServer();
});
afterAll(async () => {
  await stripe.close();
});
beforeEach(() => stripe.reset());

const deliver = (event: unknown) => webhookAction({ request: signedWebhookRequest(event), params: {}, context: {} });

/** A school's online order with an open Checkout Session (through the real Betalen action). */
async function schoolOrderWithSession(key: string) {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
  const offers = await db.offer.findMany({ where: { title: { name: "Getal & Ruimte havo 2" } } });
  const placed = await placeOrder({
    kind: "SCHOOL",
    paymentMethod: "ONLINE",
    schoolId: school.id,
    userId: admin.id,
    idempotencyKey: key,
    poNumber: `PO-${key}`,
    items: offers.map((o) => ({ offerId: o.id, quantity: o.supply === "electronic" ? 3 : 1 })),
  });
  const cookie = await cookieFor("school@leerwinkel.test");
  const paid = (await run(() =>
    payAction({
      request: formRequest(`/betalen/${placed.orderId}`, {}, { cookie }),
      params: { orderId: placed.orderId },
      context: {},
    }),
  )) as Response;
  expect(paid.status).toBe(302);
  const payment = await db.payment.findFirstOrThrow({ where: { orderId: placed.orderId } });
  const order = await db.order.findUniqueOrThrow({ where: { id: placed.orderId } });
  stripe.reset();
  return { order, cookie, payment, session: stripe.sessions.get(payment.checkoutSessionId)! };
}

const cancelAsSchool = (orderId: string, cookie: string) =>
  run(() =>
    schoolOrderAction({
      request: formRequest(`/school/bestellingen/${orderId}`, { intent: "cancel" }, { cookie }),
      params: { orderId },
      context: {},
    }),
  );

describe("cancel, then pay", () => {
  it("cancelling a school's online order expires its open session at Stripe first; money that still arrives is refunded automatically", async () => {
    const { order, cookie, payment, session } = await schoolOrderWithSession("an-cancel-pay");
    const res = (await cancelAsSchool(order.id, cookie)) as Response;
    expect(res.status).toBe(302);
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v1/checkout/sessions/${session.id}/expire`,
    ]);
    let after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("CANCELLED");
    expect(after.payments.map((p) => p.status)).toEqual(["EXPIRED"]);
    expect(await db.auditLog.count({ where: { action: "order.cancel", entityId: order.id } })).toBe(1);

    // The bank confirms a payment anyway (iDEAL completed in the last second).
    stripe.reset();
    const completed = sessionEvent("checkout.session.completed", stripe.markPaid(String(session.id)));
    const answer = await deliver(completed);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ result: "PAID_AFTER_CANCEL" });

    const refund = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(refund).toMatchObject({
      source: "AUTO",
      status: "SUCCEEDED",
      amountCents: order.grossCents,
      creditNoteId: null,
    });
    const sent = stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.idempotencyKey).toBe(refund.id);
    expect(sent[0]!.body).toMatchObject({
      payment_intent: session.payment_intent,
      amount: String(order.grossCents),
      metadata: { orderId: order.id, refundId: refund.id, source: "AUTO", reason: "AFTER_CANCEL" },
    });

    after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("CANCELLED"); // never kept, never fulfilled
    expect(after.invoices).toBe(0);
    expect(await db.invoice.count({ where: { orderId: order.id } })).toBe(0); // no credit note either: it was never turnover
    expect(after.licences).toHaveLength(0);
    expect(after.shipments).toBe(0);
    expect(after.payments[0]).toMatchObject({
      status: "REFUNDED",
      refundedCents: order.grossCents,
      anomaly: "AFTER_CANCEL",
      methodType: "ideal",
    });
    const log = await db.auditLog.findFirstOrThrow({
      where: { action: "payment.paid_after_cancel", entityId: order.id },
    });
    expect(JSON.parse(log.detailJson)).toMatchObject({
      sessionId: session.id,
      amountCents: order.grossCents,
      refundId: refund.id,
    });

    // The same money reported again (another event id, and the async variant) refunds nothing twice.
    expect(
      (await deliver(sessionEvent("checkout.session.completed", stripe.sessions.get(String(session.id))!))).status,
    ).toBe(200);
    expect(
      (
        await deliver(
          sessionEvent("checkout.session.async_payment_succeeded", stripe.sessions.get(String(session.id))!),
        )
      ).status,
    ).toBe(200);
    expect(stripe.requests.filter((r) => r.path === "/v1/refunds")).toHaveLength(1);
    expect(await db.refund.count({ where: { paymentId: payment.id } })).toBe(1);

    // Finance sees it, labelled; the shop's own refund form is not offered for it.
    const finance = await cookieFor("financien@leerwinkel.test");
    const list = await listLoader({
      request: getRequest("/financien/betalingen", { cookie: finance }),
      params: {},
      context: {},
    });
    expect(list.payments.find((p) => p.id === payment.id)).toMatchObject({
      anomaly: "Betaald na annulering — automatisch terugbetaald",
    });
    const page = await paymentLoader({
      request: getRequest(`/financien/betalingen/${payment.id}`, { cookie: finance }),
      params: { paymentId: payment.id },
      context: {},
    });
    expect(page).toMatchObject({
      refundable: false,
      anomaly: "Betaald na annulering — automatisch terugbetaald",
      refunds: [{ source: "Automatisch", creditNote: "" }],
    });
  });

  it("if the session was paid just before the school cancels, the order is not cancelled but paid", async () => {
    const { order, cookie, session } = await schoolOrderWithSession("an-paid-first");
    stripe.markPaid(String(session.id), "card");
    const result = await cancelAsSchool(order.id, cookie);
    expect(readAnswer(result).formError).toBe(
      "Deze bestelling is intussen betaald en kan niet meer worden geannuleerd.",
    );
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PAID");
    expect(after.invoices).toBe(1);
    expect(after.payments[0]).toMatchObject({ status: "PAID", anomaly: null, methodType: "card" });
    // The invoice froze how it was paid: a card payment is payment means 48 (NL-R-008).
    expect(
      (await db.invoice.findFirstOrThrow({ where: { orderId: order.id, type: "INVOICE" } })).paymentMeansCode,
    ).toBe("48");
    expect(await db.refund.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("when Stripe refuses the automatic refund the webhook answers 500; Stripe's retry sends it again with the same Idempotency-Key", async () => {
    const { order, cookie, payment, session } = await schoolOrderWithSession("an-refund-retry");
    await cancelAsSchool(order.id, cookie);
    const event = sessionEvent("checkout.session.completed", stripe.markPaid(String(session.id)));
    stripe.failNext(/^\/v1\/refunds$/, { status: 500, type: "api_error", message: "Simulated outage" });
    stripe.failNext(/^\/v1\/refunds$/, { status: 500, type: "api_error", message: "Simulated outage" });
    stripe.failNext(/^\/v1\/refunds$/, { status: 500, type: "api_error", message: "Simulated outage" });
    expect((await deliver(event)).status).toBe(500);
    let refund = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(refund).toMatchObject({ status: "PENDING", source: "AUTO" });
    // The event was recorded with its effect but not marked processed: the retry runs again.
    expect(await db.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ processedAt: null });
    expect((await deliver(event)).status).toBe(200);
    refund = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(refund.status).toBe("SUCCEEDED");
    expect(await db.refund.count({ where: { paymentId: payment.id } })).toBe(1);
    expect(new Set(stripe.requests.filter((r) => r.path === "/v1/refunds").map((r) => r.idempotencyKey))).toEqual(
      new Set([refund.id]),
    );
    expect([...stripe.refunds.values()].filter((r) => r.payment_intent === session.payment_intent)).toHaveLength(1);
    expect((await fulfilmentCounts(order.id)).invoices).toBe(0);
  });
});

describe("a second paid session", () => {
  it("is refunded automatically in full, flagged DUPLICATE and audited; the order is fulfilled once", async () => {
    const fixture = await placeParentOrder("an-duplicate");
    const { order } = fixture;
    const cookie = await cookieFor("ouder@leerwinkel.test");
    const pay = () =>
      run(() =>
        payAction({
          request: formRequest(`/betalen/${order.id}`, {}, { cookie }),
          params: { orderId: order.id },
          context: {},
        }),
      );
    await pay();
    const first = await db.payment.findFirstOrThrow({ where: { orderId: order.id } });
    // The bank first reports the iDEAL payment as failed; the parent pays again with a new session.
    await deliver(sessionEvent("checkout.session.async_payment_failed", stripe.sessions.get(first.checkoutSessionId)!));
    await pay();
    const second = await db.payment.findFirstOrThrow({ where: { orderId: order.id, status: "OPEN" } });
    expect(
      (await deliver(sessionEvent("checkout.session.completed", stripe.markPaid(second.checkoutSessionId)))).status,
    ).toBe(200);
    const paid = await fulfilmentCounts(order.id);
    expect(paid.order.status).toBe("PAID");
    stripe.reset();

    // ... and then the first one turns out to have been paid after all.
    const late = await deliver(
      sessionEvent("checkout.session.async_payment_succeeded", stripe.markPaid(first.checkoutSessionId)),
    );
    expect(await late.json()).toMatchObject({ result: "DUPLICATE" });
    const after = await fulfilmentCounts(order.id);
    expect(after.invoices).toBe(1);
    expect(after.licences.map((l) => l.id).sort()).toEqual(paid.licences.map((l) => l.id).sort());
    expect(after.licences.every((l) => l.status === "ACTIVE")).toBe(true);
    expect(after.order.status).toBe("PAID");
    const dup = await db.payment.findUniqueOrThrow({ where: { id: first.id } });
    expect(dup).toMatchObject({ anomaly: "DUPLICATE", status: "REFUNDED", refundedCents: order.grossCents });
    expect(await db.payment.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({
      anomaly: null,
      status: "PAID",
      refundedCents: 0,
    });
    const refund = await db.refund.findFirstOrThrow({ where: { paymentId: first.id } });
    expect(refund).toMatchObject({
      source: "AUTO",
      status: "SUCCEEDED",
      amountCents: order.grossCents,
      creditNoteId: null,
    });
    const sent = stripe.requests.filter((r) => r.path === "/v1/refunds");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.idempotencyKey).toBe(refund.id);
    expect(sent[0]!.body).toMatchObject({ payment_intent: dup.paymentIntentId, amount: String(order.grossCents) });
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "payment.duplicate", entityId: order.id } })).toBe(1);

    const finance = await cookieFor("financien@leerwinkel.test");
    const list = await listLoader({
      request: getRequest("/financien/betalingen", { cookie: finance }),
      params: {},
      context: {},
    });
    expect(list.payments.find((p) => p.id === first.id)).toMatchObject({
      anomaly: "Dubbele betaling — automatisch terugbetaald",
    });
    expect(list.payments.find((p) => p.id === second.id)).toMatchObject({ anomaly: null, status: "Betaald" });
    // The duplicate cannot be refunded again through the shop's form (it would issue a credit note).
    const again = await run(() =>
      refundAction({
        request: formRequest(`/financien/betalingen/${first.id}`, { intent: "full" }, { cookie: finance }),
        params: { paymentId: first.id },
        context: {},
      }),
    );
    expect(readAnswer(again)).toMatchObject({ formError: expect.stringContaining("automatisch") });
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(0);
  });
});
