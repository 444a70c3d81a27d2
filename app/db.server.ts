/**
 * The one Prisma client (DESIGN.md §6). The driver adapter follows DATABASE_URL:
 * `file:` → SQLite through better-sqlite3 (embedded default), `postgres://` /
 * `postgresql://` → PostgreSQL through node-postgres. Both generated clients come from the
 * same schema source, so their model types are identical; the SQLite one names the type.
 *
 * Every SQLite connection is configured for a server (docs/decisions/010-sqlite-server-config-and-hot-reads.md):
 * WAL, synchronous=NORMAL, a busy timeout, foreign keys on. Every SQL statement the adapter sends
 * can be observed with `observeSqlStatements` (tests/support/query-counter.ts counts queries per
 * request with it); without an observer the cost is one Set-size check per statement.
 *
 * On SQLite each connection keeps its prepared statements (`cachePreparedStatements`): the adapter
 * prepares every statement it runs afresh, which was ~8% of the CPU of a write-heavy path (issuing a
 * credit note) and 2–3% of a page view.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { onResetAppState } from "./app-state.server";
import { cachePreparedStatements, type SqliteConnection } from "./sqlite-statements.server";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type { Prisma } from "./generated/sqlite/client";

export const DEFAULT_DATABASE_URL = "file:./data/leerwinkel.db";

/** How long a SQLite statement waits for another connection's write lock before failing (SQLITE_BUSY). */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * Run on every SQLite connection as it opens (see decision 010): WAL lets readers run during a write and
 * commits with one append instead of a journal rewrite; synchronous=NORMAL syncs at checkpoints, not per
 * commit (a power loss may lose the last commits, never corrupts; a process crash loses nothing).
 */
export const SQLITE_CONNECTION_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
  "PRAGMA foreign_keys = ON",
];

export function providerOf(url: string): "sqlite" | "postgresql" {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: or postgres:// (got "${url.slice(0, 12)}…")`);
}

/** One SQL statement as sent to the database ("BEGIN" for a transaction start, then its statements and COMMIT). */
export interface SqlStatement {
  sql: string;
  /** true for statements sent inside an interactive or batch transaction (including BEGIN/COMMIT/ROLLBACK). */
  inTransaction: boolean;
}

type SqlObserver = (statement: SqlStatement) => void;

declare global {
  // One set per process: the Remix build and the server entry each load this module, and the
  // client (globalThis.__leerwinkelDb) is created by whichever comes first.
  var __leerwinkelSqlObservers: Set<SqlObserver> | undefined;
}
const observers: Set<SqlObserver> = (globalThis.__leerwinkelSqlObservers ??= new Set());

/** Calls `observer` for every SQL statement any client of this process sends, until the returned function is called. */
export function observeSqlStatements(observer: SqlObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

function emit(sql: string, inTransaction: boolean) {
  if (observers.size === 0) return;
  for (const observer of observers) observer({ sql, inTransaction });
}

function observeQueryable<T extends SqlDriverAdapter | Transaction>(target: T, inTransaction: boolean): T {
  const queryRaw = target.queryRaw.bind(target);
  const executeRaw = target.executeRaw.bind(target);
  target.queryRaw = (query: SqlQuery) => {
    emit(query.sql, inTransaction);
    return queryRaw(query);
  };
  target.executeRaw = (query: SqlQuery) => {
    emit(query.sql, inTransaction);
    return executeRaw(query);
  };
  return target;
}

/**
 * SQLite transactions take the write lock when they begin (`BEGIN IMMEDIATE`; the adapter sends a
 * plain, deferred `BEGIN`). A deferred transaction that reads and then writes cannot wait for
 * another connection's write: when that one committed in between, SQLite fails it at once with
 * "database is locked" (its snapshot is stale), busy timeout or not. That happens as soon as two
 * processes write to one file — the worker beside the server, or several server processes — measured
 * on a read-then-update transaction from two processes: 59 of 300 failed with `BEGIN`, 0 with
 * `BEGIN IMMEDIATE`. An immediate transaction waits (busy timeout) for the other's commit instead.
 * Within one process the adapter already runs one transaction at a time, so nothing changes there.
 */
function beginImmediately(connection: SqliteConnection) {
  const prepare = connection.prepare.bind(connection);
  connection.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
}

/** Wraps an adapter factory: configures each new connection (SQLite pragmas) and reports its statements. */
function serverAdapter(inner: SqlDriverAdapterFactory, setupScript?: string): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      if (setupScript) await adapter.executeScript(setupScript);
      // The better-sqlite3 adapter keeps its connection in `client` (not part of the adapter interface).
      const connection = (adapter as unknown as { client?: SqliteConnection }).client;
      if (inner.provider === "sqlite" && typeof connection?.prepare === "function") {
        cachePreparedStatements(connection);
        beginImmediately(connection);
      }
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        const tx = await startTransaction(isolationLevel);
        emit("BEGIN", true);
        return observeQueryable(tx, true);
      };
      return observeQueryable(adapter, false);
    },
  };
}

export function createDb(url: string): Db {
  if (providerOf(url) === "sqlite") {
    const adapter = new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS });
    return new SqliteClient({ adapter: serverAdapter(adapter, SQLITE_CONNECTION_PRAGMAS.join(";\n") + ";") });
  }
  const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const client = new PostgresClient({ adapter: serverAdapter(adapter) });
  return client as unknown as Db;
}

declare global {
  // Reused across dev-server reloads so that a reload does not open a new pool.
  var __leerwinkelDb: Db | undefined;
}

export let db: Db = (globalThis.__leerwinkelDb ??= createDb(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL));
// Tests give each file its own database in one process (app-state.server.ts): `db` follows globalThis.__leerwinkelDb.
onResetAppState(() => {
  db = globalThis.__leerwinkelDb ??= createDb(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
});
