/** The bundle round for the board's administration (issue 15): CSV, audited as a read of financial data. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditRead } from "~/modules/audit/audit-log.server";
import { domainErrorAnswer } from "~/modules/forms/answer.server";
import { recordIdParam } from "~/modules/http/route-params";
import { requireBoardAdmin } from "~/modules/orders/bundle-round-access.server";
import { roundCsv } from "~/modules/orders/bundle-round.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, boardId } = await requireBoardAdmin(request);
  const roundId = recordIdParam(params, "roundId");
  let csv: string;
  try {
    csv = await roundCsv(roundId, boardId);
  } catch (error) {
    throw domainErrorAnswer(error, "page");
  }
  await auditRead(user.id, "read.bundle-round-csv", "BundleRound", roundId);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="bundelronde-${roundId}.csv"`,
    },
  });
}
