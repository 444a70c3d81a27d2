-- Delivery per student package (issue 12): at school (with a note and date told to parents) or
-- at the parent's home address; the order records which, so that the retention can erase a
-- home address once delivered. Plain ADD COLUMN (no table redefinition): nothing else changes.
ALTER TABLE "StudentPackage" ADD COLUMN "deliveryMode" TEXT NOT NULL DEFAULT 'SCHOOL';
ALTER TABLE "StudentPackage" ADD COLUMN "deliveryNote" TEXT;
ALTER TABLE "StudentPackage" ADD COLUMN "deliveryDate" TEXT;
ALTER TABLE "Order" ADD COLUMN "deliveryMode" TEXT NOT NULL DEFAULT 'SCHOOL';
