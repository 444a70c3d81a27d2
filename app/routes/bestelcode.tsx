import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, useSchemaForm } from "~/components/form";
import { clientIp } from "~/modules/auth/rate-limit.server";
import { formFailed, formInvalid } from "~/modules/forms/answer.server";
import { rememberPackagePseudonym } from "~/modules/packages/package-session.server";
import { redeemOrderCode, type RedeemResult } from "~/modules/packages/parent-package.server";

export const meta: MetaFunction = () => [{ title: "Bestelcode invoeren — Leerwinkel" }];

/** One schema for browser and server: the code's format and existence are the server's to judge (rate-limited). */
const OrderCodeSchema = z.object({
  code: z
    .string({ required_error: "Vul de bestelcode uit de brief van de school in." })
    .trim()
    .min(1, "Vul de bestelcode uit de brief van de school in.")
    .max(40, "Een bestelcode bestaat uit 12 letters en cijfers, zoals ABCD-EFGH-JK23."),
});

/** Why a code did not open a package (UNKNOWN, EXPIRED, NOT_YET, CLOSED, MALFORMED, RATE_LIMITED, …). */
export type OrderCodeRefusal = Extract<RedeemResult, { ok: false }>["reason"];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: OrderCodeSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const result = await redeemOrderCode(submission.value.code, clientIp(context));
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
