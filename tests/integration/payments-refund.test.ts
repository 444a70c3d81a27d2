import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action as webhookAction } from "~/routes/api.stripe.webhook";
import { action as payAction } from "~/routes/betalen.$orderId";
import { action as refundAction, loader as refundLoader } from "~/routes/financien.betalingen.$paymentId";
import { loader as listLoader } from "~/routes/financien.betalingen._index";
import { answer } from "../support/action-result";
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

/** A parent's order paid through Checkout + webhook: print ×1, digital ×2. */
async function paidOrder(key: string) {
  const fixture = await placeParentOrder(key);
  const cookie = await cookieFor("ouder@leerwinkel.test");
  await run(() =>
    payAction({
      request: formRequest(`/betalen/${fixture.order.id}`, {}, { cookie }),
      params: { orderId: fixture.order.id },
      context: {},
    }),
  );
  const payment = await db.payment.findFirstOrThrow({ where: { orderId: fixture.order.id } });
  const session = stripe.markPaid(payment.checkoutSessionId);
  const res = await webhookAction({
    request: signedWebhookRequest(sessionEvent("checkout.session.completed", session)),
    params: {},
    context: {},
  });
  expect(res.status).toBe(200);
  stripe.reset();
  return {
    ...fixture,
    payment: await db.payment.findUniqueOrThrow({ where: { id: payment.id } }),
    finance: await cookieFor("financien@leerwinkel.test"),
  };
}

async function post(paymentId: string, fields: Record<string, string>, cookie: string) {
  return answer(
    await run(() =>
      refundAction({
        request: formRequest(`/financien/betalingen/${paymentId}`, fields, { cookie }),
        params: { paymentId },
        context: {},
      }),
    ),
  );
}

