/**
 * Marking an invoice on account as paid (operator finance, the invoice list's per-row form):
 * a settlement once, the order PAID, and a payment date that can be true — not after today
 * (Europe/Amsterdam) and not before the invoice date (issue 12) — refused next to the field.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { placeOrder } from "~/modules/orders/orders.server";
import { markInvoicePaid, SettlementError } from "~/modules/invoices/finance.server";
import { addDays, todayInAmsterdam } from "~/modules/calendar/iso-date";
import { action as financeAction } from "~/routes/financien._index";
import { loader as documentLoader } from "~/routes/financien.facturen.$file";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

const today = todayInAmsterdam();
// An invoice issued ten days ago, so that dates before it, on it, and up to today all exist.
const ISSUED = addDays(today, -10);
let invoiceId = "";

beforeAll(async () => {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "23BC" } });
  const user = await db.user.findUniqueOrThrow({ where: { email: "po@leerwinkel.test" } });
  const offer = await db.offer.findFirstOrThrow({
    where: { supply: "electronic", title: { name: "Getal & Ruimte havo 2" } },
  });
  const placed = await placeOrder({
    kind: "SCHOOL",
    schoolId: school.id,
    userId: user.id,
    idempotencyKey: "mark-paid-1",
    paymentMethod: "INVOICE",
    poNumber: "PO-MP",
    items: [{ offerId: offer.id, quantity: 1 }],
    date: ISSUED,
  });
  const invoice = await db.invoice.findFirstOrThrow({ where: { orderId: placed.orderId, type: "INVOICE" } });
  expect(invoice.issueDate).toBe(ISSUED);
  invoiceId = invoice.id;
});

async function markPaid(paidOn: string, cookie: string) {
  return run(() =>
    financeAction({
      request: formRequest("/financien?index", { intent: "markPaid", invoiceId, paidOn }, { cookie }),
      params: {},
      context: {},
    }),
  );
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mark-paid-pdf-"));
  const file = path.join(dir, "doc.pdf");
  writeFileSync(file, bytes);
  return execFileSync("/usr/bin/pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

describe("marking an invoice on account as paid", () => {
  it("refuses a payment date after today or before the invoice date, with the message on the date field", async () => {
    const operator = await cookieFor("financien@leerwinkel.test");
    const tomorrow = answer(await markPaid(addDays(today, 1), operator));
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.errors.paidOn).toMatch(
      /^De betaaldatum ligt in de toekomst\. Vul de dag in waarop de betaling binnenkwam: vandaag \(\d{1,2} [a-z]+ \d{4}\) of eerder\.$/,
    );
    expect(tomorrow.values).toMatchObject({ invoiceId, paidOn: addDays(today, 1) });
    const early = answer(await markPaid(addDays(ISSUED, -1), operator));
    expect(early.status).toBe(400);
    expect(early.errors.paidOn).toMatch(/^De betaaldatum ligt vóór de factuurdatum \(\d{1,2} [a-z]+ \d{4}\)\./);
    expect(answer(await markPaid("31-05-2027", operator)).errors).toEqual({
      paidOn: "Vul een betaaldatum in als JJJJ-MM-DD.",
    });
    expect(answer(await markPaid("", operator)).errors).toEqual({ paidOn: "Vul een betaaldatum in." });
    expect(await db.invoiceSettlement.count({ where: { invoiceId } })).toBe(0);
  });

  it("the module refuses the same dates itself (a SettlementError on paidOn), the bounds inclusive", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: "financien@leerwinkel.test" } });
    const refusal = (paidOn: string, day: string) =>
      markInvoicePaid({ invoiceId, schoolId: null, userId: user.id, paidOn, today: day }).then(
        () => null,
        (error: unknown) => error,
      );
    const future = await refusal("2030-01-02", "2030-01-01");
    expect(future).toBeInstanceOf(SettlementError);
    expect(future).toMatchObject({ code: "PAID_IN_FUTURE", field: "paidOn", status: 400 });
    expect(future).toMatchObject({
      message:
        "De betaaldatum ligt in de toekomst. Vul de dag in waarop de betaling binnenkwam: vandaag (1 januari 2030) of eerder.",
    });
    expect(await refusal(addDays(ISSUED, -1), today)).toMatchObject({ code: "PAID_BEFORE_INVOICE", field: "paidOn" });
    expect(await db.invoiceSettlement.count({ where: { invoiceId } })).toBe(0);
  });

  it("records a settlement on the invoice date and moves the order to PAID, once, for operator finance only", async () => {
    const operator = await cookieFor("financien@leerwinkel.test");
    const schoolFinance = await cookieFor("administratie@leerwinkel.test");
    expect(((await markPaid(ISSUED, schoolFinance)) as Response).status).toBe(403);
    const first = answer(await markPaid(ISSUED, operator));
    expect(first.success).toMatch(/^Factuur .+ is als betaald gemarkeerd\.$/);
    const invoice = await db.invoice.findUniqueOrThrow({
      where: { id: invoiceId },
      include: { settlements: true, order: true },
    });
    expect(invoice.settlements.map((s) => s.paidOn)).toEqual([ISSUED]);
    expect(invoice.order.status).toBe("PAID");
    const again = answer(await markPaid(today, operator));
    expect(again).toMatchObject({ status: 409, formError: `Factuur ${invoice.number} staat niet (meer) open.` });
    expect(await db.invoiceSettlement.count({ where: { invoiceId } })).toBe(1);
    // the paid invoice's PDF now says so
    const pdf = (await run(() =>
      Promise.resolve(
        documentLoader({
          request: getRequest("/x", { cookie: operator }),
          params: { file: `${invoiceId}.pdf` },
          context: {},
        }),
      ),
    )) as Response;
    expect(pdfText(new Uint8Array(await pdf.arrayBuffer()))).toContain("Deze factuur is voldaan.");
  });

  it("answers 404 for an invoice that does not exist", async () => {
    const operator = await cookieFor("financien@leerwinkel.test");
    const res = await run(() =>
      financeAction({
        request: formRequest(
          "/financien?index",
          { intent: "markPaid", invoiceId: "nope", paidOn: today },
          { cookie: operator },
        ),
        params: {},
        context: {},
      }),
    );
    expect((res as Response).status).toBe(404);
  });
});
