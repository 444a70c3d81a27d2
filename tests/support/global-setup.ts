import { mkdirSync, rmSync } from "node:fs";
import pg from "pg";
import { setupDatabase } from "../../scripts/setup";
import { PG_TEMPLATE_DB, postgresServerUrl, sqliteTemplate, testProvider, tmpDir, withDatabase } from "./test-database";

/** Builds the migrated, seeded template database once per test run. */
export default async function globalSetup() {
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { recursive: true });
  if (testProvider() === "sqlite") {
    await setupDatabase(`file:${sqliteTemplate}`, { quiet: true });
    return;
  }
  const server = postgresServerUrl();
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname LIKE 'leerwinkel_test_%' AND pid <> pg_backend_pid()`);
  const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'leerwinkel_test_%'`);
  for (const row of old.rows) {
    await admin.query(`ALTER DATABASE "${row.datname}" IS_TEMPLATE false`).catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS "${row.datname}"`);
  }
  await admin.query(`CREATE DATABASE "${PG_TEMPLATE_DB}"`);
  await setupDatabase(withDatabase(server, PG_TEMPLATE_DB), { quiet: true });
  await admin.query(`ALTER DATABASE "${PG_TEMPLATE_DB}" IS_TEMPLATE true`);
  await admin.end();
}
