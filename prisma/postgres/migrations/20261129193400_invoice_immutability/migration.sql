-- Issued invoices and credit notes are immutable (Wet OB 1968 art. 35a; DESIGN.md §2):
-- the database itself refuses any UPDATE or DELETE of an invoice, its lines or its VAT lines.
CREATE OR REPLACE FUNCTION leerwinkel_invoice_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'invoice is immutable';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Invoice_immutable" BEFORE UPDATE OR DELETE ON "Invoice"
  FOR EACH ROW EXECUTE FUNCTION leerwinkel_invoice_immutable();
CREATE TRIGGER "InvoiceLine_immutable" BEFORE UPDATE OR DELETE ON "InvoiceLine"
  FOR EACH ROW EXECUTE FUNCTION leerwinkel_invoice_immutable();
CREATE TRIGGER "InvoiceVatLine_immutable" BEFORE UPDATE OR DELETE ON "InvoiceVatLine"
  FOR EACH ROW EXECUTE FUNCTION leerwinkel_invoice_immutable();
