-- CreateEnum
CREATE TYPE "BundleRoundStatus" AS ENUM ('OPEN', 'CLOSING', 'CLOSED');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'BOARD_ADMIN';

-- CreateTable
CREATE TABLE "BundleRound" (
    "id" TEXT NOT NULL,
    "boardId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "priceListId" TEXT NOT NULL,
    "closesOn" TEXT NOT NULL,
    "status" "BundleRoundStatus" NOT NULL DEFAULT 'OPEN',
    "closeProblem" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "changeCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "BundleRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BundleRoundOffer" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "BundleRoundOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BundleRoundSchool" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "poNumber" TEXT,
    "enteredById" TEXT,
    "orderId" TEXT,

    CONSTRAINT "BundleRoundSchool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BundleRoundQuantity" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "roundOfferId" TEXT NOT NULL,
    "classGroup" TEXT NOT NULL DEFAULT '',
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "BundleRoundQuantity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BundleRound_boardId_idx" ON "BundleRound"("boardId");

-- CreateIndex
CREATE INDEX "BundleRound_status_closesOn_idx" ON "BundleRound"("status", "closesOn");

-- CreateIndex
CREATE INDEX "BundleRoundOffer_offerId_idx" ON "BundleRoundOffer"("offerId");

-- CreateIndex
CREATE UNIQUE INDEX "BundleRoundOffer_roundId_offerId_key" ON "BundleRoundOffer"("roundId", "offerId");

-- CreateIndex
CREATE UNIQUE INDEX "BundleRoundSchool_orderId_key" ON "BundleRoundSchool"("orderId");

-- CreateIndex
CREATE INDEX "BundleRoundSchool_schoolId_idx" ON "BundleRoundSchool"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "BundleRoundSchool_roundId_schoolId_key" ON "BundleRoundSchool"("roundId", "schoolId");

-- CreateIndex
CREATE INDEX "BundleRoundQuantity_roundOfferId_idx" ON "BundleRoundQuantity"("roundOfferId");

-- CreateIndex
CREATE UNIQUE INDEX "BundleRoundQuantity_participantId_roundOfferId_classGroup_key" ON "BundleRoundQuantity"("participantId", "roundOfferId", "classGroup");

-- AddForeignKey
ALTER TABLE "BundleRound" ADD CONSTRAINT "BundleRound_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleRound" ADD CONSTRAINT "BundleRound_priceListId_fkey" FOREIGN KEY ("priceListId") REFERENCES "PriceList"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleRound" ADD CONSTRAINT "BundleRound_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleRoundOffer" ADD CONSTRAINT "BundleRoundOffer_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "BundleRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleRoundOffer" ADD CONSTRAINT "BundleRoundOffer_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleRoundSchool" ADD CONSTRAINT "BundleRoundSchool_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "BundleRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleRoundSchool" ADD CONSTRAINT "BundleRoundSchool_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleRoundSchool" ADD CONSTRAINT "BundleRoundSchool_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleRoundQuantity" ADD CONSTRAINT "BundleRoundQuantity_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "BundleRoundSchool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleRoundQuantity" ADD CONSTRAINT "BundleRoundQuantity_roundOfferId_fkey" FOREIGN KEY ("roundOfferId") REFERENCES "BundleRoundOffer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

