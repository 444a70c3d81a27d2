import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Field, FormError } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { createPackage } from "~/modules/packages/packages.server";
import { packageHeaderFrom, schoolYearOf } from "~/modules/packages/package-rules";
import { todayInAmsterdam } from "~/modules/vat/iso-date";

export const meta: MetaFunction = () => [{ title: "Nieuw leerlingpakket — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSchoolUser(request, "SCHOOL_ADMIN");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { schoolId, user } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const header = packageHeaderFrom(await request.formData());
  const result = await createPackage(schoolId, header, user.id);
  if (result.ok) return redirect(`/school/pakketten/${result.packageId}`);
  return { errors: result.errors, values: header };
}

export default function NewPackage() {
  const data = useActionData<typeof action>();
  const v = data?.values;
  const year = schoolYearOf(todayInAmsterdam());
  return (
    <div className="card form">
      <p><Link to="/school/pakketten">← Leerlingpakketten</Link></p>
      <h1>Nieuw leerlingpakket</h1>
      <FormError message={data ? "Controleer de gemarkeerde velden." : null} />
      <Form method="post" noValidate>
        <PackageHeaderFields values={v ?? { name: "", classGroup: "", schoolYear: year, orderFrom: "", orderUntil: "", allowRepeatOrders: false }} errors={data?.errors ?? {}} />
        <button type="submit">Pakket aanmaken</button>
      </Form>
      <p className="muted">Na het aanmaken voegt u de titels toe.</p>
    </div>
  );
}

function PackageHeaderFields({ values, errors }: { values: { name: string; classGroup: string; schoolYear: string; orderFrom: string; orderUntil: string; allowRepeatOrders: boolean }; errors: Record<string, string> }) {
  return (
    <>
      <Field name="name" label="Naam van het pakket" defaultValue={values.name} error={errors.name} />
      <Field name="classGroup" label="Klas" defaultValue={values.classGroup} error={errors.classGroup} hint="Zoals in het leerlingbestand, bijvoorbeeld H2A." />
      <Field name="schoolYear" label="Schooljaar" defaultValue={values.schoolYear} error={errors.schoolYear} hint="Bijvoorbeeld 2026-2027." />
      <Field name="orderFrom" label="Bestellen vanaf" type="date" defaultValue={values.orderFrom} error={errors.orderFrom} />
      <Field name="orderUntil" label="Bestellen tot en met" type="date" defaultValue={values.orderUntil} error={errors.orderUntil} />
      <div className="field">
        <label><input type="checkbox" name="allowRepeatOrders" defaultChecked={values.allowRepeatOrders} /> Ouders mogen met dezelfde code opnieuw bestellen</label>
      </div>
    </>
  );
}
