/**
 * Push delivery (issue 16 §3): an operator registers a webhook URL for an API client; every
 * licence change the client may see becomes a signed event POSTed to it, retried with back-off
 * until a 2xx answer, logged per attempt, and resendable by the operator.
 *
 * - `enqueueEvents`: per active endpoint (not disabled, client not revoked), the client's
 *   publisher's LicenceChange rows after the endpoint's cursor, through `changesFor` — the change
 *   feed of the entitlements API, so the SAME agreement gate and pseudonym rule (agreementGate,
 *   deliversPseudonym) and the same item — become PushEvents, and the cursor moves on, in one
 *   transaction. The first statement is a conditional write on the endpoint's cursor: a second
 *   worker enqueueing at the same moment waits for it (PostgreSQL row lock, SQLite write lock)
 *   and then finds the cursor moved, so each change becomes one event (also unique endpoint ×
 *   change). A new endpoint starts at cursor 0: it receives the client's history, like the feed.
 * - `deliverDue`: claims each due event with a lease (a conditional UPDATE of `lockedUntil` that
 *   must change exactly one row), POSTs it with a timeout, logs the attempt and sets DELIVERED,
 *   or the next attempt after `retryDelayMs`, or FAILED after MAX_ATTEMPTS. Two workers never
 *   send the same event at the same time. Events go out in change order, but a failing event does
 *   not hold back later ones: receivers dedupe by event id and order by `data.at`.
 * - `resendEvent`: the operator sends an event again under the SAME id (the receiver dedupes).
 */
import { randomBytes } from "node:crypto";
import { db, type Db, type Prisma } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { DomainError } from "~/modules/errors/domain-error";
import { changesFor, decodeCursor } from "./entitlements.server";
import { LOG_EVENTS_SHOWN, MAX_URL_LENGTH } from "./webhook-limits";
import {
  MAX_ATTEMPTS,
  SIGNATURE_HEADER,
  generateWebhookSecret,
  retryDelayMs,
  signatureHeader,
} from "./webhook-signing";

/** A POST that has not answered after this long counts as failed (timeout). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** How long a claim holds an event beyond the timeout, before another worker may take it over. */
const LEASE_MARGIN_MS = 30_000;
/** Changes read per enqueue transaction; events claimed per deliverDue round. */
const ENQUEUE_PAGE = 100;
const DELIVER_BATCH = 50;
/** The part of a receiver's error kept in the log. */
const MAX_ERROR_LENGTH = 200;

export class WebhookError extends DomainError<
  "BAD_URL" | "UNKNOWN_CLIENT" | "CLIENT_REVOKED" | "NOT_FOUND" | "ALREADY_DISABLED" | "IN_FLIGHT"
> {
  constructor(code: WebhookError["code"], message: string, field?: string) {
    const status = code === "BAD_URL" ? 400 : code === "NOT_FOUND" || code === "UNKNOWN_CLIENT" ? 404 : 409;
    super(code, message, { status, field });
  }
}

/** A public event id: evt_ and 128 random bits. */
export function newEventId(): string {
  return `evt_${randomBytes(16).toString("hex")}`;
}

/**
 * The URL as stored, or a Dutch message: http(s) only, at most 2000 characters, no user or
 * password in it; in production https only, unless WEBHOOK_ALLOW_HTTP=1 (tests, a local receiver).
 */
export function checkWebhookUrl(raw: string, env: NodeJS.ProcessEnv = process.env): string {
  const text = raw.trim();
  if (!text) throw new WebhookError("BAD_URL", "Vul het adres van de webhook in.", "url");
  if (text.length > MAX_URL_LENGTH)
    throw new WebhookError("BAD_URL", `Gebruik een adres van hoogstens ${MAX_URL_LENGTH} tekens.`, "url");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookError("BAD_URL", "Dit is geen geldig adres; begin met https://.", "url");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new WebhookError("BAD_URL", "Het adres moet met https:// beginnen.", "url");
  if (url.username || url.password)
    throw new WebhookError("BAD_URL", "Zet geen gebruikersnaam of wachtwoord in het adres.", "url");
  if (url.protocol === "http:" && env.NODE_ENV === "production" && env.WEBHOOK_ALLOW_HTTP !== "1")
    throw new WebhookError("BAD_URL", "Gebruik https://; een onversleuteld adres is niet toegestaan.", "url");
  return url.toString();
}

