/**
 * Refunds made in the Stripe Dashboard (charge.refunded, issue 9): covering the rest → credit
 * note at once; a part → finance's queue, where picking the lines issues the credit note; the VAT
 * return shows what is still refunded without a credit note. Stripe test server, signed webhooks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { action as webhookAction } from "~/routes/api.stripe.webhook";
import { action as payAction } from "~/routes/betalen.$orderId";
import { action as refundAction } from "~/routes/financien.betalingen.$paymentId";
import { loader as queueLoader } from "~/routes/financien.terugbetalingen._index";
import { action as processAction, loader as processLoader } from "~/routes/financien.terugbetalingen.$refundId";
import { loader as vatLoader } from "~/routes/financien.btw-aangifte._index";
import { answer } from "../support/action-result";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import type { StripeTestServer } from "../support/stripe-test-server";
import {
  chargeRefundedEvent,
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

/** A parent's order paid through Checkout + webhook: print ×1, digital ×2 (prices incl. VAT). */
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
  expect(
    (await deliver(sessionEvent("checkout.session.completed", stripe.markPaid(payment.checkoutSessionId)))).status,
  ).toBe(200);
  stripe.reset();
  const paid = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
  return {
    ...fixture,
    payment: paid,
    pi: paid.paymentIntentId!,
    finance: await cookieFor("financien@leerwinkel.test"),
  };
}

async function openDifference(cookie: string): Promise<{ amountCents: number; text: string | null }> {
  const period = todayInAmsterdam().slice(0, 7);
  const page = await vatLoader({
    request: getRequest(`/financien/btw-aangifte?period=${period}`, { cookie }),
    params: {},
    context: {},
  });
  return { amountCents: page.openRefunds?.amountCents ?? 0, text: page.openRefunds?.text ?? null };
}

type Shown = Record<string, unknown>;
const post = async (refundId: string, fields: Record<string, string>, cookie: string) =>
  answer<{ preview?: Shown; processed?: Shown }>(
    await run(() =>
      processAction({
        request: formRequest(`/financien/terugbetalingen/${refundId}`, fields, { cookie }),
        params: { refundId },
        context: {},
      }),
    ),
  );

