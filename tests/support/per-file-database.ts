/**
 * Runs before every test file (vitest setupFiles): gives the file its own copy of the seeded
 * template database and points the app at it before the file's tests run.
 *
 * One worker process runs many files (vitest.config.ts: `isolate: false`), sharing the loaded
 * modules, so everything a file may leave behind is put back here before the next file starts:
 * process.env as the worker started, real timers, no spies or stubs, and the app's in-memory
 * state (app/app-state.server.ts: the Prisma client follows the new DATABASE_URL, caches and
 * in-memory rate limits are empty). A file that mocks modules (`vi.mock`) gets a fresh module
 * graph before it and leaves one after it, so that neither its mocks nor the modules bound to
 * them reach another file.
 */
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, inject, vi } from "vitest";
import { resetAppState } from "~/app-state.server";
import { postgresServerUrl, testProvider, withDatabase } from "./test-database";

declare global {
  /** process.env as this worker's first test file found it. */
  var __leerwinkelTestEnv: Record<string, string | undefined> | undefined;
}

/** Vitest's own variables (VITEST_WORKER_ID, VITEST_POOL_ID, …) change per file: leave them alone. */
const ownedByVitest = (key: string) => key.startsWith("VITEST");

function restoreProcessEnv(): void {
  const initial = (globalThis.__leerwinkelTestEnv ??= { ...process.env });
  for (const key of Object.keys(process.env)) if (!ownedByVitest(key) && !(key in initial)) delete process.env[key];
  for (const [key, value] of Object.entries(initial)) if (!ownedByVitest(key)) process.env[key] = value;
}

/** The file being run (Vitest's worker state; undefined if a Vitest version stops telling). */
function currentTestFile(): string | undefined {
  return (globalThis as { __vitest_worker__?: { filepath?: string } }).__vitest_worker__?.filepath;
}

const testFile = currentTestFile();
const mocksModules = testFile === undefined || /\bvi\.(do)?mock\(/.test(readFileSync(testFile, "utf8"));

restoreProcessEnv();
const run = inject("testRun");
const id = randomUUID().slice(0, 8);
if (testProvider() === "sqlite") {
  const file = path.join(run.dir, `test-${id}.db`);
  copyFileSync(run.sqliteTemplate, file);
  process.env.DATABASE_URL = `file:${file}`;
} else {
  const name = `leerwinkel_test_${run.runId}_${id}`;
  const admin = new pg.Client({ connectionString: postgresServerUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${run.pgTemplate}"`);
  await admin.end();
  process.env.DATABASE_URL = withDatabase(postgresServerUrl(), name);
}
globalThis.__leerwinkelDb = undefined;
if (mocksModules) vi.resetModules();
resetAppState();

afterAll(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  if (mocksModules) vi.resetModules();
  await globalThis.__leerwinkelDb?.$disconnect();
  globalThis.__leerwinkelDb = undefined;
});
