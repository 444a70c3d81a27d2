-- Statuses, kinds and roles become Prisma enums (docs/decisions/009-enums-and-typed-json.md). On
-- SQLite an enum is TEXT, so those columns keep their type and their data; only the tables below
-- change. Shipment.linesJson becomes ShipmentLine rows, Refund.orderId a foreign key to Order.

-- CreateTable
CREATE TABLE "ShipmentLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shipmentId" TEXT NOT NULL,
    "orderLineId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "ShipmentLine_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "Shipment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ShipmentLine_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Move each shipment's JSON lines [{orderLineId, quantity}] into rows (before Shipment loses the
-- column below). A line's id is its shipment's id and its index in the array: unique and stable.
INSERT INTO "ShipmentLine" ("id", "shipmentId", "orderLineId", "quantity")
SELECT s."id" || '_' || j."key", s."id", json_extract(j."value", '$.orderLineId'), json_extract(j."value", '$.quantity')
FROM "Shipment" s, json_each(s."linesJson") j;

-- A refund names its credit note by foreign key only: rows written before creditNoteId existed
-- kept the credit note's number in linesJson.
UPDATE "Refund" SET "creditNoteId" = (
  SELECT i."id" FROM "Invoice" i WHERE i."type" = 'CREDIT_NOTE' AND i."number" = json_extract("Refund"."linesJson", '$.creditNoteNumber'))
WHERE "creditNoteId" IS NULL AND json_extract("linesJson", '$.creditNoteNumber') IS NOT NULL;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shipment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shippedAt" DATETIME,
    CONSTRAINT "Shipment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Shipment" ("createdAt", "id", "orderId", "shippedAt", "status") SELECT "createdAt", "id", "orderId", "shippedAt", "status" FROM "Shipment";
DROP TABLE "Shipment";
ALTER TABLE "new_Shipment" RENAME TO "Shipment";
CREATE INDEX "Shipment_orderId_idx" ON "Shipment"("orderId");
CREATE INDEX "Shipment_status_idx" ON "Shipment"("status");
CREATE TABLE "new_Refund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "paymentId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "providerRefundId" TEXT,
    "amountCents" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'SHOP',
    "creditNoteId" TEXT,
    "linesJson" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Refund_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Refund_creditNoteId_fkey" FOREIGN KEY ("creditNoteId") REFERENCES "Invoice" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Refund" ("amountCents", "createdAt", "createdById", "creditNoteId", "id", "linesJson", "orderId", "paymentId", "providerRefundId", "source", "status") SELECT "amountCents", "createdAt", "createdById", "creditNoteId", "id", "linesJson", "orderId", "paymentId", "providerRefundId", "source", "status" FROM "Refund";
DROP TABLE "Refund";
ALTER TABLE "new_Refund" RENAME TO "Refund";
CREATE UNIQUE INDEX "Refund_providerRefundId_key" ON "Refund"("providerRefundId");
CREATE INDEX "Refund_paymentId_idx" ON "Refund"("paymentId");
CREATE INDEX "Refund_orderId_idx" ON "Refund"("orderId");
CREATE INDEX "Refund_creditNoteId_idx" ON "Refund"("creditNoteId");
CREATE INDEX "Refund_status_idx" ON "Refund"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ShipmentLine_orderLineId_idx" ON "ShipmentLine"("orderLineId");

-- CreateIndex
CREATE UNIQUE INDEX "ShipmentLine_shipmentId_orderLineId_key" ON "ShipmentLine"("shipmentId", "orderLineId");

