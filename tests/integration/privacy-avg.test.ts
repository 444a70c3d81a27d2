/**
 * Issue 10, part 6: a parent's AVG rights — access (art. 15, JSON) and erasure (art. 17) — by the
 * parent on /ouder/gegevens and by an operator on /beheer/avg; invoices stay unchanged, licences
 * stay on the pseudonym, and both are audited.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { action as myDataAction, loader as myDataLoader } from "~/routes/ouder.gegevens";
import { loader as myDataJson } from "~/routes/ouder.gegevens[.]json";
import { action as avgAction, loader as avgLoader } from "~/routes/beheer.avg";
import { loader as avgExport } from "~/routes/beheer.avg.export.$userId";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

const ctx = { context: {} };

/** A fresh parent account that takes over one paid, invoiced parent order of the seeded history (with a payment row). */
async function parentWithHistory(email: string) {
  const order = await db.order.findFirstOrThrow({
    where: { kind: "PARENT", user: { email: { endsWith: "@leerwinkel.test" } }, invoices: { some: {} } },
    orderBy: [{ licences: { _count: "desc" } }, { number: "asc" }],
    include: { invoices: true, licences: true },
  });
  const seeded = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
  const user = await db.user.create({
    data: {
      email,
      name: "Petra Privé",
      passwordHash: seeded.passwordHash,
      memberships: { create: { role: "PARENT" } },
    },
  });
  await db.order.update({ where: { id: order.id }, data: { userId: user.id } });
  await db.payment.create({
    data: {
      orderId: order.id,
      provider: "test",
      checkoutSessionId: `cs_test_${email}`,
      status: "PAID",
      amountCents: order.grossCents,
      currency: "eur",
      methodType: "test",
    },
  });
  return { user, order };
}

describe("a parent's data export (art. 15)", () => {
  it("holds the account, orders with lines and amounts, invoices, payments, licences with the pupil's pseudonym and audit entries; the download is audited", async () => {
    const { user, order } = await parentWithHistory("petra.export@example.test");
    const cookie = await cookieFor(user.email);
    expect(
      await myDataLoader({ request: getRequest("/ouder/gegevens", { cookie }), params: {}, ...ctx }),
    ).toMatchObject({ email: user.email });
    const res = (await myDataJson({
      request: getRequest("/ouder/gegevens.json", { cookie }),
      params: {},
      ...ctx,
    })) as Response;
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(res.headers.get("Content-Disposition")).toContain("attachment");
    const body = (await res.json()) as Record<string, unknown> & {
      account: { email: string; name: string };
      orders: { number: string; lines: unknown[]; totals: { gross: string } }[];
      invoices: { number: string; totals: { gross: string } }[];
      payments: unknown[];
      licences: { pupilPseudonym: string | null; product: string; validFrom: string; validTo: string }[];
      auditLog: { action: string }[];
    };
    expect(body.account).toMatchObject({ email: user.email, name: "Petra Privé" });
    const exported = body.orders.find((o) => o.number === order.number)!;
    expect(exported.lines.length).toBeGreaterThan(0);
    expect(exported.totals.gross).toMatch(/^\d+\.\d{2}$/);
    for (const invoice of order.invoices) expect(body.invoices.map((i) => i.number)).toContain(invoice.number);
    expect(body.payments.length).toBeGreaterThan(0);
    const pseudonym = await db.studentPseudonym.findUniqueOrThrow({ where: { id: order.pseudonymId! } });
    expect(body.licences.length).toBe(order.licences.length);
    expect(body.licences[0]).toMatchObject({
      pupilPseudonym: pseudonym.pseudonym,
      validFrom: order.licences[0]!.validFrom,
    });
    expect(body.auditLog.some((a) => a.action === "order.place" || a.action.startsWith("payment."))).toBe(true);
    // The read itself is in the log, by the parent, about the parent.
    expect(
      await db.auditLog.count({
        where: { action: "read.personal-data", userId: user.id, entity: "User", entityId: user.id },
      }),
    ).toBe(1);
    // Nobody else's orders are in it.
    const others = await db.order.findMany({ where: { userId: { not: user.id } }, select: { number: true } });
    const numbers = new Set(body.orders.map((o) => o.number));
    expect(others.some((o) => numbers.has(o.number))).toBe(false);
  });
});

