/**
 * Queries outside a transaction never see that transaction's uncommitted writes, and their own
 * writes survive its rollback (SQLite has one connection; see app/sqlite-serialised.server.ts).
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";

describe("queries outside an open transaction", () => {
  it("do not read its uncommitted rows, and their writes survive its rollback", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let began!: () => void;
    const begun = new Promise<void>((resolve) => (began = resolve));
    const failing = db.$transaction(async (tx) => {
      await tx.auditLog.create({ data: { action: "uncommitted", entity: "T", entityId: "1" } });
      began();
      await gate;
      throw new Error("roll back");
    });
    await begun;
    const seen = db.auditLog.findMany({ where: { entity: "T" } });
    const written = db.auditLog.create({ data: { action: "outside", entity: "T", entityId: "2" } });
    await new Promise((r) => setTimeout(r, 30));
    release();
    await expect(failing).rejects.toThrow("roll back");
    expect((await seen).map((a) => a.action)).toEqual([]);
    await written;
    expect((await db.auditLog.findMany({ where: { entity: "T" } })).map((a) => a.action)).toEqual(["outside"]);
  });
});
