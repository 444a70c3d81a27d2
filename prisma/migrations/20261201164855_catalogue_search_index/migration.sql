-- CreateTable
CREATE TABLE "CatalogueVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Title" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "publisherId" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "reviewed" BOOLEAN NOT NULL DEFAULT false,
    "searchText" TEXT NOT NULL DEFAULT '',
    "searchKey" TEXT NOT NULL DEFAULT '',
    "activeFormats" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Title_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Publisher" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Title_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Title" ("createdAt", "description", "id", "name", "publisherId", "reviewed", "searchText", "sector", "slug", "subjectId") SELECT "createdAt", "description", "id", "name", "publisherId", "reviewed", "searchText", "sector", "slug", "subjectId" FROM "Title";
DROP TABLE "Title";
ALTER TABLE "new_Title" RENAME TO "Title";
CREATE UNIQUE INDEX "Title_slug_key" ON "Title"("slug");
CREATE INDEX "Title_publisherId_idx" ON "Title"("publisherId");
CREATE INDEX "Title_subjectId_idx" ON "Title"("subjectId");
CREATE INDEX "Title_sector_idx" ON "Title"("sector");
CREATE INDEX "Title_reviewed_idx" ON "Title"("reviewed");
CREATE INDEX "Title_name_idx" ON "Title"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Catalogue search (issue 13, app/modules/catalog/search/): Title.searchKey is searchText with
-- diacritics folded (the app computes it with foldForSearch; this backfill folds the Dutch/Western
-- letters the same way), Title.activeFormats the formats of the title's active offers.
UPDATE "Title" SET "searchKey" = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("searchText", 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'è', 'e'), 'é', 'e'), 'ê', 'e'), 'ë', 'e'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'ò', 'o'), 'ó', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'ý', 'y'), 'ÿ', 'y'), 'ç', 'c'), 'ñ', 'n');
UPDATE "Title" SET "activeFormats" = coalesce((
  SELECT ' ' || group_concat("format", ' ') || ' '
  FROM (SELECT DISTINCT o."format" FROM "Offer" o WHERE o."titleId" = "Title"."id" AND o."active" ORDER BY o."format")
), '');

-- The word index: an FTS5 trigram table over Title.searchKey (substring matching, so "wisk" finds
-- "wiskunde"), kept in step with Title by the triggers below. A later migration that redefines
-- "Title" (CREATE new_Title … DROP TABLE "Title") drops these triggers: recreate them there.
-- tests/integration/schema-drift.test.ts leaves "TitleSearch" and its shadow tables out, by name.
CREATE VIRTUAL TABLE "TitleSearch" USING fts5("titleId" UNINDEXED, "searchKey", tokenize = 'trigram');
INSERT INTO "TitleSearch" ("titleId", "searchKey") SELECT "id", "searchKey" FROM "Title";
CREATE TRIGGER "Title_search_insert" AFTER INSERT ON "Title" BEGIN
  INSERT INTO "TitleSearch" ("titleId", "searchKey") VALUES (new."id", new."searchKey");
END;
CREATE TRIGGER "Title_search_update" AFTER UPDATE OF "searchKey" ON "Title" BEGIN
  DELETE FROM "TitleSearch" WHERE "titleId" = old."id";
  INSERT INTO "TitleSearch" ("titleId", "searchKey") VALUES (new."id", new."searchKey");
END;
CREATE TRIGGER "Title_search_delete" AFTER DELETE ON "Title" BEGIN
  DELETE FROM "TitleSearch" WHERE "titleId" = old."id";
END;

INSERT INTO "CatalogueVersion" ("id", "version") VALUES (1, 0);
