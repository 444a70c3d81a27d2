import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import {
  PRICE_LIST_KINDS, PRICE_LIST_KIND_LABELS, TIER_ROWS, formatUnitPriceE4, unitPriceText,
  type EntryFormText, type FieldErrors, type PriceListFormText,
} from "~/modules/pricelists/price-list-admin";
import { boardOptions, deleteEntry, getPriceListForAdmin, saveEntry, savePriceList } from "~/modules/pricelists/price-list-admin.server";
import { Pagination } from "~/components/pagination";
import { recordIdParam } from "~/modules/http/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.priceList.name ?? "Prijslijst"} — Beheer — Leerwinkel` }];

const Query = z.object({
  q: z.string().trim().max(100).catch(""),
  pagina: z.coerce.number().int().min(1).catch(1),
  ean: z.string().trim().max(20).catch(""),
  opgeslagen: z.string().catch(""),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [found, boards] = await Promise.all([getPriceListForAdmin(recordIdParam(params, "priceListId"), { q: query.q, page: query.pagina }), boardOptions()]);
  if (!found) throw new Response("Prijslijst niet gevonden.", { status: 404 });
  const editEntry = query.ean ? found.entries.find((e) => e.offer.ean === query.ean) ?? null : null;
  return { ...found, boards, q: query.q, saved: query.opgeslagen, editEntry };
}

const text = z.string().default("");
const ListSchema = z.object({
  name: text, kind: text, organisationId: text, validFrom: text, validTo: text, pricesIncludeVat: z.literal("on").optional(),
});
const EntrySchema = z.object({ ean: text, unitPrice: text });
const TierSchema = z.object({ minQuantity: text, unitPrice: text });

type ActionData =
  | { intent: "list"; errors: FieldErrors; values: PriceListFormText }
  | { intent: "entry"; errors: FieldErrors; values: EntryFormText };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const priceListId = recordIdParam(params, "priceListId");
  const fields = Object.fromEntries(await request.formData()) as Record<string, string>;
  const back = `/beheer/prijslijsten/${priceListId}`;
  switch (fields.intent) {
    case "entry": {
      const raw = EntrySchema.parse(fields);
      const tiers = Array.from({ length: TIER_ROWS }, (_, i) =>
        TierSchema.parse({ minQuantity: fields[`tiers.${i}.minQuantity`], unitPrice: fields[`tiers.${i}.unitPrice`] }));
      const values = { ...raw, tiers };
      const result = await saveEntry(priceListId, values, user.id);
      if (result.ok) return redirect(`${back}?opgeslagen=regel`);
      return { intent: "entry", errors: result.errors, values } satisfies ActionData;
    }
    case "delete-entry": {
      const { entryId } = z.object({ entryId: z.string().min(1) }).parse(fields);
      if (!(await deleteEntry(priceListId, entryId, user.id))) throw new Response("Prijsregel niet gevonden.", { status: 404 });
      return redirect(`${back}?opgeslagen=verwijderd`);
    }
    default: {
      const raw = ListSchema.parse(fields);
      const values = { ...raw, pricesIncludeVat: raw.pricesIncludeVat === "on" };
      const result = await savePriceList(priceListId, values, user.id);
      if (result.ok) return redirect(`${back}?opgeslagen=lijst`);
      return { intent: "list", errors: result.errors, values } satisfies ActionData;
    }
  }
}

const SAVED: Record<string, string> = {
  "1": "De prijslijst is aangemaakt.", lijst: "De prijslijst is opgeslagen.", regel: "De prijs is opgeslagen.", verwijderd: "De prijs is verwijderd.",
};

