import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cachePreparedStatements, type SqliteConnection } from "./sqlite-statements.server";

/** What the Prisma adapter does with a connection: prepare, bind, then run or read raw rows. */
function query(connection: SqliteConnection, sql: string, args: unknown[]) {
  const statement = (connection.prepare(sql) as unknown as { bind(a: unknown[]): typeof s }).bind(args);
  const s = statement as unknown as { reader: boolean; run(): { changes: number }; raw(): { all(): unknown[][] } };
  return s.reader ? s.raw().all() : s.run().changes;
}

function open() {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
  let prepared = 0;
  const prepare = db.prepare.bind(db);
  (db as unknown as SqliteConnection).prepare = (sql: string) => {
    prepared++;
    return prepare(sql) as never;
  };
  cachePreparedStatements(db as unknown as SqliteConnection, 2);
  return { db: db as unknown as SqliteConnection, prepared: () => prepared };
}

describe("cachePreparedStatements", () => {
  it("prepares a statement once and runs it with each call's own arguments", () => {
    const { db, prepared } = open();
    expect(query(db, "INSERT INTO t (name) VALUES (?)", ["a"])).toBe(1);
    expect(query(db, "INSERT INTO t (name) VALUES (?)", ["b"])).toBe(1);
    expect(query(db, "SELECT name FROM t WHERE name >= ? ORDER BY name", ["a"])).toEqual([["a"], ["b"]]);
    expect(query(db, "SELECT name FROM t WHERE name >= ? ORDER BY name", ["b"])).toEqual([["b"]]);
    expect(prepared()).toBe(2);
  });

  it("keeps a statement usable after it failed", () => {
    const { db } = open();
    query(db, "INSERT INTO t (name) VALUES (?)", ["a"]);
    expect(() => query(db, "INSERT INTO t (name) VALUES (?)", ["a"])).toThrow(/UNIQUE/);
    expect(query(db, "INSERT INTO t (name) VALUES (?)", ["c"])).toBe(1);
  });

  it("drops the least recently used statement when full", () => {
    const { db, prepared } = open();
    query(db, "SELECT 1", []);
    query(db, "SELECT 2", []);
    query(db, "SELECT 1", []); // now "SELECT 2" is the least recently used
    query(db, "SELECT 3", []); // evicts "SELECT 2"
    query(db, "SELECT 1", []);
    expect(prepared()).toBe(3);
    query(db, "SELECT 2", []);
    expect(prepared()).toBe(4);
  });
});
