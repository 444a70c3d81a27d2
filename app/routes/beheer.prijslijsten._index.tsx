import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Checkbox, Field, FormError, Select, useSchemaForm } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { formInvalid, formRefused } from "~/modules/forms/answer.server";
import { PRICE_LIST_KINDS, PRICE_LIST_KIND_LABELS } from "~/modules/pricelists/price-list-admin";
import { boardOptions, listPriceLists, savePriceList } from "~/modules/pricelists/price-list-admin.server";
import { PriceListSchema } from "~/modules/pricelists/price-list-forms";
import { formatDateShort } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Prijslijsten — Beheer — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const [priceLists, boards] = await Promise.all([listPriceLists(), boardOptions()]);
  return { priceLists, boards };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: PriceListSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const result = await savePriceList(null, submission.value, user.id);
  if (result.ok) return redirect(`/beheer/prijslijsten/${result.id}?opgeslagen=1`);
  return formRefused(submission, result.errors);
}

export default function AdminPriceLists() {
  const { priceLists, boards } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(PriceListSchema, {
    id: "new-price-list",
    lastResult: data?.result,
    defaultValue: { kind: "CONTRACT" },
  });
  const failed = form.status === "error" && Object.keys(form.allErrors).length > 0;
  return (
    <>
      <h1>Prijslijsten</h1>
      <TableScroll label="Prijslijsten">
        <table>
          <thead>
            <tr>
              <th>Naam</th>
              <th>Soort</th>
              <th>Schoolbestuur</th>
              <th>Geldig</th>
              <th>Prijzen</th>
              <th className="num">Regels</th>
            </tr>
          </thead>
          <tbody>
            {priceLists.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/beheer/prijslijsten/${p.id}`}>{p.name}</Link>
                </td>
                <td>{PRICE_LIST_KIND_LABELS[p.kind]}</td>
                <td>{p.organisation?.name ?? "—"}</td>
                <td>
                  {p.validFrom || p.validTo
                    ? `${p.validFrom ? formatDateShort(p.validFrom) : "…"} t/m ${p.validTo ? formatDateShort(p.validTo) : "…"}`
                    : "altijd"}
                </td>
                <td>{p.pricesIncludeVat ? "incl. btw" : "excl. btw"}</td>
                <td className="num">{p._count.entries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <section className="card form" aria-labelledby="new-list-heading">
        <h2 id="new-list-heading">Nieuwe prijslijst</h2>
        <FormError
          message={failed ? "De prijslijst is niet aangemaakt. Controleer de gemarkeerde velden." : null}
          errors={form.errors}
        />
        <Form method="post" {...getFormProps(form)}>
          <Field meta={fields.name} label="Naam" />
          <Select
            meta={fields.kind}
            label="Soort"
            options={PRICE_LIST_KINDS.map((k) => ({ value: k, label: PRICE_LIST_KIND_LABELS[k] }))}
          />
          <Select
            meta={fields.organisationId}
            label="Schoolbestuur (bij een contract)"
            placeholder="— geen —"
            options={boards.map((b) => ({ value: b.id, label: b.name }))}
          />
          <Field meta={fields.validFrom} label="Geldig vanaf" type="date" />
          <Field meta={fields.validTo} label="Geldig tot en met" type="date" />
          <Checkbox meta={fields.pricesIncludeVat} label="Prijzen zijn inclusief btw" />
          <button type="submit" disabled={busy}>
            Prijslijst aanmaken
          </button>
        </Form>
      </section>
    </>
  );
}
