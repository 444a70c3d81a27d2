import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { BUNDLE_ROWS, SECTORS, SUPPLY_LABELS, shareText, type FieldErrors, type OfferFormText, type TitleFormText } from "~/modules/catalog/catalog-admin";
import { getTitleForAdmin, saveOffer, saveTitle, titleFormOptions } from "~/modules/catalog/catalog-admin.server";
import { COMPONENT_SUPPLIES, SUPPLIES } from "~/modules/vat/supply";
import { recordIdParam } from "~/modules/http/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ? data.title.name : "Nieuwe titel"} — Beheer — Leerwinkel` },
];

const NEW = "nieuw";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const options = await titleFormOptions();
  const url = new URL(request.url);
  const saved = url.searchParams.get("opgeslagen");
  if (params.titleId === NEW) return { title: null, options, editOfferId: null, saved };
  const title = await getTitleForAdmin(recordIdParam(params, "titleId"));
  if (!title) throw new Response("Titel niet gevonden.", { status: 404 });
  const editOfferId = title.offers.some((o) => o.id === url.searchParams.get("aanbieding")) ? url.searchParams.get("aanbieding") : null;
  return { title, options, editOfferId, saved };
}

const text = z.string().default("");
const TitleSchema = z.object({
  name: text, slug: text, publisherId: text, newPublisher: text, subjectId: text, sector: text,
  levels: text, years: text, description: text, reviewed: z.literal("on").optional(),
});
const OfferSchema = z.object({
  offerId: text, ean: text, formatLabel: text, supply: text, licenceMonths: text, stock: text, active: z.literal("on").optional(),
});
const ComponentSchema = z.object({ supply: text, description: text, share: text });

