import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { AuthError, registerParent } from "~/modules/auth/users.server";
import { clientIp } from "~/modules/auth/rate-limit.server";
import { safeRedirect } from "~/modules/auth/safe-redirect";
import { passwordProblem, PASSWORD_MIN_LENGTH } from "~/modules/auth/password-policy";

export const meta: MetaFunction = () => [{ title: "Account aanmaken — Leerwinkel" }];

const RegisterForm = z.object({
  name: z.string().trim().min(1, "Vul uw naam in.").max(120, "Uw naam is te lang."),
  email: z.string().trim().min(1, "Vul uw e-mailadres in.").email("Dit is geen geldig e-mailadres."),
  password: z.string(),
  passwordRepeat: z.string(),
  redirectTo: z.string().default(""),
}).superRefine((f, ctx) => {
  const problem = passwordProblem(f.password, { email: f.email });
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  if (f.password !== f.passwordRepeat) ctx.addIssue({ code: "custom", path: ["passwordRepeat"], message: "De wachtwoorden zijn niet gelijk." });
});

export async function action({ request, context }: ActionFunctionArgs) {
  const raw = Object.fromEntries(await request.formData());
  const parsed = RegisterForm.safeParse(raw);
  const values = { name: String(raw.name ?? ""), email: String(raw.email ?? "") };
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { errors, formError: null, values };
  }
  try {
    await registerParent(parsed.data, clientIp(context));
  } catch (error) {
    if (error instanceof AuthError) return { errors: {} as Record<string, string>, formError: error.message, values };
    throw error;
  }
  // The same answer whether or not the address already had an account (no account enumeration):
  // the page tells both a new parent and an existing account holder to log in.
  return { registered: true as const, email: parsed.data.email.toLowerCase(), redirectTo: safeRedirect(parsed.data.redirectTo, "") };
}

export default function Register() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  if (data && "registered" in data) {
    const login = `/login${data.redirectTo ? `?redirectTo=${encodeURIComponent(data.redirectTo)}` : ""}`;
    return (
      <div className="card form">
        <h1>Log in om verder te gaan</h1>
        <p role="status">
          Had <strong>{data.email}</strong> nog geen account, dan is dat nu aangemaakt: log in met dit e-mailadres en het
          wachtwoord dat u net heeft gekozen.
        </p>
        <p>Had u met dit e-mailadres al een account? Dan is er niets veranderd: log in met uw bestaande wachtwoord.</p>
        <p><Link to={login} className="button">Inloggen</Link></p>
      </div>
    );
  }
  return (
    <div className="card form">
      <h1>Account aanmaken</h1>
      <p className="muted">Voor ouders en verzorgers die het leerlingpakket van hun kind bestellen.</p>
      <FormError message={data?.formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field name="name" label="Naam" autoComplete="name" defaultValue={data?.values.name} error={data?.errors.name} />
        <Field name="email" label="E-mailadres" type="email" autoComplete="email" defaultValue={data?.values.email} error={data?.errors.email} />
        <Field name="password" label="Wachtwoord" type="password" autoComplete="new-password" hint={`Minstens ${PASSWORD_MIN_LENGTH} tekens, bijvoorbeeld een zin van een paar woorden; geen veelgebruikt wachtwoord.`} error={data?.errors.password} />
        <Field name="passwordRepeat" label="Herhaal wachtwoord" type="password" autoComplete="new-password" error={data?.errors.passwordRepeat} />
        <button type="submit">Account aanmaken</button>
      </Form>
      <p className="muted">Heeft u al een account? <Link to="/login">Log in</Link>.</p>
    </div>
  );
}
