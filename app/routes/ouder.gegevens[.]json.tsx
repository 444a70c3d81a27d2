import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/users.server";
import { exportPersonalData } from "~/modules/privacy/personal-data.server";

/** /ouder/gegevens.json: everything the shop holds about the logged-in parent (AVG art. 15); audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "PARENT");
  const body = await exportPersonalData(user.id, user.id);
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="leerwinkel-mijn-gegevens.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
