/**
 * The benches' one way to get a large SQLite database: reuse `file` when it already holds what
 * the bench needs (`isComplete`), else delete it, migrate a fresh one (scripts/setup.ts, no demo
 * data) and fill it in bulk (`build`, better-sqlite3). Shared by the export, VAT-gap and
 * entitlements benches.
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { createDb, type Db } from "../app/db.server";
import { setupDatabase } from "../scripts/setup";

export async function openBenchDatabase(options: {
  /** the bench's name, printed before its lines */
  name: string;
  file: string;
  /** what is being built, e.g. "50,000 invoices" */
  contents: string;
  isComplete: (db: Db) => Promise<boolean>;
  build: () => void;
}): Promise<Db> {
  const url = `file:${options.file}`;
  if (existsSync(options.file)) {
    const existing = createDb(url);
    try {
      if (await options.isComplete(existing)) return existing;
    } catch {
      // not a usable database: rebuild below
    }
    await existing.$disconnect();
    rmSync(options.file, { force: true });
  }
  console.log(`${options.name}: building ${path.relative(process.cwd(), options.file)} with ${options.contents}…`);
  const started = performance.now();
  await setupDatabase(url, { seed: false, quiet: true });
  options.build();
  console.log(`${options.name}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return createDb(url);
}

/** round(a × rate / 100) half up, integers only (the VAT of a rate group, DESIGN §3.5). */
export function vatOf(taxableCents: number, rate: number): number {
  return Math.floor((taxableCents * rate * 2 + 100) / 200);
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
