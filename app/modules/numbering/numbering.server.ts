/**
 * Gap-free numbers per series and year (DESIGN.md §6): one counter row per (series, year),
 * incremented by a single atomic upsert in the caller's transaction, so a rolled-back issue
 * leaves no gap and concurrent issuers never share a number (the row lock serialises them on
 * PostgreSQL; SQLite serialises writers). `UNIQUE(series, year, sequence)` backs it up.
 */
import type { Tx } from "~/db.server";

export async function nextSequence(tx: Tx, series: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "NumberSequence" ("series", "year", "last") VALUES (${series}, ${year}, 1)
    ON CONFLICT ("series", "year") DO UPDATE SET "last" = "NumberSequence"."last" + 1
    RETURNING "last"`;
  return Number(rows[0]!.last);
}

export function formatDocumentNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}${year}-${String(sequence).padStart(6, "0")}`;
}
