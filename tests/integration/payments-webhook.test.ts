import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "~/db.server";
import { action as webhookAction } from "~/routes/api.stripe.webhook";
import { action as payAction } from "~/routes/betalen.$orderId";
import { loader as returnLoader } from "~/routes/betalen.gelukt";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";
import type { StripeTestServer } from "../support/stripe-test-server";
import {
  fulfilmentCounts,
  placeParentOrder,
  sessionEvent,
  signedWebhookRequest,
  useStripeTestServer,
} from "./payments-fixtures";

// Lets one test make fulfilment fail half-way, to see the webhook answer 500 and forget the event.
const failure = vi.hoisted(() => ({ next: false }));
vi.mock("~/modules/orders/orders.server", async (importOriginal) => {
  const mod = await importOriginal<typeof import("~/modules/orders/orders.server")>();
  return {
    ...mod,
    completePaidOrder: async (...args: Parameters<typeof mod.completePaidOrder>) => {
      const done = await mod.completePaidOrder(...args);
      if (failure.next) {
        failure.next = false;
        throw new Error("simulated crash after fulfilment");
      }
      return done;
    },
  };
});

let stripe: StripeTestServer;
beforeAll(async () => {
  stripe = await useStripeTestServer();
});
afterAll(async () => {
  await stripe.close();
});
beforeEach(() => stripe.reset());

const deliver = (event: unknown, secret?: string) =>
  webhookAction({ request: signedWebhookRequest(event, secret), params: {}, context: {} });

/** A parent's order with an open Checkout Session at the test server (through the real Betalen action). */
async function orderWithSession(key: string) {
  const fixture = await placeParentOrder(key);
  const cookie = await cookieFor("ouder@leerwinkel.test");
  await run(() =>
    payAction({
      request: formRequest(`/betalen/${fixture.order.id}`, {}, { cookie }),
      params: { orderId: fixture.order.id },
      context: {},
    }),
  );
  const payment = await db.payment.findFirstOrThrow({
    where: { orderId: fixture.order.id },
    orderBy: { createdAt: "desc" },
  });
  const session = stripe.sessions.get(payment.checkoutSessionId)!;
  return { ...fixture, cookie, session };
}

