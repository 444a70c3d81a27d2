-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "userAgent" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RateLimitBucket" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "windowStart" DATETIME NOT NULL,
    "count" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_RateLimitBucket" ("count", "key", "windowStart") SELECT "count", "key", "windowStart" FROM "RateLimitBucket";
DROP TABLE "RateLimitBucket";
ALTER TABLE "new_RateLimitBucket" RENAME TO "RateLimitBucket";
CREATE INDEX "RateLimitBucket_expiresAt_idx" ON "RateLimitBucket"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");


-- Rate-limit buckets kept login keys with plain e-mail addresses; keys are HMACs from now on.
-- The buckets are counters of at most one window: starting them again on deploy loses nothing.
DELETE FROM "RateLimitBucket";

-- INSERT OR REPLACE deletes the row it replaces without firing delete triggers (SQLite fires them
-- only with recursive_triggers on), which slipped past the immutability triggers: refuse any
-- insert that meets an existing primary or unique key of an invoice, its lines or its VAT lines.
CREATE TRIGGER "Invoice_no_replace" BEFORE INSERT ON "Invoice"
WHEN EXISTS (SELECT 1 FROM "Invoice" WHERE "id" = NEW."id" OR "number" = NEW."number"
  OR ("series" = NEW."series" AND "year" = NEW."year" AND "sequence" = NEW."sequence"))
BEGIN SELECT RAISE(ABORT, 'invoice is immutable'); END;
CREATE TRIGGER "InvoiceLine_no_replace" BEFORE INSERT ON "InvoiceLine"
WHEN EXISTS (SELECT 1 FROM "InvoiceLine" WHERE "id" = NEW."id" OR ("invoiceId" = NEW."invoiceId" AND "position" = NEW."position"))
BEGIN SELECT RAISE(ABORT, 'invoice is immutable'); END;
CREATE TRIGGER "InvoiceVatLine_no_replace" BEFORE INSERT ON "InvoiceVatLine"
WHEN EXISTS (SELECT 1 FROM "InvoiceVatLine" WHERE "id" = NEW."id" OR ("invoiceId" = NEW."invoiceId" AND "vatRate" = NEW."vatRate"))
BEGIN SELECT RAISE(ABORT, 'invoice is immutable'); END;
