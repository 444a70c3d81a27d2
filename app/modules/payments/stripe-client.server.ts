/**
 * The one Stripe SDK instance (DESIGN.md §6: Stripe is reached only through this module).
 * Configured from the environment: STRIPE_SECRET_KEY, and — for tests against the local
 * Stripe-compatible server — STRIPE_API_HOST ("127.0.0.1:12111") and STRIPE_API_PROTOCOL.
 */
import Stripe from "stripe";
import { env } from "~/env.server";
import { onResetAppState } from "~/app-state.server";
import { isTestPaymentMode } from "./mode.server";

/** Signs the events of the test-payment mode when no STRIPE_WEBHOOK_SECRET is configured. */
export const LOCAL_TEST_WEBHOOK_SECRET = "whsec_leerwinkel_local_test_mode_only";

let instance: { key: string; host: string | undefined; client: Stripe } | undefined;
onResetAppState(() => (instance = undefined));

export class StripeNotConfiguredError extends Error {}

export function stripeClient(): Stripe {
  const config = env();
  const key = config.STRIPE_SECRET_KEY;
  if (!key)
    throw new StripeNotConfiguredError("STRIPE_SECRET_KEY is not set (test-payment mode has no Stripe client).");
  if (instance && instance.key === key && instance.host === config.STRIPE_API_HOST) return instance.client;
  const options: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: "Leerwinkel" } };
  if (config.STRIPE_API_HOST) {
    const [host, port] = config.STRIPE_API_HOST.split(":");
    options.host = host;
    if (port) options.port = Number(port);
  }
  if (config.STRIPE_API_PROTOCOL) options.protocol = config.STRIPE_API_PROTOCOL;
  instance = { key, host: config.STRIPE_API_HOST, client: new Stripe(key, options) };
  return instance.client;
}

/** Signature verification needs no API key: the SDK's static webhook helpers. */
export function stripeWebhooks(): Stripe.Webhooks {
  return Stripe.webhooks;
}

/**
 * The secret that webhook signatures are checked against: STRIPE_WEBHOOK_SECRET, or in
 * test-payment mode a fixed local secret (the test page signs with the same one).
 */
export function webhookSecret(): string {
  const configured = env().STRIPE_WEBHOOK_SECRET;
  if (configured) return configured;
  if (isTestPaymentMode()) return LOCAL_TEST_WEBHOOK_SECRET;
  throw new StripeNotConfiguredError(
    "No webhook secret: set STRIPE_WEBHOOK_SECRET (with STRIPE_SECRET_KEY), or PAYMENTS_TEST_MODE=1 for the test-payment mode.",
  );
}
