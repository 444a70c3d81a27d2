import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { PRICE_LIST_KINDS, PRICE_LIST_KIND_LABELS } from "~/modules/pricelists/price-list-admin";
import { boardOptions, listPriceLists, savePriceList } from "~/modules/pricelists/price-list-admin.server";

export const meta: MetaFunction = () => [{ title: "Prijslijsten — Beheer — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const [priceLists, boards] = await Promise.all([listPriceLists(), boardOptions()]);
  return { priceLists, boards };
}

const text = z.string().default("");
const PriceListSchema = z.object({
  name: text, kind: text, organisationId: text, validFrom: text, validTo: text, pricesIncludeVat: z.literal("on").optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const raw = PriceListSchema.parse(Object.fromEntries(await request.formData()));
  const values = { ...raw, pricesIncludeVat: raw.pricesIncludeVat === "on" };
  const result = await savePriceList(null, values, user.id);
  if (result.ok) return redirect(`/beheer/prijslijsten/${result.id}?opgeslagen=1`);
  return { errors: result.errors, values };
}

export default function AdminPriceLists() {
  const { priceLists, boards } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = data?.errors ?? {};
  const v = data?.values;
  return (
    <>
      <h1>Prijslijsten</h1>
      <div className="table-wrap"><table>
        <thead><tr><th>Naam</th><th>Soort</th><th>Schoolbestuur</th><th>Geldig</th><th>Prijzen</th><th className="num">Regels</th></tr></thead>
        <tbody>{priceLists.map((p) => (
          <tr key={p.id}>
            <td><Link to={`/beheer/prijslijsten/${p.id}`}>{p.name}</Link></td>
            <td>{PRICE_LIST_KIND_LABELS[p.kind]}</td>
            <td>{p.organisation?.name ?? "—"}</td>
            <td>{p.validFrom || p.validTo ? `${p.validFrom ?? "…"} t/m ${p.validTo ?? "…"}` : "altijd"}</td>
            <td>{p.pricesIncludeVat ? "incl. btw" : "excl. btw"}</td>
            <td className="num">{p._count.entries}</td>
          </tr>
        ))}</tbody>
      </table></div>

      <section className="card form" aria-labelledby="new-list-heading">
        <h2 id="new-list-heading">Nieuwe prijslijst</h2>
        <FormError message={data ? "De prijslijst is niet aangemaakt. Controleer de gemarkeerde velden." : null} />
        <Form method="post" noValidate>
          <Field name="name" label="Naam" defaultValue={v?.name} error={errors.name} />
          <div className="field">
            <label htmlFor="f-kind">Soort</label>
            <select id="f-kind" name="kind" defaultValue={v?.kind ?? "CONTRACT"} aria-describedby={errors.kind ? "f-kind-error" : undefined}>
              {PRICE_LIST_KINDS.map((k) => <option key={k} value={k}>{PRICE_LIST_KIND_LABELS[k]}</option>)}
            </select>
            {errors.kind ? <span id="f-kind-error" className="field-error">{errors.kind}</span> : null}
          </div>
          <div className="field">
            <label htmlFor="f-organisationId">Schoolbestuur (bij een contract)</label>
            <select id="f-organisationId" name="organisationId" defaultValue={v?.organisationId ?? ""}
              aria-invalid={errors.organisationId ? true : undefined} aria-describedby={errors.organisationId ? "f-organisationId-error" : undefined}>
              <option value="">— geen —</option>
              {boards.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
            </select>
            {errors.organisationId ? <span id="f-organisationId-error" className="field-error">{errors.organisationId}</span> : null}
          </div>
          <Field name="validFrom" label="Geldig vanaf" type="date" defaultValue={v?.validFrom} error={errors.validFrom} />
          <Field name="validTo" label="Geldig tot en met" type="date" defaultValue={v?.validTo} error={errors.validTo} />
          <div className="field-check">
            <input id="f-pricesIncludeVat" type="checkbox" name="pricesIncludeVat" defaultChecked={v?.pricesIncludeVat ?? false} />
            <label htmlFor="f-pricesIncludeVat">Prijzen zijn inclusief btw</label>
          </div>
          <button type="submit" disabled={busy}>Prijslijst aanmaken</button>
        </Form>
      </section>
    </>
  );
}
