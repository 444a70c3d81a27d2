/**
 * `npm run setup`: applies the migrations to DATABASE_URL (SQLite through the Prisma CLI,
 * PostgreSQL through scripts/migrate-postgres.ts) and loads the demo seed into an empty
 * database. Safe to run again: applied migrations and an existing demo are left alone.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createDb, DEFAULT_DATABASE_URL, providerOf } from "../app/db.server";
import { migratePostgres } from "./migrate-postgres";
import { repoRoot } from "./db-schemas";

export async function setupDatabase(
  url: string,
  opts: { seed?: boolean; quiet?: boolean; catalogueSize?: number } = {},
) {
  const log = opts.quiet ? () => {} : (s: string) => console.log(s);
  if (providerOf(url) === "sqlite") {
    const file = url.slice("file:".length);
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    execFileSync(path.join(repoRoot, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url },
      stdio: opts.quiet ? "pipe" : "inherit",
    });
  } else {
    await migratePostgres(url, log);
  }
  if (opts.seed === false) return;
  const prisma = createDb(url);
  try {
    const { seedDemo } = await import("../prisma/seed");
    await seedDemo(prisma, { log, catalogueSize: opts.catalogueSize });
  } finally {
    await prisma.$disconnect();
  }
}

/** A random session secret for machines without SESSION_SECRET, kept out of git in data/. */
function ensureSessionSecretFile() {
  const file = path.resolve("data", ".session-secret");
  if (process.env.SESSION_SECRET || existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
}

if (process.argv[1] && /setup\.ts$/.test(process.argv[1])) {
  const size = process.argv.find((a) => a.startsWith("--catalogue-size="));
  ensureSessionSecretFile();
  setupDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, {
    catalogueSize: size ? Number(size.split("=")[1]) : undefined,
  }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
