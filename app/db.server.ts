/**
 * The one Prisma client (DESIGN.md §6). The driver adapter follows DATABASE_URL:
 * `file:` → SQLite through better-sqlite3 (embedded default), `postgres://` /
 * `postgresql://` → PostgreSQL through node-postgres. Both generated clients come from the
 * same schema source, so their model types are identical; the SQLite one names the type.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type { Prisma } from "./generated/sqlite/client";

export const DEFAULT_DATABASE_URL = "file:./data/leerwinkel.db";

export function providerOf(url: string): "sqlite" | "postgresql" {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with file: or postgres:// (got "${url.slice(0, 12)}…")`);
}

export function createDb(url: string): Db {
  if (providerOf(url) === "sqlite") {
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url }) });
  }
  const client = new PostgresClient({
    adapter: new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }),
  });
  return client as unknown as Db;
}

declare global {
  // Reused across dev-server reloads so that a reload does not open a new pool.
  var __leerwinkelDb: Db | undefined;
}

export const db: Db = (globalThis.__leerwinkelDb ??= createDb(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL));
