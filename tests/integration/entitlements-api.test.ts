/**
 * Issue 16 §2, the entitlements API: keys (401 for missing, unknown, revoked), scoping (a client
 * of publisher A never sees publisher B's products or pupils), agreement gating, the change feed
 * under concurrent licence changes (each change exactly once, in cursor order, also for a reader
 * polling while the changes happen), bad input (400), the rate limit, the audit trail, and every
 * real response held against /api/v1/openapi.json.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { loader as entitlementsLoader } from "~/routes/api.v1.entitlements";
import { loader as changesLoader } from "~/routes/api.v1.entitlements_.changes";
import { loader as openapiLoader } from "~/routes/api.v1.openapi[.]json";
import { createApiClient, revokeApiClient } from "~/modules/delivery/api-clients.server";
import { changesFor, decodeCursor, type ChangesPage } from "~/modules/delivery/entitlements.server";
import { entitlementsRateLimiter } from "~/modules/delivery/entitlements-api.server";
import { assignLicence, revokeLicences } from "~/modules/licences/licences.server";
import { checkAgainstSchema, responseSchema } from "../support/json-schema-check";

const ctx = { context: {}, params: {} };

function eckId(): string {
  return `https://ketenid.nl/201703/${randomBytes(16).toString("hex")}`;
}

function ean(): string {
  return `97${String(Math.floor(Math.random() * 1e11)).padStart(11, "0")}`;
}

interface World {
  operatorId: string;
  schoolA: string;
  schoolB: string;
  publisherA: string;
  publisherB: string;
  offerA: { id: string; ean: string };
  offerB: { id: string; ean: string };
  keyA: string;
  keyB: string;
}
let w: World;

async function publisherWithOffer(name: string, subjectId: string) {
  const publisher = await db.publisher.create({ data: { name } });
  const title = await db.title.create({
    data: { slug: `t-${randomUUID()}`, name: `${name} Rekenen`, publisherId: publisher.id, subjectId, sector: "VO" },
  });
  const offer = await db.offer.create({
    data: {
      titleId: title.id,
      ean: ean(),
      formatLabel: "Licentie 1 jaar",
      supply: "electronic",
      format: "digital",
      licenceMonths: 12,
    },
  });
  return { publisherId: publisher.id, offer: { id: offer.id, ean: offer.ean } };
}

async function pupil(schoolId: string, pseudonym = eckId()) {
  return db.studentPseudonym.create({
    data: { schoolId, pseudonym, classGroup: "K2", schoolYear: "2026-2027", orderCodeHash: randomUUID() },
  });
}

/** A paid school order with `count` unassigned licences per offer; returns the licence ids per offer. */
async function schoolLicences(schoolId: string, offers: { id: string; ean: string }[], count: number) {
  const order = await db.order.create({
    data: {
      number: `K2-${randomUUID()}`,
      kind: "SCHOOL",
      status: "PAID",
      paymentMethod: "INVOICE",
      idempotencyKey: randomUUID(),
      schoolId,
      userId: w.operatorId,
      pricesIncludeVat: false,
      priceDate: "2026-08-01",
      netCents: 0,
      vatCents: 0,
      grossCents: 0,
      breakdownJson: "{}",
      buyerJson: "{}",
      deliveryJson: "{}",
    },
  });
  const byOffer = new Map<string, string[]>();
  for (const [position, offer] of offers.entries()) {
    const line = await db.orderLine.create({
      data: {
        orderId: order.id,
        position: position + 1,
        offerId: offer.id,
        description: "Licentie",
        ean: offer.ean,
        supply: "electronic",
        licenceMonths: 12,
        quantity: count,
        unitPriceE4: 0,
        lineAmountCents: 0,
        partsJson: "[]",
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const licence = await db.licence.create({
        data: {
          code: randomUUID(),
          offerId: offer.id,
          orderId: order.id,
          orderLineId: line.id,
          schoolId,
          validFrom: "2026-08-01",
          validTo: "2027-07-31",
          status: "ACTIVE",
        },
      });
      ids.push(licence.id);
    }
    byOffer.set(offer.id, ids);
  }
  return byOffer;
}

async function agree(schoolId: string, publisherId: string) {
  await db.processingAgreement.create({
    data: {
      schoolId,
      publisherId,
      modelVersion: "Model Verwerkersovereenkomst 4.0",
      concludedOn: "2026-08-01",
      concludedByUserId: w.operatorId,
    },
  });
}

function get(path: string, key?: string): Request {
  const headers = new Headers();
  if (key !== undefined) headers.set("Authorization", `Bearer ${key}`);
  return new Request(new URL(path, "http://localhost"), { headers });
}

const openapi = async () => (await openapiLoader()).json() as Promise<Record<string, unknown>>;

/** The response's JSON, checked against the OpenAPI document's schema for its status. */
async function documented(response: Response, path: string): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  const document = await openapi();
  expect(checkAgainstSchema(document, responseSchema(document, path, "get", response.status), body)).toEqual([]);
  return body;
}

async function lookup(key: string | undefined, query: string) {
  const response = await entitlementsLoader({ request: get(`/api/v1/entitlements${query}`, key), ...ctx });
  return { status: response.status, body: await documented(response, "/api/v1/entitlements") };
}

async function changes(key: string | undefined, after?: string) {
  const query = after === undefined ? "" : `?after=${encodeURIComponent(after)}`;
  const response = await changesLoader({ request: get(`/api/v1/entitlements/changes${query}`, key), ...ctx });
  return { status: response.status, body: await documented(response, "/api/v1/entitlements/changes") };
}

/** Every page of the feed from `after` on (through the module, small pages to cross page bounds). */
async function readFeed(publisherId: string, afterId = 0, pageSize = 3) {
  const all: ChangesPage["changes"] = [];
  let cursor = afterId;
  for (;;) {
    const page = await changesFor(publisherId, cursor, { pageSize });
    all.push(...page.changes);
    cursor = decodeCursor(page.next)!;
    if (!page.hasMore) return { changes: all, cursor };
  }
}

beforeAll(async () => {
  const operator = await db.user.findUniqueOrThrow({ where: { email: "admin@leerwinkel.test" } });
  const subject = await db.subject.findFirstOrThrow();
  const [schoolA, schoolB] = await Promise.all([
    db.organisation.findFirstOrThrow({ where: { brin: "12AB" } }),
    db.organisation.findFirstOrThrow({ where: { brin: "23BC" } }),
  ]);
  const a = await publisherWithOffer(`Uitgever A ${randomUUID()}`, subject.id);
  const b = await publisherWithOffer(`Uitgever B ${randomUUID()}`, subject.id);
  const clientA = await createApiClient(operator.id, { name: "Platform A", publisherId: a.publisherId });
  const clientB = await createApiClient(operator.id, { name: "Platform B", publisherId: b.publisherId });
  w = {
    operatorId: operator.id,
    schoolA: schoolA.id,
    schoolB: schoolB.id,
    publisherA: a.publisherId,
    publisherB: b.publisherId,
    offerA: a.offer,
    offerB: b.offer,
    keyA: clientA.key,
    keyB: clientB.key,
  };
  // School A has agreements with both publishers; school B with none.
  await agree(w.schoolA, w.publisherA);
  await agree(w.schoolA, w.publisherB);
});

afterEach(() => {
  delete process.env.ENTITLEMENTS_RATE_LIMIT_PER_MINUTE;
});

describe("entitlements API", () => {
  it("describes itself as OpenAPI 3.1 with both endpoints", async () => {
    const document = await openapi();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths as object)).toEqual(["/api/v1/entitlements", "/api/v1/entitlements/changes"]);
  });

  it("answers 401 for a missing or unknown key and 403 for a revoked one, and audits each call", async () => {
    expect((await lookup(undefined, `?eckId=${eckId()}`)).status).toBe(401);
    expect((await lookup("lw_live_nope", `?eckId=${eckId()}`)).status).toBe(401);
    const subject = await db.subject.findFirstOrThrow();
    const { publisherId } = await publisherWithOffer(`Uitgever R ${randomUUID()}`, subject.id);
    const revoked = await createApiClient(w.operatorId, { name: "Weg", publisherId });
    expect((await lookup(revoked.key, `?eckId=${eckId()}`)).status).toBe(200);
    await revokeApiClient(w.operatorId, revoked.id);
    // A revoked key is known but refused (403), unlike a key that never existed (401).
    const refused = await lookup(revoked.key, `?eckId=${eckId()}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/API-sleutel is ingetrokken/);
    expect((await changes(revoked.key)).status).toBe(403);
    const audited = await db.auditLog.findMany({ where: { entity: "ApiClient", entityId: revoked.id } });
    expect(audited.map((a) => a.action).sort()).toEqual([
      "api-client.create",
      "api-client.revoke",
      "api.entitlements",
      "api.entitlements",
      "api.entitlements-changes",
    ]);
    expect(await db.auditLog.count({ where: { action: "api.entitlements", entityId: "unknown" } })).toBeGreaterThan(0);
  });

  it("answers 400 for a missing or malformed eckId and for a cursor it did not give out", async () => {
    const missing = await lookup(w.keyA, "");
    expect(missing).toMatchObject({ status: 400, body: { field: "eckId" } });
    expect((await lookup(w.keyA, "?eckId=Jan%20Jansen")).status).toBe(400);
    for (const bad of ["abc", "bGMxOi0x", "x".repeat(60), "bGMxOjEyYQ"])
      expect(await changes(w.keyA, bad)).toMatchObject({ status: 400, body: { field: "after" } });
  });

  it("scopes a client to its publisher's products and to schools with an agreement", async () => {
    const id = eckId();
    const atA = await pupil(w.schoolA, id);
    const licences = await schoolLicences(w.schoolA, [w.offerA, w.offerB], 1);
    await assignLicence(w.schoolA, licences.get(w.offerA.id)![0]!, atA.id);
    await assignLicence(w.schoolA, licences.get(w.offerB.id)![0]!, atA.id);
    // The same ECK iD at school B (no agreement): its licence of A's product is not delivered.
    const atB = await pupil(w.schoolB, id);
    const licencesB = await schoolLicences(w.schoolB, [w.offerA], 1);
    await assignLicence(w.schoolB, licencesB.get(w.offerA.id)![0]!, atB.id);

    const seenByA = await lookup(w.keyA, `?eckId=${encodeURIComponent(id)}`);
    expect(seenByA.status).toBe(200);
    expect(seenByA.body).toEqual({
      pseudonymKind: "ECK_ID",
      eckId: id,
      entitlements: [
        {
          ean: w.offerA.ean,
          title: expect.any(String),
          validFrom: "2026-08-01",
          validTo: "2027-07-31",
          status: "active",
        },
      ],
    });
    const seenByB = await lookup(w.keyB, `?eckId=${encodeURIComponent(id)}`);
    expect((seenByB.body.entitlements as { ean: string }[]).map((e) => e.ean)).toEqual([w.offerB.ean]);
    // A pupil nobody knows: the same empty answer.
    expect((await lookup(w.keyA, `?eckId=${eckId()}`)).body.entitlements).toEqual([]);

    // The feeds: A's client never sees B's product, nor school B's pupil.
    const feedA = (await readFeed(w.publisherA)).changes;
    expect(feedA.every((c) => c.ean === w.offerA.ean)).toBe(true);
    expect(feedA.filter((c) => c.eckId === id)).toHaveLength(1);
    const feedB = (await readFeed(w.publisherB)).changes;
    expect(feedB.every((c) => c.ean === w.offerB.ean)).toBe(true);

    // Once school B concludes its agreement with A, its pupil's licence is delivered too.
    await agree(w.schoolB, w.publisherA);
    expect(((await lookup(w.keyA, `?eckId=${encodeURIComponent(id)}`)).body.entitlements as unknown[]).length).toBe(2);
    await db.processingAgreement.deleteMany({ where: { schoolId: w.schoolB, publisherId: w.publisherA } });
  });

  it("lists a revoked licence as revoked, and the revocation in the feed", async () => {
    const p = await pupil(w.schoolA);
    const licences = await schoolLicences(w.schoolA, [w.offerA], 1);
    const licenceId = licences.get(w.offerA.id)![0]!;
    const before = (await readFeed(w.publisherA)).cursor;
    await assignLicence(w.schoolA, licenceId, p.id);
    const line = await db.licence.findUniqueOrThrow({ where: { id: licenceId } });
    await db.$transaction((tx) => revokeLicences(tx, line.orderLineId, "ALL"));
    const seen = await lookup(w.keyA, `?eckId=${encodeURIComponent(p.pseudonym)}`);
    expect((seen.body.entitlements as { status: string }[]).map((e) => e.status)).toEqual(["revoked"]);
    const feed = (await readFeed(w.publisherA, before)).changes.filter((c) => c.eckId === p.pseudonym);
    expect(feed.map((c) => c.kind)).toEqual(["activated", "revoked"]);
  });

  it("lists each of many concurrent licence changes exactly once, in cursor order, also to a reader polling meanwhile", async () => {
    const start = (await readFeed(w.publisherA)).cursor;
    const pupils = await Promise.all(Array.from({ length: 12 }, () => pupil(w.schoolA)));
    const licences = (await schoolLicences(w.schoolA, [w.offerA], 12)).get(w.offerA.id)!;
    // Two order lines of two licences each, every licence on a pupil, both lines revoked at once.
    const revokeIds = [
      ...(await schoolLicences(w.schoolA, [w.offerA], 2)).get(w.offerA.id)!,
      ...(await schoolLicences(w.schoolA, [w.offerA], 2)).get(w.offerA.id)!,
    ];
    const revokePupils = await Promise.all(revokeIds.map(() => pupil(w.schoolA)));
    for (const [i, id] of revokeIds.entries()) await assignLicence(w.schoolA, id, revokePupils[i]!.id);
    const revokeLines = await db.licence.findMany({ where: { id: { in: revokeIds } }, select: { orderLineId: true } });
    const [lineOne, lineTwo] = [...new Set(revokeLines.map((l) => l.orderLineId))];
    const afterSetup = (await readFeed(w.publisherA, start)).cursor;

    // A reader that polls the feed while the changes are being written.
    let writing = true;
    const polled: ChangesPage["changes"] = [];
    const reader = (async () => {
      let cursor = afterSetup;
      while (writing) {
        // A short pause between polls, so that the writers are not starved of the connection.
        await new Promise((resolve) => setTimeout(resolve, 5));
        const page = await changesFor(w.publisherA, cursor, { pageSize: 2 });
        polled.push(...page.changes);
        cursor = decodeCursor(page.next)!;
      }
      const rest = await readFeed(w.publisherA, cursor, 2);
      polled.push(...rest.changes);
    })();
    await Promise.all([
      ...licences.map((id, i) => assignLicence(w.schoolA, id, pupils[i]!.id)),
      db.$transaction((tx) => revokeLicences(tx, lineOne!, "ALL")),
      db.$transaction((tx) => revokeLicences(tx, lineTwo!, "ALL")),
      // The same line once more at the same moment: its licences are revoked, and recorded, once.
      db.$transaction((tx) => revokeLicences(tx, lineTwo!, "ALL")),
    ]);
    writing = false;
    await reader;

    const all = (await readFeed(w.publisherA, afterSetup)).changes;
    expect(
      all
        .filter((c) => c.kind === "activated")
        .map((c) => c.eckId)
        .sort(),
    ).toEqual(pupils.map((p) => p.pseudonym).sort());
    expect(
      all
        .filter((c) => c.kind === "revoked")
        .map((c) => c.eckId)
        .sort(),
    ).toEqual(revokePupils.map((p) => p.pseudonym).sort());
    const ids = all.map((c) => decodeCursor(c.cursor)!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    // The reader saw exactly the same changes, none lost or repeated.
    expect(polled.map((c) => c.cursor)).toEqual(all.map((c) => c.cursor));
  });

  it("pages the feed over HTTP with an opaque `next` cursor", async () => {
    const first = await changes(w.keyA);
    expect(first.status).toBe(200);
    const page = first.body as unknown as ChangesPage;
    expect(page.changes.length).toBeGreaterThan(0);
    expect(page.changes.every((c) => c.ean === w.offerA.ean)).toBe(true);
    const next = await changes(w.keyA, page.next);
    expect(next.status).toBe(200);
    const later = await changes(w.keyA, (await readFeed(w.publisherA)).changes.at(-1)!.cursor);
    expect(later.body).toMatchObject({ changes: [], hasMore: false });
  });

  it("rate-limits per client, not for other clients", async () => {
    process.env.ENTITLEMENTS_RATE_LIMIT_PER_MINUTE = "3";
    entitlementsRateLimiter.hit("reset-window", 1, Date.now());
    const subject = await db.subject.findFirstOrThrow();
    const { publisherId } = await publisherWithOffer(`Uitgever L ${randomUUID()}`, subject.id);
    const limited = await createApiClient(w.operatorId, { name: "Druk", publisherId });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await lookup(limited.key, `?eckId=${eckId()}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await createApiClient(w.operatorId, { name: "Rustig", publisherId });
    expect((await lookup(other.key, `?eckId=${eckId()}`)).status).toBe(200);
  });
});
