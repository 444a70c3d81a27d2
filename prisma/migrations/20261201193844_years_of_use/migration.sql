-- AlterTable
ALTER TABLE "Offer" ADD COLUMN "reuseYears" INTEGER;

-- AlterTable (columns with a constant default: SQLite adds them in place, no table redefinition)
ALTER TABLE "Organisation" ADD COLUMN "pupilsPerYear" INTEGER NOT NULL DEFAULT 28;
ALTER TABLE "Organisation" ADD COLUMN "yearsOfUse" INTEGER NOT NULL DEFAULT 4;
ALTER TABLE "Organisation" ADD COLUMN "replacementShareBp" INTEGER NOT NULL DEFAULT 1000;
