import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditRead } from "~/modules/audit/audit-log.server";
import { requireRole } from "~/modules/auth/users.server";
import { textStream } from "~/modules/invoices/finance-export.server";
import { parsePeriod } from "~/modules/invoices/invoice-filter";
import { VatGapFilterSchema } from "~/modules/invoices/vat-gap-filter";
import { vatGapCsvChunks, vatGapScopeOf, vatGapSelection } from "~/modules/invoices/vat-gap.server";

function badRequest(message: string): Response {
  return new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * /financien/btw-verschil.csv?period=2026-K3[&school=…][&decimalComma=1]: the VAT gap's electronic
 * parts, one row each, and the period's total (issue 14 §3), streamed page by page from the
 * stored documents. Scoped like the report page: a school sees its own school only, whatever
 * `school` says.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE", "SCHOOL_FINANCE", "SCHOOL_ADMIN", "BOARD_ADMIN");
  const scope = await vatGapScopeOf(user);
  if (!scope) throw new Response("U heeft geen toegang tot deze pagina.", { status: 403 });
  const params = new URL(request.url).searchParams;
  const parsed = VatGapFilterSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) return badRequest(`Ongeldige periode: ${parsed.error.issues.map((i) => i.message).join(" ")}`);
  const period = parsed.data.period ? parsePeriod(parsed.data.period) : null;
  if (!period) return badRequest("Kies een maand (2026-07) of een kwartaal (2026-K3).");
  const school = scope.kind === "operator" ? parsed.data.school : undefined;
  const selection = vatGapSelection(scope, period, school);
  const fileName = `btw-verschil_${period.label}${school ? "_school" : ""}.csv`;
  await auditRead(user.id, "read.invoices-csv", "Export", fileName, { ...period, school: school ?? null });
  const chunks = vatGapCsvChunks(selection, { decimalComma: params.get("decimalComma") === "1" });
  return new Response(textStream(chunks), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
