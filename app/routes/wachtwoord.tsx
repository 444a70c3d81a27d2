import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, useSchemaForm } from "~/components/form";
import { changePassword, requireUser } from "~/modules/auth/users.server";
import { createUserSession } from "~/modules/auth/session.server";
import { passwordProblem } from "~/modules/auth/password-policy";
import { passwordLengthProblem, PASSWORD_MIN_LENGTH, type PasswordCheck } from "~/modules/auth/password-length";
import { domainErrorAnswer, formInvalid } from "~/modules/forms/answer.server";

export const meta: MetaFunction = () => [{ title: "Wachtwoord wijzigen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

/** One schema for browser and server; the browser checks the length, the server the whole policy. */
const changePasswordSchema = (checkPassword: PasswordCheck, email?: string) =>
  z
    .object({
      currentPassword: z.string({ required_error: "Vul uw huidige wachtwoord in." }),
      password: z.string().default(""),
      passwordRepeat: z.string().default(""),
    })
    .superRefine((f, ctx) => {
      const problem = checkPassword(f.password, { email });
      if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
      if (f.password !== f.passwordRepeat)
        ctx.addIssue({ code: "custom", path: ["passwordRepeat"], message: "De wachtwoorden zijn niet gelijk." });
    });
const HIDDEN = ["currentPassword", "password", "passwordRepeat"];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), {
    schema: changePasswordSchema(passwordProblem, user.email),
  });
  if (submission.status !== "success") return formInvalid(submission, { hideFields: HIDDEN });
  try {
    await changePassword(user.id, submission.value.currentPassword, submission.value.password);
  } catch (error) {
    return domainErrorAnswer(error, submission, { hideFields: HIDDEN });
  }
  // Every session of the user has ended; this browser continues in a new one.
  return createUserSession(request, user.id, "/wachtwoord?gewijzigd=1");
}

export default function ChangePassword() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useSchemaForm(changePasswordSchema(passwordLengthProblem), {
    id: "change-password",
    lastResult: data?.result,
  });
  return (
    <div className="card form">
      <h1>Wachtwoord wijzigen</h1>
      {params.get("gewijzigd") && !data ? (
        <p className="alert" role="status">
          Uw wachtwoord is gewijzigd. Op alle andere apparaten bent u uitgelogd.
        </p>
      ) : null}
      <FormError errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <Field
          meta={fields.currentPassword}
          label="Huidig wachtwoord"
          type="password"
          autoComplete="current-password"
        />
        <Field
          meta={fields.password}
          label="Nieuw wachtwoord"
          type="password"
          autoComplete="new-password"
          hint={`Minstens ${PASSWORD_MIN_LENGTH} tekens, bijvoorbeeld een zin van een paar woorden; geen veelgebruikt wachtwoord.`}
        />
        <Field
          meta={fields.passwordRepeat}
          label="Herhaal nieuw wachtwoord"
          type="password"
          autoComplete="new-password"
        />
        <button type="submit">Wachtwoord wijzigen</button>
      </Form>
      <p className="muted">Na het wijzigen bent u op alle andere apparaten uitgelogd.</p>
    </div>
  );
}
