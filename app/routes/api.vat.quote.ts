import type { ActionFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/modules/auth/rate-limit.server";
import { handleQuote, quoteMethodNotAllowed, type QuoteAnswer } from "~/modules/pricing/quote-api.server";

// DESIGN §4: public, no login, rate-limited; the endpoint lives in app/modules/pricing/quote-api.server.ts.

function toResponse(answer: QuoteAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

export async function loader() {
  return toResponse(quoteMethodNotAllowed());
}

export async function action({ request, context }: ActionFunctionArgs) {
  return toResponse(await handleQuote(request.method, clientIp(context), () => request.text()));
}
