/**
 * GET /api/v1/entitlements and GET /api/v1/entitlements/changes (issue 16 §2, §4): the HTTP side of
 * entitlements.server.ts. Like the quote API (app/modules/pricing/quote-api.server.ts): JSON
 * `{ error, field }` in English for every refusal, a rate limit counted in this instance's memory —
 * here per API client, not per address — and no session. Every call is audited, refused ones too
 * (entity ApiClient; "unknown" when no valid key was given).
 *
 * Statuses: 401 missing or unknown key; 403 a revoked key, or an `ean` of another publisher's
 * product (outside the key's scope); 404 an `ean` no product has (and, in app/routes/api.v1.$.ts,
 * any path under /api/v1 that is not an endpoint); 400 a bad parameter; 429 over the limit; 200
 * otherwise. A pupil with no licences of the client's publisher (or unknown to the shop, or at a
 * school that does not accept local pseudonyms for it) is 200 with an empty list, never 404: the
 * answer does not tell whether the pupil exists elsewhere.
 *
 * A pupil is named either by `eckId` (looked up at every school with an agreement) or, for a
 * school-local pseudonym (§4), by `pseudonym` together with `school` (its BRIN, or the school id
 * the change feed gave) — local pseudonyms are unique only within a school.
 */
import { audit } from "~/modules/audit/audit-log.server";
import { MemoryRateLimiter, perInstanceLimit } from "~/modules/auth/rate-limit.server";
import { onResetAppState } from "~/app-state.server";
import { db } from "~/db.server";
import { isValidEan13 } from "~/modules/catalog/ean";
import { ECK_ID, isAcceptablePseudonym } from "~/modules/packages/pseudonym-csv";
import { authenticateApiClient, hashApiKey, type AuthenticatedApiClient } from "./api-clients.server";
import {
  changesFor,
  decodeCursor,
  entitlementsFor,
  localEntitlementsFor,
  schoolByReference,
  type Entitlement,
} from "./entitlements.server";
import { pseudonymKind } from "./pseudonym-kind";

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
onResetAppState(() => entitlementsRateLimiter.clear());

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } as const;

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

function refused(status: number, error: string, field: string | null, headers: Record<string, string> = {}) {
  return json({ error, field }, status, headers);
}

type Endpoint = "entitlements" | "entitlements-changes";

/** Whether the Authorization header names a key that exists but was revoked (403, not 401). */
async function isRevokedKey(authorization: string | null): Promise<{ id: string } | null> {
  const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(authorization ?? "");
  if (!match) return null;
  const client = await db.apiClient.findUnique({
    where: { keyHash: hashApiKey(match[1]!) },
    select: { id: true, revokedAt: true },
  });
  return client?.revokedAt ? { id: client.id } : null;
}

