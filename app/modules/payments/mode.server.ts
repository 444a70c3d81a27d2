import { env } from "~/env.server";

/** Without a Stripe key the shop runs in a clearly labelled test-payment mode (DESIGN.md §6). */
export function isTestPaymentMode(): boolean {
  return !env().STRIPE_SECRET_KEY;
}
