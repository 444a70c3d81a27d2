import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/users.server";
import { findInvoiceForUser } from "~/modules/invoices/invoice-document.server";
import { renderInvoicePdf } from "~/modules/invoices/pdf.server";
import { renderUbl } from "~/modules/invoices/ubl";

/**
 * /financien/facturen/<id>.pdf and /financien/facturen/<id>.xml (UBL 2.1): one invoice or
 * credit note for whoever may see it — operator finance any, school finance and school admin
 * their school's, a parent their own orders' (scoped in the query; anything else is a 404).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const match = /^([A-Za-z0-9_-]{1,64})\.(pdf|xml)$/.exec(params.file ?? "");
  if (!match) throw new Response("Niet gevonden", { status: 404 });
  const [, id, extension] = match;
  const doc = await findInvoiceForUser(id!, user);
  if (!doc) throw new Response("Deze factuur bestaat niet.", { status: 404 });
  const name = `${doc.type === "CREDIT_NOTE" ? "Creditnota" : "Factuur"}-${doc.number}.${extension}`;
  const headers = {
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (extension === "pdf") {
    return new Response(new Uint8Array(await renderInvoicePdf(doc)), { headers: { ...headers, "Content-Type": "application/pdf" } });
  }
  return new Response(renderUbl(doc), { headers: { ...headers, "Content-Type": "application/xml; charset=utf-8" } });
}
