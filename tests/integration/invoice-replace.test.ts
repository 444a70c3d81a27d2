/**
 * Issue 10 §6: on SQLite, INSERT OR REPLACE deletes the row it replaces without firing delete
 * triggers, so it slipped past the immutability triggers (it changed an issued invoice to 1 cent).
 * PostgreSQL has no INSERT OR REPLACE; its INSERT … ON CONFLICT DO UPDATE must meet the UPDATE
 * trigger. Both are tried here with raw SQL, as someone with database access would.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { placeOrder } from "~/modules/orders/orders.server";
import { testProvider } from "../support/test-database";

async function issuedInvoice() {
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
    idempotencyKey: `replace-${Math.random()}`,
    paymentMethod: "INVOICE",
    poNumber: "PO-9",
    items: [{ offerId: print.id, quantity: 1 }],
  });
  return db.invoice.findFirstOrThrow({ where: { orderId: placed.orderId }, include: { lines: true, vatLines: true } });
}

async function columnsOf(table: string): Promise<string[]> {
  const rows =
    testProvider() === "sqlite"
      ? await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pragma_table_info('${table}')`)
      : await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}'`,
        );
  return rows.map((r) => r.name);
}

/** `INSERT <verb> INTO table (…) SELECT … FROM table WHERE id = ?` with `overrides` in place of columns. */
async function reinsertSql(
  table: string,
  overrides: Record<string, string>,
): Promise<{ columns: string; select: string }> {
  const columns = await columnsOf(table);
  return {
    columns: columns.map((c) => `"${c}"`).join(", "),
    select: columns.map((c) => (c in overrides ? `${overrides[c]} AS "${c}"` : `"${c}"`)).join(", "),
  };
}

const cases = [
  { table: "Invoice", column: "grossCents", id: (i: Awaited<ReturnType<typeof issuedInvoice>>) => i.id },
  { table: "InvoiceLine", column: "netCents", id: (i: Awaited<ReturnType<typeof issuedInvoice>>) => i.lines[0]!.id },
  {
    table: "InvoiceVatLine",
    column: "vatCents",
    id: (i: Awaited<ReturnType<typeof issuedInvoice>>) => i.vatLines[0]!.id,
  },
];

describe("issued invoices cannot be replaced", () => {
  it.each(cases)("INSERT OR REPLACE into $table is refused (SQLite)", async ({ table, column, id }) => {
    if (testProvider() !== "sqlite") return; // SQLite syntax; PostgreSQL's upsert is tested below
    const invoice = await issuedInvoice();
    const rowId = id(invoice);
    const { columns, select } = await reinsertSql(table, { [column]: "1" });
    await expect(
      db.$executeRawUnsafe(
        `INSERT OR REPLACE INTO "${table}" (${columns}) SELECT ${select} FROM "${table}" WHERE "id" = ?`,
        rowId,
      ),
    ).rejects.toThrow(/immutable/);
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT "${column}" AS v FROM "${table}" WHERE "id" = ?`,
      rowId,
    );
    expect(rows.map((r) => Number(r.v))).not.toContain(1);
    expect(rows).toHaveLength(1);
  });

  it("INSERT OR REPLACE of a new id with an issued invoice's number is refused (SQLite)", async () => {
    if (testProvider() !== "sqlite") return;
    const invoice = await issuedInvoice();
    const { columns, select } = await reinsertSql("Invoice", { id: "'forged-id'", grossCents: "1" });
    await expect(
      db.$executeRawUnsafe(
        `INSERT OR REPLACE INTO "Invoice" (${columns}) SELECT ${select} FROM "Invoice" WHERE "id" = ?`,
        invoice.id,
      ),
    ).rejects.toThrow(/immutable/);
    expect((await db.invoice.findUniqueOrThrow({ where: { number: invoice.number } })).id).toBe(invoice.id);
  });

  it.each(cases)("INSERT … ON CONFLICT DO UPDATE of $table is refused", async ({ table, column, id }) => {
    const invoice = await issuedInvoice();
    const rowId = id(invoice);
    const { columns, select } = await reinsertSql(table, { [column]: "1" });
    const param = testProvider() === "sqlite" ? "?" : "$1";
    await expect(
      db.$executeRawUnsafe(
        `INSERT INTO "${table}" (${columns}) SELECT ${select} FROM "${table}" WHERE "id" = ${param} ON CONFLICT ("id") DO UPDATE SET "${column}" = excluded."${column}"`,
        rowId,
      ),
    ).rejects.toThrow(/immutable/);
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT "${column}" AS v FROM "${table}" WHERE "id" = ${param}`,
      rowId,
    );
    expect(rows.map((r) => Number(r.v))).not.toContain(1);
  });

  it("still accepts new invoices (the insert triggers only refuse existing keys)", async () => {
    const before = await db.invoice.count();
    await issuedInvoice();
    expect(await db.invoice.count()).toBe(before + 1);
  });
});
