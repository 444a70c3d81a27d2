/**
 * The catalogue's word index and filters in raw SQL — the one place that knows how each provider
 * answers them (issue 13):
 *  - SQLite: the FTS5 trigram table "TitleSearch" (titleId, searchKey), kept by triggers on Title
 *    (migration catalogue_search_index); `searchKey LIKE '%word%'` on it is answered by the index.
 *  - PostgreSQL: a pg_trgm GIN index on Title.searchKey answers the same LIKE.
 * Both match every word as a substring of the folded key (search/normalize.ts), and both order by
 * name then id in binary (C) order, so the two providers return the same ids in the same order.
 *
 * The ordered ids of a search (all pages) are cached per instance under the catalogue's version
 * (CatalogueVersion, bumped in the same transaction as every title or offer change): a request
 * uses the version (read at most once a second per instance) and pages through the cached list,
 * so counts and pages cost no scan of the catalogue until something changes.
 */
import { db, type Tx } from "~/db.server";
import { Prisma } from "~/generated/sqlite/client";
import { eanOfSearch, searchWords } from "./normalize";
import { VersionedCache } from "./versioned-cache";
import { onResetAppState } from "~/app-state.server";

type Client = Tx | typeof db;

/** The filters a search applies (the parsed URL, without the page). */
export interface CatalogueFilter {
  q: string;
  vak?: string;
  sector?: string;
  niveau?: string;
  leerjaar?: number;
  leerdoel?: string;
  vorm?: string;
  beoordeeld?: "1";
}

