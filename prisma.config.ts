import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The Prisma CLI runs on its WebAssembly engines with a driver adapter (no native
// engine download is possible here). The CLI is used for SQLite; PostgreSQL migrations are
// applied by scripts/migrate-postgres.ts (see docs/decisions/002-two-providers.md).
const url = process.env.DATABASE_URL ?? "file:./data/leerwinkel.db";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