describe("the Stripe webhook", () => {
  it("a validly signed checkout.session.completed pays the order once: invoice, licences bound to the pseudonym, shipment queued", async () => {
    const { order, session, pseudonym, digital } = await orderWithSession("wh-paid");
    const response = await deliver(sessionEvent("checkout.session.completed", stripe.markPaid(String(session.id))));
    expect(response.status).toBe(200);
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PAID");
    expect(after.order.paidAt).not.toBeNull();
    expect(after.invoices).toBe(1);
    expect(after.shipments).toBe(1);
    expect(after.licences).toHaveLength(2);
    expect(
      after.licences.every((l) => l.pseudonymId === pseudonym.id && l.status === "ACTIVE" && l.offerId === digital.id),
    ).toBe(true);
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ status: "PAID", paymentIntentId: session.payment_intent });
    const invoice = await db.invoice.findFirstOrThrow({
      where: { orderId: order.id, type: "INVOICE" },
      include: { settlements: true },
    });
    expect(invoice.grossCents).toBe(order.grossCents);
    expect(invoice.settlements).toHaveLength(1); // paid online: settled on issue
  });

  it("refuses a bad signature (400) and a missing one, and changes nothing", async () => {
    const { order, session } = await orderWithSession("wh-badsig");
    const event = sessionEvent("checkout.session.completed", stripe.markPaid(String(session.id)));
    expect((await deliver(event, "whsec_someone_else")).status).toBe(400);
    const tampered = signedWebhookRequest(event);
    const body = (await tampered.text()).replace(`"amount_total":${order.grossCents}`, `"amount_total":1`);
    const forged = new Request(tampered.url, { method: "POST", body, headers: tampered.headers });
    expect((await webhookAction({ request: forged, params: {}, context: {} })).status).toBe(400);
    const unsigned = new Request("http://localhost/api/stripe/webhook", {
      method: "POST",
      body: JSON.stringify(event),
    });
    expect((await webhookAction({ request: unsigned, params: {}, context: {} })).status).toBe(400);
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("AWAITING_PAYMENT");
    expect(after.invoices).toBe(0);
    expect(await db.webhookEvent.count({ where: { id: event.id } })).toBe(0);
  });

  it("the same event replayed changes nothing; two different completed events fulfil once", async () => {
    const { order, session } = await orderWithSession("wh-replay");
    const paid = stripe.markPaid(String(session.id));
    const event = sessionEvent("checkout.session.completed", paid);
    expect((await deliver(event)).status).toBe(200);
    const first = await fulfilmentCounts(order.id);
    const replay = await deliver(event);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ result: "already processed" });
    const second = await deliver(sessionEvent("checkout.session.completed", paid)); // a new event id for the same session
    expect(second.status).toBe(200);
    const after = await fulfilmentCounts(order.id);
    expect(after.invoices).toBe(1);
    expect(after.licences.map((l) => l.code).sort()).toEqual(first.licences.map((l) => l.code).sort());
    expect(after.shipments).toBe(1);
    expect(await db.invoice.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("out of order: async_payment_succeeded before completed, then expired after paid — consistent, fulfilled once", async () => {
    const { order, session } = await orderWithSession("wh-order");
    const paid = stripe.markPaid(String(session.id));
    expect((await deliver(sessionEvent("checkout.session.async_payment_succeeded", paid))).status).toBe(200);
    expect((await deliver(sessionEvent("checkout.session.completed", paid))).status).toBe(200);
    expect((await deliver(sessionEvent("checkout.session.expired", paid))).status).toBe(200);
    expect((await deliver(sessionEvent("checkout.session.async_payment_failed", paid))).status).toBe(200);
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PAID");
    expect(after.payments.map((p) => p.status)).toEqual(["PAID"]);
    expect(after.invoices).toBe(1);
    expect(after.licences.filter((l) => l.status === "ACTIVE")).toHaveLength(2);
  });

  it("completed but unpaid (bank transfer pending) waits; async_payment_succeeded then pays", async () => {
    const { order, session } = await orderWithSession("wh-async");
    await deliver(sessionEvent("checkout.session.completed", session, { payment_status: "unpaid" }));
    expect((await fulfilmentCounts(order.id)).order.status).toBe("AWAITING_PAYMENT");
    await deliver(sessionEvent("checkout.session.async_payment_succeeded", stripe.markPaid(String(session.id))));
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PAID");
    expect(after.invoices).toBe(1);
  });

  it("a wrong amount or currency is not paid: logged, Payment AMOUNT_MISMATCH", async () => {
    const { order, session } = await orderWithSession("wh-amount");
    const paid = stripe.markPaid(String(session.id));
    expect(
      (await deliver(sessionEvent("checkout.session.completed", paid, { amount_total: order.grossCents - 1 }))).status,
    ).toBe(200);
    let after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("AWAITING_PAYMENT");
    expect(after.payments[0]!.status).toBe("AMOUNT_MISMATCH");
    expect(after.invoices).toBe(0);
    const log = await db.auditLog.findFirstOrThrow({
      where: { action: "payment.amount_mismatch", entityId: order.id },
    });
    expect(JSON.parse(log.detailJson)).toMatchObject({ charged: order.grossCents - 1, expected: order.grossCents });

    const other = await orderWithSession("wh-currency");
    await deliver(
      sessionEvent("checkout.session.completed", stripe.markPaid(String(other.session.id)), { currency: "usd" }),
    );
    after = await fulfilmentCounts(other.order.id);
    expect(after.order.status).toBe("AWAITING_PAYMENT");
    expect(after.payments[0]!.status).toBe("AMOUNT_MISMATCH");
  });

  it("a failed payment leaves the order payable; the parent tries again with a new session and pays", async () => {
    const { order, session, cookie } = await orderWithSession("wh-failed");
    await deliver(sessionEvent("checkout.session.async_payment_failed", session));
    let after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("AWAITING_PAYMENT");
    expect(after.payments.map((p) => p.status)).toEqual(["FAILED"]);
    expect(after.invoices).toBe(0);

    stripe.reset();
    const retry = (await run(() =>
      payAction({
        request: formRequest(`/betalen/${order.id}`, {}, { cookie }),
        params: { orderId: order.id },
        context: {},
      }),
    )) as Response;
    expect(retry.status).toBe(302);
    const created = stripe.requests.filter((r) => r.path === "/v1/checkout/sessions");
    expect(created).toHaveLength(1);
    expect(created[0]!.idempotencyKey).toBe(`checkout-${order.id}-2`);
    const second = await db.payment.findFirstOrThrow({ where: { orderId: order.id, status: "OPEN" } });
    await deliver(sessionEvent("checkout.session.completed", stripe.markPaid(second.checkoutSessionId)));
    after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PAID");
    expect(after.payments.map((p) => p.status)).toEqual(["FAILED", "PAID"]);
  });

  it("an expired session with nothing else open cancels the order and releases the reserved stock", async () => {
    const { order, session, print } = await orderWithSession("wh-expired");
    const reserved = (await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock!;
    expect((await deliver(sessionEvent("checkout.session.expired", session))).status).toBe(200);
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("CANCELLED");
    expect(after.payments[0]!.status).toBe("EXPIRED");
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(reserved + 1);
    // A late duplicate of the expiry (new event id) releases nothing twice.
    await deliver(sessionEvent("checkout.session.expired", session));
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(reserved + 1);
  });

  it("the return page and the webhook converge on one fulfilment, whichever comes first", async () => {
    const a = await orderWithSession("wh-return-first");
    stripe.markPaid(String(a.session.id));
    // A parent's paid order: the thank-you page (issue 12), with the way to the receipt.
    const back = await run(() =>
      returnLoader({
        request: getRequest(`/betalen/gelukt?session_id=${a.session.id}`, { cookie: a.cookie }),
        params: {},
        context: {},
      }),
    );
    expect(back).toMatchObject({ thanks: true, receiptPath: `/ouder/bestellingen/${a.order.id}` });
    expect(stripe.requests.some((r) => r.method === "GET" && r.path === `/v1/checkout/sessions/${a.session.id}`)).toBe(
      true,
    );
    const afterReturn = await fulfilmentCounts(a.order.id);
    expect(afterReturn.order.status).toBe("PAID");
    expect(
      (await deliver(sessionEvent("checkout.session.completed", stripe.sessions.get(String(a.session.id))!))).status,
    ).toBe(200);
    const afterBoth = await fulfilmentCounts(a.order.id);
    expect(afterBoth.invoices).toBe(1);
    expect(afterBoth.licences.map((l) => l.id).sort()).toEqual(afterReturn.licences.map((l) => l.id).sort());

    const b = await orderWithSession("wh-webhook-first");
    await deliver(sessionEvent("checkout.session.completed", stripe.markPaid(String(b.session.id))));
    const again = await run(() =>
      returnLoader({
        request: getRequest(`/betalen/gelukt?session_id=${b.session.id}`, { cookie: b.cookie }),
        params: {},
        context: {},
      }),
    );
    expect(again).toMatchObject({ thanks: true, receiptPath: `/ouder/bestellingen/${b.order.id}` });
    expect((await fulfilmentCounts(b.order.id)).invoices).toBe(1);

    // Both at the same moment: still one invoice.
    const c = await orderWithSession("wh-race");
    const paid = stripe.markPaid(String(c.session.id));
    await Promise.all([
      deliver(sessionEvent("checkout.session.completed", paid)),
      run(() =>
        returnLoader({
          request: getRequest(`/betalen/gelukt?session_id=${c.session.id}`, { cookie: c.cookie }),
          params: {},
          context: {},
        }),
      ),
    ]);
    expect((await fulfilmentCounts(c.order.id)).invoices).toBe(1);
  });

  it("when processing fails, answers 500 and its event id is rolled back with the effect, so that Stripe's retry completes it", async () => {
    const { order, session } = await orderWithSession("wh-retry");
    const event = sessionEvent("checkout.session.completed", stripe.markPaid(String(session.id)));
    failure.next = true;
    const failed = await deliver(event);
    expect(failed.status).toBe(500);
    expect(await db.webhookEvent.count({ where: { id: event.id } })).toBe(0);
    let after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("AWAITING_PAYMENT"); // the transaction rolled back
    expect(after.invoices).toBe(0);
    expect((await deliver(event)).status).toBe(200);
    after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PAID");
    expect(after.invoices).toBe(1);
    expect(await db.webhookEvent.count({ where: { id: event.id, processedAt: { not: null } } })).toBe(1);
  });

  it("a crash after the event id was written and before its effect loses nothing: the retry is processed (decision record 003)", async () => {
    // A crash runs no clean-up: deleting rows is impossible while the failed delivery runs, as if
    // the process died right after the fulfilment threw. Only what was committed survives.
    const { order, session } = await orderWithSession("wh-crash");
    const event = sessionEvent("checkout.session.completed", stripe.markPaid(String(session.id)));
    const died = () => Promise.reject(new Error("process died"));
    const noDelete = vi.spyOn(db.webhookEvent, "delete").mockImplementation(died as never);
    const noDeleteMany = vi.spyOn(db.webhookEvent, "deleteMany").mockImplementation(died as never);
    failure.next = true;
    try {
      expect((await deliver(event)).status).toBe(500);
    } finally {
      noDelete.mockRestore();
      noDeleteMany.mockRestore();
    }
    expect(await db.webhookEvent.count({ where: { id: event.id } })).toBe(0);
    const retry = await deliver(event);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ result: "PAID" });
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PAID");
    expect(after.invoices).toBe(1);
  });
});

