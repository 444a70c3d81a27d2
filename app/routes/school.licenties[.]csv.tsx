import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditRead } from "~/modules/audit/audit-log.server";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { licenceCodesCsv } from "~/modules/orders/order-queries.server";

/** Licence codes as CSV (";"-separated, BOM): all of the school's, or one order's with ?bestelling=<id>. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const orderId = new URL(request.url).searchParams.get("bestelling")?.trim() || undefined;
  const csv = await licenceCodesCsv(schoolId, orderId);
  if (csv === null) throw new Response("Deze bestelling bestaat niet.", { status: 404 });
  await auditRead(user.id, "read.licence-codes", "Organisation", schoolId, orderId ? { orderId } : {});
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="licentiecodes${orderId ? "-" + orderId.replace(/[^a-z0-9]/gi, "") : ""}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
