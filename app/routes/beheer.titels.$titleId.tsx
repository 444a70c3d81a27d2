import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Checkbox, Field, FormError, Select, Textarea, useSchemaForm } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import {
  BUNDLE_ROWS,
  SECTORS,
  SUPPLY_LABELS,
  shareText,
  validateOffer,
  validateTitle,
} from "~/modules/catalog/catalog-admin";
import type { ActionResult } from "~/modules/forms/action-result";
import { formInvalid, formRefused } from "~/modules/forms/answer.server";
import { refineWith } from "~/modules/forms/validated";
import { getTitleForAdmin, saveOffer, saveTitle, titleFormOptions } from "~/modules/catalog/catalog-admin.server";
import { COMPONENT_SUPPLIES, SUPPLIES } from "~/modules/vat/supply";
import { recordIdParam } from "~/modules/http/route-params";
import { TableScroll } from "~/components/table-scroll";

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
  const editOfferId = title.offers.some((o) => o.id === url.searchParams.get("aanbieding"))
    ? url.searchParams.get("aanbieding")
    : null;
  return { title, options, editOfferId, saved };
}

const text = z.string().default("");
/** One schema per form, for browser and server: the pure rules of catalog-admin.ts; slug and EAN uniqueness are the server's. */
const TitleSchema = z
  .object({
    name: text,
    slug: text,
    publisherId: text,
    newPublisher: text,
    subjectId: text,
    sector: text,
    levels: text,
    years: text,
    goalIds: z.array(z.string()).default([]),
    description: text,
    reviewed: z.boolean().default(false),
  })
  .superRefine(refineWith(validateTitle));
