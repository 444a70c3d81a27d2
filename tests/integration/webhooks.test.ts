/**
 * Issue 16 §3, push delivery: licence changes become signed events for an API client's webhook,
 * sent to a LOCAL receiver (node:http on port 0) that fails, times out and succeeds. Time is
 * driven through `now` (no sleeping): the back-off is checked by asking one instant before and at
 * the next attempt. Also: dedupe (enqueue twice, two workers at once on two Prisma clients), the
 * agreement gate and publisher scoping, resend under the same id, disabled endpoints and revoked
 * clients, URL checks and the audit trail.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb, db, type Db } from "~/db.server";
import { runMaintenance } from "~/modules/audit/retention.server";
import { createApiClient, revokeApiClient } from "~/modules/delivery/api-clients.server";
import { MAX_ATTEMPTS, retryDelayMs, verifyWebhookSignature } from "~/modules/delivery/webhook-signing";
import {
  WebhookError,
  checkWebhookUrl,
  createEndpoint,
  deliverDue,
  disableEndpoint,
  enqueueEvents,
  resendEvent,
  webhooksOfClient,
} from "~/modules/delivery/webhooks.server";
import { expireLicences } from "~/modules/licences/licence-expiry.server";
import { OPENAPI_DOCUMENT } from "~/modules/delivery/api-openapi";
import { assignLicence } from "~/modules/licences/licences.server";
import { checkAgainstSchema } from "../support/json-schema-check";
import {
  concludeTestAgreement,
  eckId,
  publisherWithLicenceOffer,
  schoolLicences,
  testPupil,
  type TestOffer,
} from "../support/licence-fixtures";
import { testProvider } from "../support/test-database";

// ---------------------------------------------------------------- the local receiver

interface Received {
  body: string;
  signature: string | undefined;
  eventId: string | undefined;
}
type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

const received = new Map<string, Received[]>();
const behaviours = new Map<string, Behaviour[]>();
let server: Server;
let base: string;

const ok: Behaviour = (_req, res) => res.writeHead(200).end("ok");
const fail500: Behaviour = (_req, res) => res.writeHead(500).end("kapot");
/** Never answers (the connection is closed when the tests end). */
const hold: Behaviour = () => {};

/** A path of the receiver answering with `script` in turn, then 200 for ever. */
function hook(...script: Behaviour[]): string {
  const path = `/hook/${randomUUID()}`;
  received.set(path, []);
  behaviours.set(path, script);
  return base + path;
}

function got(url: string): Received[] {
  return received.get(new URL(url).pathname) ?? [];
}

// ---------------------------------------------------------------- the world

let operatorId: string;
let subjectId: string;
let schoolWith: string; // has an agreement with every publisher made here
let schoolWithout: string;

async function publisher() {
  const { publisherId, offer } = await publisherWithLicenceOffer(`Uitgever ${randomUUID()}`, {
    subjectId,
    titleName: "Wiskunde Digitaal",
  });
  await concludeTestAgreement(schoolWith, publisherId, operatorId);
  const client = await createApiClient(operatorId, { name: "Platform", publisherId });
  return { publisherId, offer, clientId: client.id };
}

/** `count` licences of the offer at the school, each assigned to a new pupil (ECK iD): ACTIVATED changes. */
async function activate(
  schoolId: string,
  offer: TestOffer,
  count = 1,
  pseudonymOf: () => string = eckId,
): Promise<string[]> {
  const licences = (await schoolLicences(schoolId, operatorId, [offer], count)).get(offer.id)!;
  const ids: string[] = [];
  for (const licenceId of licences) {
    const pupil = await testPupil(schoolId, pseudonymOf());
    await assignLicence(schoolId, licenceId, pupil.id);
    ids.push(pupil.pseudonym);
  }
  return ids;
}

/**
 * A second worker's database client. On PostgreSQL its own pool, as a second worker process has.
 * On SQLite the same client: better-sqlite3 waits for another connection's write lock
 * synchronously, which in ONE process blocks the event loop the lock holder needs to commit (two
 * worker processes each have their own); the same client still interleaves the two workers'
 * statements, so the conditional writes are what keeps them apart.
 */
