-- AlterTable
ALTER TABLE "ProcessingAgreement" ADD COLUMN     "acceptsLocalPseudonyms" BOOLEAN NOT NULL DEFAULT false;

