/**
 * POST /api/vat/quote (DESIGN §4): public, no login, rate-limited; prices a document without a
 * stored catalogue. The one implementation of the endpoint — request checks, rate limit, pricing
 * and the response shape — answered as a plain `{ status, headers, body }` so that the HTTP layer
 * serving it stays thin.
 *
 * It writes nothing per request and reads nothing per request either: the rate limit is counted in
 * this instance's memory (its share of the limit, see rate-limit.server.ts) and the VAT schedule is
 * held in memory (vat-schedule.server.ts). docs/decisions/010-sqlite-server-config-and-hot-reads.md.
 */
import { MemoryRateLimiter, perInstanceLimit } from "~/modules/auth/rate-limit.server";
import { onResetAppState } from "~/app-state.server";
import { domainErrorAnswer } from "~/modules/forms/answer.server";
import { loadVatRatesOn } from "~/modules/vat/vat-schedule.server";
import { priceValidatedDocument } from "./price-document";
import { parseQuoteRequestText } from "./quote-request";
import { toQuoteResponse } from "./quote-response";

export const QUOTE_PATH = "/api/vat/quote";
export const DEFAULT_QUOTE_RATE_LIMIT_PER_MINUTE = 60;
export const QUOTE_RATE_WINDOW_SECONDS = 60;
export const MAX_QUOTE_BODY_BYTES = 2_000_000;

/**
 * Quotes per client address per minute for the whole site: 60 unless QUOTE_RATE_LIMIT_PER_MINUTE
 * holds a positive whole number (the load benchmark raises it; read per request, so a value that
 * is not a positive integer falls back to the default instead of lifting the limit). Each instance
 * allows its share of it (INSTANCE_COUNT).
 */
export function quoteRateLimitPerMinute(): number {
  const configured = Number(process.env.QUOTE_RATE_LIMIT_PER_MINUTE);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_QUOTE_RATE_LIMIT_PER_MINUTE;
}

declare global {
  // One per process, whichever copy of this module (Remix build, server entry) is asked.
  var __leerwinkelQuoteRateLimiter: MemoryRateLimiter | undefined;
}

/** This instance's quote counts per client address. */
export const quoteRateLimiter: MemoryRateLimiter = (globalThis.__leerwinkelQuoteRateLimiter ??= new MemoryRateLimiter(
  QUOTE_RATE_WINDOW_SECONDS,
));
onResetAppState(() => quoteRateLimiter.clear());

export interface QuoteAnswer {
  status: number;
  headers: Record<string, string>;
  /** JSON text */
  body: string;
}

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } as const;

function json(body: unknown, status: number, headers: Record<string, string> = {}): QuoteAnswer {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** The answer to anything but POST. */
export function quoteMethodNotAllowed(): QuoteAnswer {
  return json({ error: "Use POST with a JSON body.", field: null }, 405, { Allow: "POST" });
}

/** Counts one quote for the address; the 429 answer when it is over this instance's share of the limit. */
export function quoteRateLimited(clientAddress: string, now: number = Date.now()): QuoteAnswer | null {
  if (quoteRateLimiter.hit(clientAddress, perInstanceLimit(quoteRateLimitPerMinute()), now)) return null;
  return json({ error: "Too many quotes; try again in a minute.", field: null }, 429, {
    "Retry-After": String(QUOTE_RATE_WINDOW_SECONDS),
  });
}

/** Prices the request body (JSON text): 200 with the quote, or the domain error's status with `{ error, field }`. */
export async function answerQuote(text: string): Promise<QuoteAnswer> {
  if (text.length > MAX_QUOTE_BODY_BYTES) {
    return json({ error: "The request body is too large.", field: "body" }, 413);
  }
  try {
    const { date, input } = parseQuoteRequestText(text);
    const context = await loadVatRatesOn(date);
    return json(toQuoteResponse(date, priceValidatedDocument(input, context)), 200);
  } catch (error) {
    // PricingError names its input path, VatError the date: `{ error, field }` with the error's status (400).
    const refused = domainErrorAnswer(error, "json");
    return { status: refused.status, headers: { ...JSON_HEADERS }, body: await refused.text() };
  }
}

/** The whole endpoint for one request: method, rate limit, then the quote. */
export async function handleQuote(method: string, clientAddress: string, readBody: () => Promise<string>) {
  if (method !== "POST") return quoteMethodNotAllowed();
  return quoteRateLimited(clientAddress) ?? answerQuote(await readBody());
}