function secondWorkerClient(): { client: Db; close: () => Promise<void> } {
  if (testProvider() === "sqlite") return { client: db, close: async () => {} };
  const client = createDb(process.env.DATABASE_URL!);
  return { client, close: () => client.$disconnect() };
}

const t0 = new Date("2026-12-01T10:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  operatorId = (await db.user.findUniqueOrThrow({ where: { email: "admin@leerwinkel.test" } })).id;
  subjectId = (await db.subject.findFirstOrThrow()).id;
  schoolWith = (await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } })).id;
  schoolWithout = (await db.organisation.findFirstOrThrow({ where: { brin: "23BC" } })).id;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      received.get(path)?.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: req.headers["leerwinkel-signature"] as string | undefined,
        eventId: req.headers["leerwinkel-event-id"] as string | undefined,
      });
      const next = behaviours.get(path)?.shift() ?? ok;
      next(req, res);
    });
  });
  // longer than any test: a kept-alive connection is never closed under a sender reusing it
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  // each test's endpoints stop with it, so a later test's deliverDue sends only its own events
  await db.webhookEndpoint.updateMany({ where: { disabledAt: null }, data: { disabledAt: new Date() } });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function eventsOf(endpointId: string) {
  return db.pushEvent.findMany({
    where: { endpointId },
    orderBy: { changeId: "asc" },
    include: { log: { orderBy: { at: "asc" } } },
  });
}

