/**
 * Invoices for the "one bad document" tests: copies of a seeded invoice, issued on a day of the
 * test's choosing under a test-only series, either exact (a good document) or with one line's
 * net amount off by a cent (a document the renderers refuse). Stored invoices are immutable —
 * the database triggers refuse UPDATE and DELETE — but INSERT is allowed, and inserting the
 * rows directly is the only way such a document can exist: issuing checks every document.
 */
import { db } from "~/db.server";
import { addDays, daysBetween } from "~/modules/calendar/iso-date";

const TEST_SERIES = "T";
let sequence = 0;

/**
 * Inserts a copy of the `nth` seeded invoice (type INVOICE, by number) as `number` on
 * `issueDate`, its due date moved along. With `broken`, line 1 nets one cent more than its
 * VAT line's taxable amount allows, so `assertDocumentConsistent` throws for it.
 */
export async function insertInvoiceCopy(opts: {
  number: string;
  issueDate: string;
  nth?: number;
  broken?: boolean;
}): Promise<{ id: string; number: string }> {
  const source = await db.invoice.findFirstOrThrow({
    where: { type: "INVOICE", correctsId: null },
    orderBy: { number: "asc" },
    skip: opts.nth ?? 0,
    include: { lines: { orderBy: { position: "asc" } }, vatLines: true },
  });
  const year = Number(opts.issueDate.slice(0, 4));
  return db.$transaction(async (tx) =>
    tx.invoice.create({
      data: {
        type: "INVOICE",
        series: TEST_SERIES,
        year,
        sequence: ++sequence,
        number: opts.number,
        orderId: source.orderId,
        schoolId: source.schoolId,
        issueDate: opts.issueDate,
        dueDate: source.dueDate ? addDays(opts.issueDate, daysBetween(source.issueDate, source.dueDate)) : null,
        paymentMethod: source.paymentMethod,
        paymentMeansCode: source.paymentMeansCode,
        buyerName: source.buyerName,
        buyerJson: source.buyerJson,
        sellerJson: source.sellerJson,
        orderNumber: source.orderNumber,
        poNumber: source.poNumber,
        pricesIncludeVat: source.pricesIncludeVat,
        currency: source.currency,
        netCents: source.netCents,
        vatCents: source.vatCents,
        grossCents: source.grossCents,
        lines: {
          create: source.lines.map((l) => ({
            position: l.position,
            description: l.description,
            ean: l.ean,
            quantity: l.quantity,
            unitPriceE4: l.unitPriceE4,
            vatRate: l.vatRate,
            category: l.category,
            netCents: opts.broken && l.position === source.lines[0]!.position ? l.netCents + 1 : l.netCents,
            grossCents: l.grossCents,
          })),
        },
        vatLines: {
          create: source.vatLines.map((v) => ({
            vatRate: v.vatRate,
            category: v.category,
            taxableCents: v.taxableCents,
            vatCents: v.vatCents,
            allowanceCents: v.allowanceCents,
            chargeCents: v.chargeCents,
            allowanceAmountCents: v.allowanceAmountCents,
            chargeAmountCents: v.chargeAmountCents,
          })),
        },
      },
      select: { id: true, number: true },
    }),
  );
}
