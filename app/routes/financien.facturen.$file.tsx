import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditRead } from "~/modules/audit/audit-log.server";
import { requireUser } from "~/modules/auth/users.server";
import { parseUblProfile } from "~/modules/invoices/finance-export.server";
import { InvoiceDocumentError, type InvoiceDocument } from "~/modules/invoices/invoice-document";
import { findInvoiceForUser } from "~/modules/invoices/invoice-document.server";
import { renderInvoicePdf } from "~/modules/invoices/pdf.server";
import { renderUbl } from "~/modules/invoices/ubl";
import { describeRenderFailure } from "~/modules/invoices/ubl-zip.server";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" };

/**
 * /financien/facturen/<id>.pdf and /financien/facturen/<id>.xml[?profile=peppol|nlcius]
 * (UBL 2.1, default Peppol BIS 3): one invoice or credit note for whoever may see it —
 * operator finance any, school finance and school admin their school's, a parent their own
 * orders' (scoped in the query; anything else is a 404). A stored document the renderers
 * refuse answers 422 with the reason in Dutch, rather than the generic error page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const match = /^([A-Za-z0-9_-]{1,64})\.(pdf|xml)$/.exec(params.file ?? "");
  if (!match) throw new Response("Niet gevonden", { status: 404 });
  const [, id, extension] = match;
  const profile =
    extension === "xml" ? parseUblProfile(new URL(request.url)) : ({ ok: true, profile: "peppol" } as const);
  if (!profile.ok) return new Response(profile.message, { status: 400, headers: TEXT });
  const doc = await findInvoiceForUser(id!, user);
  if (!doc) throw new Response("Deze factuur bestaat niet.", { status: 404 });
  const name = `${doc.type === "CREDIT_NOTE" ? "Creditnota" : "Factuur"}-${doc.number}.${extension}`;
  const headers = {
    "Content-Disposition": `attachment; filename="${name}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
  const format = extension === "pdf" ? "PDF" : "UBL";
  // A download of an invoice is a read of financial (and, for a parent, personal) data: audited.
  await auditRead(user.id, "read.invoice", "Invoice", id!, { number: doc.number, format });
  try {
    if (extension === "pdf") {
      return new Response(new Uint8Array(await renderInvoicePdf(doc)), {
        headers: { ...headers, "Content-Type": "application/pdf" },
      });
    }
    return new Response(renderUbl(doc, { profile: profile.profile }), {
      headers: { ...headers, "Content-Type": "application/xml; charset=utf-8" },
    });
  } catch (error) {
    return renderFailureResponse(doc, format, error);
  }
}

/**
 * A stored document that does not add up (or lacks a mandatory field) is the data's fault, not
 * the request's and not a crash: 422 with the reason, logged so that it gets fixed. Anything
 * else is a bug: 500, logged, without internals in the answer.
 */
function renderFailureResponse(doc: InvoiceDocument, format: "PDF" | "UBL", error: unknown): Response {
  const what = doc.type === "CREDIT_NOTE" ? "Deze creditnota" : "Deze factuur";
  const { message } = describeRenderFailure(doc, error);
  console.error(`${format} of ${doc.number} could not be rendered: ${message}`);
  if (error instanceof InvoiceDocumentError) {
    const reason =
      error.code === "INCONSISTENT"
        ? "de opgeslagen bedragen kloppen niet met elkaar"
        : "er ontbreekt een verplicht gegeven";
    return new Response(
      `${what} kan niet als ${format} worden gemaakt: ${reason} (${doc.number}: ${message}). Meld dit bij de beheerder van de Leerwinkel.`,
      { status: 422, headers: TEXT },
    );
  }
  return new Response(
    `${what} kan nu niet als ${format} worden gemaakt: er ging iets mis bij het maken van ${doc.number}. Meld dit bij de beheerder van de Leerwinkel.`,
    { status: 500, headers: TEXT },
  );
}