export default function AdminPriceList() {
  const { priceList, entries, total, page, pages, boards, q, saved, editEntry } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const listErrors = data?.intent === "list" ? data.errors : {};
  const lv: PriceListFormText = data?.intent === "list" ? data.values : {
    name: priceList.name, kind: priceList.kind, organisationId: priceList.organisationId ?? "",
    validFrom: priceList.validFrom ?? "", validTo: priceList.validTo ?? "", pricesIncludeVat: priceList.pricesIncludeVat,
  };
  const entryErrors = data?.intent === "entry" ? data.errors : {};
  const ev: EntryFormText = data?.intent === "entry" ? data.values : {
    ean: editEntry?.offer.ean ?? "", unitPrice: editEntry ? unitPriceText(editEntry.unitPriceE4) : "",
    tiers: Array.from({ length: TIER_ROWS }, (_, i) => {
      const t = editEntry?.tiers[i];
      return { minQuantity: t ? String(t.minQuantity) : "", unitPrice: t ? unitPriceText(t.unitPriceE4) : "" };
    }),
  };
  const pageLink = (n: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), pagina: String(n) })}`;
  const mode = priceList.pricesIncludeVat ? "incl. btw" : "excl. btw";

  return (
    <>
      <p><Link to="/beheer/prijslijsten">← Alle prijslijsten</Link></p>
      <h1>{priceList.name}</h1>
      {saved && SAVED[saved] ? <div className="alert alert-ok" role="status">{SAVED[saved]}</div> : null}

      <section className="card form-wide" aria-labelledby="entry-form-heading">
        <h2 id="entry-form-heading">{editEntry ? `Prijs van ${editEntry.offer.ean} wijzigen` : "Prijs toevoegen of wijzigen"}</h2>
        <FormError message={Object.keys(entryErrors).length ? "De prijs is niet opgeslagen. Controleer de gemarkeerde velden." : null} />
        <Form method="post" noValidate key={`${ev.ean}-${data?.intent ?? ""}`}>
          <input type="hidden" name="intent" value="entry" />
          <div className="grid grid-2">
            <Field name="ean" label="EAN/ISBN van de aanbieding" defaultValue={ev.ean} error={entryErrors.ean} inputMode="numeric" />
            <Field name="unitPrice" label={`Stukprijs (${mode})`} defaultValue={ev.unitPrice} error={entryErrors.unitPrice} inputMode="decimal"
              hint="Met een punt, hoogstens 4 decimalen, bijvoorbeeld 12.50." />
          </div>
          <fieldset className="field">
            <legend className="label">Staffelprijzen (optioneel)</legend>
            {ev.tiers.map((t, i) => (
              <div className="grid grid-2" key={i}>
                <Field name={`tiers.${i}.minQuantity`} label={`Staffel ${i + 1}: vanaf aantal`} defaultValue={t.minQuantity} inputMode="numeric"
                  error={entryErrors[`tiers.${i}.minQuantity`]} />
                <Field name={`tiers.${i}.unitPrice`} label={`Staffel ${i + 1}: stukprijs`} defaultValue={t.unitPrice} inputMode="decimal"
                  error={entryErrors[`tiers.${i}.unitPrice`]} />
              </div>
            ))}
          </fieldset>
          <button type="submit" disabled={busy}>Prijs opslaan</button>
        </Form>
      </section>

      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">Prijzen</h2>
        <Form method="get" className="row" role="search">
          <div className="field">
            <label htmlFor="q">Zoeken op EAN of titel</label>
            <input id="q" name="q" type="search" defaultValue={q} />
          </div>
          <button type="submit" className="button-secondary">Zoeken</button>
        </Form>
        <p className="muted">{total === 1 ? "1 prijs" : `${total} prijzen`}{q ? ` gevonden voor “${q}”` : ""}</p>
        {entries.length === 0 ? <p>Geen prijzen gevonden.</p> : (
          <div className="table-wrap"><table>
            <thead><tr><th>EAN/ISBN</th><th>Titel</th><th>Formaat</th><th className="num">Stukprijs ({mode})</th><th>Staffels</th><th><span className="visually-hidden">Acties</span></th></tr></thead>
            <tbody>{entries.map((e) => (
              <tr key={e.id}>
                <td>{e.offer.ean}</td><td>{e.offer.title.name}</td><td>{e.offer.formatLabel}</td>
                <td className="num">{formatUnitPriceE4(e.unitPriceE4)}</td>
                <td>{e.tiers.length === 0 ? "—" : e.tiers.map((t) => `vanaf ${t.minQuantity}: ${formatUnitPriceE4(t.unitPriceE4)}`).join("; ")}</td>
                <td className="row">
                  <Link to={`?${new URLSearchParams({ ...(q ? { q } : {}), pagina: String(page), ean: e.offer.ean })}#entry-form-heading`}
                    aria-label={`Prijs van ${e.offer.ean} wijzigen`}>Wijzigen</Link>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete-entry" />
                    <input type="hidden" name="entryId" value={e.id} />
                    <button type="submit" className="button-secondary button-small" aria-label={`Prijs van ${e.offer.ean} verwijderen`}>Verwijderen</button>
                  </Form>
                </td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
        <Pagination page={page} pageCount={pages} href={pageLink} />
      </section>

      <section className="card form" aria-labelledby="list-form-heading">
        <h2 id="list-form-heading">Gegevens van de prijslijst</h2>
        <FormError message={Object.keys(listErrors).length ? "De prijslijst is niet opgeslagen. Controleer de gemarkeerde velden." : null} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="list" />
          <Field name="name" label="Naam" defaultValue={lv.name} error={listErrors.name} />
          <div className="field">
            <label htmlFor="f-kind">Soort</label>
            <select id="f-kind" name="kind" defaultValue={lv.kind}>
              {PRICE_LIST_KINDS.map((k) => <option key={k} value={k}>{PRICE_LIST_KIND_LABELS[k]}</option>)}
            </select>
            {listErrors.kind ? <span className="field-error">{listErrors.kind}</span> : null}
          </div>
          <div className="field">
            <label htmlFor="f-organisationId">Schoolbestuur (bij een contract)</label>
            <select id="f-organisationId" name="organisationId" defaultValue={lv.organisationId}
              aria-invalid={listErrors.organisationId ? true : undefined} aria-describedby={listErrors.organisationId ? "f-organisationId-error" : undefined}>
              <option value="">— geen —</option>
              {boards.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
            </select>
            {listErrors.organisationId ? <span id="f-organisationId-error" className="field-error">{listErrors.organisationId}</span> : null}
          </div>
          <Field name="validFrom" label="Geldig vanaf" type="date" defaultValue={lv.validFrom} error={listErrors.validFrom} />
          <Field name="validTo" label="Geldig tot en met" type="date" defaultValue={lv.validTo} error={listErrors.validTo} />
          <div className="field-check">
            <input id="f-pricesIncludeVat" type="checkbox" name="pricesIncludeVat" defaultChecked={lv.pricesIncludeVat} />
            <label htmlFor="f-pricesIncludeVat">Prijzen zijn inclusief btw</label>
          </div>
          <button type="submit" disabled={busy}>Prijslijst opslaan</button>
        </Form>
      </section>
    </>
  );
}
