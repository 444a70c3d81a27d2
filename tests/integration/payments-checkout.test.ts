import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { placeOrder } from "~/modules/orders/orders.server";
import { parseFrozen } from "~/modules/pricing/frozen-pricing";
import { action as payAction, loader as payLoader } from "~/routes/betalen.$orderId";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";
import type { StripeTestServer } from "../support/stripe-test-server";
import { placeParentOrder, useStripeTestServer } from "./payments-fixtures";

let stripe: StripeTestServer;
beforeAll(async () => {
  stripe = await useStripeTestServer();
});
afterAll(async () => {
  await stripe.close();
});
beforeEach(() => stripe.reset());

type LineItem = {
  quantity: string;
  price_data: { currency: string; unit_amount: string; product_data: { name: string } };
};

async function pay(orderId: string, email = "ouder@leerwinkel.test") {
  const cookie = await cookieFor(email);
  return run(() =>
    payAction({ request: formRequest(`/betalen/${orderId}`, {}, { cookie }), params: { orderId }, context: {} }),
  );
}

describe("starting an online payment", () => {
  it("sends Stripe exactly the frozen order: one line per order line, shipping, EUR, iDEAL + card, metadata", async () => {
    const { order } = await placeParentOrder("pay-exact");
    const frozen = parseFrozen(order.breakdownJson);
    expect(frozen.breakdown.charges).toHaveLength(0); // parents' packages travel with the school's delivery

    const response = await pay(order.id);
    expect(response).toBeInstanceOf(Response);
    const created = stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
    expect(created).toHaveLength(1);
    const sent = created[0]!;
    expect((response as Response).headers.get("Location")).toMatch(
      /^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/,
    );
    expect(sent.headers.authorization).toBe("Bearer sk_test_123");
    expect(sent.idempotencyKey).toBe(`checkout-${order.id}-1`);
    expect(sent.body).toMatchObject({
      mode: "payment",
      currency: "eur",
      payment_method_types: ["ideal", "card"],
      metadata: { orderId: order.id, orderNumber: order.number },
    });
    expect(String(sent.body.success_url)).toBe("http://localhost/betalen/gelukt?session_id={CHECKOUT_SESSION_ID}");
    expect(String(sent.body.cancel_url)).toBe(`http://localhost/betalen/geannuleerd?order=${order.id}`);

    const items = sent.body.line_items as LineItem[];
    expect(items).toHaveLength(order.lines.length);
    // Parent orders are priced incl. VAT: each line charges exactly the line's gross amount.
    order.lines.forEach((line, i) => {
      expect(items[i]!.price_data.currency).toBe("eur");
      expect(Number(items[i]!.price_data.unit_amount) * Number(items[i]!.quantity)).toBe(line.lineAmountCents);
    });
    const sum = items.reduce((s, it) => s + Number(it.price_data.unit_amount) * Number(it.quantity), 0);
    expect(sum).toBe(order.grossCents);

    const payment = await db.payment.findFirstOrThrow({ where: { orderId: order.id } });
    expect(payment).toMatchObject({
      provider: "stripe",
      status: "OPEN",
      amountCents: order.grossCents,
      currency: "eur",
    });
    expect(payment.checkoutSessionId).toMatch(/^cs_test_/);
    expect(stripe.sessions.get(payment.checkoutSessionId)!.amount_total).toBe(order.grossCents);
  });

  it("a second click resumes the open session instead of opening a second payable one", async () => {
    const { order } = await placeParentOrder("pay-twice");
    const first = (await pay(order.id)) as Response;
    const second = (await pay(order.id)) as Response;
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions")).toHaveLength(1);
    expect(await db.payment.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("a school order paid online: VAT per rate over the document, a shipping line, and the lines still sum exactly to the gross", async () => {
    const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const admin = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
    const offers = await db.offer.findMany({ where: { title: { name: "Getal & Ruimte havo 2" } } });
    const placed = await placeOrder({
      kind: "SCHOOL",
      paymentMethod: "ONLINE",
      schoolId: school.id,
      userId: admin.id,
      idempotencyKey: "school-online",
      poNumber: "PO-ONLINE",
      items: offers.map((o) => ({ offerId: o.id, quantity: o.supply === "electronic" ? 7 : 1 })),
    });
    const order = await db.order.findUniqueOrThrow({ where: { id: placed.orderId }, include: { lines: true } });
    expect(order.pricesIncludeVat).toBe(false);
    expect(parseFrozen(order.breakdownJson).breakdown.charges.length).toBeGreaterThan(0); // a small school order pays shipping
    const response = (await pay(order.id, "school@leerwinkel.test")) as Response;
    expect(response.status).toBe(302);
    const items = stripe.requests.find((r) => r.path === "/v1/checkout/sessions")!.body.line_items as LineItem[];
    expect(items.reduce((s, it) => s + Number(it.price_data.unit_amount) * Number(it.quantity), 0)).toBe(
      order.grossCents,
    );
    for (const item of items) expect(Number.isInteger(Number(item.price_data.unit_amount))).toBe(true);
    expect(items.at(-1)!.price_data.product_data.name).toBe("Verzendkosten");
    expect(items).toHaveLength(order.lines.length + 1);
  });

  it("refuses an order of someone else (404) and an order that is not awaiting payment", async () => {
    const { order } = await placeParentOrder("pay-foreign");
    const foreign = answer(await pay(order.id, "school@leerwinkel.test"));
    expect(foreign).toMatchObject({ status: 404, formError: "Deze bestelling bestaat niet." });
    await db.order.update({ where: { id: order.id }, data: { status: "CANCELLED" } });
    const result = await pay(order.id);
    expect(answer(result)).toMatchObject({
      status: 409,
      formError: "Deze bestelling is geannuleerd en kan niet meer worden betaald.",
    });
    expect(stripe.requests).toHaveLength(0);
  });

  it("when Stripe refuses, the page says so and no payment is recorded", async () => {
    const { order } = await placeParentOrder("pay-down");
    stripe.failNext(/^\/v1\/checkout\/sessions$/);
    const result = await pay(order.id);
    expect(answer(result)).toMatchObject({
      status: 502,
      formError: "De betaalpagina kon niet worden geopend. Probeer het over een paar minuten opnieuw.",
    });
    expect(await db.payment.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("the Betalen page shows the total to pay", async () => {
    const { order } = await placeParentOrder("pay-page");
    const data = await payLoader({
      request: getRequest(`/betalen/${order.id}`, { cookie: await cookieFor("ouder@leerwinkel.test") }),
      params: { orderId: order.id },
      context: {},
    });
    expect(data).toMatchObject({ number: order.number, payable: true, testMode: false });
    expect((data as { gross: string }).gross).toMatch(/^€\s\d/);
  });
});
