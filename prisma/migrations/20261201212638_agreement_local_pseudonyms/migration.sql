-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProcessingAgreement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "publisherId" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "concludedOn" TEXT NOT NULL,
    "concludedByUserId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptsLocalPseudonyms" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ProcessingAgreement_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProcessingAgreement_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Publisher" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProcessingAgreement_concludedByUserId_fkey" FOREIGN KEY ("concludedByUserId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ProcessingAgreement" ("concludedByUserId", "concludedOn", "createdAt", "id", "modelVersion", "publisherId", "schoolId") SELECT "concludedByUserId", "concludedOn", "createdAt", "id", "modelVersion", "publisherId", "schoolId" FROM "ProcessingAgreement";
DROP TABLE "ProcessingAgreement";
ALTER TABLE "new_ProcessingAgreement" RENAME TO "ProcessingAgreement";
CREATE INDEX "ProcessingAgreement_publisherId_idx" ON "ProcessingAgreement"("publisherId");
CREATE INDEX "ProcessingAgreement_concludedByUserId_idx" ON "ProcessingAgreement"("concludedByUserId");
CREATE UNIQUE INDEX "ProcessingAgreement_schoolId_publisherId_key" ON "ProcessingAgreement"("schoolId", "publisherId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

