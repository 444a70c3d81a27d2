/**
 * Issue 10, part 5: parents' data stays with the parents. A parent's order carries the school's
 * id, but the school sees of it only whether a pupil's package was ordered and paid; its
 * invoices, activation codes and licences are the parent's. Operator finance still sees all.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { loader as invoiceFile } from "~/routes/financien.facturen.$file";
import { loader as financeList } from "~/routes/financien._index";
import { loader as csvExport } from "~/routes/financien.export[.]csv";
import { loader as zipExport } from "~/routes/financien.export-ubl[.]zip";
import { loader as licenceCsv } from "~/routes/school.licenties[.]csv";
import { action as orderAction } from "~/routes/school.bestellingen.$orderId";
import { loader as packageLoader } from "~/routes/school.pakketten.$packageId";
import { answer } from "../support/action-result";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";

const ctx = { context: {} };
const cookies = new Map<string, string>();
async function as(email: string) {
  if (!cookies.has(email)) cookies.set(email, await cookieFor(email));
  return cookies.get(email)!;
}

async function amstel() {
  return db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
}

/** A paid parent order of Amstel Lyceum with its invoice and licences (from the seeded history). */
async function parentOrder() {
  const school = await amstel();
  const order = await db.order.findFirstOrThrow({
    where: {
      schoolId: school.id,
      kind: "PARENT",
      invoices: { some: { type: "INVOICE" } },
      licences: { some: { status: "ACTIVE" } },
    },
    include: { invoices: true, licences: true, user: true, lines: true },
    orderBy: { number: "asc" },
  });
  return { school, order, invoice: order.invoices.find((i) => i.type === "INVOICE")! };
}

async function text(res: unknown): Promise<string> {
  expect(res).toBeInstanceOf(Response);
  return (res as Response).text();
}

describe("school staff do not see parents' invoices", () => {
  it("school finance and school admin get a 404 for a parent's invoice (PDF and UBL); the parent and operator finance get it", async () => {
    const { invoice } = await parentOrder();
    for (const email of ["administratie@leerwinkel.test", "school@leerwinkel.test"]) {
      const cookie = await as(email);
      for (const ext of ["pdf", "xml"]) {
        const res = await run(() =>
          invoiceFile({
            request: getRequest(`/financien/facturen/${invoice.id}.${ext}`, { cookie }),
            params: { file: `${invoice.id}.${ext}` },
            ...ctx,
          }),
        );
        expect((res as Response).status, `${email} ${ext}`).toBe(404);
      }
    }
    const parentCookie = await cookieFor(
      (await db.user.findFirstOrThrow({ where: { orders: { some: { id: invoice.orderId } } } })).email,
    );
    const own = (await run(() =>
      invoiceFile({
        request: getRequest(`/financien/facturen/${invoice.id}.xml`, { cookie: parentCookie }),
        params: { file: `${invoice.id}.xml` },
        ...ctx,
      }),
    )) as Response;
    expect(own.status).toBe(200);
    const finance = await as("financien@leerwinkel.test");
    const operator = (await run(() =>
      invoiceFile({
        request: getRequest(`/financien/facturen/${invoice.id}.xml`, { cookie: finance }),
        params: { file: `${invoice.id}.xml` },
        ...ctx,
      }),
    )) as Response;
    expect(operator.status).toBe(200);
    expect(await operator.text()).toContain(invoice.number);
  });

  it("a school's own invoices still download for school finance", async () => {
    const school = await amstel();
    const own = await db.invoice.findFirstOrThrow({ where: { schoolId: school.id, order: { kind: "SCHOOL" } } });
    const cookie = await as("administratie@leerwinkel.test");
    const res = (await run(() =>
      invoiceFile({
        request: getRequest(`/financien/facturen/${own.id}.pdf`, { cookie }),
        params: { file: `${own.id}.pdf` },
        ...ctx,
      }),
    )) as Response;
    expect(res.status).toBe(200);
  });

  it("school finance's list, CSV and UBL zip hold only the school's own purchases; operator finance's hold the parents' too", async () => {
    const { school, invoice } = await parentOrder();
    const parentNumbers = (
      await db.invoice.findMany({ where: { schoolId: school.id, order: { kind: "PARENT" } }, select: { number: true } })
    ).map((i) => i.number);
    const ownNumbers = (
      await db.invoice.findMany({ where: { schoolId: school.id, order: { kind: "SCHOOL" } }, select: { number: true } })
    ).map((i) => i.number);
    expect(parentNumbers.length).toBeGreaterThan(0);
    expect(ownNumbers.length).toBeGreaterThan(0);
    const cookie = await as("administratie@leerwinkel.test");

    const csv = await text(
      await run(() => csvExport({ request: getRequest("/financien/export.csv", { cookie }), params: {}, ...ctx })),
    );
    for (const n of parentNumbers) expect(csv).not.toContain(n);
    for (const n of ownNumbers) expect(csv).toContain(n);
    expect(csv).not.toContain(invoice.buyerName);

    const zip = (await run(() =>
      zipExport({ request: getRequest("/financien/export-ubl.zip", { cookie }), params: {}, ...ctx }),
    )) as Response;
    const bytes = Buffer.from(await zip.arrayBuffer()).toString("latin1");
    for (const n of parentNumbers) expect(bytes).not.toContain(n);
    expect(bytes).toContain(ownNumbers[0]!);

    const list = (await financeList({ request: getRequest("/financien", { cookie }), params: {}, ...ctx })) as {
      list: { total: number; rows: { number: string }[] };
    };
    expect(list.list.total).toBe(ownNumbers.length);

    const finance = await as("financien@leerwinkel.test");
    const operatorCsv = await text(
      await run(() =>
        csvExport({
          request: getRequest(`/financien/export.csv?school=${school.id}`, { cookie: finance }),
          params: {},
          ...ctx,
        }),
      ),
    );
    for (const n of [...parentNumbers, ...ownNumbers]) expect(operatorCsv).toContain(n);
  });
});

