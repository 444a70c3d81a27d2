import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import {
  addPackageItem, getPackage, pupilOrderStates, removePackageItem, searchTitles, updatePackageHeader, updatePackageItem, type SavePackageResult,
} from "~/modules/packages/packages.server";
import { packageHeaderFrom, PAID_BY_LABELS } from "~/modules/packages/package-rules";
import { recordIdParam } from "~/modules/http/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.pkg.name ?? "Pakket"} — Leerwinkel` }];

const SUPPLY_LABELS: Record<string, string> = { physical: "gedrukt", electronic: "digitaal", bundle: "combinatie", goods: "hulpmiddel" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const pkg = await getPackage(schoolId, recordIdParam(params, "packageId"));
  if (!pkg) throw new Response("Dit pakket bestaat niet.", { status: 404 });
  const query = new URL(request.url).searchParams.get("zoek") ?? "";
  const inPackage = new Set(pkg.items.map((i) => i.titleId));
  const results = (await searchTitles(query)).filter((t) => !inPackage.has(t.id));
  const pupils = (await pupilOrderStates(schoolId, pkg.id)) ?? [];
  return {
    pkg: {
      id: pkg.id, name: pkg.name, classGroup: pkg.classGroup, schoolYear: pkg.schoolYear, orderFrom: pkg.orderFrom, orderUntil: pkg.orderUntil, allowRepeatOrders: pkg.allowRepeatOrders,
      items: pkg.items.map((i) => ({
        id: i.id, label: i.label, paidBy: i.paidBy, chosen: i.offers.map((o) => o.offerId),
        offers: (i.title?.offers ?? []).map((o) => ({ id: o.id, label: `${o.formatLabel} (${SUPPLY_LABELS[o.supply] ?? o.supply}, EAN ${o.ean})` })),
      })),
    },
    pupils,
    query,
    results: results.map((t) => ({ id: t.id, name: t.name, publisher: t.publisher.name, offers: t.offers.map((o) => ({ id: o.id, label: `${o.formatLabel} (${SUPPLY_LABELS[o.supply] ?? o.supply}, EAN ${o.ean})` })) })),
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("header") }),
  z.object({ intent: z.literal("add-item"), titleId: z.string().min(1) }),
  z.object({ intent: z.literal("update-item"), itemId: z.string().min(1) }),
  z.object({ intent: z.literal("remove-item"), itemId: z.string().min(1) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { schoolId, user } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const packageId = recordIdParam(params, "packageId");
  const form = await request.formData();
  const parsed = Intent.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { intent: "unknown", target: null, ok: false, errors: { form: "Onbekende actie." } as Record<string, string>, values: null };
  const intent = parsed.data;
  const item = { paidBy: String(form.get("paidBy") ?? ""), offerIds: form.getAll("offerId").map(String) };
  let result: SavePackageResult | null;
  let target: string | null = null;
  switch (intent.intent) {
    case "header": result = await updatePackageHeader(schoolId, packageId, packageHeaderFrom(form), user.id); break;
    case "add-item": target = intent.titleId; result = await addPackageItem(schoolId, packageId, { titleId: intent.titleId, ...item }, user.id); break;
    case "update-item": target = intent.itemId; result = await updatePackageItem(schoolId, packageId, intent.itemId, item, user.id); break;
    case "remove-item": target = intent.itemId; result = await removePackageItem(schoolId, packageId, intent.itemId, user.id); break;
  }
  if (!result) throw new Response("Dit pakket bestaat niet.", { status: 404 });
  const errors = result.ok ? {} : result.errors;
  return { intent: intent.intent, target, ok: result.ok, errors, values: intent.intent === "header" ? packageHeaderFrom(form) : null };
}

/** The first error about an item (its offers, its payer) in a save result. */
function itemError(errors: Record<string, string>): string | undefined {
  return Object.entries(errors).find(([k]) => k.startsWith("items"))?.[1];
}

export default function EditPackage() {
  const { pkg, pupils, query, results } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const headerErrors = data?.intent === "header" ? data.errors : {};
  const h = data?.intent === "header" && data.values ? data.values : pkg;
  return (
    <>
      <p><Link to="/school/pakketten">← Leerlingpakketten</Link></p>
      <h1>{pkg.name}</h1>
      <p className="meta">Klas {pkg.classGroup} · schooljaar {pkg.schoolYear}</p>
      {data?.ok ? <div className="alert alert-ok" role="status">Opgeslagen.</div> : null}
      {data?.errors.form ? <FormError message={data.errors.form} /> : null}

      <section className="card form" aria-labelledby="details">
        <h2 id="details">Gegevens</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="header" />
          <Field name="name" label="Naam van het pakket" defaultValue={h.name} error={headerErrors.name} />
          <Field name="classGroup" label="Klas" defaultValue={h.classGroup} error={headerErrors.classGroup} />
          <Field name="schoolYear" label="Schooljaar" defaultValue={h.schoolYear} error={headerErrors.schoolYear} hint="Bijvoorbeeld 2026-2027." />
          <Field name="orderFrom" label="Bestellen vanaf" type="date" defaultValue={h.orderFrom} error={headerErrors.orderFrom} />
          <Field name="orderUntil" label="Bestellen tot en met" type="date" defaultValue={h.orderUntil} error={headerErrors.orderUntil} />
          <div className="field">
            <label><input type="checkbox" name="allowRepeatOrders" defaultChecked={h.allowRepeatOrders} /> Ouders mogen met dezelfde code opnieuw bestellen</label>
          </div>
          <button type="submit">Gegevens opslaan</button>
        </Form>
      </section>

      <section aria-labelledby="items" className="stack">
        <h2 id="items">Onderdelen</h2>
        {pkg.items.length === 0 ? <p className="muted">Nog geen onderdelen. Zoek hieronder een titel om toe te voegen.</p> : null}
        {pkg.items.map((item) => {
          const error = data?.target === item.id ? itemError(data.errors) : undefined;
          return (
            <div key={item.id} className="card">
              <Form method="post">
                <input type="hidden" name="itemId" value={item.id} />
                <fieldset aria-describedby={error ? `err-${item.id}` : undefined}>
                  <legend>{item.label}</legend>
                  {error ? <p id={`err-${item.id}`} className="alert alert-error" role="alert">{error}</p> : null}
                  <div className="field">
                    <label htmlFor={`paid-${item.id}`}>Betaald door</label>
                    <select id={`paid-${item.id}`} name="paidBy" defaultValue={item.paidBy}>
                      {Object.entries(PAID_BY_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                    </select>
                  </div>
                  <p className="small">Uitvoeringen die gekozen mogen worden:</p>
                  {item.offers.map((o) => (
                    <div key={o.id}><label><input type="checkbox" name="offerId" value={o.id} defaultChecked={item.chosen.includes(o.id)} /> {o.label}</label></div>
                  ))}
                </fieldset>
                <p className="row">
                  <button type="submit" name="intent" value="update-item" className="button-small">Onderdeel opslaan</button>
                  <button type="submit" name="intent" value="remove-item" className="button-small button-secondary">Verwijderen</button>
                </p>
              </Form>
            </div>
          );
        })}
      </section>

      <section aria-labelledby="pupils" className="stack">
        <h2 id="pupils">Bestellingen van ouders</h2>
        <p className="muted small">Per leerling alleen of het pakket besteld en betaald is. Wie besteld heeft en wat het kostte, ziet de school niet.</p>
        {pupils.length === 0 ? <p className="muted">Er zijn nog geen leerlingen van klas {pkg.classGroup} in {pkg.schoolYear}.</p> : (
          <div className="table-wrap">
            <table aria-labelledby="pupils">
              <thead><tr><th scope="col">Pseudoniem</th><th scope="col">Klas</th><th scope="col">Besteld / Betaald</th></tr></thead>
              <tbody>
                {pupils.map((p) => (
                  <tr key={p.pseudonym}>
                    <td className="wrap"><code>{p.pseudonym}</code></td>
                    <td>{p.classGroup}</td>
                    <td>{p.paid ? "Besteld en betaald" : p.ordered ? "Besteld, nog niet betaald" : "Niet besteld"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="add" className="stack">
        <h2 id="add">Titel toevoegen</h2>
        <Form method="get" className="row">
          <div className="field">
            <label htmlFor="zoek">Zoek op naam of EAN</label>
            <input id="zoek" name="zoek" type="search" defaultValue={query} />
          </div>
          <button type="submit" className="button-secondary">Zoeken</button>
        </Form>
        {query && results.length === 0 ? <p className="muted">Geen titels gevonden voor "{query}".</p> : null}
        {results.map((t) => {
          const error = data?.target === t.id ? itemError(data.errors) : undefined;
          return (
            <div key={t.id} className="card">
              <Form method="post">
                <input type="hidden" name="intent" value="add-item" />
                <input type="hidden" name="titleId" value={t.id} />
                <fieldset aria-describedby={error ? `err-${t.id}` : undefined}>
                  <legend>{t.name} <span className="muted small">({t.publisher})</span></legend>
                  {error ? <p id={`err-${t.id}`} className="alert alert-error" role="alert">{error}</p> : null}
                  <div className="field">
                    <label htmlFor={`paid-${t.id}`}>Betaald door</label>
                    <select id={`paid-${t.id}`} name="paidBy" defaultValue="PARENT">
                      {Object.entries(PAID_BY_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                    </select>
                  </div>
                  {t.offers.map((o) => (
                    <div key={o.id}><label><input type="checkbox" name="offerId" value={o.id} defaultChecked /> {o.label}</label></div>
                  ))}
                </fieldset>
                <button type="submit" className="button-small">Toevoegen aan pakket</button>
              </Form>
            </div>
          );
        })}
      </section>
    </>
  );
}