describe("a refund made in the Stripe Dashboard", () => {
  it("covering everything: the credit note for the rest at once, licences revoked, unshipped book back in stock", async () => {
    const { order, payment, pi, print } = await paidOrder("db-full");
    const stock = (await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock!;
    const event = chargeRefundedEvent(stripe.dashboardRefund(pi, order.grossCents));
    const answer = await deliver(event);
    expect(await answer.json()).toMatchObject({ result: "DASHBOARD_CREDITED" });

    const credit = await db.invoice.findFirstOrThrow({ where: { orderId: order.id, type: "CREDIT_NOTE" } });
    expect(credit.grossCents).toBe(order.grossCents);
    const refund = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(refund).toMatchObject({
      source: "DASHBOARD",
      status: "SUCCEEDED",
      amountCents: order.grossCents,
      creditNoteId: credit.id,
    });
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("REFUNDED");
    expect(after.licences.every((l) => l.status === "REVOKED")).toBe(true);
    expect(after.payments[0]).toMatchObject({ status: "REFUNDED", refundedCents: order.grossCents });
    expect((await db.shipment.findMany({ where: { orderId: order.id } })).map((s) => s.status)).toEqual(["CANCELLED"]);
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(stock + 1);
    // No money is sent back a second time, and a repeated event records nothing twice.
    expect(stripe.requests.filter((r) => r.path === "/v1/refunds")).toHaveLength(0);
    expect((await deliver(chargeRefundedEvent(event.data.object))).status).toBe(200);
    expect(await db.refund.count({ where: { paymentId: payment.id } })).toBe(1);
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(1);
  });

  it("after a shop refund of one licence, a Dashboard refund of the rest counts only what the shop did not refund", async () => {
    const { order, payment, pi, finance, digital } = await paidOrder("db-rest");
    const line = order.lines.find((l) => l.offerId === digital.id)!;
    await run(() =>
      refundAction({
        request: formRequest(
          `/financien/betalingen/${payment.id}`,
          { intent: "lines", [`qty-${line.id}`]: "1" },
          { cookie: finance },
        ),
        params: { paymentId: payment.id },
        context: {},
      }),
    );
    const shop = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(shop).toMatchObject({ source: "SHOP", status: "SUCCEEDED", amountCents: line.lineAmountCents / 2 });
    expect(shop.creditNoteId).not.toBeNull();
    // Stripe reports the shop's own refund first: nothing outside the shop.
    const own = {
      id: `ch_${pi.slice(3)}`,
      object: "charge",
      payment_intent: pi,
      amount: order.grossCents,
      amount_refunded: shop.amountCents,
      refunded: false,
    };
    expect(await (await deliver(chargeRefundedEvent(own))).json()).toMatchObject({ result: "UNCHANGED" });

    const rest = order.grossCents - shop.amountCents;
    expect(await (await deliver(chargeRefundedEvent(stripe.dashboardRefund(pi, rest)))).json()).toMatchObject({
      result: "DASHBOARD_CREDITED",
    });
    const dashboard = await db.refund.findFirstOrThrow({
      where: { paymentId: payment.id, source: "DASHBOARD" },
      include: { creditNote: true },
    });
    expect(dashboard).toMatchObject({ status: "SUCCEEDED", amountCents: rest });
    expect(dashboard.creditNote!.grossCents).toBe(rest);
    const after = await fulfilmentCounts(order.id);
    expect(after.order.status).toBe("REFUNDED");
    expect(after.licences.every((l) => l.status === "REVOKED")).toBe(true);
  });

  it("a part: waits on finance's queue; picking the lines issues the credit note and links it; the VAT return shows the open difference meanwhile", async () => {
    const { order, payment, pi, finance, digital } = await paidOrder("db-part");
    const line = order.lines.find((l) => l.offerId === digital.id)!;
    const licence = line.lineAmountCents / 2; // one of two licences, prices incl. VAT
    const before = await openDifference(finance);

    // Refunded in the Dashboard: one licence plus € 1,00 goodwill.
    const amount = licence + 100;
    expect(await (await deliver(chargeRefundedEvent(stripe.dashboardRefund(pi, amount)))).json()).toMatchObject({
      result: "DASHBOARD_TO_PROCESS",
    });
    const queued = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(queued).toMatchObject({
      source: "DASHBOARD",
      status: "TO_PROCESS",
      amountCents: amount,
      creditNoteId: null,
    });
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(0);
    expect((await fulfilmentCounts(order.id)).payments[0]).toMatchObject({
      status: "PARTIALLY_REFUNDED",
      refundedCents: amount,
    });

    const queue = await queueLoader({
      request: getRequest("/financien/terugbetalingen", { cookie: finance }),
      params: {},
      context: {},
    });
    expect(queue.refunds.find((r) => r.id === queued.id)).toMatchObject({ orderNumber: order.number });
    expect(queue.refunds.find((r) => r.id === queued.id)!.amount).toMatch(/^€\s/);
    const during = await openDifference(finance);
    expect(during.amountCents - before.amountCents).toBe(amount);
    expect(during.text).toMatch(/^Terugbetaald zonder creditnota \(nog te verwerken\): € /);

    // Bad input is refused with a 4xx and the fields kept; a credit note larger than the refund too.
    const bad = await post(queued.id, { intent: "process", [`qty-${line.id}`]: "-1" }, finance);
    expect(bad.status).toBe(400);
    expect(bad).toMatchObject({ errors: { [`qty-${line.id}`]: "Vul een heel aantal in (0 of meer)." } });
    expect((await post(queued.id, { intent: "process" }, finance)).status).toBe(400);
    const tooMuch = await post(queued.id, { intent: "process", [`qty-${line.id}`]: "2" }, finance);
    expect(tooMuch.status).toBe(400);
    expect(String(tooMuch.formError)).toContain("is hoger dan het nog niet verwerkte bedrag");
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(0);

    // "Bedrag berekenen" shows the difference and keeps nothing.
    const preview = await post(queued.id, { intent: "preview", [`qty-${line.id}`]: "1" }, finance);
    expect(preview.outcome?.preview).toMatchObject({
      creditGrossCents: licence,
      refundCents: amount,
      differenceCents: 100,
      difference: expect.stringMatching(/^€\s1,00$/),
    });
    expect(await db.invoice.count({ where: { orderId: order.id, type: "CREDIT_NOTE" } })).toBe(0);
    expect((await db.refund.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("TO_PROCESS");

    // Posting issues the credit note for that licence: linked, PROCESSED; no new Stripe refund.
    const done = await post(queued.id, { intent: "process", [`qty-${line.id}`]: "1" }, finance);
    expect(done.status).toBe(200);
    const credit = await db.invoice.findFirstOrThrow({ where: { orderId: order.id, type: "CREDIT_NOTE" } });
    expect(credit.grossCents).toBe(licence);
    expect(done.outcome?.processed).toMatchObject({
      creditNoteNumber: credit.number,
      creditGrossCents: licence,
      differenceCents: 100,
    });
    expect(await db.refund.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: "PROCESSED",
      creditNoteId: credit.id,
      amountCents: licence,
    });
    // The € 1,00 without a credit note stays on the queue (and in the VAT return's open difference).
    const rest = await db.refund.findFirstOrThrow({ where: { paymentId: payment.id, status: "TO_PROCESS" } });
    expect(rest).toMatchObject({ source: "DASHBOARD", amountCents: 100, creditNoteId: null });
    expect((await openDifference(finance)).amountCents - before.amountCents).toBe(100);
    const after = await fulfilmentCounts(order.id);
    expect(after.licences.filter((l) => l.status === "REVOKED")).toHaveLength(1);
    expect(after.order.status).toBe("PARTIALLY_REFUNDED");
    expect(stripe.requests.filter((r) => r.path === "/v1/refunds")).toHaveLength(0);
    expect(await db.auditLog.count({ where: { action: "refund.processed", entityId: order.id } })).toBe(1);

    // Posting the processed row again is refused (409); the page shows the linked credit note.
    expect((await post(queued.id, { intent: "process", [`qty-${line.id}`]: "1" }, finance)).status).toBe(409);
    const page = await processLoader({
      request: getRequest(`/financien/terugbetalingen/${queued.id}`, { cookie: finance }),
      params: { refundId: queued.id },
      context: {},
    });
    expect(page).toMatchObject({ toProcess: false, creditNote: { number: credit.number } });
    // A replay of the charge.refunded event records nothing new.
    const charge = {
      id: `ch_${pi.slice(3)}`,
      object: "charge",
      payment_intent: pi,
      amount: order.grossCents,
      amount_refunded: amount,
      refunded: false,
    };
    expect(await (await deliver(chargeRefundedEvent(charge))).json()).toMatchObject({ result: "UNCHANGED" });
    expect(await db.refund.count({ where: { paymentId: payment.id } })).toBe(2);
  });

  it("only operator finance sees the queue", async () => {
    const school = await cookieFor("administratie@leerwinkel.test");
    expect(
      (
        (await run(() =>
          queueLoader({
            request: getRequest("/financien/terugbetalingen", { cookie: school }),
            params: {},
            context: {},
          }),
        )) as Response
      ).status,
    ).toBe(403);
    const finance = await cookieFor("financien@leerwinkel.test");
    expect(
      (
        (await run(() =>
          processLoader({
            request: getRequest("/financien/terugbetalingen/nope", { cookie: finance }),
            params: { refundId: "nope" },
            context: {},
          }),
        )) as Response
      ).status,
    ).toBe(404);
  });
});
