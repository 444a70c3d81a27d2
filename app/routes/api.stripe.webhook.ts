/**
 * POST /api/stripe/webhook — Stripe's events (DESIGN.md §6). The raw body is verified and
 * processed by the payments module; the route only forwards the request.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook } from "~/modules/payments/webhook.server";

export async function action({ request }: ActionFunctionArgs) {
  return handleStripeWebhook(request);
}

export async function loader() {
  return new Response(JSON.stringify({ error: "Method not allowed" }), {
    status: 405,
    headers: { "Content-Type": "application/json", Allow: "POST" },
  });
}
