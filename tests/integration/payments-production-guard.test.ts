/**
 * In production without Stripe keys the public test-mode secret must open nothing: no test
 * payment page, no webhook accepted (anyone could otherwise mark an order paid).
 */
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "~/env.server";
import { startOnlinePayment } from "~/modules/payments/checkout-session.server";
import { handleStripeWebhook } from "~/modules/payments/webhook.server";
import { LOCAL_TEST_WEBHOOK_SECRET } from "~/modules/payments/stripe-client.server";
import { isTestPaymentMode } from "~/modules/payments/mode.server";
import { db } from "~/db.server";
import { placeParentOrder } from "./payments-fixtures";

const saved = { NODE_ENV: process.env.NODE_ENV, SESSION_SECRET: process.env.SESSION_SECRET };
afterEach(() => {
  process.env.NODE_ENV = saved.NODE_ENV;
  delete process.env.PAYMENTS_TEST_MODE;
  resetEnvForTests();
});

function production(flag?: string) {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  process.env.NODE_ENV = "production";
  process.env.SESSION_SECRET = saved.SESSION_SECRET ?? "test-secret";
  if (flag) process.env.PAYMENTS_TEST_MODE = flag;
  resetEnvForTests();
}

describe("test-payment mode in production", () => {
  it("is off without PAYMENTS_TEST_MODE=1: paying is refused and test-signed webhooks are not accepted", async () => {
    const fx = await placeParentOrder("guard-1");
    const orderId = fx.order.id;
    production();
    expect(isTestPaymentMode()).toBe(false);
    await expect(startOnlinePayment(orderId, fx.parent.id)).rejects.toMatchObject({ code: "PROVIDER" });
    const payload = JSON.stringify({
      id: "evt_guard",
      object: "event",
      type: "checkout.session.completed",
      data: { object: { id: "cs_x", object: "checkout.session", metadata: { orderId } } },
    });
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: LOCAL_TEST_WEBHOOK_SECRET });
    const response = await handleStripeWebhook(
      new Request("http://localhost/api/stripe/webhook", {
        method: "POST",
        body: payload,
        headers: { "Stripe-Signature": header },
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("AWAITING_PAYMENT");
  });

  it("is on with PAYMENTS_TEST_MODE=1 (the README's demo)", async () => {
    const fx = await placeParentOrder("guard-2");
    const orderId = fx.order.id;
    production("1");
    expect(isTestPaymentMode()).toBe(true);
    expect((await startOnlinePayment(orderId, fx.parent.id)).redirectTo).toMatch(/^\/betalen\/test\/cs_test_local_/);
  });
});
