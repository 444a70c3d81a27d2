import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, Select, useSchemaForm } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { formInvalid, formRefused } from "~/modules/forms/answer.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { formatDateShort } from "~/modules/format";
import { VAT_CATEGORIES, type VatCategory } from "~/modules/vat/supply";
import { addVatRate, loadSupplyCategories, loadVatRateRows } from "~/modules/vat/vat-schedule.server";

export const meta: MetaFunction = () => [{ title: "Btw-tarieven — Leerwinkel" }];

const CATEGORY_LABELS: Record<VatCategory, string> = { reduced: "verlaagd", standard: "algemeen", zero: "nul" };
const SUPPLY_LABELS: Record<string, string> = {
  physical: "Fysiek (boek, werkboek, drager)",
  electronic: "Elektronisch (licentie, app, download)",
  goods: "Overige goederen",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_FINANCE");
  const today = todayInAmsterdam();
  const [rows, mapping] = await Promise.all([loadVatRateRows(), loadSupplyCategories()]);
  return {
    today,
    rates: rows.map((r) => ({ ...r, inForce: r.validFrom <= today && (r.validTo === null || today <= r.validTo) })),
    mapping: Object.entries(mapping).map(([supply, category]) => ({ supply, category })),
  };
}

/**
 * The form's text for browser and server. Whether a rate fits the schedule (after today, no
 * overlap, a percentage from 0 to 100) needs the stored schedule: the server says so, as messages
 * about the whole form.
 */
const RateSchema = z.object({
  category: z.string().default(""),
  percent: z.string().trim().default(""),
  validFrom: z.string().trim().default(""),
  validTo: z.string().trim().default(""),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE");
  const submission = parseWithZod(await request.formData(), { schema: RateSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const values = submission.value;
  // A decimal comma ("5,5") is what a Dutch user types; the schedule stores a point.
  const result = await addVatRate(
    { ...values, percent: values.percent.replace(",", "."), validTo: values.validTo || null },
    user.id,
  );
  if (result.ok) return redirect("/financien/btw-tarieven?toegevoegd=1");
  return formRefused(submission, {}, { formErrors: result.errors });
}

export default function VatRates() {
  const { today, rates, mapping } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(RateSchema, {
    id: "vat-rate",
    lastResult: data?.result,
    defaultValue: { category: "reduced" },
  });
  return (
    <>
      <h1>Btw-tarieven</h1>
      <p className="muted">
        Vandaag: {today}. Offertes, bestellingen en facturen gebruiken het tarief dat op hun datum gold.
      </p>
      {params.get("toegevoegd") ? (
        <div className="alert alert-ok" role="status">
          Het tarief is toegevoegd.
        </div>
      ) : null}
      <section aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Tarieven</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Categorie</th>
                <th className="num">Percentage</th>
                <th>Geldig vanaf</th>
                <th>Geldig tot en met</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((r) => (
                <tr key={r.id}>
                  <td>{CATEGORY_LABELS[r.category]}</td>
                  <td className="num">{r.percent.replace(".", ",")}%</td>
                  <td>{formatDateShort(r.validFrom)}</td>
                  <td>{r.validTo ? formatDateShort(r.validTo) : "—"}</td>
                  <td>
                    {r.inForce ? (
                      <span className="badge badge-ok">geldt vandaag</span>
                    ) : r.validFrom > today ? (
                      <span className="badge">toekomstig</span>
                    ) : (
                      <span className="badge badge-warn">verlopen</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="mapping-heading">
        <h2 id="mapping-heading">Leveringsvorm en btw-categorie</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Leveringsvorm</th>
                <th>Categorie</th>
              </tr>
            </thead>
            <tbody>
              {mapping.map((m) => (
                <tr key={m.supply}>
                  <td>{SUPPLY_LABELS[m.supply] ?? m.supply}</td>
                  <td>{CATEGORY_LABELS[m.category]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">
          Een bundel wordt verdeeld over de categorieën van zijn onderdelen, naar hun aandeel.
        </p>
      </section>
      <section className="card form" aria-labelledby="new-rate-heading">
        <h2 id="new-rate-heading">Tarief toevoegen</h2>
        {form.errors?.length ? (
          <div className="alert alert-error" role="alert">
            <p>Het tarief is niet toegevoegd:</p>
            <ul>
              {form.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <Form method="post" {...getFormProps(form)}>
          <Select
            meta={fields.category}
            label="Categorie"
            options={VAT_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
          />
          <Field meta={fields.percent} label="Percentage" inputMode="decimal" hint="Bijvoorbeeld 9 of 5,5." />
          <Field meta={fields.validFrom} label="Geldig vanaf" type="date" hint="Na vandaag." />
          <Field
            meta={fields.validTo}
            label="Geldig tot en met (optioneel)"
            type="date"
            hint="Leeg laten voor een doorlopend tarief."
          />
          <button type="submit" disabled={busy}>
            Tarief toevoegen
          </button>
        </Form>
      </section>
    </>
  );
}
