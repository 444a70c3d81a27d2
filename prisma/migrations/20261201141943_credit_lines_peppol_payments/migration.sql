-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN "oin" TEXT;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN "anomaly" TEXT;
ALTER TABLE "Payment" ADD COLUMN "methodType" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    CONSTRAINT "Refund_creditNoteId_fkey" FOREIGN KEY ("creditNoteId") REFERENCES "Invoice" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Refund" ("amountCents", "createdAt", "createdById", "id", "linesJson", "orderId", "paymentId", "providerRefundId", "status") SELECT "amountCents", "createdAt", "createdById", "id", "linesJson", "orderId", "paymentId", "providerRefundId", "status" FROM "Refund";
DROP TABLE "Refund";
ALTER TABLE "new_Refund" RENAME TO "Refund";
CREATE UNIQUE INDEX "Refund_providerRefundId_key" ON "Refund"("providerRefundId");
CREATE INDEX "Refund_paymentId_idx" ON "Refund"("paymentId");
CREATE INDEX "Refund_orderId_idx" ON "Refund"("orderId");
CREATE INDEX "Refund_creditNoteId_idx" ON "Refund"("creditNoteId");
CREATE INDEX "Refund_status_idx" ON "Refund"("status");
CREATE TABLE "new_Invoice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "correctsId" TEXT,
    "schoolId" TEXT NOT NULL,
    "issueDate" TEXT NOT NULL,
    "dueDate" TEXT,
    "paymentMethod" TEXT NOT NULL,
    "paymentMeansCode" TEXT NOT NULL DEFAULT '30',
    "buyerName" TEXT NOT NULL,
    "buyerJson" TEXT NOT NULL,
    "sellerJson" TEXT NOT NULL,
    "orderNumber" TEXT NOT NULL,
    "poNumber" TEXT,
    "pricesIncludeVat" BOOLEAN NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "netCents" INTEGER NOT NULL,
    "vatCents" INTEGER NOT NULL,
    "grossCents" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invoice_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Invoice_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Invoice_correctsId_fkey" FOREIGN KEY ("correctsId") REFERENCES "Invoice" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Invoice" ("buyerJson", "buyerName", "correctsId", "createdAt", "currency", "dueDate", "grossCents", "id", "issueDate", "netCents", "number", "orderId", "orderNumber", "paymentMethod", "poNumber", "pricesIncludeVat", "schoolId", "sellerJson", "sequence", "series", "type", "vatCents", "year") SELECT "buyerJson", "buyerName", "correctsId", "createdAt", "currency", "dueDate", "grossCents", "id", "issueDate", "netCents", "number", "orderId", "orderNumber", "paymentMethod", "poNumber", "pricesIncludeVat", "schoolId", "sellerJson", "sequence", "series", "type", "vatCents", "year" FROM "Invoice";
DROP TABLE "Invoice";
ALTER TABLE "new_Invoice" RENAME TO "Invoice";
CREATE UNIQUE INDEX "Invoice_number_key" ON "Invoice"("number");
CREATE INDEX "Invoice_orderId_idx" ON "Invoice"("orderId");
CREATE INDEX "Invoice_correctsId_idx" ON "Invoice"("correctsId");
CREATE INDEX "Invoice_schoolId_issueDate_idx" ON "Invoice"("schoolId", "issueDate");
CREATE INDEX "Invoice_issueDate_idx" ON "Invoice"("issueDate");
CREATE UNIQUE INDEX "Invoice_series_year_sequence_key" ON "Invoice"("series", "year", "sequence");
CREATE TABLE "new_InvoiceLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "invoiceId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "ean" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPriceE4" INTEGER NOT NULL,
    "vatRate" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "netCents" INTEGER NOT NULL,
    "grossCents" INTEGER NOT NULL,
    "orderLineId" TEXT,
    "creditedLineId" TEXT,
    CONSTRAINT "InvoiceLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "InvoiceLine_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "InvoiceLine_creditedLineId_fkey" FOREIGN KEY ("creditedLineId") REFERENCES "InvoiceLine" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_InvoiceLine" ("category", "description", "ean", "grossCents", "id", "invoiceId", "netCents", "position", "quantity", "unitPriceE4", "vatRate") SELECT "category", "description", "ean", "grossCents", "id", "invoiceId", "netCents", "position", "quantity", "unitPriceE4", "vatRate" FROM "InvoiceLine";
DROP TABLE "InvoiceLine";
ALTER TABLE "new_InvoiceLine" RENAME TO "InvoiceLine";
CREATE INDEX "InvoiceLine_orderLineId_idx" ON "InvoiceLine"("orderLineId");
CREATE INDEX "InvoiceLine_creditedLineId_idx" ON "InvoiceLine"("creditedLineId");
CREATE UNIQUE INDEX "InvoiceLine_invoiceId_position_key" ON "InvoiceLine"("invoiceId", "position");
CREATE TABLE "new_InvoiceVatLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "invoiceId" TEXT NOT NULL,
    "vatRate" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "taxableCents" INTEGER NOT NULL,
    "vatCents" INTEGER NOT NULL,
    "allowanceCents" INTEGER NOT NULL DEFAULT 0,
    "chargeCents" INTEGER NOT NULL DEFAULT 0,
    "allowanceAmountCents" INTEGER NOT NULL DEFAULT 0,
    "chargeAmountCents" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "InvoiceVatLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_InvoiceVatLine" ("allowanceCents", "category", "chargeCents", "id", "invoiceId", "taxableCents", "vatCents", "vatRate") SELECT "allowanceCents", "category", "chargeCents", "id", "invoiceId", "taxableCents", "vatCents", "vatRate" FROM "InvoiceVatLine";
