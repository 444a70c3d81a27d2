import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { cancelOrder, OrderError, placeOrder } from "~/modules/orders/orders.server";

async function demo() {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const other = await db.organisation.findFirstOrThrow({ where: { brin: "34CD" } });
  const user = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
  const title = await db.title.findFirstOrThrow({
    where: { name: "Getal & Ruimte havo 2" },
    include: { offers: true },
  });
  const print = title.offers.find((o) => o.supply === "physical")!;
  const digital = title.offers.find((o) => o.supply === "electronic" && o.licenceMonths === 12)!;
  const bundle = title.offers.find((o) => o.supply === "bundle")!;
  return { school, other, user, print, digital, bundle };
}

describe("placing an order on invoice", () => {
  it("freezes the breakdown on the contract list with its tiers, reserves stock, issues the invoice and creates licences", async () => {
    const { school, user, print, digital, bundle } = await demo();
    const items = [
      { offerId: print.id, quantity: 28, classGroup: "H2A" },
      { offerId: digital.id, quantity: 30, classGroup: "H2B" },
      { offerId: bundle.id, quantity: 3, classGroup: "H2C" },
    ];
    const placed = await placeOrder({
      kind: "SCHOOL",
      schoolId: school.id,
      userId: user.id,
      idempotencyKey: "k-1",
      paymentMethod: "INVOICE",
      poNumber: "PO-778",
      items,
      date: "2026-11-29",
    });
    expect(placed.created).toBe(true);
    expect(placed.number).toMatch(/^B2026-\d{6}$/);
    const order = await db.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: {
        lines: { orderBy: { position: "asc" } },
        vatLines: true,
        invoices: { include: { lines: true, vatLines: true } },
        licences: true,
        shipments: true,
      },
    });
    expect(order.status).toBe("PLACED");
    // Amstel Lyceum's board has a contract list (prisma/seed.ts), prices excl. VAT (DESIGN §3):
    //   print 28 on the 25+ tier: 36.47 × 28 = 1021.16 (6%)
    //   digital 1 year 30 on the 25+ tier: 32.41 × 30 = 972.30 (21%)
    //   combination 3, below the tier: 43.19 × 3 = 129.57, split 55/45: 71.2635 → 71.26 and
    //     58.3065 → 58.30, the missing cent to the larger remainder: 58.31
    //   6%: taxable 1021.16 + 71.26 = 1092.42, VAT round(65.5452) = 65.55
    //   21%: taxable 972.30 + 58.31 = 1030.61, VAT round(216.4281) = 216.43
    //   1092.42 of physical goods ≥ 150.00: no shipping. Net 2123.03 + VAT 281.98 = 2405.01
    expect(order.lines.map((l) => [l.unitPriceE4, l.quantity, l.lineAmountCents])).toEqual([
      [364_700, 28, 102_116],
      [324_100, 30, 97_230],
      [431_900, 3, 12_957],
    ]);
    expect(Object.fromEntries(order.vatLines.map((v) => [v.vatRate, [v.taxableCents, v.vatCents]]))).toEqual({
      "6": [109_242, 6_555],
      "21": [103_061, 21_643],
    });
    expect([order.netCents, order.vatCents, order.grossCents]).toEqual([212_303, 28_198, 240_501]);
    const invoice = order.invoices[0]!;
    expect(invoice.number).toMatch(/^2026-\d{6}$/);
    expect(invoice.dueDate).toBe("2026-12-29");
    expect([invoice.netCents, invoice.vatCents, invoice.grossCents]).toEqual([212_303, 28_198, 240_501]);
    expect(invoice.lines.reduce((s, l) => s + l.netCents, 0)).toBe(
      invoice.vatLines.reduce((s, v) => s + v.taxableCents - v.chargeCents + v.allowanceCents, 0),
    );
    expect(invoice.vatLines.every((v) => v.chargeCents === 0)).toBe(true);
    expect(order.licences).toHaveLength(33); // 30 digital + 3 bundles with a licence part
    expect(order.licences.every((l) => l.pseudonymId === null && l.status === "ACTIVE")).toBe(true);
    expect(order.shipments).toHaveLength(1);
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(print.stock! - 28);
  });

  it("prices a school without a contract on the default list, the tier by the offer's total quantity", async () => {
    const { other, print } = await demo();
    const vechtdalUser = await db.user.findUniqueOrThrow({ where: { email: "vechtdal@leerwinkel.test" } });
    const items = [
      { offerId: print.id, quantity: 24, classGroup: "H2A" },
      { offerId: print.id, quantity: 4, classGroup: "H2B" },
    ];
    const placed = await placeOrder({
      kind: "SCHOOL",
      schoolId: other.id,
      userId: vechtdalUser.id,
      idempotencyKey: "default-list",
      paymentMethod: "INVOICE",
      items,
      date: "2026-11-29",
    });
    const order = await db.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: { lines: { orderBy: { position: "asc" } } },
    });
    // Vechtdal College's board has no contract: the default list. 24 + 4 = 28 copies of one offer
    // reach the 25+ tier (40.45 − round(1.2135) = 39.24) on both lines:
    //   24 × 39.24 = 941.76, 4 × 39.24 = 156.96; 6%: taxable 1098.72, VAT round(65.9232) = 65.92
    //   1098.72 ≥ 150.00: no shipping; gross 1098.72 + 65.92 = 1164.64
    expect(order.lines.map((l) => [l.unitPriceE4, l.lineAmountCents])).toEqual([
      [392_400, 94_176],
      [392_400, 15_696],
    ]);
    expect([order.netCents, order.vatCents, order.grossCents]).toEqual([109_872, 6_592, 116_464]);
  });

  it("is idempotent: the same key makes one order, also when submitted twice at once", async () => {
    const { school, user, print } = await demo();
    const input = {
      kind: "SCHOOL" as const,
      schoolId: school.id,
      userId: user.id,
      idempotencyKey: "double-click",
      paymentMethod: "INVOICE" as const,
      poNumber: "PO-1",
      items: [{ offerId: print.id, quantity: 2 }],
    };
    const [a, b] = await Promise.all([placeOrder(input), placeOrder(input)]);
    const c = await placeOrder(input);
    expect(new Set([a.orderId, b.orderId, c.orderId]).size).toBe(1);
    expect(await db.order.count({ where: { idempotencyKey: "double-click" } })).toBe(1);
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(print.stock! - 2);
  });

  it("never oversells: two schools race for the last copies, one wins and the other is told", async () => {
    const { school, other, user, print } = await demo();
    await db.offer.update({ where: { id: print.id }, data: { stock: 30 } });
    const vechtdalUser = await db.user.findUniqueOrThrow({ where: { email: "vechtdal@leerwinkel.test" } });
    const results = await Promise.allSettled([
      placeOrder({
        kind: "SCHOOL",
        schoolId: school.id,
        userId: user.id,
        idempotencyKey: "race-a",
        paymentMethod: "INVOICE",
        poNumber: "PO-A",
        items: [{ offerId: print.id, quantity: 20 }],
      }),
      placeOrder({
        kind: "SCHOOL",
        schoolId: other.id,
        userId: vechtdalUser.id,
        idempotencyKey: "race-b",
        paymentMethod: "INVOICE",
        items: [{ offerId: print.id, quantity: 20 }],
      }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(OrderError);
    expect((lost[0]!.reason as OrderError).code).toBe("OUT_OF_STOCK");
    expect((lost[0]!.reason as OrderError).message).toMatch(/nog 10 op voorraad/);
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(10);
    expect(await db.order.count({ where: { idempotencyKey: { in: ["race-a", "race-b"] } } })).toBe(1);
  });

  it("requires a PO number where the school says so", async () => {
    const { school, user, print } = await demo();
    await expect(
      placeOrder({
        kind: "SCHOOL",
        schoolId: school.id,
        userId: user.id,
        idempotencyKey: "no-po",
        paymentMethod: "INVOICE",
        items: [{ offerId: print.id, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ code: "PO_REQUIRED" });
  });

  it("cancels an unshipped order: stock back, licences revoked, a credit note that mirrors the invoice", async () => {
    const { school, user, print, digital } = await demo();
    const before = (await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock!;
    const placed = await placeOrder({
      kind: "SCHOOL",
      schoolId: school.id,
      userId: user.id,
      idempotencyKey: "cancel-me",
      paymentMethod: "INVOICE",
      poNumber: "PO-9",
      items: [
        { offerId: print.id, quantity: 5 },
        { offerId: digital.id, quantity: 5 },
      ],
    });
    await cancelOrder(placed.orderId, { schoolId: school.id, userId: user.id });
    const order = await db.order.findUniqueOrThrow({
      where: { id: placed.orderId },
      include: { invoices: { include: { vatLines: true } }, licences: true, shipments: true },
    });
    expect(order.status).toBe("CANCELLED");
    expect((await db.offer.findUniqueOrThrow({ where: { id: print.id } })).stock).toBe(before);
    expect(order.licences.every((l) => l.status === "REVOKED")).toBe(true);
    expect(order.shipments.map((s) => s.status)).toEqual(["CANCELLED"]);
    const invoice = order.invoices.find((i) => i.type === "INVOICE")!;
    const credit = order.invoices.find((i) => i.type === "CREDIT_NOTE")!;
    expect(credit.number).toMatch(/^C2026-\d{6}$/);
    expect(credit.correctsId).toBe(invoice.id);
    expect(credit.grossCents).toBe(invoice.grossCents);
    await expect(cancelOrder(placed.orderId, { schoolId: school.id, userId: user.id })).rejects.toMatchObject({
      code: "NOT_CANCELLABLE",
    });
  });

  it("does not let another school cancel the order", async () => {
    const { school, other, user, print } = await demo();
    const placed = await placeOrder({
      kind: "SCHOOL",
      schoolId: school.id,
      userId: user.id,
      idempotencyKey: "mine",
      paymentMethod: "INVOICE",
      poNumber: "PO-2",
      items: [{ offerId: print.id, quantity: 1 }],
    });
    await expect(cancelOrder(placed.orderId, { schoolId: other.id, userId: user.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

/**
 * The database driver's own message for a refused statement (fails the test if the statement succeeds).
 * Prisma maps SQLite's trigger abort to a known request error with the driver's message in
 * meta.driverAdapterError.cause; PostgreSQL's RAISE EXCEPTION arrives as the DriverAdapterError itself.
 */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    type Cause = { originalMessage?: string };
    const e = error as { cause?: Cause; meta?: { driverAdapterError?: { cause?: Cause } } };
    return String(
      e.meta?.driverAdapterError?.cause?.originalMessage ?? e.cause?.originalMessage ?? "(no driver message)",
    );
  }
  throw new Error("the statement was not refused");
}

describe("issued invoices are immutable in the database", () => {
  it("refuses UPDATE and DELETE of invoices, their lines and VAT lines", async () => {
    const { school, user, print } = await demo();
    const placed = await placeOrder({
      kind: "SCHOOL",
      schoolId: school.id,
      userId: user.id,
      idempotencyKey: "immutable",
      paymentMethod: "INVOICE",
      poNumber: "PO-3",
      items: [{ offerId: print.id, quantity: 1 }],
    });
    const invoice = await db.invoice.findFirstOrThrow({
      where: { orderId: placed.orderId },
      include: { lines: true, vatLines: true },
    });
    // The database's own trigger message, not Prisma's error text (which quotes the calling source line).
    await expect(refusal(db.invoice.update({ where: { id: invoice.id }, data: { grossCents: 1 } }))).resolves.toMatch(
      /invoice is immutable/,
    );
    await expect(refusal(db.invoice.delete({ where: { id: invoice.id } }))).resolves.toMatch(/invoice is immutable/);
    await expect(
      refusal(db.invoiceLine.update({ where: { id: invoice.lines[0]!.id }, data: { netCents: 1 } })),
    ).resolves.toMatch(/immutable/);
    await expect(
      refusal(db.invoiceVatLine.update({ where: { id: invoice.vatLines[0]!.id }, data: { vatCents: 1 } })),
    ).resolves.toMatch(/immutable/);
    expect((await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).grossCents).toBe(invoice.grossCents);
  });
});

describe("credit notes add up to the invoice", () => {
  it("a partial credit followed by 'the rest' credits exactly the invoice, per rate and with shipping", async () => {
    const { issueCreditNote } = await import("~/modules/invoices/issue-invoice.server");
    const { school, user, print, digital } = await demo();
    // 2 books: below the free-shipping threshold, so the order carries a shipping charge.
    const placed = await placeOrder({
      kind: "SCHOOL",
      schoolId: school.id,
      userId: user.id,
      idempotencyKey: "credit-rest",
      paymentMethod: "INVOICE",
      poNumber: "PO-7",
      items: [
        { offerId: print.id, quantity: 2 },
        { offerId: digital.id, quantity: 3 },
      ],
    });
    const lines = await db.orderLine.findMany({ where: { orderId: placed.orderId }, orderBy: { position: "asc" } });
    await db.$transaction((tx) =>
      issueCreditNote(tx, placed.orderId, [{ orderLineId: lines[1]!.id, quantity: 1 }], "2026-11-30"),
    );
    await db.$transaction((tx) => issueCreditNote(tx, placed.orderId, "ALL", "2026-12-01"));
    const docs = await db.invoice.findMany({
      where: { orderId: placed.orderId },
      include: { vatLines: true, lines: true },
    });
    const invoice = docs.find((d) => d.type === "INVOICE")!;
    const credits = docs.filter((d) => d.type === "CREDIT_NOTE");
    expect(credits).toHaveLength(2);
    expect(invoice.vatLines.some((v) => v.chargeCents > 0)).toBe(true);
    for (const field of ["netCents", "vatCents", "grossCents"] as const) {
      expect(credits.reduce((s, c) => s + c[field], 0)).toBe(invoice[field]);
    }
    for (const v of invoice.vatLines) {
      const credited = credits.flatMap((c) => c.vatLines).filter((x) => x.vatRate === v.vatRate);
      expect(credited.reduce((s, x) => s + x.taxableCents, 0)).toBe(v.taxableCents);
      expect(credited.reduce((s, x) => s + x.vatCents, 0)).toBe(v.vatCents);
      expect(credited.reduce((s, x) => s + x.chargeCents, 0)).toBe(v.chargeCents);
    }
    for (const c of credits) {
      // each credit note is consistent in itself: Σ line nets − allowances + charges = taxable
      for (const v of c.vatLines) {
        expect(
          c.lines.filter((l) => l.vatRate === v.vatRate).reduce((s, l) => s + l.netCents, 0) -
            v.allowanceCents +
            v.chargeCents,
        ).toBe(v.taxableCents);
      }
    }
    await expect(
      db.$transaction((tx) => issueCreditNote(tx, placed.orderId, "ALL", "2026-12-02")),
    ).rejects.toMatchObject({ code: "NOTHING_TO_CREDIT" });
  });
});
