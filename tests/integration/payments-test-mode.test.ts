import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { resetEnvForTests } from "~/env.server";
import { action as payAction } from "~/routes/betalen.$orderId";
import { action as testPageAction, loader as testPageLoader } from "~/routes/betalen.test.$sessionId";
import { loader as returnLoader } from "~/routes/betalen.gelukt";
import { action as refundAction } from "~/routes/financien.betalingen.$paymentId";
import { action as webhookAction } from "~/routes/api.stripe.webhook";
import { buildCheckoutEvent } from "~/modules/payments/test-payments.server";
import { LOCAL_TEST_WEBHOOK_SECRET } from "~/modules/payments/stripe-client.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";
import { startStripeTestServer, type StripeTestServer } from "../support/stripe-test-server";
import { fulfilmentCounts, placeParentOrder, signedWebhookRequest } from "./payments-fixtures";

// No STRIPE_SECRET_KEY: the README demo and e2e run in test-payment mode. A Stripe test server
// still listens, to prove that nothing is ever sent to it.
let stripe: StripeTestServer;
beforeAll(async () => {
  stripe = await startStripeTestServer();
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  process.env.STRIPE_API_HOST = stripe.host;
  process.env.STRIPE_API_PROTOCOL = "http";
  resetEnvForTests();
});
afterAll(async () => {
  await stripe.close();
});

async function startTestPayment(key: string) {
  const fixture = await placeParentOrder(key);
  const cookie = await cookieFor("ouder@leerwinkel.test");
  const response = (await run(() =>
    payAction({
      request: formRequest(`/betalen/${fixture.order.id}`, {}, { cookie }),
      params: { orderId: fixture.order.id },
      context: {},
    }),
  )) as Response;
  const location = response.headers.get("Location")!;
  const sessionId = location.split("/").at(-1)!;
  return { ...fixture, cookie, location, sessionId };
}

const choose = (sessionId: string, outcome: string, cookie: string) =>
  run(() =>
    testPageAction({
      request: formRequest(`/betalen/test/${sessionId}`, { outcome }, { cookie }),
      params: { sessionId },
      context: {},
    }),
  );

