import { env } from "~/env.server";

/**
 * Without a Stripe key the shop runs in a clearly labelled test-payment mode (DESIGN.md §6) whose
 * pay page signs events with a fixed, public local secret. In production that would let anyone
 * mark an order paid, so there it needs an explicit PAYMENTS_TEST_MODE=1 (the README's demo
 * and the e2e server set it); otherwise online payment is simply unavailable.
 */
export function isTestPaymentMode(): boolean {
  return !env().STRIPE_SECRET_KEY && (env().NODE_ENV !== "production" || process.env.PAYMENTS_TEST_MODE === "1");
}

/** Whether online payment can be offered at all (Stripe configured, or test mode allowed). */
export function onlinePaymentAvailable(): boolean {
  return !!env().STRIPE_SECRET_KEY || isTestPaymentMode();
}
