/**
 * Resource route: the parent letters (PDF) for the order codes the school was just shown. The
 * codes come back in the POST body from that page — they are never stored — and every code must
 * belong to a pseudonym of the user's own school.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { env } from "~/env.server";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { lettersForCodes } from "~/modules/packages/packages.server";
import { renderParentLettersPdf } from "~/modules/packages/parent-letters.server";

export async function loader() {
  return new Response("Gebruik de knop op de pagina met de bestelcodes.", { status: 405 });
}

export async function action({ request }: ActionFunctionArgs) {
  const { schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const codes = (await request.formData()).getAll("code").map(String).slice(0, 5001);
  const letters = await lettersForCodes(schoolId, codes);
  if (!letters)
    return new Response("Deze bestelcodes horen niet (meer) bij leerlingen van uw school.", { status: 400 });
  const pdf = await renderParentLettersPdf(letters, env().PUBLIC_URL ?? new URL(request.url).origin);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="bestelcodes-${new Date().toISOString().slice(0, 10)}.pdf"`,
      "Cache-Control": "no-store",
    },
  });
}
