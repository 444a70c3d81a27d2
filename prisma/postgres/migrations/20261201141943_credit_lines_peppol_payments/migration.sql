-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "oin" TEXT;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "anomaly" TEXT,
ADD COLUMN     "methodType" TEXT;

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "creditNoteId" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'SHOP';

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "paymentMeansCode" TEXT NOT NULL DEFAULT '30';

-- AlterTable
ALTER TABLE "InvoiceLine" ADD COLUMN     "creditedLineId" TEXT,
ADD COLUMN     "orderLineId" TEXT;

-- AlterTable
ALTER TABLE "InvoiceVatLine" ADD COLUMN     "allowanceAmountCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "chargeAmountCents" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Refund_creditNoteId_idx" ON "Refund"("creditNoteId");

-- CreateIndex
CREATE INDEX "Refund_status_idx" ON "Refund"("status");

-- CreateIndex
CREATE INDEX "InvoiceLine_orderLineId_idx" ON "InvoiceLine"("orderLineId");

-- CreateIndex
CREATE INDEX "InvoiceLine_creditedLineId_idx" ON "InvoiceLine"("creditedLineId");

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_creditNoteId_fkey" FOREIGN KEY ("creditNoteId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_creditedLineId_fkey" FOREIGN KEY ("creditedLineId") REFERENCES "InvoiceLine"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- The backfill below writes to issued invoices once, with the immutability triggers off.
ALTER TABLE "Invoice" DISABLE TRIGGER "Invoice_immutable";
ALTER TABLE "InvoiceLine" DISABLE TRIGGER "InvoiceLine_immutable";
ALTER TABLE "InvoiceVatLine" DISABLE TRIGGER "InvoiceVatLine_immutable";

-- Backfill (DESIGN.md §5: credit notes derive from their invoice's lines by invoice-line id).
-- Invoice lines were written one per VAT-rate part of each order line, in order-line position
-- order: line p of an invoice bills the order line whose cumulative part count reaches p.
UPDATE "InvoiceLine" SET "orderLineId" = (
  SELECT ol."id" FROM (
    SELECT o."id", o."orderId",
           SUM(json_array_length(o."partsJson"::json)) OVER (PARTITION BY o."orderId" ORDER BY o."position") AS "upto",
           json_array_length(o."partsJson"::json) AS "n"
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
WHERE "invoiceId" IN (SELECT "id" FROM "Invoice" WHERE NOT "pricesIncludeVat");
UPDATE "InvoiceVatLine" SET "allowanceAmountCents" = "allowanceCents",
  "chargeAmountCents" = CASE WHEN "chargeCents" = 0 THEN 0 ELSE "taxableCents" + "vatCents" + "allowanceCents" - (
    SELECT COALESCE(SUM(l."grossCents"), 0) FROM "InvoiceLine" l
    WHERE l."invoiceId" = "InvoiceVatLine"."invoiceId" AND l."vatRate" = "InvoiceVatLine"."vatRate") END
WHERE "invoiceId" IN (SELECT "id" FROM "Invoice" WHERE "pricesIncludeVat");
-- Online payments: card or iDEAL is not known for earlier rows; invoices paid online keep code 30
-- unless paid by card later on. Invoice payers pay by SEPA credit transfer (58).
UPDATE "Invoice" SET "paymentMeansCode" = '58' WHERE "paymentMethod" = 'INVOICE';

ALTER TABLE "Invoice" ENABLE TRIGGER "Invoice_immutable";
ALTER TABLE "InvoiceLine" ENABLE TRIGGER "InvoiceLine_immutable";
ALTER TABLE "InvoiceVatLine" ENABLE TRIGGER "InvoiceVatLine_immutable";

-- A refund names its credit note by foreign key (it was kept in linesJson).
UPDATE "Refund" SET "creditNoteId" = "linesJson"::json->>'creditNoteId' WHERE "linesJson"::json->>'creditNoteId' IN (SELECT "id" FROM "Invoice");
