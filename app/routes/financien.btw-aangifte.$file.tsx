import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditRead } from "~/modules/audit/audit-log.server";
import { requireRole } from "~/modules/auth/users.server";
import { parsePeriod, vatReturnCsv, vatReturnFor } from "~/modules/invoices/finance.server";

/** /financien/btw-aangifte/2026-K3.json | 2026-07.csv: the VAT-return summary as a download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE");
  const match = /^(.{1,20})\.(json|csv)$/.exec(params.file ?? "");
  const period = match ? parsePeriod(match[1]!) : null;
  if (!match || !period) {
    return Response.json(
      { error: "Kies een maand (2026-07) of een kwartaal (2026-K3), met .json of .csv.", field: "period" },
      { status: 400 },
    );
  }
  const summary = await vatReturnFor(period);
  await auditRead(user.id, "read.vat-return", "Export", `btw-aangifte_${period.label}.${match[2]}`, {
    from: period.from,
    to: period.to,
  });
  const disposition = `attachment; filename="btw-aangifte_${period.label}.${match[2]}"`;
  if (match[2] === "json") {
    return new Response(JSON.stringify({ period, ...summary }, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": disposition,
        "Cache-Control": "private, no-store",
      },
    });
  }
  return new Response(vatReturnCsv(summary, period), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": disposition,
      "Cache-Control": "private, no-store",
    },
  });
}
