/**
 * Issue 16 §2, the entitlements API: keys (401 for missing, unknown, revoked), scoping (a client
 * of publisher A never sees publisher B's products or pupils), agreement gating, the change feed
 * under concurrent licence changes (each change exactly once, in cursor order, also for a reader
 * polling while the changes happen), bad input (400), the rate limit, the audit trail, and every
 * real response held against /api/v1/openapi.json.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { loader as entitlementsLoader } from "~/routes/api.v1.entitlements";
import { loader as changesLoader } from "~/routes/api.v1.entitlements_.changes";
import { loader as openapiLoader } from "~/routes/api.v1.openapi[.]json";
import { createApiClient, revokeApiClient } from "~/modules/delivery/api-clients.server";
import { changesFor, decodeCursor, type ChangesPage } from "~/modules/delivery/entitlements.server";
import { entitlementsRateLimiter } from "~/modules/delivery/entitlements-api.server";
import { assignLicence, revokeLicences } from "~/modules/licences/licences.server";
import { loader as unknownApiLoader } from "~/routes/api.v1.$";
import { action as entitlementsAction } from "~/routes/api.v1.entitlements";
import { makeEan13 } from "~/modules/catalog/ean";
import { expireLicences } from "~/modules/licences/licence-expiry.server";
import { LicenceError } from "~/modules/licences/licences.server";
import { checkAgainstSchema, responseSchema } from "../support/json-schema-check";
import {
  concludeTestAgreement,
  eckId,
  publisherWithLicenceOffer,
  schoolLicences,
  testPupil,
} from "../support/licence-fixtures";

const ctx = { context: {}, params: {} };

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

/**
 * Polls the publisher's feed (pages of 2, a short pause between polls so the writers are not
 * starved of the connection) from `after` while `writes` run, then reads the rest: every change a
 * reader polling meanwhile saw, in the order it saw them.
 */
async function pollFeedWhile(publisherId: string, after: number, writes: Promise<unknown>) {
  let writing = true;
  const polled: ChangesPage["changes"] = [];
  const reader = (async () => {
    let cursor = after;
    while (writing) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const page = await changesFor(publisherId, cursor, { pageSize: 2 });
      polled.push(...page.changes);
      cursor = decodeCursor(page.next)!;
    }
    polled.push(...(await readFeed(publisherId, cursor, 2)).changes);
  })();
  try {
    await writes;
  } finally {
    writing = false;
    await reader;
  }
  return polled;
}