function isPostgres(client: Client): boolean {
  return (client as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}

const { sql, join } = Prisma;

/** `%word%` — words never hold LIKE's wildcards or a backslash (searchWords splits on them). */
const contains = (word: string) => `%${word}%`;

/** The WHERE conditions of a search on Title "t" (exported for the tests of the index). */
export function filterConditions(filter: CatalogueFilter, postgres: boolean, eanTitleId: string | null) {
  const and: Prisma.Sql[] = [];
  const words = searchWords(filter.q);
  if (eanTitleId) {
    and.push(sql`t."id" = ${eanTitleId}`);
  } else if (words.length) {
    if (postgres) {
      for (const w of words) and.push(sql`t."searchKey" LIKE ${contains(w)}`);
    } else {
      and.push(
        sql`t."id" IN (SELECT s."titleId" FROM "TitleSearch" s WHERE ${join(
          words.map((w) => sql`s."searchKey" LIKE ${contains(w)}`),
          " AND ",
        )})`,
      );
    }
  }
  if (filter.vak) and.push(sql`t."subjectId" IN (SELECT su."id" FROM "Subject" su WHERE su."code" = ${filter.vak})`);
  if (filter.sector) and.push(sql`t."sector" = ${filter.sector}`);
  if (filter.niveau)
    and.push(sql`EXISTS (SELECT 1 FROM "TitleLevel" l WHERE l."titleId" = t."id" AND l."level" = ${filter.niveau})`);
  if (filter.leerjaar)
    and.push(sql`EXISTS (SELECT 1 FROM "TitleYear" y WHERE y."titleId" = t."id" AND y."year" = ${filter.leerjaar})`);
  if (filter.leerdoel)
    and.push(
      sql`EXISTS (SELECT 1 FROM "TitleLearningGoal" tg JOIN "LearningGoal" g ON g."id" = tg."goalId" WHERE tg."titleId" = t."id" AND g."code" = ${filter.leerdoel})`,
    );
  if (filter.beoordeeld) and.push(sql`t."reviewed" = true`);
  // only titles with something on sale; a format filter asks for an active offer of that format
  and.push(filter.vorm ? sql`t."activeFormats" LIKE ${`% ${filter.vorm} %`}` : sql`t."activeFormats" <> ''`);
  return and;
}

/** The ids of every title a search finds, ordered by name then id (binary order on both providers). */
async function queryIds(filter: CatalogueFilter, client: Client): Promise<string[]> {
  const postgres = isPostgres(client);
  let eanTitleId: string | null = null;
  const ean = eanOfSearch(filter.q);
  if (ean) {
    // an exact EAN through the unique Offer.ean index; an unknown number is searched as digits
    const rows = await client.$queryRaw<{ titleId: string }[]>`SELECT "titleId" FROM "Offer" WHERE "ean" = ${ean}`;
    eanTitleId = rows[0]?.titleId ?? null;
  }
  const where = join(filterConditions(filter, postgres, eanTitleId), " AND ");
  const order = postgres ? sql`t."name" COLLATE "C", t."id" COLLATE "C"` : sql`t."name", t."id"`;
  const rows = await client.$queryRaw<{ id: string }[]>`SELECT t."id" FROM "Title" t WHERE ${where} ORDER BY ${order}`;
  return rows.map((r) => r.id);
}

/**
 * How long an instance trusts the catalogue version it last read (ms). Another instance's change
 * shows here within this time; this instance's own changes at once (bumpCatalogueVersion).
 */
export const VERSION_TRUST_MS = 1_000;
let known: { version: number; readAt: number } | null = null;
let rereadUntil = 0;

/** The catalogue's version: changes whenever a title, its links, an offer or a school's student package changes. */
export async function catalogueVersion(client: Client = db): Promise<number> {
  const now = Date.now();
  if (client === db && known && now - known.readAt < VERSION_TRUST_MS && now >= rereadUntil) return known.version;
  const rows = await client.$queryRaw<
    { version: number | bigint }[]
  >`SELECT "version" FROM "CatalogueVersion" WHERE "id" = 1`;
  const version = Number(rows[0]?.version ?? 0);
  if (client === db) known = { version, readAt: now };
  return version;
}

/**
 * Marks the catalogue changed; call inside the transaction that changes it. Every instance drops
 * its cached lists when it next reads the version; this one reads it afresh for a while, so the
 * change is seen as soon as the transaction has committed.
 */
export async function bumpCatalogueVersion(tx: Tx): Promise<void> {
  const changed = await tx.$executeRaw`UPDATE "CatalogueVersion" SET "version" = "version" + 1 WHERE "id" = 1`;
  if (changed === 0) await tx.$executeRaw`INSERT INTO "CatalogueVersion" ("id", "version") VALUES (1, 1)`;
  known = null;
  rereadUntil = Date.now() + 5 * VERSION_TRUST_MS;
}

/** Ordered result lists per search; at most 256 lists and 1,000,000 ids in all (about 50 MB). */
const idLists = new VersionedCache<string[]>({ maxEntries: 256, maxWeight: 1_000_000, weigh: (ids) => ids.length });
onResetAppState(() => ((known = null), (rereadUntil = 0), idLists.clear()));

/** A stable key for a filter (the same search typed differently shares a list). */
function filterKey(filter: CatalogueFilter): string {
  const ean = eanOfSearch(filter.q);
  return JSON.stringify([
    ean ? `ean:${ean}` : searchWords(filter.q),
    filter.vak ?? null,
    filter.sector ?? null,
    filter.niveau ?? null,
    filter.leerjaar ?? null,
    filter.leerdoel ?? null,
    filter.vorm ?? null,
    filter.beoordeeld ?? null,
  ]);
}

/**
 * The ordered ids of the titles a search finds, from the cache when the catalogue has not
 * changed since they were computed. `version` from catalogueVersion(), read BEFORE the search,
 * so a list is never filed under a version older than the data it saw.
 */
export async function matchingTitleIds(
  filter: CatalogueFilter,
  version: number,
  client: Client = db,
): Promise<readonly string[]> {
  const key = filterKey(filter);
  const cached = idLists.get(key, version);
  if (cached) return cached;
  const ids = await queryIds(filter, client);
  idLists.set(key, version, ids);
  return ids;
}

/** Forgets every cached list of this instance (tests; a bump does this for all instances). */
export function clearSearchCache(): void {
  idLists.clear();
}
