import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { countQueries, isWrite } from "../support/query-counter";

describe("query counter", () => {
  it("counts every statement a Prisma call sends, reads and writes apart", async () => {
    const read = await countQueries(() => db.user.findMany({ take: 1 }));
    expect(read.count).toBe(1);
    expect(read.writes).toBe(0);
    expect(read.statements[0]!.sql).toMatch(/^SELECT/i);

    const nothing = await countQueries(async () => 42);
    expect(nothing).toMatchObject({ result: 42, count: 0, writes: 0 });
  });

  it("counts a transaction's BEGIN, its statements and COMMIT", async () => {
    const tx = await countQueries(() =>
      db.$transaction(async (t) => {
        await t.user.count();
        await t.$executeRawUnsafe('UPDATE "User" SET "name" = "name" WHERE 1 = 0');
      }),
    );
    expect(tx.statements.map((s) => s.sql.trim().split(/\s+/)[0]!.toUpperCase())).toEqual([
      "BEGIN",
      "SELECT",
      "UPDATE",
      "COMMIT",
    ]);
    expect(tx.statements.every((s) => s.inTransaction)).toBe(true);
    expect(tx.writes).toBe(1);
  });

  it("returns a thrown Response as the result", async () => {
    const counted = await countQueries(async () => {
      await db.user.count();
      throw new Response(null, { status: 404 });
    });
    expect(counted.count).toBe(1);
    expect((counted.result as Response).status).toBe(404);
  });

  it("tells writes from reads", () => {
    expect(isWrite('INSERT INTO "X" VALUES (1)')).toBe(true);
    expect(isWrite('  update "X" set a = 1')).toBe(true);
    expect(isWrite('DELETE FROM "X"')).toBe(true);
    expect(isWrite('WITH t AS (SELECT 1) INSERT INTO "X" SELECT * FROM t')).toBe(true);
    expect(isWrite('SELECT "updated" FROM "X"')).toBe(false);
    expect(isWrite("BEGIN")).toBe(false);
  });
});