DROP TABLE "InvoiceVatLine";
ALTER TABLE "new_InvoiceVatLine" RENAME TO "InvoiceVatLine";
CREATE UNIQUE INDEX "InvoiceVatLine_invoiceId_vatRate_key" ON "InvoiceVatLine"("invoiceId", "vatRate");

-- Backfill (DESIGN.md §5: credit notes derive from their invoice's lines by invoice-line id).
-- Invoice lines were written one per VAT-rate part of each order line, in order-line position
-- order: line p of an invoice bills the order line whose cumulative part count reaches p.
UPDATE "InvoiceLine" SET "orderLineId" = (
  SELECT ol."id" FROM (
    SELECT o."id", o."orderId",
           SUM(json_array_length(o."partsJson")) OVER (PARTITION BY o."orderId" ORDER BY o."position") AS "upto",
           json_array_length(o."partsJson") AS "n"
    FROM "OrderLine" o
  ) ol JOIN "Invoice" i ON i."orderId" = ol."orderId"
  WHERE i."id" = "InvoiceLine"."invoiceId" AND "InvoiceLine"."position" > ol."upto" - ol."n" AND "InvoiceLine"."position" <= ol."upto")
WHERE "invoiceId" IN (SELECT "id" FROM "Invoice" WHERE "type" = 'INVOICE');
-- A credit-note line credited the first invoice line with its description and rate.
UPDATE "InvoiceLine" SET "creditedLineId" = (
  SELECT il."id" FROM "InvoiceLine" il JOIN "Invoice" c ON c."correctsId" = il."invoiceId"
  WHERE c."id" = "InvoiceLine"."invoiceId" AND il."description" = "InvoiceLine"."description" AND il."vatRate" = "InvoiceLine"."vatRate"
  ORDER BY il."position" LIMIT 1)
WHERE "invoiceId" IN (SELECT "id" FROM "Invoice" WHERE "type" = 'CREDIT_NOTE');
UPDATE "InvoiceLine" SET "orderLineId" = (SELECT il."orderLineId" FROM "InvoiceLine" il WHERE il."id" = "InvoiceLine"."creditedLineId")
WHERE "creditedLineId" IS NOT NULL;
-- Allowance and charge in the document's price mode: the net figures on exclusive documents; on
-- inclusive ones (never discounted) the charge is what the rate's gross holds beyond its lines.
UPDATE "InvoiceVatLine" SET "allowanceAmountCents" = "allowanceCents", "chargeAmountCents" = "chargeCents"
WHERE "invoiceId" IN (SELECT "id" FROM "Invoice" WHERE "pricesIncludeVat" = 0);
UPDATE "InvoiceVatLine" SET "allowanceAmountCents" = "allowanceCents",
  "chargeAmountCents" = CASE WHEN "chargeCents" = 0 THEN 0 ELSE "taxableCents" + "vatCents" + "allowanceCents" - (
    SELECT COALESCE(SUM(l."grossCents"), 0) FROM "InvoiceLine" l
    WHERE l."invoiceId" = "InvoiceVatLine"."invoiceId" AND l."vatRate" = "InvoiceVatLine"."vatRate") END
WHERE "invoiceId" IN (SELECT "id" FROM "Invoice" WHERE "pricesIncludeVat" = 1);
-- Online payments: card or iDEAL is not known for earlier rows; invoices paid online keep code 30
-- unless paid by card later on. Invoice payers pay by SEPA credit transfer (58).
UPDATE "Invoice" SET "paymentMeansCode" = '58' WHERE "paymentMethod" = 'INVOICE';

-- A refund names its credit note by foreign key (it was kept in linesJson).
UPDATE "Refund" SET "creditNoteId" = json_extract("linesJson", '$.creditNoteId') WHERE json_extract("linesJson", '$.creditNoteId') IN (SELECT "id" FROM "Invoice");

-- The redefined tables lost their immutability triggers (20261129193400_invoice_immutability): again.
CREATE TRIGGER "Invoice_no_update" BEFORE UPDATE ON "Invoice"
BEGIN SELECT RAISE(ABORT, 'invoice is immutable'); END;
CREATE TRIGGER "Invoice_no_delete" BEFORE DELETE ON "Invoice"
BEGIN SELECT RAISE(ABORT, 'invoice is immutable'); END;
CREATE TRIGGER "InvoiceLine_no_update" BEFORE UPDATE ON "InvoiceLine"
BEGIN SELECT RAISE(ABORT, 'invoice is immutable'); END;
CREATE TRIGGER "InvoiceLine_no_delete" BEFORE DELETE ON "InvoiceLine"
BEGIN SELECT RAISE(ABORT, 'invoice is immutable'); END;
CREATE TRIGGER "InvoiceVatLine_no_update" BEFORE UPDATE ON "InvoiceVatLine"
BEGIN SELECT RAISE(ABORT, 'invoice is immutable'); END;
CREATE TRIGGER "InvoiceVatLine_no_delete" BEFORE DELETE ON "InvoiceVatLine"
BEGIN SELECT RAISE(ABORT, 'invoice is immutable'); END;

PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