describe("push delivery", () => {
  it("sends a signed licence.activated event that the receiver verifies with the secret", async () => {
    const p = await publisher();
    const url = hook(ok);
    const endpoint = await createEndpoint(p.clientId, url, operatorId);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const [pupil] = await activate(schoolWith, p.offer);

    expect(await enqueueEvents(t0)).toEqual({ created: 1 });
    const result = await deliverDue(t0);
    expect(result).toMatchObject({ delivered: 1 });

    const [request] = got(url);
    expect(got(url)).toHaveLength(1);
    expect(verifyWebhookSignature(request!.body, request!.signature, endpoint.secret)).toMatchObject({ ok: true });
    expect(verifyWebhookSignature(request!.body, request!.signature, "whsec_wrong")).toMatchObject({ ok: false });
    const body = JSON.parse(request!.body);
    expect(body).toEqual({
      id: request!.eventId,
      type: "licence.activated",
      created: t0.toISOString(),
      data: expect.objectContaining({
        kind: "activated",
        eckId: pupil,
        ean: p.offer.ean,
        title: "Wiskunde Digitaal",
        validFrom: "2026-08-01",
        validTo: "2027-07-31",
      }),
    });
    expect(body.id).toMatch(/^evt_[0-9a-f]{32}$/);
    // the body is what /api/v1/openapi.json describes under webhooks.licenceChange
    const document = OPENAPI_DOCUMENT as unknown as Record<string, unknown>;
    const described = OPENAPI_DOCUMENT.webhooks.licenceChange.post.requestBody.content["application/json"].schema;
    expect(checkAgainstSchema(document, described, body)).toEqual([]);
    expect(checkAgainstSchema(document, described, { ...body, type: "licence.moved" })).not.toEqual([]);
    const [event] = await eventsOf(endpoint.id);
    expect(event).toMatchObject({ id: body.id, status: "DELIVERED", attempts: 1, lastStatusCode: 200 });
    expect(event!.deliveredAt).toEqual(t0);
    expect(event!.log.map((l) => [l.statusCode, l.error])).toEqual([[200, null]]);
    // the payload is frozen: what was sent is what is stored
    expect(event!.payload).toBe(request!.body);
  });

  it("retries a 500 with back-off and delivers on the second attempt", async () => {
    const p = await publisher();
    const url = hook(fail500);
    const endpoint = await createEndpoint(p.clientId, url, operatorId);
    await activate(schoolWith, p.offer);
    await enqueueEvents(t0);

    expect(await deliverDue(t0)).toEqual({ attempts: 1, delivered: 0, failed: 0 });
    let [event] = await eventsOf(endpoint.id);
    expect(event).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    expect(event!.nextAttemptAt).toEqual(at(30_000));

    // one moment before the next attempt is due, nothing is sent
    expect(await deliverDue(at(29_999))).toEqual({ attempts: 0, delivered: 0, failed: 0 });
    expect(got(url)).toHaveLength(1);

    expect(await deliverDue(at(30_000))).toEqual({ attempts: 1, delivered: 1, failed: 0 });
    [event] = await eventsOf(endpoint.id);
    expect(event).toMatchObject({ status: "DELIVERED", attempts: 2, lastStatusCode: 200, lastError: null });
    expect(event!.log.map((l) => l.statusCode)).toEqual([500, 200]);
    // the same event (same id, same body) both times
    expect(got(url).map((r) => r.eventId)).toEqual([event!.id, event!.id]);
    expect(got(url)[0]!.body).toBe(got(url)[1]!.body);
  });

  it("logs a receiver that does not answer in time as a timeout and retries it", async () => {
    const p = await publisher();
    const url = hook(hold);
    const endpoint = await createEndpoint(p.clientId, url, operatorId);
    await activate(schoolWith, p.offer);
    await enqueueEvents(t0);

    expect(await deliverDue(t0, { timeoutMs: 300 })).toEqual({ attempts: 1, delivered: 0, failed: 0 });
    let [event] = await eventsOf(endpoint.id);
    expect(event).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: null, lockedUntil: null });
    expect(event!.lastError).toMatch(/^timeout/);
    expect(event!.log[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/timeout/) });
    expect(event!.nextAttemptAt).toEqual(at(retryDelayMs(1)));

    expect(await deliverDue(at(retryDelayMs(1)), { timeoutMs: 300 })).toMatchObject({ delivered: 1 });
    [event] = await eventsOf(endpoint.id);
    expect(event).toMatchObject({ status: "DELIVERED", attempts: 2 });
  });

  it("gives up after the last attempt (FAILED) and a resend sends the same event id again", async () => {
    const p = await publisher();
    const url = hook(...Array.from({ length: MAX_ATTEMPTS }, () => fail500));
    const endpoint = await createEndpoint(p.clientId, url, operatorId);
    await activate(schoolWith, p.offer);
    await enqueueEvents(t0);
    let now = t0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect((await deliverDue(now)).attempts).toBe(1);
      now = new Date(now.getTime() + retryDelayMs(attempt));
    }
    let [event] = await eventsOf(endpoint.id);
    expect(event).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS });
    expect(await deliverDue(at(365 * 24 * 3600 * 1000))).toMatchObject({ attempts: 0 });

    await resendEvent(event!.id, operatorId, now);
    expect(await deliverDue(now)).toMatchObject({ attempts: 1, delivered: 1 });
    [event] = await eventsOf(endpoint.id);
    expect(event).toMatchObject({ status: "DELIVERED", attempts: 1 });
    expect(event!.log).toHaveLength(MAX_ATTEMPTS + 1);
    expect(new Set(got(url).map((r) => r.eventId))).toEqual(new Set([event!.id]));

    // a delivered event may be resent too: the receiver gets the same id once more
    await resendEvent(event!.id, operatorId, now);
    await deliverDue(now);
    expect(got(url)).toHaveLength(MAX_ATTEMPTS + 2);
    expect(got(url).at(-1)!.eventId).toBe(event!.id);
    const audited = await db.auditLog.findMany({ where: { action: "webhook.resend", entityId: event!.id } });
    expect(audited).toHaveLength(2);
    expect(audited[0]!.userId).toBe(operatorId);
  });

  it("creates each event once: enqueue twice, and two workers enqueueing at the same time", async () => {
    const p = await publisher();
    const endpoint = await createEndpoint(p.clientId, hook(), operatorId);
    await activate(schoolWith, p.offer, 3);
    expect(await enqueueEvents(t0)).toEqual({ created: 3 });
    expect(await enqueueEvents(t0)).toEqual({ created: 0 });
    await activate(schoolWith, p.offer, 4);
    const other = secondWorkerClient();
    try {
      const [a, b] = await Promise.all([enqueueEvents(t0), enqueueEvents(t0, other.client)]);
      expect(a.created + b.created).toBe(4);
    } finally {
      await other.close();
    }
    const events = await eventsOf(endpoint.id);
    expect(events).toHaveLength(7);
    expect(new Set(events.map((e) => e.changeId)).size).toBe(7);
    const cursor = (await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).cursor;
    expect(cursor).toBe(Math.max(...events.map((e) => e.changeId)));
  });

  it("two workers delivering at the same time send each event exactly once", async () => {
    const p = await publisher();
    const url = hook();
    const endpoint = await createEndpoint(p.clientId, url, operatorId);
    await activate(schoolWith, p.offer, 8);
    await enqueueEvents(t0);
    const other = secondWorkerClient();
    try {
      const [a, b] = await Promise.all([deliverDue(t0), deliverDue(t0, { client: other.client })]);
      expect(a.attempts + b.attempts).toBe(8);
      expect(a.delivered + b.delivered).toBe(8);
    } finally {
      await other.close();
    }
    const events = await eventsOf(endpoint.id);
    expect(
      got(url)
        .map((r) => r.eventId)
        .sort(),
    ).toEqual(events.map((e) => e.id).sort());
    expect(events.every((e) => e.status === "DELIVERED" && e.log.length === 1)).toBe(true);
  });

  it("sends nothing for a school without an agreement or another publisher's products", async () => {
    const p = await publisher();
    const other = await publisher();
    const url = hook();
    const endpoint = await createEndpoint(p.clientId, url, operatorId);
    await activate(schoolWithout, p.offer, 2); // no agreement: gated
    await activate(schoolWith, other.offer, 2); // another publisher's product
    const [wanted] = await activate(schoolWith, p.offer, 1);
    await enqueueEvents(t0);
    await deliverDue(t0);
    expect(got(url)).toHaveLength(1);
    expect(JSON.parse(got(url)[0]!.body).data.eckId).toBe(wanted);
    expect(await eventsOf(endpoint.id)).toHaveLength(1);
    // the gated changes moved the cursor on all the same (they are not sent later either)
    expect(await enqueueEvents(t0)).toEqual({ created: 0 });
  });

  it("sends every change kind: an expiry becomes licence.expired", async () => {
    const p = await publisher();
    const url = hook();
    await createEndpoint(p.clientId, url, operatorId);
    const [pupil] = await activate(schoolWith, p.offer);
    // the licence's last valid day passes; the expiry job records its EXPIRED change
    const licence = await db.licence.findFirstOrThrow({ where: { offerId: p.offer.id } });
    await db.licence.update({ where: { id: licence.id }, data: { validTo: "2026-11-30" } });
    expect(await expireLicences("2026-12-01")).toBeGreaterThanOrEqual(1);
    await enqueueEvents(t0);
    await deliverDue(t0);
    const bodies = got(url).map((r) => JSON.parse(r.body) as { type: string; data: { eckId: string } });
    expect(bodies.map((b) => [b.type, b.data.eckId])).toEqual([
      ["licence.activated", pupil],
      ["licence.expired", pupil],
    ]);
  });

  it("sends a school-local pseudonym only where the school accepts it for the publisher", async () => {
    const p = await publisher();
    const url = hook();
    const endpoint = await createEndpoint(p.clientId, url, operatorId);
    const local = () => `leerling-${randomUUID()}`;
    await activate(schoolWith, p.offer, 1, local); // not accepted (the default): held back
    await enqueueEvents(t0);
    expect(await eventsOf(endpoint.id)).toHaveLength(0);
    await db.processingAgreement.update({
      where: { schoolId_publisherId: { schoolId: schoolWith, publisherId: p.publisherId } },
      data: { acceptsLocalPseudonyms: true },
    });
    const [accepted] = await activate(schoolWith, p.offer, 1, local);
    await enqueueEvents(t0);
    await deliverDue(t0);
    expect(got(url).map((r) => JSON.parse(r.body).data)).toEqual([
      expect.objectContaining({ pseudonymKind: "LOCAL", pseudonym: accepted, eckId: null, school: "12AB" }),
    ]);
  });

  it("sends nothing to a disabled endpoint or for a revoked client, also events already waiting", async () => {
    const p = await publisher();
    const url = hook();
    const endpoint = await createEndpoint(p.clientId, url, operatorId);
    await activate(schoolWith, p.offer);
    await enqueueEvents(t0);
    await disableEndpoint(endpoint.id, operatorId);
    await expect(disableEndpoint(endpoint.id, operatorId)).rejects.toMatchObject({ code: "ALREADY_DISABLED" });
    await activate(schoolWith, p.offer);
    expect(await enqueueEvents(t0)).toEqual({ created: 0 });
    await deliverDue(t0);
    expect(got(url)).toHaveLength(0);

    const q = await publisher();
    const url2 = hook();
    const endpoint2 = await createEndpoint(q.clientId, url2, operatorId);
    await activate(schoolWith, q.offer);
    await enqueueEvents(t0);
    await revokeApiClient(operatorId, q.clientId);
    await activate(schoolWith, q.offer);
    expect(await enqueueEvents(t0)).toEqual({ created: 0 });
    await deliverDue(t0);
    expect(got(url2)).toHaveLength(0);
    expect((await eventsOf(endpoint2.id)).map((e) => e.status)).toEqual(["PENDING"]);
    await expect(createEndpoint(q.clientId, hook(), operatorId)).rejects.toMatchObject({ code: "CLIENT_REVOKED" });
  });

  it("checks the URL and audits creating and disabling, never with the secret", async () => {
    const p = await publisher();
    for (const bad of [
      "",
      "ftp://example.org/x",
      "niet een adres",
      "https://jan:geheim@example.org/",
      `https://e.nl/${"a".repeat(2000)}`,
    ])
      expect(() => checkWebhookUrl(bad)).toThrow(WebhookError);
    const production = { NODE_ENV: "production" } as NodeJS.ProcessEnv;
    expect(() => checkWebhookUrl("http://example.org/hook", production)).toThrow(/https/);
    expect(checkWebhookUrl("http://example.org/hook", { ...production, WEBHOOK_ALLOW_HTTP: "1" })).toBe(
      "http://example.org/hook",
    );
    expect(checkWebhookUrl(" https://example.org/hook ", production)).toBe("https://example.org/hook");
    await expect(createEndpoint(p.clientId, "mailto:x@example.org", operatorId)).rejects.toMatchObject({
      code: "BAD_URL",
      field: "url",
      status: 400,
    });
    await expect(createEndpoint("nope", "https://example.org/", operatorId)).rejects.toMatchObject({ status: 404 });

    const endpoint = await createEndpoint(p.clientId, "https://example.org/hook", operatorId);
    await disableEndpoint(endpoint.id, operatorId);
    const audited = await db.auditLog.findMany({ where: { entityId: endpoint.id }, orderBy: { at: "asc" } });
    expect(audited.map((a) => a.action)).toEqual(["webhook.create", "webhook.disable"]);
    expect(audited.some((a) => a.detailJson.includes(endpoint.secret))).toBe(false);
    const view = await webhooksOfClient(p.clientId);
    expect(view.endpoints).toMatchObject([{ id: endpoint.id, url: "https://example.org/hook" }]);
    expect(view.endpoints[0]!.disabledAt).not.toBeNull();
  });

  it("keeps the delivery log 90 days: a delivered event and its attempts go, a waiting one stays", async () => {
    const p = await publisher();
    const url = hook(ok, fail500, fail500);
    const endpoint = await createEndpoint(p.clientId, url, operatorId);
    await activate(schoolWith, p.offer, 2);
    await enqueueEvents(t0);
    expect(await deliverDue(t0)).toMatchObject({ attempts: 2, delivered: 1 });
    const [delivered, waiting] = await eventsOf(endpoint.id);
    expect([delivered!.status, waiting!.status]).toEqual(["DELIVERED", "PENDING"]);
    const day = 86_400_000;
    const createdAt = delivered!.createdAt.getTime();

    await runMaintenance(new Date(createdAt + 89 * day));
    expect(await eventsOf(endpoint.id)).toHaveLength(2);
    const result = await runMaintenance(new Date(createdAt + 91 * day));
    expect(result.pushEvents).toBeGreaterThanOrEqual(1);
    const left = await eventsOf(endpoint.id);
    expect(left.map((e) => e.id)).toEqual([waiting!.id]);
    expect(await db.pushAttempt.count({ where: { eventId: delivered!.id } })).toBe(0);
    expect(left[0]!.log).toHaveLength(1);

    // once its endpoint is disabled the waiting event will never be sent: it goes as well
    await disableEndpoint(endpoint.id, operatorId);
    await runMaintenance(new Date(createdAt + 91 * day));
    expect(await eventsOf(endpoint.id)).toEqual([]);
  });
});
