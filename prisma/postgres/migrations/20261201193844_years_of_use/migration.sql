-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "pupilsPerYear" INTEGER NOT NULL DEFAULT 28,
ADD COLUMN     "replacementShareBp" INTEGER NOT NULL DEFAULT 1000,
ADD COLUMN     "yearsOfUse" INTEGER NOT NULL DEFAULT 4;

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "reuseYears" INTEGER;