export interface CreatedEndpoint {
  id: string;
  url: string;
  /** The signing secret: shown once. */
  secret: string;
}

/** Registers a webhook for an active API client; audited (never with the secret). */
export async function createEndpoint(apiClientId: string, rawUrl: string, userId: string): Promise<CreatedEndpoint> {
  const url = checkWebhookUrl(rawUrl);
  const secret = generateWebhookSecret();
  return db.$transaction(async (tx) => {
    const client = await tx.apiClient.findUnique({ where: { id: apiClientId }, select: { revokedAt: true } });
    if (!client) throw new WebhookError("UNKNOWN_CLIENT", "Deze API-client bestaat niet.");
    if (client.revokedAt)
      throw new WebhookError("CLIENT_REVOKED", "Deze API-client is ingetrokken; er wordt niets meer geleverd.");
    const endpoint = await tx.webhookEndpoint.create({ data: { apiClientId, url, secret } });
    await audit(
      {
        userId,
        action: "webhook.create",
        entity: "WebhookEndpoint",
        entityId: endpoint.id,
        detail: { apiClientId, url },
      },
      tx,
    );
    return { id: endpoint.id, url, secret };
  });
}

/** Stops a webhook: nothing more is enqueued or sent to it. Audited. */
export async function disableEndpoint(endpointId: string, userId: string, now: Date = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { disabledAt: true } });
    if (!endpoint) throw new WebhookError("NOT_FOUND", "Deze webhook bestaat niet.");
    if (endpoint.disabledAt) throw new WebhookError("ALREADY_DISABLED", "Deze webhook is al uitgezet.");
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { disabledAt: now } });
    await audit({ userId, action: "webhook.disable", entity: "WebhookEndpoint", entityId: endpointId }, tx);
  });
}

// ---------------------------------------------------------------- enqueue

const activeEndpoint = { disabledAt: null, apiClient: { revokedAt: null } } as const;

/**
 * Turns new licence changes into events for every active endpoint; returns how many events were
 * created. Safe to run in several workers at once (see the module comment).
 */
export async function enqueueEvents(now: Date = new Date(), client: Db = db): Promise<{ created: number }> {
  const endpoints = await client.webhookEndpoint.findMany({
    where: activeEndpoint,
    select: { id: true, cursor: true, apiClient: { select: { publisherId: true } } },
    orderBy: { createdAt: "asc" },
  });
  let created = 0;
  for (const endpoint of endpoints) {
    let cursor = endpoint.cursor;
    for (;;) {
      const step = await client.$transaction(async (tx) => {
        // first statement a write: takes the endpoint's row (PG) or the database's write lock
        // (SQLite) and proves nobody moved the cursor since it was read
        const held = await tx.webhookEndpoint.updateMany({
          where: { id: endpoint.id, cursor, ...activeEndpoint },
          data: { cursor },
        });
        if (held.count !== 1) return null;
        const page = await changesFor(endpoint.apiClient.publisherId, cursor, { client: tx, pageSize: ENQUEUE_PAGE });
        const next = decodeCursor(page.next) ?? cursor;
        if (next === cursor) return { next, created: 0, more: false };
        const events = page.changes.map((item) => {
          const id = newEventId();
          const type = `licence.${item.kind}`;
          return {
            id,
            endpointId: endpoint.id,
            changeId: decodeCursor(item.cursor)!,
            type,
            payload: JSON.stringify({ id, type, created: now.toISOString(), data: item }),
            nextAttemptAt: now,
          };
        });
        if (events.length) await tx.pushEvent.createMany({ data: events });
        await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { cursor: next } });
        return { next, created: events.length, more: page.hasMore };
      });
      if (!step) break; // another worker is at it, or the endpoint just stopped
      created += step.created;
      cursor = step.next;
      if (!step.more) break;
    }
  }
  return { created };
}

