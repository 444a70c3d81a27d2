import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createDb } from "~/db.server";
import { setupDatabase } from "../../scripts/setup";
import { seedDemo } from "../../prisma/seed";

const run = inject("testRun");
const env = { ...process.env };
afterEach(() => {
  process.env.NODE_ENV = env.NODE_ENV;
  delete process.env.SEED_DEMO_USERS;
});

describe("the demo seed", () => {
  it("fills an empty database as issue 2 asks, and leaves a filled one alone", async () => {
    // The per-file database is already seeded by the same function.
    const prisma = globalThis.__leerwinkelDb ?? createDb(process.env.DATABASE_URL!);
    expect(await prisma.organisation.count({ where: { kind: "BOARD" } })).toBe(2);
    expect(await prisma.organisation.count({ where: { kind: "SCHOOL" } })).toBeGreaterThanOrEqual(4);
    expect(new Set((await prisma.organisation.findMany({ where: { kind: "SCHOOL" } })).map((s) => s.sector))).toEqual(
      new Set(["PO", "VO", "MBO"]),
    );
    expect(await prisma.title.count()).toBeGreaterThanOrEqual(60);
    expect(await prisma.publisher.count()).toBeGreaterThanOrEqual(3);
    const formats = await prisma.offer.groupBy({ by: ["format"], _count: true });
    expect(formats.map((f) => f.format).sort()).toEqual(["combination", "digital", "other", "print"]);
    expect(await prisma.priceTier.count({ where: { entry: { priceList: { kind: "CONTRACT" } } } })).toBeGreaterThan(0);
    expect((await prisma.vatRate.findMany()).map((r) => `${r.category}:${r.percent}`).sort()).toEqual([
      "reduced:6",
      "standard:21",
    ]);
    expect(await prisma.studentPseudonym.count()).toBe(30);
    for (const role of ["OPERATOR_ADMIN", "OPERATOR_FINANCE", "SCHOOL_ADMIN", "SCHOOL_FINANCE", "PARENT"] as const) {
      expect(await prisma.membership.count({ where: { role } })).toBeGreaterThan(0);
    }
    const before = await prisma.title.count();
    expect((await seedDemo(prisma, { log: () => {} })).seeded).toBe(false);
    expect(await prisma.title.count()).toBe(before);
  });

  it("refuses to create the demo accounts in production unless asked", async () => {
    const url = `file:${path.join(run.dir, `prod-${Date.now()}.db`)}`;
    await setupDatabase(url, { seed: false, quiet: true });
    const prisma = createDb(url);
    process.env.NODE_ENV = "production";
    const lines: string[] = [];
    await seedDemo(prisma, { log: (s) => lines.push(s) });
    expect(await prisma.user.count()).toBe(0);
    expect(lines.join("\n")).toMatch(/demo accounts are NOT created/);
    await prisma.$disconnect();
  });
});
