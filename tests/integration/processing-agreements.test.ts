/**
 * Issue 16 §1: processing agreements per school and publisher. Concluding twice keeps one row;
 * only a school admin of the school concludes for it (the page takes the school from the session);
 * `schoolsWithAgreement` is the gate delivery asks.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import {
  agreementGate,
  agreementsForSchool,
  concludeAgreement,
  DATA_SHARED_WITH_PUBLISHER,
  MODEL_AGREEMENT_VERSION,
  publishersWithoutAgreement,
  schoolsWithAgreement,
  setAcceptsLocalPseudonyms,
} from "~/modules/delivery/agreements.server";
import { deliversPseudonym } from "~/modules/delivery/pseudonym-kind";
import { action, loader } from "~/routes/school.verwerkersovereenkomsten";
import { loader as orderLoader } from "~/routes/school.bestellingen.$orderId";
import { answer } from "../support/action-result";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";

const ctx = { context: {} };
const URL_ = "/school/verwerkersovereenkomsten";

async function school(brin: string) {
  return db.organisation.findFirstOrThrow({ where: { brin } });
}
async function user(email: string) {
  return db.user.findUniqueOrThrow({ where: { email } });
}
async function publisher(name: string) {
  return db.publisher.findUniqueOrThrow({ where: { name } });
}

describe("processing agreements", () => {
  it("concluding twice makes one agreement, audited once; the gate then lets the school through", async () => {
    const amstel = await school("12AB");
    const admin = await user("school@leerwinkel.test");
    const noordhoff = await publisher("Noordhoff");
    expect((await schoolsWithAgreement(db, noordhoff.id)).has(amstel.id)).toBe(false);

    expect(await concludeAgreement(amstel.id, noordhoff.id, admin.id, "2026-12-01")).toEqual({ created: true });
    expect(await concludeAgreement(amstel.id, noordhoff.id, admin.id, "2026-12-02")).toEqual({ created: false });
    // two at once: still one row
    await Promise.all([
      concludeAgreement(amstel.id, noordhoff.id, admin.id),
      concludeAgreement(amstel.id, noordhoff.id, admin.id),
    ]);

    const rows = await db.processingAgreement.findMany({ where: { schoolId: amstel.id, publisherId: noordhoff.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      modelVersion: MODEL_AGREEMENT_VERSION,
      concludedOn: "2026-12-01",
      concludedByUserId: admin.id,
    });
    const audits = await db.auditLog.findMany({
      where: { action: "processing-agreement.conclude", entityId: rows[0]!.id },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.userId).toBe(admin.id);

    const gate = await schoolsWithAgreement(db, noordhoff.id);
    expect(gate.has(amstel.id)).toBe(true);
    // another publisher's gate is not opened by it
    const malmberg = await publisher("Malmberg");
    expect((await schoolsWithAgreement(db, malmberg.id)).has(amstel.id)).toBe(false);
    // nor another school's
    expect(gate.size).toBe(1);
  });

  it("another school's admin cannot conclude for this school", async () => {
    const amstel = await school("12AB");
    const other = await user("vechtdal@leerwinkel.test");
    const thieme = await publisher("ThiemeMeulenhoff");
    await expect(concludeAgreement(amstel.id, thieme.id, other.id)).rejects.toMatchObject({
      code: "NOT_SCHOOL_ADMIN",
      status: 403,
    });
    // school finance of the school itself neither
    const finance = await user("administratie@leerwinkel.test");
    await expect(concludeAgreement(amstel.id, thieme.id, finance.id)).rejects.toMatchObject({
      code: "NOT_SCHOOL_ADMIN",
    });
    expect(await db.processingAgreement.count({ where: { schoolId: amstel.id, publisherId: thieme.id } })).toBe(0);
  });

  it("the page: the school comes from the session, an unknown publisher is a Dutch message, not a 500", async () => {
    const vechtdal = await db.organisation.findFirstOrThrow({ where: { name: { contains: "Vechtdal" } } });
    const amstel = await school("12AB");
    const thieme = await publisher("ThiemeMeulenhoff");
    const cookie = await cookieFor("vechtdal@leerwinkel.test");

    const done = answer(
      await action({ request: formRequest(URL_, { publisherId: thieme.id }, { cookie }), params: {}, ...ctx }),
    );
    expect(done.status).toBe(200);
    expect(done.success).toMatch(/gesloten/);
    expect(await db.processingAgreement.count({ where: { schoolId: vechtdal.id, publisherId: thieme.id } })).toBe(1);
    expect(await db.processingAgreement.count({ where: { schoolId: amstel.id, publisherId: thieme.id } })).toBe(0);

    const unknown = answer(
      await action({ request: formRequest(URL_, { publisherId: "nope" }, { cookie }), params: {}, ...ctx }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.formError).toMatch(/uitgever bestaat niet/);
    const empty = answer(await action({ request: formRequest(URL_, {}, { cookie }), params: {}, ...ctx }));
    expect(empty.status).toBe(400);
    expect(empty.errors.publisherId).toMatch(/Kies een uitgever/);

    // school finance has no access to the page
    const finance = await cookieFor("administratie@leerwinkel.test");
    const refused = await run(() => loader({ request: getRequest(URL_, { cookie: finance }), params: {}, ...ctx }));
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);

    const page = await run(() => loader({ request: getRequest(URL_, { cookie }), params: {}, ...ctx }));
    if (page instanceof Response) throw new Error(`loader answered ${page.status}`);
    expect(page.sharedData).toEqual([...DATA_SHARED_WITH_PUBLISHER]);
    const row = page.publishers.find((p) => p.publisherId === thieme.id);
    expect(row?.agreement).toMatchObject({ modelVersion: MODEL_AGREEMENT_VERSION, concludedBy: "Vera Mulder" });
  });

  it("lists the publishers whose licences the school holds, with the licence count", async () => {
    const amstel = await school("12AB");
    const licences = await db.licence.findMany({
      where: { schoolId: amstel.id },
      select: { offer: { select: { title: { select: { publisherId: true } } } } },
    });
    const expected = new Map<string, number>();
    for (const l of licences)
      expected.set(l.offer.title.publisherId, (expected.get(l.offer.title.publisherId) ?? 0) + 1);
    const rows = await agreementsForSchool(amstel.id);
    for (const [publisherId, count] of expected) {
      expect(rows.find((r) => r.publisherId === publisherId)?.licenceCount).toBe(count);
    }
    expect(rows.map((r) => r.publisherName)).toEqual(
      [...rows.map((r) => r.publisherName)].sort((a, b) => a.localeCompare(b)),
    );
  });

  it("the school's order page names the publishers of its licences without an agreement, until one is concluded", async () => {
    const po = await db.organisation.findFirstOrThrow({ where: { name: { contains: "Regenboog" } } });
    const order = await db.order.findFirst({
      where: { schoolId: po.id, kind: "SCHOOL", licences: { some: {} } },
      include: { licences: { include: { offer: { include: { title: { include: { publisher: true } } } } } } },
    });
    const target =
      order ??
      (await db.order.findFirstOrThrow({
        where: { kind: "SCHOOL", licences: { some: {} }, school: { brin: "12AB" } },
        include: { licences: { include: { offer: { include: { title: { include: { publisher: true } } } } } } },
      }));
    const schoolId = target.schoolId;
    const admin = await db.membership.findFirstOrThrow({
      where: { organisationId: schoolId, role: "SCHOOL_ADMIN" },
      include: { user: true },
    });
    const cookie = await cookieFor(admin.user.email);
    const names = [...new Set(target.licences.map((l) => l.offer.title.publisher.name))].sort();
    const agreed = new Set((await db.processingAgreement.findMany({ where: { schoolId } })).map((a) => a.publisherId));
    const missing = [...new Set(target.licences.map((l) => l.offer.title.publisher))].filter(
      (p, i, all) => !agreed.has(p.id) && all.findIndex((q) => q.id === p.id) === i,
    );

    const load = async () => {
      const page = await run(() =>
        orderLoader({
          request: getRequest(`/school/bestellingen/${target.id}`, { cookie }),
          params: { orderId: target.id },
          ...ctx,
        }),
      );
      if (page instanceof Response) throw new Error(`loader answered ${page.status}`);
      return page.withoutAgreement.map((p) => p.publisherName);
    };
    expect((await load()).sort()).toEqual(missing.map((p) => p.name).sort());
    expect(missing.length).toBeGreaterThan(0);

    for (const p of missing) await concludeAgreement(schoolId, p.id, admin.userId);
    expect(await load()).toEqual([]);
    // none of the order's publishers is still missing for the school as a whole
    const stillMissing = (await publishersWithoutAgreement(schoolId)).map((p) => p.publisherName);
    expect(names.filter((n) => stillMissing.includes(n))).toEqual([]);
  });

  it("school-local pseudonyms go to a publisher only where the school's admin allows it (needs an agreement)", async () => {
    const regenboog = await db.organisation.findFirstOrThrow({ where: { name: { contains: "Regenboog" } } });
    const admin = await user("po@leerwinkel.test");
    // a publisher of its own, so that the other tests' agreements do not matter
    const malmberg = await db.publisher.create({ data: { name: "Uitgeverij Lokaal" } });
    await expect(setAcceptsLocalPseudonyms(regenboog.id, malmberg.id, admin.id, true)).rejects.toMatchObject({
      code: "NO_AGREEMENT",
      status: 409,
    });
    await concludeAgreement(regenboog.id, malmberg.id, admin.id);
    expect((await agreementGate(db, malmberg.id)).get(regenboog.id)).toEqual({ acceptsLocalPseudonyms: false });
    const other = await user("vechtdal@leerwinkel.test");
    await expect(setAcceptsLocalPseudonyms(regenboog.id, malmberg.id, other.id, true)).rejects.toMatchObject({
      code: "NOT_SCHOOL_ADMIN",
    });

    const cookie = await cookieFor("po@leerwinkel.test");
    const done = answer(
      await action({
        request: formRequest(URL_, { intent: "local", publisherId: malmberg.id, accepts: "ja" }, { cookie }),
        params: {},
        ...ctx,
      }),
    );
    expect(done.success).toMatch(/schoollokaal pseudoniem/);
    const gate = (await agreementGate(db, malmberg.id)).get(regenboog.id)!;
    expect(gate).toEqual({ acceptsLocalPseudonyms: true });
    expect(deliversPseudonym("0b6f1c2e-4d3a-4b8e-9f10-2a3b4c5d6e7f", gate.acceptsLocalPseudonyms)).toBe(true);
    const agreement = await db.processingAgreement.findUniqueOrThrow({
      where: { schoolId_publisherId: { schoolId: regenboog.id, publisherId: malmberg.id } },
    });
    expect(
      await db.auditLog.count({ where: { action: "processing-agreement.local-pseudonyms", entityId: agreement.id } }),
    ).toBe(1);

    await setAcceptsLocalPseudonyms(regenboog.id, malmberg.id, admin.id, false);
    expect((await agreementGate(db, malmberg.id)).get(regenboog.id)).toEqual({ acceptsLocalPseudonyms: false });
    // without an agreement, the action answers with a Dutch message, not a 500
    const none = await db.publisher.create({ data: { name: "Uitgeverij Zonder" } });
    const refused = answer(
      await action({
        request: formRequest(URL_, { intent: "local", publisherId: none.id, accepts: "ja" }, { cookie }),
        params: {},
        ...ctx,
      }),
    );
    expect(refused.status).toBe(409);
    expect(refused.formError).toMatch(/Sluit eerst de verwerkersovereenkomst/);
  });
});
