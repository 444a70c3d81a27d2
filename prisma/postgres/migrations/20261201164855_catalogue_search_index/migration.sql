-- AlterTable
ALTER TABLE "Title" ADD COLUMN     "activeFormats" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "searchKey" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "CatalogueVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CatalogueVersion_pkey" PRIMARY KEY ("id")
);


-- Catalogue search (issue 13, app/modules/catalog/search/): Title.searchKey is searchText with
-- diacritics folded (the app computes it with foldForSearch; this backfill folds the Dutch/Western
-- letters the same way), Title.activeFormats the formats of the title's active offers.
UPDATE "Title" SET "searchKey" = translate("searchText", 'àáâãäåèéêëìíîïòóôõöùúûüýÿçñ', 'aaaaaaeeeeiiiiooooouuuuyycn');
UPDATE "Title" t SET "activeFormats" = coalesce((
  SELECT ' ' || string_agg(DISTINCT o."format", ' ' ORDER BY o."format") || ' '
  FROM "Offer" o WHERE o."titleId" = t."id" AND o."active"
), '');

-- The word index: pg_trgm (a trusted extension: the database owner may create it) GIN index on
-- searchKey answers LIKE '%word%' — the same substring semantics as SQLite's FTS5 trigram table.
-- tests/integration/schema-drift.test.ts leaves this PostgreSQL-only index out, by name.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Title_searchKey_trgm_idx" ON "Title" USING gin ("searchKey" gin_trgm_ops);

INSERT INTO "CatalogueVersion" ("id", "version") VALUES (1, 0);
