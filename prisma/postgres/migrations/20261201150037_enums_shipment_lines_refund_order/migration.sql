-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('OPERATOR', 'BOARD', 'SCHOOL');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OPERATOR_ADMIN', 'OPERATOR_FINANCE', 'SCHOOL_ADMIN', 'SCHOOL_FINANCE', 'PARENT');

-- CreateEnum
CREATE TYPE "PriceListKind" AS ENUM ('DEFAULT', 'CONSUMER', 'CONTRACT');

-- CreateEnum
CREATE TYPE "OrderKind" AS ENUM ('SCHOOL', 'PARENT');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('PLACED', 'AWAITING_PAYMENT', 'PAID', 'FULFILLED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('INVOICE', 'ONLINE');

-- CreateEnum
CREATE TYPE "ShipmentStatus" AS ENUM ('QUEUED', 'SHIPPED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PaymentProvider" AS ENUM ('stripe', 'test');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('OPEN', 'PAID', 'FAILED', 'EXPIRED', 'AMOUNT_MISMATCH', 'REFUNDED', 'PARTIALLY_REFUNDED');

-- CreateEnum
CREATE TYPE "PaymentAnomaly" AS ENUM ('AFTER_CANCEL', 'DUPLICATE');

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'SUBMITTED', 'SUCCEEDED', 'FAILED', 'TEST', 'TO_PROCESS', 'PROCESSED');

-- CreateEnum
CREATE TYPE "RefundSource" AS ENUM ('SHOP', 'DASHBOARD', 'AUTO');

-- CreateEnum
CREATE TYPE "InvoiceType" AS ENUM ('INVOICE', 'CREDIT_NOTE');

-- CreateEnum
CREATE TYPE "PaidBy" AS ENUM ('SCHOOL', 'PARENT');

-- CreateEnum
CREATE TYPE "LicenceStatus" AS ENUM ('ACTIVE', 'REVOKED');

-- String → enum in place: `migrate diff` drops and re-adds each column, which would lose every
-- value; ALTER COLUMN … TYPE … USING keeps them (and fails if a row holds a value the enum lacks).
-- Indexes on these columns are rebuilt by PostgreSQL itself.
ALTER TABLE "Organisation" ALTER COLUMN "kind" TYPE "OrganisationKind" USING ("kind"::"OrganisationKind");
ALTER TABLE "Membership" ALTER COLUMN "role" TYPE "Role" USING ("role"::"Role");
ALTER TABLE "PriceList" ALTER COLUMN "kind" TYPE "PriceListKind" USING ("kind"::"PriceListKind");
ALTER TABLE "Order" ALTER COLUMN "kind" TYPE "OrderKind" USING ("kind"::"OrderKind"),
ALTER COLUMN "status" TYPE "OrderStatus" USING ("status"::"OrderStatus"),
ALTER COLUMN "paymentMethod" TYPE "PaymentMethod" USING ("paymentMethod"::"PaymentMethod");
ALTER TABLE "Shipment" ALTER COLUMN "status" TYPE "ShipmentStatus" USING ("status"::"ShipmentStatus");
ALTER TABLE "Payment" ALTER COLUMN "provider" TYPE "PaymentProvider" USING ("provider"::"PaymentProvider"),
ALTER COLUMN "status" TYPE "PaymentStatus" USING ("status"::"PaymentStatus"),
ALTER COLUMN "anomaly" TYPE "PaymentAnomaly" USING ("anomaly"::"PaymentAnomaly");
ALTER TABLE "Refund" ALTER COLUMN "status" TYPE "RefundStatus" USING ("status"::"RefundStatus"),
ALTER COLUMN "source" DROP DEFAULT,
ALTER COLUMN "source" TYPE "RefundSource" USING ("source"::"RefundSource"),
ALTER COLUMN "source" SET DEFAULT 'SHOP';
-- Not an UPDATE: the invoice immutability triggers do not fire, and no value changes.
ALTER TABLE "Invoice" ALTER COLUMN "type" TYPE "InvoiceType" USING ("type"::"InvoiceType"),
ALTER COLUMN "paymentMethod" TYPE "PaymentMethod" USING ("paymentMethod"::"PaymentMethod");
ALTER TABLE "PackageItem" ALTER COLUMN "paidBy" TYPE "PaidBy" USING ("paidBy"::"PaidBy");
ALTER TABLE "Licence" ALTER COLUMN "status" TYPE "LicenceStatus" USING ("status"::"LicenceStatus");

-- CreateTable
CREATE TABLE "ShipmentLine" (
    "id" TEXT NOT NULL,
    "shipmentId" TEXT NOT NULL,
    "orderLineId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "ShipmentLine_pkey" PRIMARY KEY ("id")
);

-- Move each shipment's JSON lines [{orderLineId, quantity}] into rows, then drop the column. A
-- line's id is its shipment's id and its index in the array (0-based, as SQLite's json_each).
INSERT INTO "ShipmentLine" ("id", "shipmentId", "orderLineId", "quantity")
SELECT s."id" || '_' || (j."n" - 1), s."id", j."value"->>'orderLineId', (j."value"->>'quantity')::INTEGER
FROM "Shipment" s, json_array_elements(s."linesJson"::json) WITH ORDINALITY AS j("value", "n");
ALTER TABLE "Shipment" DROP COLUMN "linesJson";

-- A refund names its credit note by foreign key only: rows written before creditNoteId existed
-- kept the credit note's number in linesJson.
UPDATE "Refund" r SET "creditNoteId" = i."id" FROM "Invoice" i
WHERE r."creditNoteId" IS NULL AND i."type" = 'CREDIT_NOTE' AND i."number" = (r."linesJson"::json)->>'creditNoteNumber';

-- CreateIndex
CREATE INDEX "ShipmentLine_orderLineId_idx" ON "ShipmentLine"("orderLineId");

-- CreateIndex
CREATE UNIQUE INDEX "ShipmentLine_shipmentId_orderLineId_key" ON "ShipmentLine"("shipmentId", "orderLineId");

-- AddForeignKey
ALTER TABLE "ShipmentLine" ADD CONSTRAINT "ShipmentLine_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "Shipment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShipmentLine" ADD CONSTRAINT "ShipmentLine_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
