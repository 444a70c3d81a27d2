import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditRead } from "~/modules/audit/audit-log.server";
import { requireRole } from "~/modules/auth/users.server";
import { financeScopeOf, invoiceFilterSchema, scopedInvoiceFilter } from "~/modules/invoices/finance.server";
import { exportFileName, invoiceCsvStream } from "~/modules/invoices/finance-export.server";

/**
 * /financien/export.csv?from&to[&quarter&school&type&status&decimalComma=1]: one row per
 * invoice or credit note (DESIGN §5), streamed from the keyset iterator. School finance gets
 * its own school only, whatever `school` says.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE", "SCHOOL_FINANCE");
  const scope = financeScopeOf(user)!;
  const params = new URL(request.url).searchParams;
  const parsed = invoiceFilterSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    return new Response(`Ongeldig filter: ${parsed.error.issues.map((i) => i.message).join(" ")}`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const f = parsed.data;
  const filter = scopedInvoiceFilter(scope, f);
  await auditRead(user.id, "read.invoices-csv", "Export", exportFileName("facturen", filter, "csv"), { ...filter });
  const body = await invoiceCsvStream(filter, { decimalComma: params.get("decimalComma") === "1" });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName("facturen", filter, "csv")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
