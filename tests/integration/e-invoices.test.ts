/**
 * Every stored school invoice and credit note is a valid Peppol BIS 3 and NLCIUS e-invoice, and
 * every parent's document a valid EN 16931 / UBL 2.1 one (DESIGN §5): schools are addressed by
 * their OIN (0190) or KvK number (0106), which the operator keeps on the school admin page and
 * which the order's buyer snapshot carries onto the invoice.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { loadInvoiceDocument } from "~/modules/invoices/invoice-document.server";
import { renderUbl, UBL_PROFILES } from "~/modules/invoices/ubl";
import { placeOrder } from "~/modules/orders/orders.server";
import { action as schoolAction } from "~/routes/beheer.scholen.$schoolId";
import { cookieFor, formRequest, run } from "../support/requests";
import { answer } from "../support/action-result";
import { validateDocument, type DocumentValidation } from "../support/validate-ubl";

const OIN = "00000001234567890000";

async function postSchool(schoolId: string, overrides: Record<string, string>) {
  const school = await db.organisation.findUniqueOrThrow({ where: { id: schoolId } });
  const fields = {
    intent: "school",
    name: school.name,
    boardId: school.parentId!,
    brin: school.brin!,
    sector: school.sector!,
    street: school.street,
    postalCode: school.postalCode,
    city: school.city,
    email: school.email,
    kvkNumber: school.kvkNumber ?? "",
    oin: school.oin ?? "",
    paymentTermDays: String(school.paymentTermDays),
    ...overrides,
  };
  const cookie = await cookieFor("admin@leerwinkel.test");
  return run(() =>
    schoolAction({
      request: formRequest(`/beheer/scholen/${schoolId}`, fields, { cookie }),
      params: { schoolId },
      context: {},
    }),
  );
}

describe("schools' Peppol addresses", () => {
  it("gives every seeded school a KvK number or, for a public school, an OIN", async () => {
    const schools = await db.organisation.findMany({ where: { kind: "SCHOOL" }, orderBy: { brin: "asc" } });
    expect(schools.length).toBeGreaterThanOrEqual(4);
    for (const s of schools) {
      expect(s.kvkNumber ?? s.oin, s.name).toBeTruthy();
      if (s.kvkNumber) expect(s.kvkNumber).toMatch(/^\d{8}$/);
      if (s.oin) expect(s.oin).toMatch(/^\d{20}$/);
    }
    expect(schools.find((s) => s.name === "OBS De Zonnewijzer")?.oin).toBe(OIN);
  });

  it.each([
    [{ oin: "1234" }, "oin", "Een OIN bestaat uit 20 cijfers, bijvoorbeeld 00000001234567890000."],
    [{ oin: "0000000123456789000A" }, "oin", "Een OIN bestaat uit 20 cijfers, bijvoorbeeld 00000001234567890000."],
    [{ kvkNumber: "123456789" }, "kvkNumber", "Een KvK-nummer bestaat uit 8 cijfers."],
  ])("refuses %o with a Dutch message, keeping the fields", async (overrides, field, message) => {
    const school = await db.organisation.findFirstOrThrow({ where: { brin: "34CD" } });
    const res = answer(await postSchool(school.id, overrides));
    expect(res.errors[field]).toBe(message);
    expect(res.values).toMatchObject(overrides);
    expect((await db.organisation.findUniqueOrThrow({ where: { id: school.id } })).kvkNumber).toBe(school.kvkNumber);
  });

  it("saves an OIN (spaces dropped) and puts it on the school's next invoice as its Peppol address [slow]", async () => {
    const school = await db.organisation.findFirstOrThrow({ where: { brin: "56EF" } });
    const res = (await postSchool(school.id, { oin: "0000 0001 0012 3456 7000", kvkNumber: "" })) as Response;
    expect(res.status).toBe(302);
    expect(await db.organisation.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({
      oin: "00000001001234567000",
      kvkNumber: null,
    });

    const offer = await db.offer.findFirstOrThrow({
      where: { supply: "electronic", active: true },
      orderBy: { ean: "asc" },
    });
    const user = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
    const placed = await placeOrder({
      kind: "SCHOOL",
      schoolId: school.id,
      userId: user.id,
      idempotencyKey: "peppol-oin",
      paymentMethod: "INVOICE",
      items: [{ offerId: offer.id, quantity: 3 }],
      date: "2027-06-02",
    });
    const invoice = await db.invoice.findFirstOrThrow({ where: { orderId: placed.orderId, type: "INVOICE" } });
    const xml = renderUbl(await loadInvoiceDocument(db, invoice.id));
    expect(xml).toContain('<cbc:EndpointID schemeID="0190">00000001001234567000</cbc:EndpointID>');
    expect(xml).toContain('<cbc:CompanyID schemeID="0190">00000001001234567000</cbc:CompanyID>');
    expect((await validateDocument(xml, "peppol")).failures).toEqual([]);
  });
});

describe("every stored document", () => {
  it("passes EN 16931 + Peppol BIS 3 and EN 16931 + NLCIUS (schools), EN 16931 (parents), and the UBL 2.1 schema [slow]", async () => {
    const invoices = await db.invoice.findMany({
      select: { id: true, number: true, type: true, order: { select: { kind: true } } },
      orderBy: { number: "asc" },
    });
    const docs = await Promise.all(invoices.map(async (i) => ({ ...i, doc: await loadInvoiceDocument(db, i.id) })));
    const checks: { label: string; result: Promise<DocumentValidation> }[] = [];
    // Started in one tick: one JVM run per rule set for the lot.
    for (const d of docs) {
      if (d.order.kind === "SCHOOL") {
        for (const profile of UBL_PROFILES)
          checks.push({
            label: `${d.number} ${profile}`,
            result: validateDocument(renderUbl(d.doc, { profile }), profile),
          });
      } else {
        checks.push({ label: `${d.number} consumer`, result: validateDocument(renderUbl(d.doc), "consumer") });
      }
    }
    const results = await Promise.all(checks.map((c) => c.result));
    const failed = checks
      .map((c, i) => ({ label: c.label, failures: results[i]!.failures }))
      .filter((r) => r.failures.length > 0);
    expect(failed).toEqual([]);
    // The seed holds school invoices and credit notes, and parents' documents.
    expect(docs.filter((d) => d.order.kind === "SCHOOL" && d.type === "INVOICE").length).toBeGreaterThan(0);
    expect(docs.filter((d) => d.order.kind === "SCHOOL" && d.type === "CREDIT_NOTE").length).toBeGreaterThan(0);
    expect(docs.filter((d) => d.order.kind !== "SCHOOL").length).toBeGreaterThan(0);
  }, 300_000);
});
