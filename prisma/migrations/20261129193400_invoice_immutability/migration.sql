-- Issued invoices and credit notes are immutable (Wet OB 1968 art. 35a; DESIGN.md §2):
-- the database itself refuses any UPDATE or DELETE of an invoice, its lines or its VAT lines.
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
