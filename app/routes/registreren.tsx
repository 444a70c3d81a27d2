import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { AuthError, registerParent } from "~/modules/auth/users.server";
import { createUserSession } from "~/modules/auth/session.server";

export const meta: MetaFunction = () => [{ title: "Account aanmaken — Leerwinkel" }];

const RegisterForm = z.object({
  name: z.string().trim().min(1, "Vul uw naam in.").max(120, "Uw naam is te lang."),
  email: z.string().trim().min(1, "Vul uw e-mailadres in.").email("Dit is geen geldig e-mailadres."),
  password: z.string().min(10, "Kies een wachtwoord van minstens 10 tekens."),
  passwordRepeat: z.string(),
  redirectTo: z.string().default(""),
}).refine((f) => f.password === f.passwordRepeat, { path: ["passwordRepeat"], message: "De wachtwoorden zijn niet gelijk." });

export async function action({ request }: ActionFunctionArgs) {
  const raw = Object.fromEntries(await request.formData());
  const parsed = RegisterForm.safeParse(raw);
  const values = { name: String(raw.name ?? ""), email: String(raw.email ?? "") };
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { errors, formError: null, values };
  }
  try {
    const user = await registerParent(parsed.data);
    const to = parsed.data.redirectTo.startsWith("/") && !parsed.data.redirectTo.startsWith("//") ? parsed.data.redirectTo : "/ouder";
    return createUserSession(request, user.id, to);
  } catch (error) {
    if (error instanceof AuthError) return { errors: { email: error.message } as Record<string, string>, formError: null, values };
    throw error;
  }
}

export default function Register() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="card form">
      <h1>Account aanmaken</h1>
      <p className="muted">Voor ouders en verzorgers die het leerlingpakket van hun kind bestellen.</p>
      <FormError message={data?.formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field name="name" label="Naam" autoComplete="name" defaultValue={data?.values.name} error={data?.errors.name} />
        <Field name="email" label="E-mailadres" type="email" autoComplete="email" defaultValue={data?.values.email} error={data?.errors.email} />
        <Field name="password" label="Wachtwoord" type="password" autoComplete="new-password" hint="Minstens 10 tekens." error={data?.errors.password} />
        <Field name="passwordRepeat" label="Herhaal wachtwoord" type="password" autoComplete="new-password" error={data?.errors.passwordRepeat} />
        <button type="submit">Account aanmaken</button>
      </Form>
      <p className="muted">Heeft u al een account? <Link to="/login">Log in</Link>.</p>
    </div>
  );
}