// ---------------------------------------------------------------- deliver

export type FetchImpl = (url: string, init: RequestInit) => Promise<Response>;

export interface DeliverOptions {
  fetchImpl?: FetchImpl;
  timeoutMs?: number;
  client?: Db;
  /** At most this many events per call (the worker calls again on its next round). */
  limit?: number;
}

export interface DeliverResult {
  /** POSTs made */
  attempts: number;
  delivered: number;
  /** events that reached MAX_ATTEMPTS in this call */
  failed: number;
}

function shortError(error: unknown, timeoutMs: number, signal: AbortSignal): string {
  if (signal.aborted) return `timeout: geen antwoord binnen ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const text = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return text.slice(0, MAX_ERROR_LENGTH);
}

/** One POST of the body: the status code, or the error; never throws. */
async function post(
  url: string,
  body: string,
  eventId: string,
  secret: string,
  fetchImpl: FetchImpl,
  timeoutMs: number,
): Promise<{ statusCode: number | null; error: string | null; durationMs: number }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  try {
    const response = await fetchImpl(url, {
      method: "POST",
      body,
      redirect: "manual",
      signal: controller.signal,
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Leerwinkel-Webhooks/1",
        "Leerwinkel-Event-Id": eventId,
        [SIGNATURE_HEADER]: signatureHeader(body, Math.floor(Date.now() / 1000), secret),
      },
    });
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return {
      statusCode: response.status,
      error: ok ? null : `HTTP ${response.status}`,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      statusCode: null,
      error: shortError(error, timeoutMs, controller.signal),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends every event due at `now` (PENDING, next attempt reached, not leased, endpoint active),
 * oldest change first, until none is left that this call may claim (or `limit` were tried).
 */
export async function deliverDue(now: Date = new Date(), options: DeliverOptions = {}): Promise<DeliverResult> {
  const client = options.client ?? db;
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const result: DeliverResult = { attempts: 0, delivered: 0, failed: 0 };
  const limit = options.limit ?? 1000;
  const tried = new Set<string>();
  const claimable = {
    status: "PENDING",
    nextAttemptAt: { lte: now },
    OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
  } satisfies Prisma.PushEventWhereInput;
  for (;;) {
    const due = await client.pushEvent.findMany({
      where: { ...claimable, id: { notIn: [...tried] }, endpoint: activeEndpoint },
      orderBy: [{ changeId: "asc" }, { id: "asc" }],
      take: DELIVER_BATCH,
      select: { id: true },
    });
    if (due.length === 0 || tried.size >= limit) return result;
    for (const { id } of due) {
      tried.add(id);
      const lease = new Date(now.getTime() + timeoutMs + LEASE_MARGIN_MS);
      const claim = await client.pushEvent.updateMany({
        where: { id, ...claimable },
        data: { lockedUntil: lease },
      });
      if (claim.count !== 1) continue; // another worker has it, or it was just delivered
      const event = await client.pushEvent.findUniqueOrThrow({
        where: { id },
        select: { payload: true, attempts: true, endpoint: { select: { url: true, secret: true } } },
      });
      const outcome = await post(event.endpoint.url, event.payload, id, event.endpoint.secret, fetchImpl, timeoutMs);
      const attempts = event.attempts + 1;
      const delivered = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
      const gaveUp = !delivered && attempts >= MAX_ATTEMPTS;
      await client.$transaction([
        client.pushAttempt.create({
          data: {
            eventId: id,
            at: now,
            statusCode: outcome.statusCode,
            error: outcome.error,
            durationMs: outcome.durationMs,
          },
        }),
        // only while this claim still holds (an operator's resend resets the event meanwhile)
        client.pushEvent.updateMany({
          where: { id, lockedUntil: lease },
          data: {
            attempts,
            lockedUntil: null,
            lastStatusCode: outcome.statusCode,
            lastError: outcome.error,
            ...(delivered
              ? { status: "DELIVERED", deliveredAt: now }
              : gaveUp
                ? { status: "FAILED" }
                : { nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) }),
          },
        }),
      ]);
      result.attempts++;
      if (delivered) result.delivered++;
      if (gaveUp) result.failed++;
    }
  }
}

/** Delivered and given-up events (with their attempts) are kept this long, then deleted. */
export const PUSH_LOG_RETENTION_DAYS = 90;

/**
 * The retention of the delivery log (docs/decisions/007, run by `runMaintenance`): an event that
 * was delivered or given up, or that belongs to a disabled endpoint or a revoked client (it will
 * never be sent), goes with its attempts 90 days after it was created. Its payload names a pupil's
 * pseudonym; the publisher has it, the shop's copy only serves the log. The unique endpoint ×
 * change pair is not needed after that: the endpoint's cursor has passed the change.
 */
export async function deleteExpiredPushLog(now: Date = new Date()): Promise<number> {
  const where = {
    createdAt: { lt: new Date(now.getTime() - PUSH_LOG_RETENTION_DAYS * 86_400_000) },
    OR: [
      { status: { in: ["DELIVERED", "FAILED"] } },
      { endpoint: { disabledAt: { not: null } } },
      { endpoint: { apiClient: { revokedAt: { not: null } } } },
    ],
  } satisfies Prisma.PushEventWhereInput;
  return db.$transaction(async (tx) => {
    await tx.pushAttempt.deleteMany({ where: { event: where } });
    return (await tx.pushEvent.deleteMany({ where })).count;
  });
}

/**
 * The operator sends an event again, under the same event id: PENDING, due now, attempts and
 * delivery counted afresh (the log keeps every earlier attempt). Refused while a worker is sending
 * it. Audited.
 */
export async function resendEvent(eventId: string, userId: string, now: Date = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const event = await tx.pushEvent.findUnique({
      where: { id: eventId },
      select: { status: true, lockedUntil: true, endpointId: true },
    });
    if (!event) throw new WebhookError("NOT_FOUND", "Dit bericht bestaat niet.");
    if (event.lockedUntil && event.lockedUntil >= now)
      throw new WebhookError("IN_FLIGHT", "Dit bericht wordt nu verstuurd; probeer het zo opnieuw.");
    await tx.pushEvent.update({
      where: { id: eventId },
      data: { status: "PENDING", nextAttemptAt: now, attempts: 0, lockedUntil: null, deliveredAt: null },
    });
    await audit(
      {
        userId,
        action: "webhook.resend",
        entity: "PushEvent",
        entityId: eventId,
        detail: { endpointId: event.endpointId, previousStatus: event.status },
      },
      tx,
    );
  });
}

// ---------------------------------------------------------------- the operator's view

export interface EndpointRow {
  id: string;
  url: string;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface EventRow {
  id: string;
  endpointId: string;
  type: string;
  status: "PENDING" | "DELIVERED" | "FAILED";
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  log: { at: Date; statusCode: number | null; error: string | null; durationMs: number }[];
}

/** The client's webhooks and the delivery log of its newest events (each with its attempts, newest first). */
export async function webhooksOfClient(apiClientId: string): Promise<{ endpoints: EndpointRow[]; events: EventRow[] }> {
  const [endpoints, events] = await Promise.all([
    db.webhookEndpoint.findMany({
      where: { apiClientId },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      select: { id: true, url: true, createdAt: true, disabledAt: true },
    }),
    db.pushEvent.findMany({
      where: { endpoint: { apiClientId } },
      orderBy: [{ changeId: "desc" }, { id: "asc" }],
      take: LOG_EVENTS_SHOWN,
      select: {
        id: true,
        endpointId: true,
        type: true,
        status: true,
        attempts: true,
        nextAttemptAt: true,
        lastStatusCode: true,
        lastError: true,
        deliveredAt: true,
        createdAt: true,
        log: {
          orderBy: [{ at: "desc" }, { id: "asc" }],
          take: 20,
          select: { at: true, statusCode: true, error: true, durationMs: true },
        },
      },
    }),
  ]);
  return { endpoints, events };
}
