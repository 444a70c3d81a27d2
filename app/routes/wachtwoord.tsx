import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { AuthError, changePassword, requireUser } from "~/modules/auth/users.server";
import { createUserSession } from "~/modules/auth/session.server";
import { passwordProblem, PASSWORD_MIN_LENGTH } from "~/modules/auth/password-policy";

export const meta: MetaFunction = () => [{ title: "Wachtwoord wijzigen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

const ChangePasswordForm = (email: string) =>
  z.object({
    currentPassword: z.string().min(1, "Vul uw huidige wachtwoord in."),
    password: z.string(),
    passwordRepeat: z.string(),
  }).superRefine((f, ctx) => {
    const problem = passwordProblem(f.password, { email });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
    if (f.password !== f.passwordRepeat) ctx.addIssue({ code: "custom", path: ["passwordRepeat"], message: "De wachtwoorden zijn niet gelijk." });
  });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = ChangePasswordForm(user.email).safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { errors, formError: null };
  }
  try {
    await changePassword(user.id, parsed.data.currentPassword, parsed.data.password);
  } catch (error) {
    if (error instanceof AuthError) return { errors: {} as Record<string, string>, formError: error.message };
    throw error;
  }
  // Every session of the user has ended; this browser continues in a new one.
  return createUserSession(request, user.id, "/wachtwoord?gewijzigd=1");
}

export default function ChangePassword() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="card form">
      <h1>Wachtwoord wijzigen</h1>
      {params.get("gewijzigd") && !data ? (
        <p className="alert" role="status">Uw wachtwoord is gewijzigd. Op alle andere apparaten bent u uitgelogd.</p>
      ) : null}
      <FormError message={data?.formError} />
      <Form method="post" noValidate>
        <Field name="currentPassword" label="Huidig wachtwoord" type="password" autoComplete="current-password" error={data?.errors.currentPassword} />
        <Field name="password" label="Nieuw wachtwoord" type="password" autoComplete="new-password" hint={`Minstens ${PASSWORD_MIN_LENGTH} tekens, bijvoorbeeld een zin van een paar woorden; geen veelgebruikt wachtwoord.`} error={data?.errors.password} />
        <Field name="passwordRepeat" label="Herhaal nieuw wachtwoord" type="password" autoComplete="new-password" error={data?.errors.passwordRepeat} />
        <button type="submit">Wachtwoord wijzigen</button>
      </Form>
      <p className="muted">Na het wijzigen bent u op alle andere apparaten uitgelogd.</p>
    </div>
  );
}
