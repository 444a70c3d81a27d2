/**
 * One schema source, two providers (issue 2): fails when the PostgreSQL schema, its migrations
 * or the migrated databases drift apart from the SQLite ones.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema, postgresSchemaPath, sqliteSchemaPath } from "../../scripts/db-schemas";
import { repoRoot, testProvider } from "../support/test-database";

const migrationNames = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

describe("schema drift between SQLite and PostgreSQL", () => {
  it("the PostgreSQL schema is derived from the one schema source", () => {
    expect(readFileSync(postgresSchemaPath, "utf8")).toBe(derivePostgresSchema(readFileSync(sqliteSchemaPath, "utf8")));
  });

  it("both providers have the same migrations, by name", () => {
    const sqlite = migrationNames(path.join(repoRoot, "prisma", "migrations"));
    const postgres = migrationNames(path.join(repoRoot, "prisma", "postgres", "migrations"));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });

  it("the SQLite migrations produce exactly the schema the schema source describes", () => {
    // The WebAssembly schema engine cannot diff a live database here, so compare the migrated
    // template with a database built straight from the schema (`migrate diff --from-empty`).
    const sql = execFileSync(
      path.join(repoRoot, "node_modules", ".bin", "prisma"),
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", sqliteSchemaPath, "--script"],
      { cwd: repoRoot, encoding: "utf8", env: { ...process.env, DATABASE_URL: "file:./data/schema-drift.db" } },
    );
    const fromSchema = new Database(":memory:");
    fromSchema.exec(sql);
    const migrated = migratedSqlite();
    expect(describeSqlite(migrated)).toEqual(describeSqlite(fromSchema));
    migrated.close();
    fromSchema.close();
  });

  it("the PostgreSQL migrations produce the same tables and columns as the SQLite ones", async () => {
    if (testProvider() !== "postgres") return; // runs in the PostgreSQL pass of `npm test`
    const lite = migratedSqlite();
    const liteTables = (
      lite
        .prepare(
          `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' AND ${NOT_FTS}`,
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    const liteColumns = liteTables
      .flatMap((t) =>
        (lite.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => `${t}.${c.name}`),
      )
      .sort();
    const liteIndexes = (
      lite.prepare(`SELECT name FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_%'`).all() as {
        name: string;
      }[]
    )
      .map((r) => r.name)
      .sort();
    lite.close();
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const cols = await client.query<{ t: string; c: string }>(
      `SELECT table_name t, column_name c FROM information_schema.columns WHERE table_schema='public' AND table_name <> '_prisma_migrations'`,
    );
    const idx = await client.query<{ n: string }>(
      `SELECT indexname n FROM pg_indexes WHERE schemaname='public' AND indexname NOT LIKE '%_pkey' AND tablename <> '_prisma_migrations'`,
    );
    const triggers = await client.query<{ n: string }>(
      `SELECT DISTINCT event_object_table n FROM information_schema.triggers`,
    );
    await client.end();
    expect(cols.rows.map((r) => `${r.t}.${r.c}`).sort()).toEqual(liteColumns);
    expect(
      idx.rows
        .map((r) => r.n)
        .filter((n) => !PG_ONLY_INDEXES.includes(n))
        .sort(),
    ).toEqual(liteIndexes);
    expect(triggers.rows.map((r) => r.n).sort()).toEqual(["Invoice", "InvoiceLine", "InvoiceVatLine"]);
  });
});

/**
 * Each provider's own catalogue word index (migration catalogue_search_index), outside the Prisma
 * schema on purpose: SQLite's FTS5 table "TitleSearch" with its shadow tables
 * (TitleSearch_data, _idx, _content, _docsize, _config), PostgreSQL's pg_trgm GIN index.
 */
const NOT_FTS = `name <> 'TitleSearch' AND name NOT IN ('TitleSearch_data', 'TitleSearch_idx', 'TitleSearch_content', 'TitleSearch_docsize', 'TitleSearch_config')`;
const PG_ONLY_INDEXES = ["Title_searchKey_trgm_idx"];

/** An in-memory SQLite database with the committed SQLite migrations applied in order. */
function migratedSqlite() {
  const database = new Database(":memory:");
  const dir = path.join(repoRoot, "prisma", "migrations");
  for (const name of migrationNames(dir)) database.exec(readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
  return database;
}

function describeSqlite(database: Database.Database) {
  const tables = (
    database
      .prepare(
        `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' AND ${NOT_FTS} ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
  return {
    columns: tables.map((t) => ({ t, columns: database.prepare(`PRAGMA table_info("${t}")`).all() })),
    indexes: database
      .prepare(
        `SELECT name, tbl_name, sql FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all(),
    foreignKeys: tables.map((t) => ({ t, fks: database.prepare(`PRAGMA foreign_key_list("${t}")`).all() })),
  };
}