describe("refunds", () => {
  it("in full: credit note mirrors the invoice, licences revoked, exact refund request to Stripe", async () => {
    const { order, payment, finance } = await paidOrder("rf-full");
    const printLine = order.lines.find((l) => l.supply === "physical")!;
    const stockBefore = (await db.offer.findUniqueOrThrow({ where: { id: printLine.offerId } })).stock!;
    const result = await post(payment.id, { intent: "full" }, finance);
    expect(result).toMatchObject({ outcome: { amountCents: order.grossCents, status: "SUCCEEDED" } });
    const refund = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    const sent = stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      payment_intent: payment.paymentIntentId,
      amount: String(order.grossCents),
      metadata: { orderId: order.id, refundId: refund.id },
    });
    expect(sent[0]!.idempotencyKey).toBe(refund.id);
    expect(refund).toMatchObject({ status: "SUCCEEDED", amountCents: order.grossCents });
    expect(refund.providerRefundId).toMatch(/^re_test_/);

    const credit = await db.invoice.findFirstOrThrow({ where: { orderId: order.id, type: "CREDIT_NOTE" } });
    expect(credit.grossCents).toBe(order.grossCents);
    expect(refund.creditNoteId).toBe(credit.id);
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("REFUNDED");
    expect(after.licences.every((l) => l.status === "REVOKED")).toBe(true);
    expect(after.payments[0]).toMatchObject({ status: "REFUNDED", refundedCents: order.grossCents });
    // The print book had not shipped: back in stock, and the queued shipment is cancelled.
    expect((await db.offer.findUniqueOrThrow({ where: { id: printLine.offerId } })).stock).toBe(
      stockBefore + printLine.quantity,
    );
    expect((await db.shipment.findMany({ where: { orderId: order.id } })).map((s) => s.status)).toEqual(["CANCELLED"]);
    // Nothing is left to refund: the form is gone and a second attempt is refused.
    expect(await post(payment.id, { intent: "full" }, finance)).toMatchObject({
      formError: "Alleen een betaalde betaling kan worden terugbetaald.",
    });
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(1);
  });

  it("per line: refunds one digital licence — amount is the credit note's gross; charge.refunded syncs idempotently", async () => {
    const { order, payment, finance, digital } = await paidOrder("rf-line");
    const line = order.lines.find((l) => l.offerId === digital.id)!;
    const result = await post(payment.id, { intent: "lines", [`qty-${line.id}`]: "1" }, finance);
    const credit = await db.invoice.findFirstOrThrow({ where: { orderId: order.id, type: "CREDIT_NOTE" } });
    expect(credit.grossCents).toBe(line.lineAmountCents / 2); // inclusive prices: one of two licences
    expect(result).toMatchObject({
      outcome: { amountCents: credit.grossCents, status: "SUCCEEDED", creditNoteNumber: credit.number },
    });
    const sent = stripe.requests.filter((r) => r.path === "/v1/refunds");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ payment_intent: payment.paymentIntentId, amount: String(credit.grossCents) });
    let after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PARTIALLY_REFUNDED");
    expect(after.licences.filter((l) => l.status === "REVOKED")).toHaveLength(1);
    expect(after.licences.filter((l) => l.status === "ACTIVE")).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: credit.grossCents });
    expect((await db.orderLine.findUniqueOrThrow({ where: { id: line.id } })).refundedQuantity).toBe(1);

    const charge = {
      id: "evt_charge_refunded_1",
      object: "event",
      type: "charge.refunded",
      api_version: "2025-10-29.clover",
      created: 1,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: "ch_test_1",
          object: "charge",
          payment_intent: payment.paymentIntentId,
          amount: order.grossCents,
          amount_refunded: credit.grossCents,
          refunded: false,
        },
      },
    };
    expect((await webhookAction({ request: signedWebhookRequest(charge), params: {}, context: {} })).status).toBe(200);
    expect(
      (
        await webhookAction({
          request: signedWebhookRequest({ ...charge, id: "evt_charge_refunded_2" }),
          params: {},
          context: {},
        })
      ).status,
    ).toBe(200);
    after = await fulfilmentCounts(order.id);
    expect(after.payments[0]).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: credit.grossCents });

    // More than is still open is refused, with nothing issued.
    const tooMany = await post(payment.id, { intent: "lines", [`qty-${line.id}`]: "2" }, finance);
    expect(tooMany).toMatchObject({ formError: "Er kan niet meer worden gecrediteerd dan er nog openstaat." });
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(1);
    expect(await post(payment.id, { intent: "lines", [`qty-${line.id}`]: "-1" }, finance)).toMatchObject({
      errors: { [`qty-${line.id}`]: "Vul een heel aantal in (0 of meer)." },
    });
  });

  it("when Stripe fails the refund stays PENDING; 'Opnieuw proberen' pays out once, without a second credit note", async () => {
    const { order, payment, finance } = await paidOrder("rf-retry");
    stripe.failNext(/^\/v1\/refunds$/, { status: 400, type: "invalid_request_error", message: "Simulated outage" });
    const failed = await post(payment.id, { intent: "full" }, finance);
    expect(failed).toMatchObject({ outcome: { status: "PENDING", providerError: "Simulated outage" } });
    const refund = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(refund.status).toBe("PENDING");
    const page = await refundLoader({
      request: getRequest(`/financien/betalingen/${payment.id}`, { cookie: finance }),
      params: { paymentId: payment.id },
      context: {},
    });
    expect(page).toMatchObject({ refundable: false, refunds: [{ id: refund.id, pending: true }] });
    expect(await post(payment.id, { intent: "full" }, finance)).toMatchObject({
      formError: "Er staat nog een terugbetaling open. Probeer die eerst opnieuw.",
    });

    const retried = await post(payment.id, { intent: "retry", refundId: refund.id }, finance);
    expect(retried).toMatchObject({ outcome: { status: "SUCCEEDED", amountCents: order.grossCents } });
    const sent = stripe.requests.filter((r) => r.path === "/v1/refunds");
    expect(sent.map((r) => r.idempotencyKey)).toEqual([refund.id, refund.id]);
    expect([...stripe.refunds.values()].filter((r) => r.payment_intent === payment.paymentIntentId)).toHaveLength(1);
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(1);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedCents).toBe(order.grossCents);
    // Retrying a finished refund sends nothing.
    await post(payment.id, { intent: "retry", refundId: refund.id }, finance);
    expect(stripe.requests.filter((r) => r.path === "/v1/refunds")).toHaveLength(2);
  });

  it("only operator finance sees the payments list", async () => {
    const { order } = await paidOrder("rf-list");
    const list = await listLoader({
      request: getRequest("/financien/betalingen", { cookie: await cookieFor("financien@leerwinkel.test") }),
      params: {},
      context: {},
    });
    expect(list.payments.find((p) => p.orderId === order.id)).toMatchObject({
      orderNumber: order.number,
      status: "Betaald",
      test: false,
    });
    const anonymous = await run(() =>
      listLoader({ request: getRequest("/financien/betalingen"), params: {}, context: {} }),
    );
    expect((anonymous as Response).status).toBe(302);
    const schoolFinance = await cookieFor("administratie@leerwinkel.test");
    const denied = await run(() =>
      listLoader({ request: getRequest("/financien/betalingen", { cookie: schoolFinance }), params: {}, context: {} }),
    );
    expect((denied as Response).status).toBe(403);
  });
});