type ActionData =
  | { intent: "title"; errors: FieldErrors; values: TitleFormText }
  | { intent: "offer"; errors: FieldErrors; values: OfferFormText & { offerId: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const formData = await request.formData();
  const fields = Object.fromEntries([...formData].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const titleId = params.titleId === NEW ? null : recordIdParam(params, "titleId");

  if (formData.get("intent") === "offer") {
    if (!titleId) throw new Response("Titel niet gevonden.", { status: 404 });
    const raw = OfferSchema.parse(fields);
    const components = Array.from({ length: BUNDLE_ROWS }, (_, i) => ComponentSchema.parse({
      supply: fields[`components.${i}.supply`], description: fields[`components.${i}.description`], share: fields[`components.${i}.share`],
    }));
    const values = { ...raw, active: raw.active === "on", components };
    const result = await saveOffer(titleId, raw.offerId || null, values, user.id);
    if (result.ok) return redirect(`/beheer/titels/${titleId}?opgeslagen=aanbieding`);
    return { intent: "offer", errors: result.errors, values } satisfies ActionData;
  }

  const raw = TitleSchema.parse(fields);
  const values = { ...raw, reviewed: raw.reviewed === "on", goalIds: formData.getAll("goalIds").map(String) };
  const result = await saveTitle(titleId, values, user.id);
  if (result.ok) return redirect(`/beheer/titels/${result.id}?opgeslagen=titel`);
  return { intent: "title", errors: result.errors, values } satisfies ActionData;
}

function Select(props: { name: string; label: string; value: string; options: { value: string; label: string }[]; error?: string; placeholder?: string }) {
  const id = `f-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value} aria-invalid={props.error ? true : undefined} aria-describedby={props.error ? `${id}-error` : undefined}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {props.error ? <span id={`${id}-error`} className="field-error">{props.error}</span> : null}
    </div>
  );
}

function Checkbox(props: { name: string; label: string; checked: boolean; value?: string; id?: string }) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <div className="field-check">
      <input id={id} type="checkbox" name={props.name} value={props.value ?? "on"} defaultChecked={props.checked} />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

const SUPPLY_OPTIONS = SUPPLIES.map((s) => ({ value: s, label: SUPPLY_LABELS[s] }));
const COMPONENT_OPTIONS = COMPONENT_SUPPLIES.map((s) => ({ value: s, label: SUPPLY_LABELS[s] }));

export default function AdminTitle() {
  const { title, options, editOfferId, saved } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";

  const titleErrors = data?.intent === "title" ? data.errors : {};
  const tv: TitleFormText = data?.intent === "title" ? data.values : {
    name: title?.name ?? "", slug: title?.slug ?? "", publisherId: title?.publisherId ?? "", newPublisher: "",
    subjectId: title?.subjectId ?? "", sector: title?.sector ?? "VO",
    levels: title?.levels.map((l) => l.level).join(", ") ?? "", years: title?.years.map((y) => y.year).join(", ") ?? "",
    goalIds: title?.learningGoals.map((g) => g.goalId) ?? [], description: title?.description ?? "", reviewed: title?.reviewed ?? false,
  };

  const editing = title?.offers.find((o) => o.id === editOfferId) ?? null;
  const offerErrors = data?.intent === "offer" ? data.errors : {};
  const ov: OfferFormText & { offerId: string } = data?.intent === "offer" ? data.values : {
    offerId: editing?.id ?? "", ean: editing?.ean ?? "", formatLabel: editing?.formatLabel ?? "", supply: editing?.supply ?? "physical",
    licenceMonths: editing?.licenceMonths != null ? String(editing.licenceMonths) : "", stock: editing?.stock != null ? String(editing.stock) : "",
    active: editing?.active ?? true,
    components: Array.from({ length: BUNDLE_ROWS }, (_, i) => {
      const c = editing?.components[i];
      return { supply: c?.supply ?? "", description: c?.description ?? "", share: c ? shareText(c.shareE6) : "" };
    }),
  };
  const offerFormKey = `${ov.offerId || "new"}-${data?.intent === "offer" ? "err" : "clean"}`;

  return (
    <>
      <p><Link to="/beheer/titels">← Alle titels</Link></p>
      <h1>{title ? title.name : "Nieuwe titel"}</h1>
      {saved === "titel" ? <div className="alert alert-ok" role="status">De titel is opgeslagen.</div> : null}
      {saved === "aanbieding" ? <div className="alert alert-ok" role="status">De aanbieding is opgeslagen.</div> : null}

      <section className="card form-wide" aria-labelledby="title-form-heading">
        <h2 id="title-form-heading">Titelgegevens</h2>
        <FormError message={Object.keys(titleErrors).length ? "De titel is niet opgeslagen. Controleer de gemarkeerde velden." : null} />
        <Form method="post" noValidate key={data?.intent === "title" ? "title-err" : "title"}>
          <input type="hidden" name="intent" value="title" />
          <Field name="name" label="Naam" defaultValue={tv.name} error={titleErrors.name} />
          <Field name="slug" label="Slug (adres)" defaultValue={tv.slug} error={titleErrors.slug} hint="Leeg laten: wordt gemaakt uit de naam." />
          <div className="grid grid-2">
            <Select name="publisherId" label="Uitgever" value={tv.publisherId} placeholder="— kies een uitgever —"
              options={options.publishers.map((p) => ({ value: p.id, label: p.name }))} error={titleErrors.publisherId} />
            <Field name="newPublisher" label="Of nieuwe uitgever" defaultValue={tv.newPublisher} error={titleErrors.newPublisher} />
            <Select name="subjectId" label="Vak" value={tv.subjectId} placeholder="— kies een vak —"
              options={options.subjects.map((s) => ({ value: s.id, label: s.name }))} error={titleErrors.subjectId} />
            <Select name="sector" label="Sector" value={tv.sector} options={SECTORS.map((s) => ({ value: s, label: s }))} error={titleErrors.sector} />
            <Field name="levels" label="Niveaus" defaultValue={tv.levels} error={titleErrors.levels} hint="Gescheiden door komma's, bijvoorbeeld havo, vwo." />
            <Field name="years" label="Leerjaren" defaultValue={tv.years} error={titleErrors.years} hint="Gescheiden door komma's, bijvoorbeeld 1, 2." />
          </div>
          <fieldset className="field" aria-describedby={titleErrors.goalIds ? "f-goalIds-error" : undefined}>
            <legend className="label">Leerdoelen</legend>
            {options.goals.length === 0 ? <p className="muted">Er zijn geen leerdoelen.</p> : null}
            {options.goals.map((g) => (
              <Checkbox key={g.id} id={`goal-${g.id}`} name="goalIds" value={g.id} label={`${g.code} — ${g.label}`} checked={tv.goalIds.includes(g.id)} />
            ))}
            {titleErrors.goalIds ? <span id="f-goalIds-error" className="field-error">{titleErrors.goalIds}</span> : null}
          </fieldset>
          <div className="field">
            <label htmlFor="f-description">Omschrijving</label>
            <textarea id="f-description" name="description" rows={4} defaultValue={tv.description}
              aria-invalid={titleErrors.description ? true : undefined} aria-describedby={titleErrors.description ? "f-description-error" : undefined} />
            {titleErrors.description ? <span id="f-description-error" className="field-error">{titleErrors.description}</span> : null}
          </div>
          <Checkbox name="reviewed" label="Gecontroleerd" checked={tv.reviewed} />
          <button type="submit" disabled={busy}>{title ? "Titel opslaan" : "Titel aanmaken"}</button>
        </Form>
      </section>

      {title ? (
        <>
          <section aria-labelledby="offers-heading">
            <h2 id="offers-heading">Aanbiedingen</h2>
            {title.offers.length === 0 ? <p className="muted">Deze titel heeft nog geen aanbiedingen.</p> : (
              <div className="table-wrap"><table>
                <thead><tr><th>EAN/ISBN</th><th>Formaat</th><th>Levering</th><th>Onderdelen</th><th className="num">Licentie (mnd)</th><th className="num">Voorraad</th><th>Actief</th><th><span className="visually-hidden">Acties</span></th></tr></thead>
                <tbody>{title.offers.map((o) => (
                  <tr key={o.id}>
                    <td>{o.ean}</td><td>{o.formatLabel}</td><td>{SUPPLY_LABELS[o.supply as keyof typeof SUPPLY_LABELS] ?? o.supply}</td>
                    <td>{o.components.map((c) => `${c.description || c.supply} ${shareText(c.shareE6)}`).join(" + ")}</td>
                    <td className="num">{o.licenceMonths ?? "—"}</td><td className="num">{o.stock ?? "—"}</td>
                    <td>{o.active ? "ja" : "nee"}</td>
                    <td><Link to={`?aanbieding=${o.id}#offer-form-heading`} aria-label={`Aanbieding ${o.ean} bewerken`}>Bewerken</Link></td>
                  </tr>
                ))}</tbody>
              </table></div>
            )}
          </section>

          <section className="card form-wide" aria-labelledby="offer-form-heading">
            <h2 id="offer-form-heading">{ov.offerId ? `Aanbieding ${editing?.ean ?? ov.ean} bewerken` : "Nieuwe aanbieding"}</h2>
            {ov.offerId ? <p><Link to={`/beheer/titels/${title.id}`}>Nieuwe aanbieding toevoegen in plaats daarvan</Link></p> : null}
            <FormError message={Object.keys(offerErrors).length ? "De aanbieding is niet opgeslagen. Controleer de gemarkeerde velden." : null} />
            <Form method="post" noValidate key={offerFormKey}>
              <input type="hidden" name="intent" value="offer" />
              <input type="hidden" name="offerId" value={ov.offerId} />
              <div className="grid grid-2">
                <Field name="ean" label="EAN/ISBN" defaultValue={ov.ean} error={offerErrors.ean} inputMode="numeric" hint="13 cijfers, met geldig controlecijfer." />
                <Field name="formatLabel" label="Formaatomschrijving" defaultValue={ov.formatLabel} error={offerErrors.formatLabel} />
                <Select name="supply" label="Leveringsvorm" value={ov.supply} options={SUPPLY_OPTIONS} error={offerErrors.supply} />
                <Field name="licenceMonths" label="Licentieduur (maanden)" defaultValue={ov.licenceMonths} error={offerErrors.licenceMonths} inputMode="numeric"
                  hint="Verplicht bij een online licentie." />
                <Field name="stock" label="Voorraad" defaultValue={ov.stock} error={offerErrors.stock} inputMode="numeric" hint="Verplicht bij fysieke levering." />
              </div>
              <Checkbox name="active" label="Actief (te koop)" checked={ov.active} />
              <fieldset className="field" aria-describedby={offerErrors.components ? "f-components-error" : undefined}>
                <legend className="label">Onderdelen van een bundel</legend>
                <p className="muted small">Alleen voor een bundel: leveringsvorm en aandeel in de prijs per onderdeel (bijvoorbeeld 0.6 en 0.4); samen precies 1.</p>
                {offerErrors.components ? <div id="f-components-error" className="alert alert-error" role="alert">{offerErrors.components}</div> : null}
                {ov.components.map((c, i) => (
                  <div className="grid grid-3" key={i}>
                    <Select name={`components.${i}.supply`} label={`Onderdeel ${i + 1}: leveringsvorm`} value={c.supply} placeholder="— geen —"
                      options={COMPONENT_OPTIONS} error={offerErrors[`components.${i}.supply`]} />
                    <Field name={`components.${i}.description`} label={`Onderdeel ${i + 1}: omschrijving`} defaultValue={c.description} />
                    <Field name={`components.${i}.share`} label={`Onderdeel ${i + 1}: aandeel`} defaultValue={c.share} inputMode="decimal"
                      error={offerErrors[`components.${i}.share`]} />
                  </div>
                ))}
              </fieldset>
              <button type="submit" disabled={busy}>Aanbieding opslaan</button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
