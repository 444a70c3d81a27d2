import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, useSchemaForm } from "~/components/form";
import { getOptionalUser, login } from "~/modules/auth/users.server";
import { createUserSession } from "~/modules/auth/session.server";
import { clientIp } from "~/modules/auth/rate-limit.server";
import { ROLE_HOME } from "~/modules/auth/roles";
import { safeRedirect, withRedirectTo } from "~/modules/auth/safe-redirect";
import { domainErrorAnswer, formInvalid } from "~/modules/forms/answer.server";

export const meta: MetaFunction = () => [{ title: "Inloggen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (!user) return null;
  // Already logged in (another tab, the back button): go on to where the visitor was headed.
  const home = user.roles[0] ? ROLE_HOME[user.roles[0].role] : "/";
  return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), home));
}

const LoginSchema = z.object({
  email: z.string({ required_error: "Vul uw e-mailadres in." }).trim(),
  password: z.string({ required_error: "Vul uw wachtwoord in." }),
  redirectTo: z.string().default(""),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: LoginSchema });
  if (submission.status !== "success") return formInvalid(submission, { hideFields: ["password"] });
  const form = submission.value;
  try {
    const user = await login(form.email, form.password, clientIp(context));
    const home = user.roles[0] ? ROLE_HOME[user.roles[0].role] : "/";
    return createUserSession(request, user.id, safeRedirect(form.redirectTo, home));
  } catch (error) {
    return domainErrorAnswer(error, submission, { hideFields: ["password"] });
  }
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "";
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(LoginSchema, { id: "login", lastResult: data?.result });
  return (
    <div className="card form">
      <h1>Inloggen</h1>
      <FormError errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field meta={fields.email} label="E-mailadres" type="email" autoComplete="email" />
        <Field meta={fields.password} label="Wachtwoord" type="password" autoComplete="current-password" />
        <button type="submit" disabled={busy}>
          Inloggen
        </button>
      </Form>
      <p className="muted">
        Ouder of verzorger zonder account?{" "}
        <Link to={withRedirectTo("/registreren", redirectTo)}>Maak een account aan</Link>.
      </p>
    </div>
  );
}
