import { mkdirSync, rmSync } from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { setupDatabase } from "../../scripts/setup";
import { newTestRun, postgresServerUrl, testProvider, withDatabase } from "./test-database";

/** Builds the migrated, seeded template database once per test run; removes it afterwards. */
export default async function globalSetup(project: TestProject) {
  // The seed runs here, in Vitest's main process, which does not get `test.env`: give it the
  // same settings as the tests (PASSWORD_SCRYPT_N, so the seeded users' hashes are cheap).
  for (const [key, value] of Object.entries(project.config.env ?? {})) process.env[key] ??= String(value);
  const run = newTestRun();
  mkdirSync(run.dir, { recursive: true });
  project.provide("testRun", run);
  if (testProvider() === "sqlite") {
    await setupDatabase(`file:${run.sqliteTemplate}`, { quiet: true });
    return async () => rmSync(run.dir, { recursive: true, force: true });
  }
  const server = postgresServerUrl();
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${run.pgTemplate}"`);
  await setupDatabase(withDatabase(server, run.pgTemplate), { quiet: true });
  await admin.query(`ALTER DATABASE "${run.pgTemplate}" IS_TEMPLATE true`);
  await admin.end();
  return async () => {
    rmSync(run.dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    const mine = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `leerwinkel_test_${run.runId}%`,
    ]);
    for (const row of mine.rows) {
      await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [row.datname],
      );
      await client.query(`ALTER DATABASE "${row.datname}" IS_TEMPLATE false`);
      await client.query(`DROP DATABASE IF EXISTS "${row.datname}"`);
    }
    await client.end();
  };
}
