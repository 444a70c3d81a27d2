/**
 * Test databases. Vitest's global setup builds ONE migrated and seeded template per provider;
 * every test file then gets its own copy (SQLite: a file copy; PostgreSQL: CREATE DATABASE …
 * TEMPLATE), so files run in parallel without seeing each other's writes.
 *   TEST_DATABASE=sqlite (default) | postgres — with TEST_POSTGRES_URL pointing at a server
 *   whose user may create databases (scripts/start-test-postgres.sh prints one).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const tmpDir = path.join(repoRoot, "tests", ".tmp");
export const sqliteTemplate = path.join(tmpDir, "template.db");
export const PG_TEMPLATE_DB = "leerwinkel_test_template";

export function testProvider(): "sqlite" | "postgres" {
  return process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

export function postgresServerUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_DATABASE=postgres needs TEST_POSTGRES_URL (see scripts/start-test-postgres.sh)");
  return url;
}

export function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