describe("licences a parent paid for", () => {
  it("are not in the school's licence CSV, whose fields are neutralised against formulas", async () => {
    const { school, order } = await parentOrder();
    const ownLicence = await db.licence.findFirstOrThrow({
      where: { schoolId: school.id, status: "ACTIVE", order: { kind: "SCHOOL" } },
    });
    await db.orderLine.update({
      where: { id: ownLicence.orderLineId },
      data: { description: '=HYPERLINK("http://evil.example","klik")' },
    });
    const cookie = await as("school@leerwinkel.test");
    const csv = await text(
      await run(() => licenceCsv({ request: getRequest("/school/licenties.csv", { cookie }), params: {}, ...ctx })),
    );
    for (const l of order.licences) expect(csv).not.toContain(l.code);
    expect(csv).toContain(ownLicence.code);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    expect(csv).not.toMatch(/;=HYPERLINK/);
    // Asking for the parent's order by id is a 404, as for any order that is not the school's.
    const one = (await run(() =>
      licenceCsv({
        request: getRequest(`/school/licenties.csv?bestelling=${order.id}`, { cookie }),
        params: {},
        ...ctx,
      }),
    )) as Response;
    expect(one.status).toBe(404);
  });

  it("cannot be moved to another pupil, unassigned or redistributed by the school (409), nor the order cancelled", async () => {
    const { school, order } = await parentOrder();
    const licence = order.licences.find((l) => l.status === "ACTIVE")!;
    const other = await db.studentPseudonym.findFirstOrThrow({
      where: { schoolId: school.id, id: { not: licence.pseudonymId ?? "" } },
    });
    const cookie = await as("school@leerwinkel.test");
    for (const pseudonymId of [other.id, ""]) {
      const res = await orderAction({
        request: formRequest(
          `/school/bestellingen/${order.id}`,
          { intent: "assign", licenceId: licence.id, pseudonymId },
          { cookie },
        ),
        params: { orderId: order.id },
        ...ctx,
      });
      expect(answer(res)).toMatchObject({ status: 409, formError: expect.stringMatching(/door een ouder betaald/) });
    }
    const line = order.lines[0]!;
    const distributed = await orderAction({
      request: formRequest(
        `/school/bestellingen/${order.id}`,
        { intent: "distribute", orderLineId: line.id, classGroup: "H2A" },
        { cookie },
      ),
      params: { orderId: order.id },
      ...ctx,
    });
    expect(distributed).toMatchObject({ init: { status: 409 } });
    expect((await db.licence.findUniqueOrThrow({ where: { id: licence.id } })).pseudonymId).toBe(licence.pseudonymId);

    const cancel = await run(() =>
      orderAction({
        request: formRequest(`/school/bestellingen/${order.id}`, { intent: "cancel" }, { cookie }),
        params: { orderId: order.id },
        ...ctx,
      }),
    );
    expect((cancel as Response).status).toBe(404);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe(order.status);
  });
});

describe("the package page", () => {
  it("shows per pseudonym only whether the package was ordered and paid — no parent, no amounts", async () => {
    const { order } = await parentOrder();
    const res = (await packageLoader({
      request: getRequest(`/school/pakketten/${order.packageId}`, { cookie: await as("school@leerwinkel.test") }),
      params: { packageId: order.packageId! },
      ...ctx,
    })) as { pupils: { pseudonym: string; ordered: boolean; paid: boolean }[] };
    const pseudonym = await db.studentPseudonym.findUniqueOrThrow({ where: { id: order.pseudonymId! } });
    expect(res.pupils.find((p) => p.pseudonym === pseudonym.pseudonym)).toMatchObject({ ordered: true, paid: true });
    expect(res.pupils.some((p) => !p.ordered)).toBe(true);
    const json = JSON.stringify(res);
    expect(json).not.toContain(order.user.email);
    expect(json).not.toContain(order.user.name);
    expect(json).not.toContain(order.number);
  });
});
