import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Checkbox, FormError, useSchemaForm } from "~/components/form";
import { destroyUserSession } from "~/modules/auth/session.server";
import { requireRole } from "~/modules/auth/users.server";
import { domainErrorAnswer, formDone, formInvalid } from "~/modules/forms/answer.server";
import { erasePersonalData } from "~/modules/privacy/personal-data.server";

export const meta: MetaFunction = () => [{ title: "Mijn gegevens — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "PARENT");
  return { email: user.email, name: user.name };
}

/**
 * Two steps, both posts, one schema for browser and server: "confirm" shows what erasure means,
 * "erase" (with the box ticked) does it.
 */
const EraseSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("confirm") }),
    z.object({
      intent: z.literal("erase"),
      bevestig: z.literal("ja", {
        errorMap: () => ({ message: "Vink aan dat u begrijpt dat dit niet ongedaan kan worden." }),
      }),
    }),
  ],
  { errorMap: () => ({ message: "Onbekende actie." }) },
);

/** The step the page shows after a successful "confirm". */
export interface EraseOutcome {
  confirm: true;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "PARENT");
  const submission = parseWithZod(await request.formData(), { schema: EraseSchema });
  if (submission.status !== "success") return formInvalid(submission);
  if (submission.value.intent === "confirm") return formDone<EraseOutcome>(submission, { outcome: { confirm: true } });
  try {
    await erasePersonalData(user.id, user.id);
  } catch (error) {
    return domainErrorAnswer(error, submission);
  }
  // The account's sessions are gone; this clears the browser's cookie too.
  return destroyUserSession(request, "/account-verwijderd");
}

export default function MyData() {
  const { email, name } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(EraseSchema, { id: "erase-account", lastResult: a?.result });
  // The confirmation step: asked for, or the box was left unticked.
  const confirm = a?.outcome?.confirm === true || !!fields.bevestig.errors?.length;
  return (
    <div className="stack">
      <p>
        <Link to="/ouder">← Mijn bestellingen</Link>
      </p>
      <h1>Mijn gegevens</h1>
      <section className="card" aria-labelledby="inzage">
        <h2 id="inzage">Gegevens downloaden</h2>
        <p>
          U kunt alles downloaden wat de Leerwinkel over u bewaart ({name}, <span className="wrap">{email}</span>): uw
          account, bestellingen met regels en bedragen, facturen en creditnota&apos;s, betalingen, de licenties van uw
          bestellingen (met het pseudoniem van uw kind) en het logboek over uw account. Het bestand is in JSON-formaat.
        </p>
        <p>
          <a className="button" href="/ouder/gegevens.json" download>
            Mijn gegevens downloaden (JSON)
          </a>
        </p>
      </section>
      <section className="card" aria-labelledby="verwijderen">
        <h2 id="verwijderen">Account verwijderen</h2>
        <p>
          Als u uw account verwijdert, vervangen we uw naam en e-mailadres door &ldquo;{"Verwijderde gebruiker"}&rdquo;,
          kunt u niet meer inloggen en halen we uw naam en adres uit uw bestellingen. Facturen en creditnota&apos;s
          bewaren we ongewijzigd: de wet verplicht ons die zeven jaar te bewaren. Licenties blijven bij het pseudoniem
          van uw kind en blijven dus werken.
        </p>
        <FormError errors={form.errors} />
        {confirm ? (
          <Form method="post" className="form" {...getFormProps(form)}>
            <input type="hidden" name={fields.intent.name} value="erase" />
            <div className="alert alert-error" role="alert">
              Weet u het zeker? Dit kan niet ongedaan worden gemaakt.
            </div>
            <Checkbox
              meta={fields.bevestig}
              value="ja"
              label="Ik begrijp dat mijn account definitief wordt verwijderd"
              required
            />
            <p className="row">
              <button type="submit" className="button-danger">
                Account definitief verwijderen
              </button>
              <Link to="/ouder/gegevens" className="button button-secondary">
                Annuleren
              </Link>
            </p>
          </Form>
        ) : (
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name={fields.intent.name} value="confirm" />
            <button type="submit" className="button-secondary">
              Mijn account verwijderen…
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