beforeAll(async () => {
  const operator = await db.user.findUniqueOrThrow({ where: { email: "admin@leerwinkel.test" } });
  const subject = await db.subject.findFirstOrThrow();
  const [schoolA, schoolB] = await Promise.all([
    db.organisation.findFirstOrThrow({ where: { brin: "12AB" } }),
    db.organisation.findFirstOrThrow({ where: { brin: "23BC" } }),
  ]);
  const a = await publisherWithLicenceOffer(`Uitgever A ${randomUUID()}`, { subjectId: subject.id });
  const b = await publisherWithLicenceOffer(`Uitgever B ${randomUUID()}`, { subjectId: subject.id });
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
  await concludeTestAgreement(w.schoolA, w.publisherA, w.operatorId);
  await concludeTestAgreement(w.schoolA, w.publisherB, w.operatorId);
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
    const { publisherId } = await publisherWithLicenceOffer(`Uitgever R ${randomUUID()}`, { subjectId: subject.id });
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
    const atA = await testPupil(w.schoolA, id);
    const licences = await schoolLicences(w.schoolA, w.operatorId, [w.offerA, w.offerB], 1);
    await assignLicence(w.schoolA, licences.get(w.offerA.id)![0]!, atA.id);
    await assignLicence(w.schoolA, licences.get(w.offerB.id)![0]!, atA.id);
    // The same ECK iD at school B (no agreement): its licence of A's product is not delivered.
    const atB = await testPupil(w.schoolB, id);
    const licencesB = await schoolLicences(w.schoolB, w.operatorId, [w.offerA], 1);
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
    await concludeTestAgreement(w.schoolB, w.publisherA, w.operatorId);
    expect(((await lookup(w.keyA, `?eckId=${encodeURIComponent(id)}`)).body.entitlements as unknown[]).length).toBe(2);
    await db.processingAgreement.deleteMany({ where: { schoolId: w.schoolB, publisherId: w.publisherA } });
  });

  it("lists a revoked licence as revoked, and the revocation in the feed", async () => {
    const p = await testPupil(w.schoolA);
    const licences = await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 1);
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
    const pupils = await Promise.all(Array.from({ length: 12 }, () => testPupil(w.schoolA)));
    const licences = (await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 12)).get(w.offerA.id)!;
    // Two order lines of two licences each, every licence on a pupil, both lines revoked at once.
    const revokeIds = [
      ...(await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 2)).get(w.offerA.id)!,
      ...(await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 2)).get(w.offerA.id)!,
    ];
    const revokePupils = await Promise.all(revokeIds.map(() => testPupil(w.schoolA)));
    for (const [i, id] of revokeIds.entries()) await assignLicence(w.schoolA, id, revokePupils[i]!.id);
    const revokeLines = await db.licence.findMany({ where: { id: { in: revokeIds } }, select: { orderLineId: true } });
    const [lineOne, lineTwo] = [...new Set(revokeLines.map((l) => l.orderLineId))];
    const afterSetup = (await readFeed(w.publisherA, start)).cursor;

    // A reader that polls the feed while the changes are being written.
    const polled = await pollFeedWhile(
      w.publisherA,
      afterSetup,
      Promise.all([
        ...licences.map((id, i) => assignLicence(w.schoolA, id, pupils[i]!.id)),
        db.$transaction((tx) => revokeLicences(tx, lineOne!, "ALL")),
        db.$transaction((tx) => revokeLicences(tx, lineTwo!, "ALL")),
        // The same line once more at the same moment: its licences are revoked, and recorded, once.
        db.$transaction((tx) => revokeLicences(tx, lineTwo!, "ALL")),
      ]),
    );

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
    const { publisherId } = await publisherWithLicenceOffer(`Uitgever L ${randomUUID()}`, { subjectId: subject.id });
    const limited = await createApiClient(w.operatorId, { name: "Druk", publisherId });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await lookup(limited.key, `?eckId=${eckId()}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await createApiClient(w.operatorId, { name: "Rustig", publisherId });
    expect((await lookup(other.key, `?eckId=${eckId()}`)).status).toBe(200);
  });
});

describe("entitlements API: scope answers (403, 404) and the ean filter", () => {
  it("filters by ean; 400 for a malformed one, 403 for another publisher's product, 404 for an unknown one", async () => {
    const id = eckId();
    const p = await testPupil(w.schoolA, id);
    const licences = await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 1);
    await assignLicence(w.schoolA, licences.get(w.offerA.id)![0]!, p.id);
    const q = `?eckId=${encodeURIComponent(id)}`;
    const mine = await lookup(w.keyA, `${q}&ean=${w.offerA.ean}`);
    expect(mine.status).toBe(200);
    expect((mine.body.entitlements as { ean: string }[]).map((e) => e.ean)).toEqual([w.offerA.ean]);
    expect(await lookup(w.keyA, `${q}&ean=${w.offerB.ean}`)).toMatchObject({ status: 403, body: { field: "ean" } });
    expect(await lookup(w.keyB, `${q}&ean=${w.offerA.ean}`)).toMatchObject({ status: 403, body: { field: "ean" } });
    const badCheckDigit = w.offerA.ean.slice(0, 12) + String((Number(w.offerA.ean[12]) + 1) % 10);
    for (const bad of [badCheckDigit, "abc", "97801234"])
      expect(await lookup(w.keyA, `${q}&ean=${bad}`)).toMatchObject({ status: 400, body: { field: "ean" } });
    const unknown = await lookup(w.keyA, `${q}&ean=${makeEan13("99", Math.floor(Math.random() * 1e10))}`);
    expect(unknown).toMatchObject({ status: 404, body: { field: "ean" } });
    const refusals = await db.auditLog.findMany({
      where: { action: "api.entitlements", entityId: { not: "unknown" } },
    });
    expect(refusals.some((a) => (JSON.parse(a.detailJson) as { status: number }).status === 403)).toBe(true);
  });

  it("answers JSON 404 for an unknown path under /api/v1 and JSON 405 for another method", async () => {
    const notFound = await unknownApiLoader({ request: get("/api/v1/entitlement", w.keyA), context: {}, params: {} });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("Content-Type")).toMatch(/application\/json/);
    const document = await openapi();
    const body = await notFound.json();
    expect(checkAgainstSchema(document, { $ref: "#/components/schemas/Error" }, body)).toEqual([]);
    expect(body.error).toMatch(/openapi\.json/);
    const post = await entitlementsAction();
    expect(post.status).toBe(405);
    expect(post.headers.get("Allow")).toBe("GET");
    expect(
      checkAgainstSchema(document, responseSchema(document, "/api/v1/entitlements", "get", 405), await post.json()),
    ).toEqual([]);
  });
});

describe("entitlements API: school-local pseudonyms (§4)", () => {
  it("delivers a local pseudonym only where the school accepts it for the publisher, in lookups and in the feed", async () => {
    const local = randomUUID();
    const p = await testPupil(w.schoolA, local);
    const licences = await schoolLicences(w.schoolA, w.operatorId, [w.offerA, w.offerB], 1);
    const before = { a: (await readFeed(w.publisherA)).cursor, b: (await readFeed(w.publisherB)).cursor };
    await assignLicence(w.schoolA, licences.get(w.offerA.id)![0]!, p.id);
    await assignLicence(w.schoolA, licences.get(w.offerB.id)![0]!, p.id);
    const q = `?pseudonym=${local}&school=12AB`;

    // School A has agreements with A and B, neither accepting local pseudonyms: nothing leaks.
    expect(await lookup(w.keyA, q)).toMatchObject({ status: 200, body: { pseudonymKind: "LOCAL", entitlements: [] } });
    expect((await readFeed(w.publisherA, before.a)).changes.filter((c) => c.pseudonym === local)).toEqual([]);

    await db.processingAgreement.update({
      where: { schoolId_publisherId: { schoolId: w.schoolA, publisherId: w.publisherA } },
      data: { acceptsLocalPseudonyms: true },
    });
    try {
      const seen = await lookup(w.keyA, q);
      expect(seen.body).toEqual({
        pseudonymKind: "LOCAL",
        pseudonym: local,
        school: "12AB",
        entitlements: [expect.objectContaining({ ean: w.offerA.ean, status: "active" })],
      });
      // the school by its id as well, and the BRIN in any case
      expect((await lookup(w.keyA, `?pseudonym=${local}&school=${w.schoolA}`)).body.entitlements).toHaveLength(1);
      expect((await lookup(w.keyA, `?pseudonym=${local}&school=12ab`)).body.entitlements).toHaveLength(1);
      // the same pseudonym at another school, or an unknown school: nothing
      expect((await lookup(w.keyA, `?pseudonym=${local}&school=23BC`)).body.entitlements).toEqual([]);
      expect((await lookup(w.keyA, `?pseudonym=${local}&school=99ZZ`)).body.entitlements).toEqual([]);
      // B's platform: school A does not accept local pseudonyms for B
      expect((await lookup(w.keyB, q)).body.entitlements).toEqual([]);
      expect((await readFeed(w.publisherB, before.b)).changes.filter((c) => c.pseudonym === local)).toEqual([]);

      const feed = (await readFeed(w.publisherA, before.a)).changes.filter((c) => c.pseudonym === local);
      expect(feed).toEqual([
        expect.objectContaining({
          kind: "activated",
          pseudonymKind: "LOCAL",
          eckId: null,
          school: "12AB",
          ean: w.offerA.ean,
        }),
      ]);
      // over HTTP, held against the OpenAPI document
      const http = await changes(w.keyA, encodeCursorBefore(feed[0]!.cursor));
      expect((http.body.changes as { pseudonym: string }[])[0]).toMatchObject({ pseudonym: local, school: "12AB" });
      // ECK iD changes say so
      const eck = (await readFeed(w.publisherA)).changes.find((c) => c.pseudonymKind === "ECK_ID")!;
      expect(eck).toMatchObject({ school: null, pseudonym: eck.eckId });
    } finally {
      await db.processingAgreement.update({
        where: { schoolId_publisherId: { schoolId: w.schoolA, publisherId: w.publisherA } },
        data: { acceptsLocalPseudonyms: false },
      });
    }
    expect((await lookup(w.keyA, q)).body.entitlements).toEqual([]);
  });

  it("answers 400 for a malformed pupil: both ways at once, no school, an ECK iD or a name as pseudonym", async () => {
    const local = randomUUID();
    expect(await lookup(w.keyA, `?pseudonym=${local}`)).toMatchObject({ status: 400, body: { field: "school" } });
    expect(await lookup(w.keyA, `?pseudonym=${local}&school=a%20b`)).toMatchObject({
      status: 400,
      body: { field: "school" },
    });
    expect(await lookup(w.keyA, `?eckId=${encodeURIComponent(eckId())}&pseudonym=${local}&school=12AB`)).toMatchObject({
      status: 400,
      body: { field: "pseudonym" },
    });
    expect(await lookup(w.keyA, `?pseudonym=${encodeURIComponent(eckId())}&school=12AB`)).toMatchObject({
      status: 400,
      body: { field: "pseudonym" },
    });
    expect(await lookup(w.keyA, `?pseudonym=Jan.Jansen2011&school=12AB`)).toMatchObject({
      status: 400,
      body: { field: "pseudonym" },
    });
  });
});

/** The cursor just before a change's (the change's own cursor is the one after it). */
function encodeCursorBefore(cursor: string): string {
  return Buffer.from(`lc1:${decodeCursor(cursor)! - 1}`, "utf8").toString("base64url");
}

describe("licence expiry: one EXPIRED change per licence", () => {
  it("records each expired bound licence once (not revoked or unbound ones), shows it expired, refuses to bind it", async () => {
    const start = (await readFeed(w.publisherA)).cursor;
    // Licences whose last day (2026-08-31) has passed, bound to pupils before that (directly: the
    // shop no longer binds an expired licence).
    const bind = (licenceId: string, pseudonymId: string) =>
      db.licence.update({ where: { id: licenceId }, data: { pseudonymId, assignedAt: new Date() } });
    const pupils = await Promise.all(Array.from({ length: 3 }, () => testPupil(w.schoolA)));
    const old = (await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 5, "2026-08-31")).get(w.offerA.id)!;
    for (const [i, p] of pupils.entries()) await bind(old[i]!, p.id);
    // one of them revoked before it expired; old[3] and old[4] stay unbound
    const revokedLine = (await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 1, "2026-08-31")).get(w.offerA.id)!;
    const revokedPupil = await testPupil(w.schoolA);
    await bind(revokedLine[0]!, revokedPupil.id);
    const line = await db.licence.findUniqueOrThrow({ where: { id: revokedLine[0]! } });
    await db.$transaction((tx) => revokeLicences(tx, line.orderLineId, "ALL"));
    // still valid on 2026-08-31 (its last day): nothing
    expect(await expireLicences("2026-08-31")).toBe(0);

    expect(await expireLicences("2026-09-01", { batchSize: 2 })).toBe(3);
    expect(await expireLicences("2026-09-01")).toBe(0);
    expect(await expireLicences("2026-10-01")).toBe(0);
    const feed = (await readFeed(w.publisherA, start)).changes;
    const expired = feed.filter((c) => c.kind === "expired");
    expect(expired.map((c) => c.eckId).sort()).toEqual(pupils.map((p) => p.pseudonym).sort());
    expect(feed.filter((c) => c.eckId === revokedPupil.pseudonym).map((c) => c.kind)).toEqual(["revoked"]);
    expect(await db.licenceChange.count({ where: { kind: "EXPIRED", licenceId: { in: old } } })).toBe(3);

    const seen = await lookup(w.keyA, `?eckId=${encodeURIComponent(pupils[0]!.pseudonym)}`);
    expect((seen.body.entitlements as { status: string }[]).map((e) => e.status)).toEqual(["expired"]);
    const http = await changes(w.keyA, encodeCursorBefore(expired[0]!.cursor));
    expect((http.body.changes as { kind: string }[])[0]!.kind).toBe("expired");

    const late = await testPupil(w.schoolA);
    await expect(assignLicence(w.schoolA, old[3]!, late.id)).rejects.toMatchObject({ code: "EXPIRED" });
    await expect(assignLicence(w.schoolA, old[3]!, late.id)).rejects.toBeInstanceOf(LicenceError);
  });
});

describe("the change feed under expiry racing activations and revocations", () => {
  it("lists every activation, revocation and expiry exactly once, in cursor order, also to a reader polling meanwhile", async () => {
    const bind = (licenceId: string, pseudonymId: string) =>
      db.licence.update({ where: { id: licenceId }, data: { pseudonymId, assignedAt: new Date() } });
    const start = (await readFeed(w.publisherA)).cursor;
    // to activate: valid licences and pupils without one
    const activatePupils = await Promise.all(Array.from({ length: 10 }, () => testPupil(w.schoolA)));
    const activate = (await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 10)).get(w.offerA.id)!;
    // to expire: bound licences whose last day was 2026-08-31
    const expirePupils = await Promise.all(Array.from({ length: 8 }, () => testPupil(w.schoolA)));
    const expire = (await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 8, "2026-08-31")).get(w.offerA.id)!;
    for (const [i, id] of expire.entries()) await bind(id, expirePupils[i]!.id);
    // expiring AND revoked at the same moment: one line of four
    const bothPupils = await Promise.all(Array.from({ length: 4 }, () => testPupil(w.schoolA)));
    const both = (await schoolLicences(w.schoolA, w.operatorId, [w.offerA], 4, "2026-08-31")).get(w.offerA.id)!;
    for (const [i, id] of both.entries()) await bind(id, bothPupils[i]!.id);
    const bothLine = (await db.licence.findUniqueOrThrow({ where: { id: both[0]! } })).orderLineId;
    const afterSetup = (await readFeed(w.publisherA, start)).cursor;

    const runs = [
      expireLicences("2026-09-01", { batchSize: 3 }),
      expireLicences("2026-09-01", { batchSize: 5 }),
      expireLicences("2026-09-02"),
    ];
    const polled = await pollFeedWhile(
      w.publisherA,
      afterSetup,
      Promise.all([
        runs[0],
        ...activate.map((id, i) => assignLicence(w.schoolA, id, activatePupils[i]!.id)),
        runs[1],
        db.$transaction((tx) => revokeLicences(tx, bothLine, "ALL")),
        runs[2],
      ]),
    );

    const all = (await readFeed(w.publisherA, afterSetup)).changes;
    const kindsOf = (pseudonym: string) => all.filter((c) => c.pseudonym === pseudonym).map((c) => c.kind);
    for (const p of activatePupils) expect(kindsOf(p.pseudonym)).toEqual(["activated"]);
    for (const p of expirePupils) expect(kindsOf(p.pseudonym)).toEqual(["expired"]);
    // revoked before the expiry run saw it: only revoked; otherwise expired, then revoked
    for (const p of bothPupils) expect([["revoked"], ["expired", "revoked"]]).toContainEqual(kindsOf(p.pseudonym));
    const expiredCount = all.filter((c) => c.kind === "expired").length;
    const recorded = await Promise.all(runs);
    expect(recorded.reduce((a, b) => a + b, 0)).toBe(expiredCount);
    expect(await db.licenceChange.count({ where: { kind: "EXPIRED", licenceId: { in: [...expire, ...both] } } })).toBe(
      expiredCount,
    );
    const ids = all.map((c) => decodeCursor(c.cursor)!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(polled.map((c) => c.cursor)).toEqual(all.map((c) => c.cursor));
  });
});
