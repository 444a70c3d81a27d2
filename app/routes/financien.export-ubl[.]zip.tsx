import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/users.server";
import { financeScopeOf, invoiceFilterSchema } from "~/modules/invoices/finance.server";
import { exportFileName, ublZipStream } from "~/modules/invoices/finance-export.server";

/** /financien/export-ubl.zip?from&to[…]: one UBL 2.1 file per document, streamed as a ZIP. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE", "SCHOOL_FINANCE");
  const scope = financeScopeOf(user)!;
  const parsed = invoiceFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return new Response(`Ongeldig filter: ${parsed.error.issues.map((i) => i.message).join(" ")}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const f = parsed.data;
  const filter = { from: f.from, to: f.to, type: f.type, status: f.status, schoolId: scope.operator ? f.school : scope.schoolId };
  return new Response(ublZipStream(filter), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${exportFileName("ubl", filter, "zip")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
