/**
 * The demo history (prisma/seed-history.ts) lands in the seeded database itself — the test
 * harness seeds its template through an explicit URL, so this also proves the global client
 * was redirected — and consists of documents the renderers accept.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { assertDocumentConsistent } from "~/modules/invoices/invoice-document";
import { iterateInvoices } from "~/modules/invoices/invoice-document.server";
import { renderUbl } from "~/modules/invoices/ubl";

describe("demo history", () => {
  it("holds paid, open and credited invoices of several schools and parents over 2026-Q2 and Q3", async () => {
    const orders = await db.order.findMany({
      where: { idempotencyKey: { startsWith: "seed-history-" } },
      select: { kind: true, schoolId: true, userId: true, status: true },
    });
    expect(orders.length).toBeGreaterThanOrEqual(10);
    expect(new Set(orders.filter((o) => o.kind === "SCHOOL").map((o) => o.schoolId)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(orders.filter((o) => o.kind === "PARENT").map((o) => o.userId)).size).toBeGreaterThanOrEqual(2);
    const inQuarter = (from: string, to: string) =>
      db.invoice.count({ where: { type: "INVOICE", issueDate: { gte: from, lte: to } } });
    expect(await inQuarter("2026-04-01", "2026-06-30")).toBeGreaterThanOrEqual(4);
    expect(await inQuarter("2026-07-01", "2026-09-30")).toBeGreaterThanOrEqual(4);
    expect(await db.invoice.count({ where: { type: "CREDIT_NOTE" } })).toBeGreaterThanOrEqual(2);
    expect(
      await db.invoice.count({ where: { type: "INVOICE", paymentMethod: "INVOICE", settlements: { some: {} } } }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      await db.invoice.count({ where: { type: "INVOICE", settlements: { none: {} }, corrections: { none: {} } } }),
    ).toBeGreaterThanOrEqual(1);
    expect(orders.some((o) => o.status === "PAID")).toBe(true);
  });

  it("numbers its documents in date order, and every one renders", async () => {
    let previous: { issueDate: string; number: string } | null = null;
    let count = 0;
    for await (const doc of iterateInvoices({}, 3)) {
      assertDocumentConsistent(doc);
      expect(renderUbl(doc)).toContain(doc.number);
      if (previous && doc.type === "INVOICE" && previous.number.startsWith("2026-") && doc.number.startsWith("2026-")) {
        expect(
          doc.number > previous.number,
          `${previous.number} (${previous.issueDate}) before ${doc.number} (${doc.issueDate})`,
        ).toBe(true);
      }
      if (doc.type === "INVOICE") previous = doc;
      count++;
    }
    expect(count).toBe(await db.invoice.count());
  });
});
