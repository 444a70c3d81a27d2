/**
 * GET /api/v1/entitlements and GET /api/v1/entitlements/changes (issue 16 §2): the HTTP side of
 * entitlements.server.ts. Like the quote API (app/modules/pricing/quote-api.server.ts): JSON
 * `{ error, field }` in English for every refusal, a rate limit counted in this instance's memory —
 * here per API client, not per address — and no session. Every call is audited, refused ones too
 * (entity ApiClient; "unknown" when no valid key was given).
 *
 * Statuses: 401 missing/unknown/revoked key, 400 a bad parameter, 429 over the limit, 200 otherwise.
 * A pupil with no licences of the client's publisher (or unknown to the shop) is 200 with an empty
 * list, never 404: the answer does not tell whether the pupil exists elsewhere.
 */
import { audit } from "~/modules/audit/audit-log.server";
import { MemoryRateLimiter, perInstanceLimit } from "~/modules/auth/rate-limit.server";
import { ECK_ID } from "~/modules/packages/pseudonym-csv";
import { authenticateApiClient, type AuthenticatedApiClient } from "./api-clients.server";
import { changesFor, decodeCursor, entitlementsFor } from "./entitlements.server";

export const DEFAULT_ENTITLEMENTS_RATE_LIMIT_PER_MINUTE = 600;
export const ENTITLEMENTS_RATE_WINDOW_SECONDS = 60;

/** Calls per API client per minute for the whole site: 600 unless ENTITLEMENTS_RATE_LIMIT_PER_MINUTE is a positive integer. */
export function entitlementsRateLimitPerMinute(): number {
  const configured = Number(process.env.ENTITLEMENTS_RATE_LIMIT_PER_MINUTE);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_ENTITLEMENTS_RATE_LIMIT_PER_MINUTE;
}

declare global {
  // One per process, whichever copy of this module (Remix build, server entry) is asked.
  var __leerwinkelEntitlementsRateLimiter: MemoryRateLimiter | undefined;
}

export const entitlementsRateLimiter: MemoryRateLimiter = (globalThis.__leerwinkelEntitlementsRateLimiter ??=
  new MemoryRateLimiter(ENTITLEMENTS_RATE_WINDOW_SECONDS));

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } as const;

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

function refused(status: number, error: string, field: string | null, headers: Record<string, string> = {}) {
  return json({ error, field }, status, headers);
}

type Endpoint = "entitlements" | "entitlements-changes";

/** Authentication and rate limit shared by both endpoints: the client, or the refusal to send. */
async function admit(request: Request, endpoint: Endpoint): Promise<AuthenticatedApiClient | Response> {
  const client = await authenticateApiClient(request.headers.get("Authorization"));
  if (!client) {
    await audit({ action: `api.${endpoint}`, entity: "ApiClient", entityId: "unknown", detail: { status: 401 } });
    return refused(401, "Missing, unknown or revoked API key; send Authorization: Bearer <key>.", null, {
      "WWW-Authenticate": 'Bearer realm="leerwinkel"',
    });
  }
  if (!entitlementsRateLimiter.hit(client.id, perInstanceLimit(entitlementsRateLimitPerMinute()))) {
    await audit({ action: `api.${endpoint}`, entity: "ApiClient", entityId: client.id, detail: { status: 429 } });
    return refused(429, "Too many requests; try again in a minute.", null, {
      "Retry-After": String(ENTITLEMENTS_RATE_WINDOW_SECONDS),
    });
  }
  return client;
}

/** GET /api/v1/entitlements?eckId=… */
export async function handleEntitlements(request: Request): Promise<Response> {
  const client = await admit(request, "entitlements");
  if (client instanceof Response) return client;
  const eckId = new URL(request.url).searchParams.get("eckId")?.trim() ?? "";
  if (!ECK_ID.test(eckId)) {
    await audit({ action: "api.entitlements", entity: "ApiClient", entityId: client.id, detail: { status: 400 } });
    return refused(
      400,
      eckId
        ? "eckId is not an ECK iD (https://ketenid.nl/201703/<hex>)."
        : "Give the pupil's ECK iD as the eckId parameter.",
      "eckId",
    );
  }
  const entitlements = await entitlementsFor(client.publisherId, eckId);
  await audit({
    action: "api.entitlements",
    entity: "ApiClient",
    entityId: client.id,
    detail: { status: 200, eckId, count: entitlements.length },
  });
  return json({ eckId, entitlements }, 200);
}

/** GET /api/v1/entitlements/changes?after=<cursor> (no cursor: from the start) */
export async function handleEntitlementChanges(request: Request): Promise<Response> {
  const client = await admit(request, "entitlements-changes");
  if (client instanceof Response) return client;
  const after = new URL(request.url).searchParams.get("after");
  const afterId = after === null || after === "" ? 0 : decodeCursor(after);
  if (afterId === null) {
    await audit({
      action: "api.entitlements-changes",
      entity: "ApiClient",
      entityId: client.id,
      detail: { status: 400 },
    });
    return refused(400, "after is not a cursor this API gave out; use the `next` of an earlier page.", "after");
  }
  const page = await changesFor(client.publisherId, afterId);
  await audit({
    action: "api.entitlements-changes",
    entity: "ApiClient",
    entityId: client.id,
    detail: { status: 200, after: after ?? null, count: page.changes.length },
  });
  return json(page, 200);
}
