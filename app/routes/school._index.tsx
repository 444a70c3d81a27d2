import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { db } from "~/db.server";
import { formatNumber, plural } from "~/modules/format";
import { Field, FormError, FormSuccess, useSchemaForm } from "~/components/form";
import { formDone, formInvalid } from "~/modules/forms/answer.server";
import { loadYearsOfUseDefaults, saveYearsOfUseDefaults } from "~/modules/organisations/years-of-use-defaults.server";
import { PUPILS_MAX, YEARS_MAX, YearsOfUseSchema, defaultsOf, formTextOf } from "~/modules/pricing/years-of-use-input";

export const meta: MetaFunction = () => [{ title: "Schooloverzicht — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { schoolId, schoolName } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const [openOrders, packages, pseudonyms, yearsOfUse] = await Promise.all([
    db.order.count({ where: { schoolId, kind: "SCHOOL", status: { in: ["PLACED", "AWAITING_PAYMENT", "PAID"] } } }),
    db.studentPackage.count({ where: { schoolId } }),
    db.studentPseudonym.count({ where: { schoolId } }),
    loadYearsOfUseDefaults(schoolId),
  ]);
  return { schoolName, openOrders, packages, pseudonyms, yearsOfUse: formTextOf(yearsOfUse) };
}

/** The school's defaults for the cost over the years of use (issue 14 §2), prefilled on every title page. */
export async function action({ request }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: YearsOfUseSchema });
  if (submission.status !== "success") return formInvalid(submission);
  await saveYearsOfUseDefaults(schoolId, defaultsOf(submission.value), user.id);
  return formDone(submission, { success: "De standaardwaarden zijn opgeslagen.", keepValues: true });
}

export default function SchoolHome() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(YearsOfUseSchema, {
    id: "years-of-use-defaults",
    lastResult: answer?.result,
    defaultValue: d.yearsOfUse,
  });
  return (
    <>
      <h1>Schooloverzicht — {d.schoolName}</h1>
      <div className="grid grid-3">
        <div className="card">
          <h2>Catalogus</h2>
          <p>Zoek en vergelijk leermiddelen op vak, niveau en leerjaar.</p>
          <Link className="button" to="/catalogus">
            Naar de catalogus
          </Link>
        </div>
        <div className="card">
          <h2>Bestellingen</h2>
          <p className="kpi">{formatNumber(d.openOrders)}</p>
          <p className="muted">lopende bestellingen</p>
          <Link to="/school/bestellingen">Alle bestellingen</Link>
        </div>
        <div className="card">
          <h2>Leerlingpakketten</h2>
          <p className="kpi">{formatNumber(d.packages)}</p>
          <p className="muted">pakketten · {plural(d.pseudonyms, "leerling", "leerlingen")} (pseudoniem)</p>
          <Link to="/school/pakketten">Pakketten beheren</Link>
        </div>
      </div>
      <section className="card form-wide" aria-labelledby="years-defaults-heading">
        <h2 id="years-defaults-heading">Kosten over de gebruiksduur</h2>
        <p>
          Deze waarden staan vooraf ingevuld bij de vergelijking &ldquo;Over de gebruiksduur&rdquo; op elke titel. U
          kunt ze daar per titel aanpassen.
        </p>
        <FormSuccess message={answer?.success} />
        <FormError errors={form.errors} />
        <Form method="post" {...getFormProps(form)}>
          <div className="grid grid-3">
            <Field
              meta={fields.leerlingen}
              label="Leerlingen per schooljaar"
              inputMode="numeric"
              hint={`1 tot en met ${formatNumber(PUPILS_MAX)}.`}
            />
            <Field
              meta={fields.jaren}
              label="Aantal schooljaren"
              inputMode="numeric"
              hint={`Hoe lang een methode meegaat, 1 tot en met ${YEARS_MAX}.`}
            />
            <Field
              meta={fields.vervanging}
              label="Vervanging per jaar (%)"
              inputMode="decimal"
              hint="Deel van de herbruikbare boeken dat elk jaar vervangen wordt, bijvoorbeeld 10."
            />
          </div>
          <button type="submit">Standaardwaarden opslaan</button>
        </Form>
      </section>
    </>
  );
}