/** Authentication and rate limit shared by both endpoints: the client, or the refusal to send. */
async function admit(request: Request, endpoint: Endpoint): Promise<AuthenticatedApiClient | Response> {
  const authorization = request.headers.get("Authorization");
  const client = await authenticateApiClient(authorization);
  if (!client) {
    const revoked = await isRevokedKey(authorization);
    if (revoked) {
      await audit({ action: `api.${endpoint}`, entity: "ApiClient", entityId: revoked.id, detail: { status: 403 } });
      return refused(403, "API-sleutel is ingetrokken: this API key was revoked; ask the shop for a new one.", null);
    }
    await audit({ action: `api.${endpoint}`, entity: "ApiClient", entityId: "unknown", detail: { status: 401 } });
    return refused(401, "Missing or unknown API key; send Authorization: Bearer <key>.", null, {
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

type Refusal = { status: 400 | 403 | 404; error: string; field: string };

/** Who the lookup is about: an ECK iD, or a school-local pseudonym at a school — or what is wrong. */
function pupilOf(params: URLSearchParams): { eckId: string } | { pseudonym: string; school: string } | Refusal {
  const eckId = params.get("eckId")?.trim() ?? "";
  const pseudonym = params.get("pseudonym")?.trim() ?? "";
  const school = params.get("school")?.trim() ?? "";
  if (eckId && pseudonym)
    return { status: 400, error: "Give either eckId, or pseudonym with school, not both.", field: "pseudonym" };
  if (pseudonym) {
    if (pseudonymKind(pseudonym) === "ECK_ID")
      return { status: 400, error: "pseudonym is an ECK iD; give it as the eckId parameter.", field: "pseudonym" };
    if (!isAcceptablePseudonym(pseudonym))
      return {
        status: 400,
        error: "pseudonym is not a school-local pseudonym (a UUID or a hex token of 16-128 digits).",
        field: "pseudonym",
      };
    if (!/^[0-9A-Za-z_-]{2,64}$/.test(school))
      return {
        status: 400,
        error: school
          ? "school is not a BRIN or school id."
          : "A local pseudonym is unique only within its school: give the school's BRIN as the school parameter.",
        field: "school",
      };
    return { pseudonym, school };
  }
  if (!ECK_ID.test(eckId))
    return {
      status: 400,
      error: eckId
        ? "eckId is not an ECK iD (https://ketenid.nl/201703/<hex>)."
        : "Give the pupil's ECK iD as the eckId parameter (or a school-local pseudonym as pseudonym, with school).",
      field: "eckId",
    };
  return { eckId };
}

/** The optional `ean` filter: null when absent, the EAN when it is the client's publisher's product. */
async function eanFilter(params: URLSearchParams, publisherId: string): Promise<string | null | Refusal> {
  const raw = params.get("ean");
  if (raw === null || raw.trim() === "") return null;
  const ean = raw.trim();
  if (!isValidEan13(ean))
    return { status: 400, error: "ean is not an EAN-13 (13 digits with a valid check digit).", field: "ean" };
  const offer = await db.offer.findFirst({ where: { ean }, select: { title: { select: { publisherId: true } } } });
  if (!offer) return { status: 404, error: "No product has this EAN.", field: "ean" };
  if (offer.title.publisherId !== publisherId)
    return { status: 403, error: "This EAN is another publisher's product; the key covers its own.", field: "ean" };
  return ean;
}

const isRefusal = (value: unknown): value is Refusal =>
  typeof value === "object" && value !== null && "status" in value && "error" in value;

async function refuseLookup(client: AuthenticatedApiClient, refusal: Refusal): Promise<Response> {
  await audit({
    action: "api.entitlements",
    entity: "ApiClient",
    entityId: client.id,
    detail: { status: refusal.status, field: refusal.field },
  });
  return refused(refusal.status, refusal.error, refusal.field);
}

/** GET /api/v1/entitlements?eckId=…, or ?pseudonym=…&school=…; optionally &ean=… */
export async function handleEntitlements(request: Request): Promise<Response> {
  const client = await admit(request, "entitlements");
  if (client instanceof Response) return client;
  const params = new URL(request.url).searchParams;
  const pupil = pupilOf(params);
  if (isRefusal(pupil)) return refuseLookup(client, pupil);
  const ean = await eanFilter(params, client.publisherId);
  if (isRefusal(ean)) return refuseLookup(client, ean);
  const only = (list: Entitlement[]) => (typeof ean === "string" ? list.filter((e) => e.ean === ean) : list);
  if ("eckId" in pupil) {
    const entitlements = only(await entitlementsFor(client.publisherId, pupil.eckId));
    await audit({
      action: "api.entitlements",
      entity: "ApiClient",
      entityId: client.id,
      detail: { status: 200, eckId: pupil.eckId, ean, count: entitlements.length },
    });
    return json({ pseudonymKind: "ECK_ID", eckId: pupil.eckId, entitlements }, 200);
  }
  const school = await schoolByReference(pupil.school);
  const entitlements = school ? only(await localEntitlementsFor(client.publisherId, school.id, pupil.pseudonym)) : [];
  await audit({
    action: "api.entitlements",
    entity: "ApiClient",
    entityId: client.id,
    detail: { status: 200, pseudonym: pupil.pseudonym, school: pupil.school, ean, count: entitlements.length },
  });
  return json({ pseudonymKind: "LOCAL", pseudonym: pupil.pseudonym, school: pupil.school, entitlements }, 200);
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

/** Any other path under /api/v1 (app/routes/api.v1.$.ts): a JSON 404, not the shop's HTML page. */
export function handleUnknownApiPath(request: Request): Response {
  const path = new URL(request.url).pathname;
  return refused(404, `No such endpoint: ${path}. See /api/v1/openapi.json.`, null);
}

/** Any method but GET on an endpoint: a JSON 405 naming the one method there is. */
export function handleMethodNotAllowed(): Response {
  return refused(405, "Only GET is supported here.", null, { Allow: "GET" });
}
