/**
 * Test databases. Vitest's global setup builds ONE migrated and seeded template per run;
 * every test file then gets its own copy (SQLite: a file copy; PostgreSQL: CREATE DATABASE …
 * TEMPLATE), so files run in parallel without seeing each other's writes. Each run has its own
 * folder and template names, so two runs on one machine do not disturb each other.
 *   TEST_DATABASE=sqlite (default) | postgres — with TEST_POSTGRES_URL pointing at a server
 *   whose user may create databases (scripts/start-test-postgres.sh prints one).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const tmpRoot = path.join(repoRoot, "tests", ".tmp");

export interface TestRun {
  runId: string;
  dir: string;
  sqliteTemplate: string;
  pgTemplate: string;
}

export function newTestRun(): TestRun {
  const runId = `${process.pid}${Date.now().toString(36)}`;
  const dir = path.join(tmpRoot, runId);
  return { runId, dir, sqliteTemplate: path.join(dir, "template.db"), pgTemplate: `leerwinkel_test_${runId}_template` };
}

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

declare module "vitest" {
  export interface ProvidedContext {
    testRun: TestRun;
  }
}
