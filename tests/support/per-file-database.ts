/**
 * Runs before every test file (vitest setupFiles): gives the file its own copy of the seeded
 * template database and points DATABASE_URL at it before any module creates the Prisma client.
 */
import { copyFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { postgresServerUrl, testProvider, withDatabase } from "./test-database";

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

afterAll(async () => {
  await globalThis.__leerwinkelDb?.$disconnect();
  globalThis.__leerwinkelDb = undefined;
});
