import type { ActionFunctionArgs } from "@remix-run/node";
import { clientIp, hitRateLimit } from "~/modules/auth/rate-limit.server";
import { PricingError, priceDocument } from "~/modules/pricing";
import { parseQuoteRequestText } from "~/modules/vat/quote-request";
import { toQuoteResponse } from "~/modules/vat/quote-response";
import { VatError } from "~/modules/vat/vat-error";
import { loadVatRatesOn } from "~/modules/vat/vat-schedule.server";

// DESIGN §4: public, no login, rate-limited; prices a document without a stored catalogue.
const RATE_LIMIT = 60;
const RATE_WINDOW_SECONDS = 60;
const MAX_BODY_BYTES = 2_000_000;

function jsonResponse(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export async function loader() {
  return jsonResponse({ error: "Use POST with a JSON body.", field: null }, 405, { Allow: "POST" });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") {
    return jsonResponse({ error: "Use POST with a JSON body.", field: null }, 405, { Allow: "POST" });
  }
  if (!(await hitRateLimit(`vat-quote:${clientIp(request)}`, RATE_LIMIT, RATE_WINDOW_SECONDS))) {
    return jsonResponse({ error: "Too many quotes; try again in a minute.", field: null }, 429, {
      "Retry-After": String(RATE_WINDOW_SECONDS),
    });
  }
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) {
    return jsonResponse({ error: "The request body is too large.", field: "body" }, 413);
  }
  try {
    const { date, input } = parseQuoteRequestText(text);
    const ctx = await loadVatRatesOn(date);
    return jsonResponse(toQuoteResponse(date, priceDocument(input, ctx)), 200);
  } catch (error) {
    if (error instanceof PricingError) return jsonResponse({ error: error.message, field: error.field }, 400);
    if (error instanceof VatError) return jsonResponse({ error: error.message, field: error.field ?? "date" }, 400);
    throw error;
  }
}
