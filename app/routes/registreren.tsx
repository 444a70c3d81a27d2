import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, useSchemaForm } from "~/components/form";
import { registerParent } from "~/modules/auth/users.server";
import { clientIp } from "~/modules/auth/rate-limit.server";
import { safeRedirect, withRedirectTo } from "~/modules/auth/safe-redirect";
import { passwordProblem } from "~/modules/auth/password-policy";
import { passwordLengthProblem, PASSWORD_MIN_LENGTH, type PasswordCheck } from "~/modules/auth/password-length";
import { domainErrorAnswer, formDone, formInvalid } from "~/modules/forms/answer.server";

export const meta: MetaFunction = () => [{ title: "Account aanmaken — Leerwinkel" }];

/** One schema for browser and server; the browser checks the length, the server the whole policy. */
const registerSchema = (checkPassword: PasswordCheck) =>
  z
    .object({
      name: z
        .string({ required_error: "Vul uw naam in." })
        .trim()
        .min(1, "Vul uw naam in.")
        .max(120, "Uw naam is te lang."),
      email: z
        .string({ required_error: "Vul uw e-mailadres in." })
        .trim()
        .min(1, "Vul uw e-mailadres in.")
        .email("Dit is geen geldig e-mailadres."),
      password: z.string().default(""),
      passwordRepeat: z.string().default(""),
      redirectTo: z.string().default(""),
    })
    .superRefine((f, ctx) => {
      const problem = checkPassword(f.password, { email: f.email });
      if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
      if (f.password !== f.passwordRepeat)
        ctx.addIssue({ code: "custom", path: ["passwordRepeat"], message: "De wachtwoorden zijn niet gelijk." });
    });
const HIDDEN = ["password", "passwordRepeat"];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: registerSchema(passwordProblem) });
  if (submission.status !== "success") return formInvalid(submission, { hideFields: HIDDEN });
  try {
    await registerParent(submission.value, clientIp(context));
  } catch (error) {
    return domainErrorAnswer(error, submission, { hideFields: HIDDEN });
  }
  // The same answer whether or not the address already had an account (no account enumeration):
  // the page tells both a new parent and an existing account holder to log in.
  return formDone(submission, {
    outcome: { email: submission.value.email.toLowerCase(), redirectTo: safeRedirect(submission.value.redirectTo, "") },
  });
}

export default function Register() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "";
  const [form, fields] = useSchemaForm(registerSchema(passwordLengthProblem), {
    id: "register",
    lastResult: data?.result,
  });
  if (data?.outcome) {
    const login = withRedirectTo("/login", data.outcome.redirectTo);
    return (
      <div className="card form">
        <h1>Log in om verder te gaan</h1>
        <p role="status">
          Had <strong className="wrap">{data.outcome.email}</strong> nog geen account, dan is dat nu aangemaakt: log in
          met dit e-mailadres en het wachtwoord dat u net heeft gekozen.
        </p>
        <p>Had u met dit e-mailadres al een account? Dan is er niets veranderd: log in met uw bestaande wachtwoord.</p>
        <p>
          <Link to={login} className="button">
            Inloggen
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="card form">
      <h1>Account aanmaken</h1>
      <p className="muted">Voor ouders en verzorgers die het leerlingpakket van hun kind bestellen.</p>
      <FormError errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field meta={fields.name} label="Naam" autoComplete="name" />
        <Field meta={fields.email} label="E-mailadres" type="email" autoComplete="email" />
        <Field
          meta={fields.password}
          label="Wachtwoord"
          type="password"
          autoComplete="new-password"
          hint={`Minstens ${PASSWORD_MIN_LENGTH} tekens, bijvoorbeeld een zin van een paar woorden; geen veelgebruikt wachtwoord.`}
        />
        <Field meta={fields.passwordRepeat} label="Herhaal wachtwoord" type="password" autoComplete="new-password" />
        <button type="submit">Account aanmaken</button>
      </Form>
      <p className="muted">
        Heeft u al een account? <Link to={withRedirectTo("/login", redirectTo)}>Log in</Link>.
      </p>
    </div>
  );
}
