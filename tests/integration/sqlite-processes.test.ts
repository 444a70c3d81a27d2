/**
 * Two processes writing one SQLite file (the worker beside the server, or several server
 * processes): a transaction that reads and then writes must wait for the other process's write
 * instead of failing with "database is locked" — app/db.server.ts begins SQLite transactions
 * IMMEDIATE. Two processes each run 60 read-then-increment transactions on the same row: none
 * fails and none is lost (the row ends exactly 120 higher). With a plain deferred BEGIN some
 * failed (7 of each 60 in one run). PostgreSQL is many processes by design (the same race there is the
 * application's to lock, tested where it matters: numbering, stock, leases).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { testProvider } from "../support/test-database";

const run = promisify(execFile);
const PER_PROCESS = 60;

describe.skipIf(testProvider() !== "sqlite")("SQLite written by two processes at once", () => {
  it("serialises their read-then-write transactions: none fails, none is lost", async () => {
    const before = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const child = () =>
      run("npx", ["tsx", "tests/support/read-then-write.ts", String(PER_PROCESS)], { env: process.env }).then(
        ({ stdout }) => JSON.parse(stdout.trim().split("\n").pop()!) as { failed: number; first: string | null },
      );
    const results = await Promise.all([child(), child()]);
    expect(results).toEqual([
      { failed: 0, first: null },
      { failed: 0, first: null },
    ]);
    const after = await db.organisation.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.paymentTermDays).toBe(before.paymentTermDays + 2 * PER_PROCESS);
  }, 60_000);
});
