import type { ActionFunctionArgs } from "@remix-run/node";
import { clientIp, hitRateLimit } from "~/modules/auth/rate-limit.server";
import { domainErrorAnswer } from "~/modules/forms/answer.server";
import { priceValidatedDocument } from "~/modules/pricing";
import { parseQuoteRequestText } from "~/modules/pricing/quote-request";
import { toQuoteResponse } from "~/modules/pricing/quote-response";
import { loadVatRatesOn } from "~/modules/vat/vat-schedule.server";

// DESIGN §4: public, no login, rate-limited; prices a document without a stored catalogue.
const DEFAULT_RATE_LIMIT_PER_MINUTE = 60;
const RATE_WINDOW_SECONDS = 60;

/**
 * Quotes per client address per minute: 60 unless QUOTE_RATE_LIMIT_PER_MINUTE holds a
 * positive whole number (the load benchmark raises it; read per request, so a value
 * that is not a positive integer falls back to the default instead of lifting the limit).
 */
function rateLimitPerMinute(): number {
  const configured = Number(process.env.QUOTE_RATE_LIMIT_PER_MINUTE);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_RATE_LIMIT_PER_MINUTE;
}
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

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") {
    return jsonResponse({ error: "Use POST with a JSON body.", field: null }, 405, { Allow: "POST" });
  }
  if (!(await hitRateLimit(`vat-quote:${clientIp(context)}`, rateLimitPerMinute(), RATE_WINDOW_SECONDS))) {
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
    return jsonResponse(toQuoteResponse(date, priceValidatedDocument(input, ctx)), 200);
  } catch (error) {
    // PricingError names its input path, VatError the date: `{ error, field }` with the error's status (400).
    const refused = domainErrorAnswer(error, "json");
    refused.headers.set("Cache-Control", "no-store");
    return refused;
  }
}