describe("giving up on the cancel page", () => {
  it("expires the open session at Stripe, cancels the order and releases its stock; the later webhook changes nothing", async () => {
    const { action: cancelAction } = await import("~/routes/betalen.geannuleerd");
    const { order, session, cookie, print } = await orderWithSession("ab-cancel");
    const reserved = (await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock!;
    stripe.reset();
    const res = (await run(() =>
      cancelAction({
        request: formRequest("/betalen/geannuleerd", { order: order.id }, { cookie }),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(res.status).toBe(302);
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v1/checkout/sessions/${session.id}/expire`,
    ]);
    let after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("CANCELLED");
    expect(after.payments.map((p) => p.status)).toEqual(["EXPIRED"]);
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(reserved + 1);
    expect(
      (await deliver(sessionEvent("checkout.session.expired", stripe.sessions.get(String(session.id))!))).status,
    ).toBe(200);
    after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("CANCELLED");
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(reserved + 1);
  });

  it("if the session was paid meanwhile, the order is fulfilled instead of cancelled", async () => {
    const { action: cancelAction } = await import("~/routes/betalen.geannuleerd");
    const { order, session, cookie } = await orderWithSession("ab-paid");
    stripe.markPaid(String(session.id));
    const res = await run(() =>
      cancelAction({
        request: formRequest("/betalen/geannuleerd", { order: order.id }, { cookie }),
        params: {},
        context: {},
      }),
    );
    // The refusal comes back to the cancel form as the one action result (409).
    expect(answer(res)).toMatchObject({
      status: 409,
      formError: "Deze bestelling is intussen betaald en kan niet meer worden geannuleerd.",
    });
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("PAID");
    expect(after.invoices).toBe(1);
  });
});
