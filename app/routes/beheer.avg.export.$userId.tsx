import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/users.server";
import { z } from "zod";
import { domainErrorAnswer } from "~/modules/forms/answer.server";
import { exportPersonalData } from "~/modules/privacy/personal-data.server";

/** /beheer/avg/export/<userId>: a parent's data (AVG art. 15) for an operator acting on their request; audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requireRole(request, "OPERATOR_ADMIN");
  const parsed = z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .safeParse(params.userId);
  if (!parsed.success) throw new Response("Dit account bestaat niet.", { status: 404 });
  const userId = parsed.data;
  try {
    const body = await exportPersonalData(userId, operator.id);
    return new Response(JSON.stringify(body, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="leerwinkel-gegevens-${userId.replace(/[^A-Za-z0-9]/g, "")}.json"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    throw domainErrorAnswer(error, "page");
  }
}
