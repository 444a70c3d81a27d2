import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { clientIp } from "~/modules/auth/rate-limit.server";
import { rememberPackagePseudonym } from "~/modules/packages/package-session.server";
import { redeemOrderCode } from "~/modules/packages/parent-package.server";

export const meta: MetaFunction = () => [{ title: "Bestelcode invoeren — Leerwinkel" }];

const CodeForm = z.object({ code: z.string().trim().max(40).default("") });

export async function action({ request, context }: ActionFunctionArgs) {
  const form = CodeForm.parse(Object.fromEntries(await request.formData()));
  if (!form.code) return { error: "Vul de bestelcode uit de brief van de school in.", reason: "EMPTY", code: "" };
  const result = await redeemOrderCode(form.code, clientIp(context));
  if (!result.ok) return { error: result.message, reason: result.reason, code: form.code };
  return redirect("/pakket", { headers: { "Set-Cookie": await rememberPackagePseudonym(request, result.pseudonymId) } });
}

export default function OrderCode() {
  const data = useActionData<typeof action>();
  return (
    <div className="card form">
      <h1>Bestelcode invoeren</h1>
      <p>Vul de bestelcode in uit de brief die u van de school van uw kind heeft gekregen. Daarmee opent u het leerlingpakket van de klas.</p>
      <FormError message={data?.error} />
      <Form method="post" noValidate>
        <Field name="code" label="Bestelcode" defaultValue={data?.code} autoComplete="off" hint="12 letters en cijfers, bijvoorbeeld ABCD-EFGH-JK23." />
        <button type="submit">Pakket openen</button>
      </Form>
    </div>
  );
}