describe("test-payment mode", () => {
  it("goes to the local test page, and 'Betaling gelukt' pays through the same signed webhook path", async () => {
    const { order, cookie, location, sessionId, pseudonym } = await startTestPayment("tm-paid");
    expect(location).toMatch(/^\/betalen\/test\/cs_test_local_[0-9a-f]+$/);
    const payment = await db.payment.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    expect(payment).toMatchObject({ provider: "test", status: "OPEN", amountCents: order.grossCents });
    const page = await testPageLoader({
      request: getRequest(location, { cookie }),
      params: { sessionId },
      context: {},
    });
    expect(page).toMatchObject({ orderNumber: order.number, status: "OPEN" });

    const done = (await choose(sessionId, "paid", cookie)) as Response;
    expect(done.headers.get("Location")).toBe(`/betalen/gelukt?session_id=${sessionId}`);
    // Same code path as Stripe: the event went through the webhook handler and was recorded once.
    const recorded = await db.webhookEvent.findMany({ where: { type: "checkout.session.completed" } });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.processedAt).not.toBeNull();
    // A parent's paid order: the thank-you page (issue 12), with the way to the receipt.
    const receipt = await run(() =>
      returnLoader({ request: getRequest(done.headers.get("Location")!, { cookie }), params: {}, context: {} }),
    );
    expect(receipt).toMatchObject({ thanks: true, orderId: order.id, receiptPath: `/ouder/bestellingen/${order.id}` });
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PAID");
    expect(after.invoices).toBe(1);
    expect(after.licences.every((l) => l.pseudonymId === pseudonym.id)).toBe(true);
    expect(after.licences).toHaveLength(2);
    // A second click on the (now finished) test page changes nothing.
    expect(answer(await choose(sessionId, "paid", cookie))).toMatchObject({
      status: 409,
      formError: "Deze testbetaling is al afgerond.",
    });
    expect(stripe.requests).toHaveLength(0);
  });

  it("the local events are verified like Stripe's: a wrong secret is refused", async () => {
    const { order, sessionId } = await startTestPayment("tm-sig");
    const event = buildCheckoutEvent("checkout.session.completed", {
      id: sessionId,
      amountTotal: order.grossCents,
      currency: "eur",
      paymentIntentId: null,
      orderId: order.id,
    });
    expect(
      (await webhookAction({ request: signedWebhookRequest(event, "whsec_wrong"), params: {}, context: {} })).status,
    ).toBe(400);
    expect(
      (
        await webhookAction({
          request: signedWebhookRequest(event, LOCAL_TEST_WEBHOOK_SECRET),
          params: {},
          context: {},
        })
      ).status,
    ).toBe(200);
    expect((await fulfilmentCounts(order.id)).order.status).toBe("PAID");
  });

  it("'Betaling mislukt' keeps the order payable and a new attempt gets a new test session", async () => {
    const { order, cookie, sessionId } = await startTestPayment("tm-failed");
    const failed = (await choose(sessionId, "failed", cookie)) as Response;
    expect(failed.headers.get("Location")).toBe(`/betalen/${order.id}?mislukt=1`);
    expect((await fulfilmentCounts(order.id)).order.status).toBe("AWAITING_PAYMENT");
    const again = (await run(() =>
      payAction({
        request: formRequest(`/betalen/${order.id}`, {}, { cookie }),
        params: { orderId: order.id },
        context: {},
      }),
    )) as Response;
    expect(again.headers.get("Location")).not.toContain(sessionId);
    expect((await fulfilmentCounts(order.id)).payments.map((p) => p.status)).toEqual(["FAILED", "OPEN"]);
  });

  it("an expired test session cancels the unpaid order and releases its stock", async () => {
    const { order, cookie, sessionId, print } = await startTestPayment("tm-expired");
    const stock = (await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock!;
    await choose(sessionId, "expired", cookie);
    expect((await fulfilmentCounts(order.id)).order.status).toBe("CANCELLED");
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(stock + 1);
  });

  it("'Bestelling annuleren' on the cancel page delivers the expired event through the webhook and cancels the order", async () => {
    const { action: cancelAction } = await import("~/routes/betalen.geannuleerd");
    const { order, cookie, sessionId } = await startTestPayment("tm-abandon");
    const expiredBefore = await db.webhookEvent.count({ where: { type: "checkout.session.expired" } });
    const res = (await run(() =>
      cancelAction({
        request: formRequest("/betalen/geannuleerd", { order: order.id }, { cookie }),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(res.status).toBe(302);
    expect((await fulfilmentCounts(order.id)).order.status).toBe("CANCELLED");
    expect((await db.payment.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } })).status).toBe("EXPIRED");
    expect(await db.webhookEvent.count({ where: { type: "checkout.session.expired" } })).toBe(expiredBefore + 1);
  });

  it("refunds complete locally, clearly marked as a test, without calling Stripe", async () => {
    const { order, cookie, sessionId } = await startTestPayment("tm-refund");
    await choose(sessionId, "paid", cookie);
    const payment = await db.payment.findUniqueOrThrow({ where: { checkoutSessionId: sessionId } });
    const finance = await cookieFor("financien@leerwinkel.test");
    const result = await run(() =>
      refundAction({
        request: formRequest(`/financien/betalingen/${payment.id}`, { intent: "full" }, { cookie: finance }),
        params: { paymentId: payment.id },
        context: {},
      }),
    );
    expect(answer(result)).toMatchObject({ outcome: { status: "TEST", amountCents: order.grossCents } });
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("REFUNDED");
    expect(after.payments[0]).toMatchObject({ status: "REFUNDED", refundedCents: order.grossCents });
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(1);
    expect(stripe.requests).toHaveLength(0);
  });

  it("another user cannot open or act on someone's test payment", async () => {
    const { sessionId } = await startTestPayment("tm-foreign");
    const other = await cookieFor("school@leerwinkel.test");
    const page = await run(() =>
      testPageLoader({
        request: getRequest(`/betalen/test/${sessionId}`, { cookie: other }),
        params: { sessionId },
        context: {},
      }),
    );
    expect((page as Response).status).toBe(404);
    expect(answer(await choose(sessionId, "paid", other))).toMatchObject({
      status: 404,
      formError: "Deze testbetaling bestaat niet.",
    });
  });
});
