/**
 * Every SQLite connection is configured for a server (app/db.server.ts, decision 010): WAL,
 * synchronous=NORMAL, a busy timeout, foreign keys on. On PostgreSQL there is nothing to check.
 */
import { describe, expect, it } from "vitest";
import { db, SQLITE_BUSY_TIMEOUT_MS } from "~/db.server";
import { testProvider } from "../support/test-database";

const sqlite = testProvider() === "sqlite";

describe.skipIf(!sqlite)("SQLite configured for a server", () => {
  async function pragma(name: string): Promise<string> {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
    return String(Object.values(rows[0]!)[0]);
  }

  it("runs in WAL mode with synchronous=NORMAL, a busy timeout and foreign keys", async () => {
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("synchronous")).toBe("1"); // NORMAL
    expect(await pragma("busy_timeout")).toBe(String(SQLITE_BUSY_TIMEOUT_MS));
    expect(await pragma("foreign_keys")).toBe("1");
  });
});
