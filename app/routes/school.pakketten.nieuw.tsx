import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Checkbox, Field, FormError, useSchemaForm } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { formFailed, formInvalid } from "~/modules/forms/answer.server";
import { createPackage } from "~/modules/packages/packages.server";
import { datesInOrder, PackageHeaderSchema } from "~/modules/packages/package-forms";
import { schoolYearOf } from "~/modules/packages/package-rules";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";

export const meta: MetaFunction = () => [{ title: "Nieuw leerlingpakket — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSchoolUser(request, "SCHOOL_ADMIN");
  return null;
}

/** One schema for browser and server. */
const NewPackageSchema = PackageHeaderSchema.superRefine(datesInOrder);
const FIELDS: readonly string[] = ["name", "classGroup", "schoolYear", "orderFrom", "orderUntil"];

export async function action({ request }: ActionFunctionArgs) {
  const { schoolId, user } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: NewPackageSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const result = await createPackage(schoolId, submission.value, user.id);
  if (result.ok) return redirect(`/school/pakketten/${result.packageId}`);
  const [key, message] = Object.entries(result.errors)[0] ?? ["", "Het pakket kon niet worden aangemaakt."];
  return formFailed(submission, message, { field: FIELDS.includes(key) ? key : undefined });
}

export default function NewPackage() {
  const data = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(NewPackageSchema, {
    id: "new-package",
    lastResult: data?.result,
    defaultValue: { schoolYear: schoolYearOf(todayInAmsterdam()) },
  });
  const invalid = data && Object.keys(data.result.error ?? {}).some((k) => k !== "");
  return (
    <div className="card form">
      <p>
        <Link to="/school/pakketten">← Leerlingpakketten</Link>
      </p>
      <h1>Nieuw leerlingpakket</h1>
      <FormError message={invalid ? "Controleer de gemarkeerde velden." : null} errors={form.errors} />
      <Form method="post" {...getFormProps(form)}>
        <PackageHeaderFields fields={fields} />
        <button type="submit">Pakket aanmaken</button>
      </Form>
      <p className="muted">Na het aanmaken voegt u de titels toe.</p>
    </div>
  );
}

function PackageHeaderFields({ fields }: { fields: ReturnType<typeof useSchemaForm<typeof NewPackageSchema>>[1] }) {
  return (
    <>
      <Field meta={fields.name} label="Naam van het pakket" />
      <Field meta={fields.classGroup} label="Klas" hint="Zoals in het leerlingbestand, bijvoorbeeld H2A." />
      <Field meta={fields.schoolYear} label="Schooljaar" hint="Bijvoorbeeld 2026-2027." />
      <Field meta={fields.orderFrom} label="Bestellen vanaf" type="date" />
      <Field meta={fields.orderUntil} label="Bestellen tot en met" type="date" />
      <Checkbox meta={fields.allowRepeatOrders} label="Ouders mogen met dezelfde code opnieuw bestellen" />
    </>
  );
}
