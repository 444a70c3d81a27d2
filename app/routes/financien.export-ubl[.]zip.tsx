import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditRead } from "~/modules/audit/audit-log.server";
import { requireRole } from "~/modules/auth/users.server";
import { financeScopeOf, invoiceFilterSchema, scopedInvoiceFilter } from "~/modules/invoices/finance.server";
import { exportFileName, parseUblProfile, ublZipStream } from "~/modules/invoices/finance-export.server";

const TEXT = { "Content-Type": "text/plain; charset=utf-8" };

/**
 * /financien/export-ubl.zip?from&to[…][&profile=peppol|nlcius]: one UBL 2.1 file per document
 * in the chosen profile (default Peppol BIS 3), streamed as a ZIP. A document that cannot be
 * rendered is left out and listed in the ZIP's FOUTEN.txt.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE", "SCHOOL_FINANCE");
  const scope = financeScopeOf(user)!;
  const url = new URL(request.url);
  const parsed = invoiceFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return new Response(`Ongeldig filter: ${parsed.error.issues.map((i) => i.message).join(" ")}`, {
      status: 400,
      headers: TEXT,
    });
  }
  const profile = parseUblProfile(url);
  if (!profile.ok) return new Response(profile.message, { status: 400, headers: TEXT });
  const f = parsed.data;
  const filter = scopedInvoiceFilter(scope, f);
  const prefix = profile.profile === "peppol" ? "ubl" : `ubl-${profile.profile}`;
  await auditRead(user.id, "read.invoices-ubl-zip", "Export", exportFileName(prefix, filter, "zip"), {
    ...filter,
    profile: profile.profile,
  });
  return new Response(ublZipStream(filter, { profile: profile.profile }), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${exportFileName(prefix, filter, "zip")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
