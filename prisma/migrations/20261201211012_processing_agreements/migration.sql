-- CreateTable
CREATE TABLE "ProcessingAgreement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "publisherId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "concludedOn" TEXT NOT NULL,
    "concludedByUserId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProcessingAgreement_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProcessingAgreement_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Publisher" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProcessingAgreement_concludedByUserId_fkey" FOREIGN KEY ("concludedByUserId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ProcessingAgreement_publisherId_idx" ON "ProcessingAgreement"("publisherId");

-- CreateIndex
CREATE INDEX "ProcessingAgreement_concludedByUserId_idx" ON "ProcessingAgreement"("concludedByUserId");

-- CreateIndex
CREATE UNIQUE INDEX "ProcessingAgreement_schoolId_publisherId_key" ON "ProcessingAgreement"("schoolId", "publisherId");

