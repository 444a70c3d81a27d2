import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { AuthError, getOptionalUser, login } from "~/modules/auth/users.server";
import { createUserSession } from "~/modules/auth/session.server";
import { clientIp } from "~/modules/auth/rate-limit.server";
import { ROLE_HOME } from "~/modules/auth/roles";
import { safeRedirect } from "~/modules/auth/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Inloggen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) return redirect(user.roles[0] ? ROLE_HOME[user.roles[0].role] : "/");
  return null;
}

const LoginForm = z.object({
  email: z.string().trim().default(""),
  password: z.string().default(""),
  redirectTo: z.string().default(""),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = LoginForm.parse(Object.fromEntries(await request.formData()));
  const errors: Record<string, string> = {};
  if (!form.email) errors.email = "Vul uw e-mailadres in.";
  if (!form.password) errors.password = "Vul uw wachtwoord in.";
  if (Object.keys(errors).length) return { errors, formError: null, email: form.email };
  try {
    const user = await login(form.email, form.password, clientIp(context));
    const home = user.roles[0] ? ROLE_HOME[user.roles[0].role] : "/";
    return createUserSession(request, user.id, safeRedirect(form.redirectTo, home));
  } catch (error) {
    if (error instanceof AuthError) return { errors: {} as Record<string, string>, formError: error.message, email: form.email };
    throw error;
  }
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="card form">
      <h1>Inloggen</h1>
      <FormError message={data?.formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field name="email" label="E-mailadres" type="email" autoComplete="email" defaultValue={data?.email} error={data?.errors.email} />
        <Field name="password" label="Wachtwoord" type="password" autoComplete="current-password" error={data?.errors.password} />
        <button type="submit" disabled={busy}>Inloggen</button>
      </Form>
      <p className="muted">Ouder of verzorger zonder account? <Link to="/registreren">Maak een account aan</Link>.</p>
    </div>
  );
}
