/**
 * Credit notes derive from their invoice's own lines (DESIGN.md §5) — the two cases issue 9
 * found broken, worked by hand, and the guarantees around them.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { Decimal } from "~/modules/money/decimal";
import { issueCreditNote, openInvoicePart } from "~/modules/invoices/issue-invoice.server";
import { placeOrder } from "~/modules/orders/orders.server";
import { createPricedOrder } from "../support/priced-orders";

const d = (v: string) => new Decimal(v);

async function documents(orderId: string) {
  const docs = await db.invoice.findMany({
    where: { orderId },
    include: { lines: { orderBy: { position: "asc" } }, vatLines: true },
    orderBy: { number: "asc" },
  });
  return { invoice: docs.find((x) => x.type === "INVOICE")!, credits: docs.filter((x) => x.type === "CREDIT_NOTE") };
}

function expectSelfConsistent(doc: Awaited<ReturnType<typeof documents>>["invoice"]) {
  for (const v of doc.vatLines) {
    const lines = doc.lines.filter((l) => l.vatRate === v.vatRate).reduce((s, l) => s + l.netCents, 0);
    expect(lines - v.allowanceCents + v.chargeCents).toBe(v.taxableCents);
  }
  expect(doc.vatLines.reduce((s, v) => s + v.taxableCents, 0)).toBe(doc.netCents);
  expect(doc.vatLines.reduce((s, v) => s + v.vatCents, 0)).toBe(doc.vatCents);
  expect(doc.netCents + doc.vatCents).toBe(doc.grossCents);
}

function expectCreditsEqualInvoice({ invoice, credits }: Awaited<ReturnType<typeof documents>>) {
  for (const field of ["netCents", "vatCents", "grossCents"] as const) {
    expect(credits.reduce((s, c) => s + c[field], 0)).toBe(invoice[field]);
  }
  for (const v of invoice.vatLines) {
    const credited = credits.flatMap((c) => c.vatLines).filter((x) => x.vatRate === v.vatRate);
    for (const field of ["taxableCents", "vatCents", "allowanceCents", "chargeCents"] as const) {
      expect(credited.reduce((s, x) => s + x[field], 0)).toBe(v[field]);
    }
  }
  for (const line of invoice.lines) {
    const credited = credits.flatMap((c) => c.lines).filter((x) => x.creditedLineId === line.id);
    expect(credited.reduce((s, x) => s + x.quantity, 0)).toBe(line.quantity);
    expect(credited.reduce((s, x) => s + x.netCents, 0)).toBe(line.netCents);
    expect(credited.reduce((s, x) => s + x.grossCents, 0)).toBe(line.grossCents);
  }
}

describe("credit notes by invoice line", () => {
  it("the same title on two lines: 5 of the first, then the rest credits 23 + 27 (issue 9, case 1)", async () => {
    const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const user = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
    const title = await db.title.findFirstOrThrow({
      where: { name: "Getal & Ruimte havo 2" },
      include: { offers: true },
    });
    const print = title.offers.find((o) => o.supply === "physical")!;
    const placed = await placeOrder({
      kind: "SCHOOL",
      schoolId: school.id,
      userId: user.id,
      idempotencyKey: "same-title-twice",
      paymentMethod: "INVOICE",
      poNumber: "PO-1",
      items: [
        { offerId: print.id, quantity: 28, classGroup: "H2A" },
        { offerId: print.id, quantity: 27, classGroup: "H2B" },
      ],
    });
    const lines = await db.orderLine.findMany({ where: { orderId: placed.orderId }, orderBy: { position: "asc" } });
    await db.$transaction((tx) =>
      issueCreditNote(tx, placed.orderId, [{ orderLineId: lines[0]!.id, quantity: 5 }], "2026-12-01"),
    );
    await db.$transaction((tx) => issueCreditNote(tx, placed.orderId, "ALL", "2026-12-01"));
    const docs = await documents(placed.orderId);
    const [first, rest] = docs.credits;
    expect(first!.lines.map((l) => l.quantity)).toEqual([5]);
    expect(rest!.lines.map((l) => l.quantity)).toEqual([23, 27]);
    for (const doc of [docs.invoice, ...docs.credits]) expectSelfConsistent(doc);
    expectCreditsEqualInvoice(docs);
    const after = await db.orderLine.findMany({ where: { orderId: placed.orderId }, orderBy: { position: "asc" } });
    expect(after.map((l) => l.refundedQuantity)).toEqual([28, 27]);
  });

  it("consumer prices: refunding the € 15,01 line, then the rest, leaves no cent behind (issue 9, case 2)", async () => {
    const { order } = await createPricedOrder(
      {
        pricesIncludeVat: true,
        lines: [
          { id: "1", description: "Licentie A", supply: "electronic", unitPrice: d("43.50"), quantity: 1 },
          { id: "2", description: "Licentie B", supply: "electronic", unitPrice: d("39.33"), quantity: 1 },
          { id: "3", description: "Werkboek", supply: "physical", unitPrice: d("42.82"), quantity: 1 },
          { id: "4", description: "Licentie C", supply: "electronic", unitPrice: d("15.01"), quantity: 1 },
        ],
      },
      { key: "consumer-four-lines" },
    );
    // Invoice at 21%: G = 43,50 + 39,33 + 15,01 = 97,84; VAT = round(97,84 × 21/121) = 16,98;
    // net 80,86 spread over the lines by largest remainder: 35,95 + 32,50 + 12,41 = 80,86.
    const before = await documents(order.id);
    const c = before.invoice.lines.find((l) => l.description === "Licentie C")!;
    expect([c.netCents, c.grossCents]).toEqual([1241, 1501]);
    await db.$transaction((tx) =>
      issueCreditNote(tx, order.id, [{ orderLineId: order.lines[3]!.id, quantity: 1 }], "2026-12-01"),
    );
    await db.$transaction((tx) => issueCreditNote(tx, order.id, "ALL", "2026-12-01"));
    const docs = await documents(order.id);
    // The partial credit takes the invoice line's own net (12,41), not a re-priced 12,40.
    expect(docs.credits[0]!.lines.map((l) => [l.netCents, l.grossCents])).toEqual([[1241, 1501]]);
    expect(docs.credits[0]!.grossCents).toBe(1501);
    for (const doc of [docs.invoice, ...docs.credits]) expectSelfConsistent(doc);
    expectCreditsEqualInvoice(docs);
  });

  it("partial credits of one line on an inclusive invoice take its own figures proportionally, and never exceed it", async () => {
    const { order } = await createPricedOrder(
      {
        pricesIncludeVat: true,
        lines: [
          { id: "1", description: "Licentie", supply: "electronic", unitPrice: d("10.01"), quantity: 7 },
          { id: "2", description: "Boek", supply: "physical", unitPrice: d("19.99"), quantity: 3 },
        ],
        shipping: d("4.95"),
      },
      { key: "inclusive-partials" },
    );
    for (const quantity of [1, 2, 1]) {
      await db.$transaction((tx) =>
        issueCreditNote(tx, order.id, [{ orderLineId: order.lines[0]!.id, quantity }], "2026-12-01"),
      );
    }
    await expect(
      db.$transaction((tx) =>
        issueCreditNote(tx, order.id, [{ orderLineId: order.lines[0]!.id, quantity: 4 }], "2026-12-01"),
      ),
    ).rejects.toMatchObject({ code: "TOO_MANY" });
    await db.$transaction((tx) =>
      issueCreditNote(tx, order.id, [{ orderLineId: order.lines[1]!.id, quantity: 3 }], "2026-12-01"),
    );
    const open = await db.$transaction((tx) => openInvoicePart(tx, order.id));
    expect(open!.open.lines.map((l) => l.quantity)).toEqual([3, 0]);
    await db.$transaction((tx) => issueCreditNote(tx, order.id, "ALL", "2026-12-01"));
    const docs = await documents(order.id);
    for (const doc of [docs.invoice, ...docs.credits]) expectSelfConsistent(doc);
    expectCreditsEqualInvoice(docs);
    // Shipping goes back only with the rest of the document.
    expect(docs.credits.slice(0, -1).every((c) => c.vatLines.every((v) => v.chargeCents === 0))).toBe(true);
    await expect(db.$transaction((tx) => issueCreditNote(tx, order.id, "ALL", "2026-12-02"))).rejects.toMatchObject({
      code: "NOTHING_TO_CREDIT",
    });
  });

  it("a credit note that would not add up is refused and nothing of it is stored", async () => {
    const { order } = await createPricedOrder(
      {
        pricesIncludeVat: false,
        lines: [{ id: "1", description: "Boek", supply: "physical", unitPrice: d("12.50"), quantity: 4 }],
      },
      { key: "refused-credit" },
    );
    const countBefore = await db.invoice.count();
    // A seller without a VAT number makes every document incomplete (art. 35a): the check refuses it.
    const seller = await db.organisation.findFirstOrThrow({ where: { kind: "OPERATOR" } });
    await db.organisation.update({ where: { id: seller.id }, data: { vatNumber: null } });
    try {
      await expect(db.$transaction((tx) => issueCreditNote(tx, order.id, "ALL", "2026-12-01"))).rejects.toMatchObject({
        code: "INCONSISTENT",
      });
    } finally {
      await db.organisation.update({ where: { id: seller.id }, data: { vatNumber: seller.vatNumber } });
    }
    expect(await db.invoice.count()).toBe(countBefore);
    expect((await db.orderLine.findFirstOrThrow({ where: { orderId: order.id } })).refundedQuantity).toBe(0);
  });
});

describe("two credit notes for the same invoice at the same time", () => {
  it("the first takes what is open; the other is refused (409) and nothing is credited twice", async () => {
    const { order, invoice } = await createPricedOrder(
      {
        pricesIncludeVat: false,
        lines: [
          { id: "1", supply: "physical", unitPrice: d("12.50"), quantity: 4 },
          { id: "2", supply: "electronic", unitPrice: d("7.99"), quantity: 3 },
        ],
      },
      { key: `race-${Math.random()}` },
    );
    const attempt = () => db.$transaction((tx) => issueCreditNote(tx, order.id, "ALL", "2026-12-01"));
    const outcomes = await Promise.allSettled([attempt(), attempt()]);
    const issued = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect([issued.length, refused.length]).toEqual([1, 1]);
    // SQLite runs one transaction after the other (nothing left to credit); on PostgreSQL the
    // second may have read the invoice before the first committed and is stopped by the re-check.
    expect(["NOTHING_TO_CREDIT", "TOO_MANY"]).toContain(refused[0]!.reason.code);
    expect(refused[0]!.reason.status).toBe(409);
    const { credits } = await documents(order.id);
    expect(credits).toHaveLength(1);
    expect(credits[0]!.grossCents).toBe(invoice.grossCents);
    const part = await db.$transaction((tx) => openInvoicePart(tx, order.id));
    expect(part!.open.lines.every((l) => l.quantity === 0 && l.grossCents === 0)).toBe(true);
  });
});