const OfferSchema = z
  .object({
    offerId: text,
    ean: text,
    formatLabel: text,
    supply: text,
    licenceMonths: text,
    stock: text,
    reuseYears: text,
    active: z.boolean().default(false),
    components: z
      .array(z.object({ supply: text, description: text, share: text }))
      .max(BUNDLE_ROWS)
      .default([]),
  })
  .superRefine(refineWith(validateOffer));

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const formData = await request.formData();
  const titleId = params.titleId === NEW ? null : recordIdParam(params, "titleId");

  if (formData.get("intent") === "offer") {
    if (!titleId) throw new Response("Titel niet gevonden.", { status: 404 });
    const submission = parseWithZod(formData, { schema: OfferSchema });
    if (submission.status !== "success") return formInvalid(submission);
    const result = await saveOffer(titleId, submission.value.offerId || null, submission.value, user.id);
    if (result.ok) return redirect(`/beheer/titels/${titleId}?opgeslagen=aanbieding`);
    return formRefused(submission, result.errors);
  }

  const submission = parseWithZod(formData, { schema: TitleSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const result = await saveTitle(titleId, submission.value, user.id);
  if (result.ok) return redirect(`/beheer/titels/${result.id}?opgeslagen=titel`);
  return formRefused(submission, result.errors);
}

/** The result belongs to the form whose hidden `intent` it carries (two forms share this action). */
function resultFor(data: ActionResult | undefined, intent: "title" | "offer") {
  const sent = data?.result.initialValue?.intent;
  return (sent === "offer" ? "offer" : "title") === intent ? data?.result : undefined;
}

function failedOf(form: { status?: string; allErrors: Record<string, string[]> }) {
  return form.status === "error" && Object.keys(form.allErrors).length > 0;
}

const SUPPLY_OPTIONS = SUPPLIES.map((s) => ({ value: s, label: SUPPLY_LABELS[s] }));
const COMPONENT_OPTIONS = COMPONENT_SUPPLIES.map((s) => ({ value: s, label: SUPPLY_LABELS[s] }));

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type AdminTitle = NonNullable<LoaderData["title"]>;
type AdminOffer = AdminTitle["offers"][number];

/** A new offer, or the one being edited; keyed by it, so "Bewerken" refills the form. */
function OfferForm({
  title,
  editing,
  lastResult,
  busy,
}: {
  title: AdminTitle;
  editing: AdminOffer | null;
  lastResult: ActionResult["result"] | undefined;
  busy: boolean;
}) {
  const [form, fields] = useSchemaForm(OfferSchema, {
    id: `offer-${editing?.id ?? "new"}`,
    lastResult,
    defaultValue: {
      offerId: editing?.id ?? "",
      ean: editing?.ean ?? "",
      formatLabel: editing?.formatLabel ?? "",
      supply: editing?.supply ?? "physical",
      licenceMonths: editing?.licenceMonths != null ? String(editing.licenceMonths) : "",
      stock: editing?.stock != null ? String(editing.stock) : "",
      reuseYears: editing?.reuseYears != null ? String(editing.reuseYears) : "",
      active: editing?.active ?? true,
      components: Array.from({ length: BUNDLE_ROWS }, (_, i) => {
        const c = editing?.components[i];
        return { supply: c?.supply ?? "", description: c?.description ?? "", share: c ? shareText(c.shareE6) : "" };
      }),
    },
  });
  const components = fields.components.getFieldList();
  const bundleError = fields.components.errors?.[0];
  return (
    <section className="card form-wide" aria-labelledby="offer-form-heading">
      <h2 id="offer-form-heading">{editing ? `Aanbieding ${editing.ean} bewerken` : "Nieuwe aanbieding"}</h2>
      {editing ? (
        <p>
          <Link to={`/beheer/titels/${title.id}`}>Nieuwe aanbieding toevoegen in plaats daarvan</Link>
        </p>
      ) : null}
      <FormError
        message={failedOf(form) ? "De aanbieding is niet opgeslagen. Controleer de gemarkeerde velden." : null}
        errors={form.errors}
      />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="offer" />
        <input type="hidden" name="offerId" value={editing?.id ?? ""} />
        <div className="grid grid-2">
          <Field meta={fields.ean} label="EAN/ISBN" inputMode="numeric" hint="13 cijfers, met geldig controlecijfer." />
          <Field meta={fields.formatLabel} label="Formaatomschrijving" />
          <Select meta={fields.supply} label="Leveringsvorm" options={SUPPLY_OPTIONS} />
          <Field
            meta={fields.licenceMonths}
            label="Licentieduur (maanden)"
            inputMode="numeric"
            hint="Verplicht bij een online licentie."
          />
          <Field meta={fields.stock} label="Voorraad" inputMode="numeric" hint="Verplicht bij fysieke levering." />
          <Field
            meta={fields.reuseYears}
            label="Herbruikbaar (schooljaren)"
            inputMode="numeric"
            hint="Hoeveel schooljaren één exemplaar meegaat, bijvoorbeeld 4 voor een leerboek. Leeg: verbruiksmateriaal (werkboek)."
          />
        </div>
        <Checkbox meta={fields.active} label="Actief (te koop)" />
        <fieldset className="field" aria-describedby={bundleError ? fields.components.errorId : undefined}>
          <legend className="label">Onderdelen van een bundel</legend>
          <p className="muted small">
            Alleen voor een bundel: leveringsvorm en aandeel in de prijs per onderdeel (bijvoorbeeld 0.6 en 0.4); samen
            precies 1.
          </p>
          {bundleError ? (
            <div id={fields.components.errorId} className="alert alert-error" role="alert">
              {bundleError}
            </div>
          ) : null}
          {components.map((component, i) => {
            const c = component.getFieldset();
            return (
              <div className="grid grid-3" key={component.key}>
                <Select
                  meta={c.supply}
                  label={`Onderdeel ${i + 1}: leveringsvorm`}
                  placeholder="— geen —"
                  options={COMPONENT_OPTIONS}
                />
                <Field meta={c.description} label={`Onderdeel ${i + 1}: omschrijving`} />
                <Field meta={c.share} label={`Onderdeel ${i + 1}: aandeel`} inputMode="decimal" />
              </div>
            );
          })}
        </fieldset>
        <button type="submit" disabled={busy}>
          Aanbieding opslaan
        </button>
      </Form>
    </section>
  );
}

export default function AdminTitle() {
  const { title, options, editOfferId, saved } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [titleForm, tf] = useSchemaForm(TitleSchema, {
    id: "title",
    lastResult: resultFor(data, "title"),
    defaultValue: {
      name: title?.name ?? "",
      slug: title?.slug ?? "",
      publisherId: title?.publisherId ?? "",
      newPublisher: "",
      subjectId: title?.subjectId ?? "",
      sector: title?.sector ?? "VO",
      levels: title?.levels.map((l) => l.level).join(", ") ?? "",
      years: title?.years.map((y) => y.year).join(", ") ?? "",
      goalIds: title?.learningGoals.map((g) => g.goalId) ?? [],
      description: title?.description ?? "",
      reviewed: title?.reviewed ?? false,
    },
  });
  const editing = title?.offers.find((o) => o.id === editOfferId) ?? null;
  const goalsError = tf.goalIds.errors?.[0];

  return (
    <>
      <p>
        <Link to="/beheer/titels">← Alle titels</Link>
      </p>
      <h1>{title ? title.name : "Nieuwe titel"}</h1>
      {saved === "titel" ? (
        <div className="alert alert-ok" role="status">
          De titel is opgeslagen.
        </div>
      ) : null}
      {saved === "aanbieding" ? (
        <div className="alert alert-ok" role="status">
          De aanbieding is opgeslagen.
        </div>
      ) : null}

      <section className="card form-wide" aria-labelledby="title-form-heading">
        <h2 id="title-form-heading">Titelgegevens</h2>
        <FormError
          message={failedOf(titleForm) ? "De titel is niet opgeslagen. Controleer de gemarkeerde velden." : null}
          errors={titleForm.errors}
        />
        <Form method="post" {...getFormProps(titleForm)}>
          <input type="hidden" name="intent" value="title" />
          <Field meta={tf.name} label="Naam" />
          <Field meta={tf.slug} label="Slug (adres)" hint="Leeg laten: wordt gemaakt uit de naam." />
          <div className="grid grid-2">
            <Select
              meta={tf.publisherId}
              label="Uitgever"
              placeholder="— kies een uitgever —"
              options={options.publishers.map((p) => ({ value: p.id, label: p.name }))}
            />
            <Field meta={tf.newPublisher} label="Of nieuwe uitgever" />
            <Select
              meta={tf.subjectId}
              label="Vak"
              placeholder="— kies een vak —"
              options={options.subjects.map((s) => ({ value: s.id, label: s.name }))}
            />
            <Select meta={tf.sector} label="Sector" options={SECTORS.map((s) => ({ value: s, label: s }))} />
            <Field meta={tf.levels} label="Niveaus" hint="Gescheiden door komma's, bijvoorbeeld havo, vwo." />
            <Field meta={tf.years} label="Leerjaren" hint="Gescheiden door komma's, bijvoorbeeld 1, 2." />
          </div>
          <fieldset className="field" aria-describedby={goalsError ? tf.goalIds.errorId : undefined}>
            <legend className="label">Leerdoelen</legend>
            {options.goals.length === 0 ? <p className="muted">Er zijn geen leerdoelen.</p> : null}
            {/* One error for the group, under the fieldset, not one per box. */}
            {options.goals.map((g) => (
              <Checkbox
                key={g.id}
                meta={tf.goalIds}
                id={`goal-${g.id}`}
                value={g.id}
                label={`${g.code} — ${g.label}`}
                error=""
              />
            ))}
            {goalsError ? (
              <span id={tf.goalIds.errorId} className="field-error">
                {goalsError}
              </span>
            ) : null}
          </fieldset>
          <Textarea meta={tf.description} label="Omschrijving" rows={4} />
          <Checkbox meta={tf.reviewed} label="Gecontroleerd" />
          <button type="submit" disabled={busy}>
            {title ? "Titel opslaan" : "Titel aanmaken"}
          </button>
        </Form>
      </section>

      {title ? (
        <>
          <section aria-labelledby="offers-heading">
            <h2 id="offers-heading">Aanbiedingen</h2>
            {title.offers.length === 0 ? (
              <p className="muted">Deze titel heeft nog geen aanbiedingen.</p>
            ) : (
              <TableScroll label="Aanbiedingen">
                <table>
                  <thead>
                    <tr>
                      <th>EAN/ISBN</th>
                      <th>Formaat</th>
                      <th>Levering</th>
                      <th>Onderdelen</th>
                      <th className="num">Licentie (mnd)</th>
                      <th className="num">Voorraad</th>
                      <th className="num">Herbruikbaar (jaar)</th>
                      <th>Actief</th>
                      <th>
                        <span className="visually-hidden">Acties</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {title.offers.map((o) => (
                      <tr key={o.id}>
                        <td>{o.ean}</td>
                        <td>{o.formatLabel}</td>
                        <td>{SUPPLY_LABELS[o.supply as keyof typeof SUPPLY_LABELS] ?? o.supply}</td>
                        <td>
                          {o.components.map((c) => `${c.description || c.supply} ${shareText(c.shareE6)}`).join(" + ")}
                        </td>
                        <td className="num">{o.licenceMonths ?? "—"}</td>
                        <td className="num">{o.stock ?? "—"}</td>
                        <td className="num">{o.reuseYears ?? "—"}</td>
                        <td>{o.active ? "ja" : "nee"}</td>
                        <td>
                          <Link
                            to={`?aanbieding=${o.id}#offer-form-heading`}
                            aria-label={`Aanbieding ${o.ean} bewerken`}
                          >
                            Bewerken
                          </Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>

          <OfferForm
            key={editing?.id ?? "new"}
            title={title}
            editing={editing}
            lastResult={resultFor(data, "offer")}
            busy={busy}
          />
        </>
      ) : null}
    </>
  );
}