describe("a parent erases their account (art. 17)", () => {
  it("asks for confirmation, then anonymises the account and orders, ends every session, and keeps invoices and licences unchanged", async () => {
    const { user, order } = await parentWithHistory("petra.erase@example.test");
    const cookie = await cookieFor(user.email);
    const otherCookie = await cookieFor(user.email); // a second browser
    const invoicesBefore = await db.invoice.findMany({
      where: { orderId: order.id },
      include: { lines: true, vatLines: true },
      orderBy: { number: "asc" },
    });
    const licencesBefore = await db.licence.findMany({ where: { orderId: order.id }, orderBy: { id: "asc" } });

    const asked = answer(
      await myDataAction({
        request: formRequest("/ouder/gegevens", { intent: "confirm" }, { cookie }),
        params: {},
        ...ctx,
      }),
    );
    expect(asked).toMatchObject({ status: 200, outcome: { confirm: true }, formError: undefined });
    const unticked = answer(
      await myDataAction({
        request: formRequest("/ouder/gegevens", { intent: "erase" }, { cookie }),
        params: {},
        ...ctx,
      }),
    );
    expect(unticked.status).toBe(400);
    expect(unticked.errors.bevestig).toMatch(/Vink aan/);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);

    const done = (await myDataAction({
      request: formRequest("/ouder/gegevens", { intent: "erase", bevestig: "ja" }, { cookie }),
      params: {},
      ...ctx,
    })) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/account-verwijderd");
    expect(done.headers.get("Set-Cookie")).toBeTruthy();

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.email).not.toContain("petra");
    expect(after.name).toBe("Verwijderde gebruiker");
    expect(await verifyPassword("leerwinkel", after.passwordHash)).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    for (const c of [cookie, otherCookie]) {
      const res = (await run(() =>
        myDataLoader({ request: getRequest("/ouder/gegevens", { cookie: c }), params: {}, ...ctx }),
      )) as Response;
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toMatch(/^\/login/);
    }
    const anonymised = await db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(anonymised.buyerJson + anonymised.deliveryJson).not.toMatch(/Olga|Jansen|ouder@|petra/i);
    // Invoices: unchanged to the byte (7-year retention); licences: still on the pupil.
    expect(
      await db.invoice.findMany({
        where: { orderId: order.id },
        include: { lines: true, vatLines: true },
        orderBy: { number: "asc" },
      }),
    ).toEqual(invoicesBefore);
    expect(await db.licence.findMany({ where: { orderId: order.id }, orderBy: { id: "asc" } })).toEqual(licencesBefore);
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "privacy.erase", entityId: user.id } });
    expect(entry.userId).toBe(user.id);
    expect(entry.detailJson).not.toContain("petra");
  });
});

describe("an operator handles a parent's request", () => {
  it("finds the parent, downloads their data and erases the account after confirmation — audited as the operator", async () => {
    const { user } = await parentWithHistory("petra.operator@example.test");
    const admin = await cookieFor("admin@leerwinkel.test");
    const operator = await db.user.findUniqueOrThrow({ where: { email: "admin@leerwinkel.test" } });
    const found = (await avgLoader({
      request: getRequest("/beheer/avg?q=petra.operator", { cookie: admin }),
      params: {},
      ...ctx,
    })) as { parents: { id: string }[] };
    expect(found.parents.map((p) => p.id)).toEqual([user.id]);

    const res = (await avgExport({
      request: getRequest(`/beheer/avg/export/${user.id}`, { cookie: admin }),
      params: { userId: user.id },
      ...ctx,
    })) as Response;
    expect(((await res.json()) as { account: { email: string } }).account.email).toBe(user.email);
    expect(
      await db.auditLog.count({ where: { action: "read.personal-data", userId: operator.id, entityId: user.id } }),
    ).toBe(1);

    expect(
      await avgAction({
        request: formRequest("/beheer/avg", { intent: "confirm", userId: user.id }, { cookie: admin }),
        params: {},
        ...ctx,
      }),
    ).toMatchObject({ data: { outcome: { confirmUserId: user.id } } });
    const erased = await avgAction({
      request: formRequest("/beheer/avg", { intent: "erase", userId: user.id, bevestig: "ja" }, { cookie: admin }),
      params: {},
      ...ctx,
    });
    expect(erased).toMatchObject({ data: { outcome: { erased: { orders: 1 } } } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Verwijderde gebruiker");
    expect(
      await db.auditLog.count({ where: { action: "privacy.erase", userId: operator.id, entityId: user.id } }),
    ).toBe(1);
    const again = await avgAction({
      request: formRequest("/beheer/avg", { intent: "erase", userId: user.id, bevestig: "ja" }, { cookie: admin }),
      params: {},
      ...ctx,
    });
    expect(again).toMatchObject({ init: { status: 409 } });
  });

  it("refuses staff accounts (409) and anyone but an operator admin (403)", async () => {
    const admin = await cookieFor("admin@leerwinkel.test");
    const staff = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
    const refused = await avgAction({
      request: formRequest("/beheer/avg", { intent: "erase", userId: staff.id, bevestig: "ja" }, { cookie: admin }),
      params: {},
      ...ctx,
    });
    expect(refused).toMatchObject({ init: { status: 409 } });
    expect((await db.user.findUniqueOrThrow({ where: { id: staff.id } })).email).toBe("school@leerwinkel.test");
    const exportStaff = (await run(() =>
      avgExport({
        request: getRequest(`/beheer/avg/export/${staff.id}`, { cookie: admin }),
        params: { userId: staff.id },
        ...ctx,
      }),
    )) as Response;
    expect(exportStaff.status).toBe(409);
    for (const email of ["financien@leerwinkel.test", "school@leerwinkel.test", "ouder@leerwinkel.test"]) {
      const cookie = await cookieFor(email);
      const res = (await run(() =>
        avgExport({
          request: getRequest(`/beheer/avg/export/${staff.id}`, { cookie }),
          params: { userId: staff.id },
          ...ctx,
        }),
      )) as Response;
      expect(res.status).toBe(403);
    }
  });
});
