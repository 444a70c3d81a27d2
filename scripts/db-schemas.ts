/**
 * One schema source, two providers: prisma/postgres/schema.prisma is derived from
 * prisma/schema.prisma by swapping the provider and the generated client's folder.
 * `npm run db:schemas` writes it; tests/integration/schema-drift.test.ts fails when the
 * committed copy differs from what this function derives.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const sqliteSchemaPath = path.join(repoRoot, "prisma", "schema.prisma");
export const postgresSchemaPath = path.join(repoRoot, "prisma", "postgres", "schema.prisma");

export function derivePostgresSchema(sqliteSchema: string): string {
  const out = sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output     = "../app/generated/sqlite"', 'output     = "../../app/generated/postgres"');
  if (out === sqliteSchema) throw new Error("schema.prisma no longer has the expected provider/output lines");
  return "// GENERATED from prisma/schema.prisma by scripts/db-schemas.ts — do not edit.\n" + out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
  writeFileSync(postgresSchemaPath, derivePostgresSchema(readFileSync(sqliteSchemaPath, "utf8")));
  console.log(`wrote ${path.relative(repoRoot, postgresSchemaPath)}`);
}
