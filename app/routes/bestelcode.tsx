import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, useSchemaForm } from "~/components/form";
import { clientIp } from "~/modules/auth/rate-limit.server";
import { getOptionalUser } from "~/modules/auth/users.server";
import { formFailed, formInvalid } from "~/modules/forms/answer.server";
import { rememberPackagePseudonym } from "~/modules/packages/package-session.server";
import { redeemOrderCode, type RedeemResult } from "~/modules/packages/parent-package.server";

export const meta: MetaFunction = () => [{ title: "Bestelcode invoeren — Leerwinkel" }];

/**
 * One schema for browser and server: the code's format and existence are the server's to judge
 * (rate-limited). A line or two pasted from the school's letter is welcome (the code is found in
 * it); a whole page is not.
 */
const OrderCodeSchema = z.object({
  code: z
    .string({
      required_error: "Vul de bestelcode uit de brief van de school in.",
      invalid_type_error: "Vul één bestelcode in, zoals ABCD-EFGH-JK23.",
    })
    .trim()
    .min(1, "Vul de bestelcode uit de brief van de school in.")
    .max(500, "Deze tekst is te lang. Vul alleen de bestelcode in, zoals ABCD-EFGH-JK23."),
});

/** Why a code did not open a package (UNKNOWN, EXPIRED, NOT_YET, CLOSED, MALFORMED, RATE_LIMITED, …). */
export type OrderCodeRefusal = Extract<RedeemResult, { ok: false }>["reason"];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: OrderCodeSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const user = await getOptionalUser(request);
  const result = await redeemOrderCode(submission.value.code, clientIp(context), undefined, user?.id ?? null);
  if (!result.ok) return formFailed<OrderCodeRefusal>(submission, result.message, { outcome: result.reason });
  return redirect("/pakket", {
    headers: { "Set-Cookie": await rememberPackagePseudonym(request, result.pseudonymId) },
  });
}

export default function OrderCode() {
  const data = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(OrderCodeSchema, { id: "order-code", lastResult: data?.result });
  return (
    <div className="card form">
      <h1>Bestelcode invoeren</h1>
      <p>
        Vul de bestelcode in uit de brief die u van de school van uw kind heeft gekregen. Daarmee opent u het
        leerlingpakket van de klas.
      </p>
      <FormError errors={form.errors} />
      {data?.outcome === "USED" ? (
        <p>
          <Link to="/login?redirectTo=%2Fouder">Inloggen om uw bestelling te bekijken</Link>
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <Field
          meta={fields.code}
          label="Bestelcode"
          autoComplete="off"
          hint="12 letters en cijfers, bijvoorbeeld ABCD-EFGH-JK23."
        />
        <button type="submit">Pakket openen</button>
      </Form>
    </div>
  );
}
