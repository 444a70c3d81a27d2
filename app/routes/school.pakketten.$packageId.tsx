import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Checkbox, Field, FormError, FormSuccess, Select, useSchemaForm } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { formErrorOf } from "~/modules/forms/action-result";
import { formDone, formFailed, formInvalid } from "~/modules/forms/answer.server";
import {
  addPackageItem,
  getPackage,
  pupilOrderStates,
  removePackageItem,
  searchTitles,
  updatePackageDelivery,
  updatePackageHeader,
  updatePackageItem,
  type SavePackageResult,
} from "~/modules/packages/packages.server";
import {
  datesInOrder,
  itemFieldOf,
  PackageDeliverySchema,
  PackageHeaderSchema,
  PackageItemFields,
} from "~/modules/packages/package-forms";
import { DELIVERY_MODE_LABELS, PAID_BY_LABELS } from "~/modules/packages/package-rules";
import { recordIdParam } from "~/modules/http/route-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.pkg.name ?? "Pakket"} — Leerwinkel` },
];

const SUPPLY_LABELS: Record<string, string> = {
  physical: "gedrukt",
  electronic: "digitaal",
  bundle: "combinatie",
  goods: "hulpmiddel",
};

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
      id: pkg.id,
      name: pkg.name,
      classGroup: pkg.classGroup,
      schoolYear: pkg.schoolYear,
      orderFrom: pkg.orderFrom,
      orderUntil: pkg.orderUntil,
      allowRepeatOrders: pkg.allowRepeatOrders,
      delivery: { mode: pkg.deliveryMode, note: pkg.deliveryNote ?? "", date: pkg.deliveryDate ?? "" },
      items: pkg.items.map((i) => ({
        id: i.id,
        label: i.label,
        paidBy: i.paidBy,
        chosen: i.offers.map((o) => o.offerId),
        offers: (i.title?.offers ?? []).map((o) => ({
          id: o.id,
          label: `${o.formatLabel} (${SUPPLY_LABELS[o.supply] ?? o.supply}, EAN ${o.ean})`,
        })),
      })),
    },
    pupils,
    query,
    results: results.map((t) => ({
      id: t.id,
      name: t.name,
      publisher: t.publisher.name,
      offers: t.offers.map((o) => ({
        id: o.id,
        label: `${o.formatLabel} (${SUPPLY_LABELS[o.supply] ?? o.supply}, EAN ${o.ean})`,
      })),
    })),
  };
}

/** The page's forms, one schema each, shared by browser and server; `intent` says which was sent. */
const HeaderSchema = PackageHeaderSchema.extend({ intent: z.literal("header") }).superRefine(datesInOrder);
const DeliverySchema = PackageDeliverySchema.extend({ intent: z.literal("delivery") });
const AddItemSchema = z.object({ intent: z.literal("add-item"), titleId: z.string().min(1), ...PackageItemFields });
const ItemSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update-item"), itemId: z.string().min(1), ...PackageItemFields }),
  z.object({ intent: z.literal("remove-item"), itemId: z.string().min(1) }),
]);
const IntentSchema = z.object({
  intent: z.enum(["header", "delivery", "add-item", "update-item", "remove-item"], {
    errorMap: () => ({ message: "Onbekende actie." }),
  }),
});
const HEADER_FIELDS: readonly string[] = ["name", "classGroup", "schoolYear", "orderFrom", "orderUntil"];
const PAID_BY_OPTIONS = Object.entries(PAID_BY_LABELS).map(([value, label]) => ({ value, label }));
const DELIVERY_OPTIONS = Object.entries(DELIVERY_MODE_LABELS).map(([value, label]) => ({ value, label }));
const DELIVERY_FIELDS: readonly string[] = ["mode", "note", "date"];

export async function action({ request, params }: ActionFunctionArgs) {
  const { schoolId, user } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const packageId = recordIdParam(params, "packageId");
  const form = await request.formData();
  const sent = parseWithZod(form, { schema: IntentSchema });
  if (sent.status !== "success") return formFailed(sent, "Onbekende actie.");
  let submission;
  let result: SavePackageResult | null;
  let fieldOf: (key: string) => string | undefined;
  if (sent.value.intent === "header") {
    submission = parseWithZod(form, { schema: HeaderSchema });
    if (submission.status !== "success") return formInvalid(submission);
    const { intent: _intent, ...header } = submission.value;
    result = await updatePackageHeader(schoolId, packageId, header, user.id);
    fieldOf = (key) => (HEADER_FIELDS.includes(key) ? key : undefined);
  } else if (sent.value.intent === "delivery") {
    submission = parseWithZod(form, { schema: DeliverySchema });
    if (submission.status !== "success") return formInvalid(submission);
    const { intent: _intent, ...delivery } = submission.value;
    result = await updatePackageDelivery(schoolId, packageId, delivery, user.id);
    fieldOf = (key) => (DELIVERY_FIELDS.includes(key) ? key : undefined);
  } else if (sent.value.intent === "add-item") {
    submission = parseWithZod(form, { schema: AddItemSchema });
    if (submission.status !== "success") return formInvalid(submission);
    const v = submission.value;
    result = await addPackageItem(
      schoolId,
      packageId,
      { titleId: v.titleId, paidBy: v.paidBy, offerIds: v.offerId },
      user.id,
    );
    fieldOf = itemFieldOf;
  } else {
    submission = parseWithZod(form, { schema: ItemSchema });
    if (submission.status !== "success") return formInvalid(submission);
    const v = submission.value;
    result =
      v.intent === "update-item"
        ? await updatePackageItem(schoolId, packageId, v.itemId, { paidBy: v.paidBy, offerIds: v.offerId }, user.id)
        : await removePackageItem(schoolId, packageId, v.itemId, user.id);
    fieldOf = itemFieldOf;
  }
  if (!result) throw new Response("Dit pakket bestaat niet.", { status: 404 });
  if (result.ok) return formDone(submission, { success: "Opgeslagen.", keepValues: true });
  const [key, message] = Object.entries(result.errors)[0] ?? ["", "Het pakket kon niet worden opgeslagen."];
  return formFailed(submission, message, { field: fieldOf(key) });
}

/** Which form a result was sent from: its intent and the item or title it was about. */
function sentFrom(result: SubmissionResult<string[]> | undefined): { intent?: unknown; target?: unknown } {
  const v = (result?.initialValue ?? {}) as { intent?: unknown; itemId?: unknown; titleId?: unknown };
  return { intent: v.intent, target: v.intent === "add-item" ? v.titleId : v.itemId };
}

export default function EditPackage() {
  const { pkg, pupils, query, results } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const from = sentFrom(data?.result);
  const known = ["header", "delivery", "add-item", "update-item", "remove-item"].includes(String(from.intent));
  const [headerForm, header] = useSchemaForm(HeaderSchema, {
    id: "package-header",
    lastResult: from.intent === "header" ? data?.result : undefined,
    defaultValue: {
      name: pkg.name,
      classGroup: pkg.classGroup,
      schoolYear: pkg.schoolYear,
      orderFrom: pkg.orderFrom,
      orderUntil: pkg.orderUntil,
      allowRepeatOrders: pkg.allowRepeatOrders ? "on" : undefined,
    },
  });
  const [deliveryForm, delivery] = useSchemaForm(DeliverySchema, {
    id: "package-delivery",
    lastResult: from.intent === "delivery" ? data?.result : undefined,
    defaultValue: pkg.delivery,
  });
  return (
    <>
      <p>
        <Link to="/school/pakketten">← Leerlingpakketten</Link>
      </p>
      <h1>{pkg.name}</h1>
      <p className="meta">
        Klas {pkg.classGroup} · schooljaar {pkg.schoolYear}
      </p>
      <FormSuccess message={data?.success} />
      {!known ? <FormError message={formErrorOf(data?.result)} /> : null}

      <section className="card form" aria-labelledby="details">
        <h2 id="details">Gegevens</h2>
        <FormError errors={headerForm.errors} />
        <Form method="post" {...getFormProps(headerForm)}>
          <input type="hidden" name={header.intent.name} value="header" />
          <Field meta={header.name} label="Naam van het pakket" />
          <Field meta={header.classGroup} label="Klas" />
          <Field meta={header.schoolYear} label="Schooljaar" hint="Bijvoorbeeld 2026-2027." />
          <Field meta={header.orderFrom} label="Bestellen vanaf" type="date" />
          <Field meta={header.orderUntil} label="Bestellen tot en met" type="date" />
          <Checkbox meta={header.allowRepeatOrders} label="Ouders mogen met dezelfde code opnieuw bestellen" />
          <button type="submit">Gegevens opslaan</button>
        </Form>
      </section>

      <section className="card form" aria-labelledby="delivery">
        <h2 id="delivery">Levering van de boeken</h2>
        <p className="muted small">
          Geldt voor gedrukte boeken en hulpmiddelen die ouders bestellen; digitale licenties zijn direct na betaling
          actief. Ouders zien deze uitleg bij het bestellen en na het betalen.
        </p>
        <FormError errors={deliveryForm.errors} />
        <Form method="post" {...getFormProps(deliveryForm)}>
          <input type="hidden" name={delivery.intent.name} value="delivery" />
          <Select meta={delivery.mode} label="Waar worden de boeken geleverd?" options={DELIVERY_OPTIONS} />
          <Field
            meta={delivery.note}
            label="Uitleg voor ouders"
            hint="Bij levering op school: waar en hoe, bijvoorbeeld 'Uitgifte in de aula, neem een tas mee'."
            maxLength={300}
          />
          <Field
            meta={delivery.date}
            label="Datum van uitreiking of verzending"
            type="date"
            hint="Mag leeg blijven als die nog niet bekend is."
          />
          <button type="submit">Levering opslaan</button>
        </Form>
      </section>

      <section aria-labelledby="items" className="stack">
        <h2 id="items">Onderdelen</h2>
        {pkg.items.length === 0 ? (
          <p className="muted">Nog geen onderdelen. Zoek hieronder een titel om toe te voegen.</p>
        ) : null}
        {pkg.items.map((item) => (
          <ItemForm
            key={item.id}
            item={item}
            lastResult={from.target === item.id && from.intent !== "add-item" ? data?.result : undefined}
          />
        ))}
      </section>

      <section aria-labelledby="pupils" className="stack">
        <h2 id="pupils">Bestellingen van ouders</h2>
        <p className="muted small">
          Per leerling alleen of het pakket besteld en betaald is. Wie besteld heeft en wat het kostte, ziet de school
          niet.
        </p>
        {pupils.length === 0 ? (
          <p className="muted">
            Er zijn nog geen leerlingen van klas {pkg.classGroup} in {pkg.schoolYear}.
          </p>
        ) : (
          <div className="table-wrap">
            <table aria-labelledby="pupils">
              <thead>
                <tr>
                  <th scope="col">Pseudoniem</th>
                  <th scope="col">Klas</th>
                  <th scope="col">Besteld / Betaald</th>
                </tr>
              </thead>
              <tbody>
                {pupils.map((p) => (
                  <tr key={p.pseudonym}>
                    <td className="wrap">
                      <code>{p.pseudonym}</code>
                    </td>
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
          <button type="submit" className="button-secondary">
            Zoeken
          </button>
        </Form>
        {query && results.length === 0 ? <p className="muted">Geen titels gevonden voor "{query}".</p> : null}
        {results.map((t) => (
          <AddItemForm
            key={t.id}
            title={t}
            lastResult={from.target === t.id && from.intent === "add-item" ? data?.result : undefined}
          />
        ))}
      </section>
    </>
  );
}

/** The error of an item form above its offers: their choice, or the form's own (the payer's shows at its select). */
function itemError(form: { errors?: string[] }, fields: { offerId: { errors?: string[] } }): string | undefined {
  return fields.offerId.errors?.[0] ?? form.errors?.[0];
}

/** Offer checkboxes of one item (the repeated `offerId` field), checked as last sent or as given. */
function OfferChoices({
  name,
  offers,
  checked,
  sent,
}: {
  name: string;
  offers: { id: string; label: string }[];
  checked: (id: string) => boolean;
  sent: unknown;
}) {
  const sentIds = sent === undefined ? undefined : ([] as unknown[]).concat(sent);
  return (
    <>
      {offers.map((o) => (
        <div key={o.id}>
          <label>
            <input
              type="checkbox"
              name={name}
              value={o.id}
              defaultChecked={sentIds ? sentIds.includes(o.id) : checked(o.id)}
            />{" "}
            {o.label}
          </label>
        </div>
      ))}
    </>
  );
}

function ItemForm({
  item,
  lastResult,
}: {
  item: { id: string; label: string; paidBy: string; chosen: string[]; offers: { id: string; label: string }[] };
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useSchemaForm(ItemSchema, {
    id: `item-${item.id}`,
    lastResult,
    defaultValue: { paidBy: item.paidBy },
  });
  const error = itemError(form, fields);
  const errorId = `err-${item.id}`;
  return (
    <div className="card">
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name={fields.itemId.name} value={item.id} />
        <fieldset aria-describedby={error ? errorId : undefined}>
          <legend>{item.label}</legend>
          {error ? (
            <p id={errorId} className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <Select meta={fields.paidBy} label="Betaald door" options={PAID_BY_OPTIONS} />
          <p className="small">Uitvoeringen die gekozen mogen worden:</p>
          <OfferChoices
            name={fields.offerId.name}
            offers={item.offers}
            checked={(id) => item.chosen.includes(id)}
            sent={lastResult ? (fields.offerId.initialValue ?? []) : undefined}
          />
        </fieldset>
        <p className="row">
          <button type="submit" name={fields.intent.name} value="update-item" className="button-small">
            Onderdeel opslaan
          </button>
          <button type="submit" name={fields.intent.name} value="remove-item" className="button-small button-secondary">
            Verwijderen
          </button>
        </p>
      </Form>
    </div>
  );
}

function AddItemForm({
  title,
  lastResult,
}: {
  title: { id: string; name: string; publisher: string; offers: { id: string; label: string }[] };
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useSchemaForm(AddItemSchema, {
    id: `add-${title.id}`,
    lastResult,
    defaultValue: { paidBy: "PARENT" },
  });
  const error = itemError(form, fields);
  const errorId = `err-${title.id}`;
  return (
    <div className="card">
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name={fields.intent.name} value="add-item" />
        <input type="hidden" name={fields.titleId.name} value={title.id} />
        <fieldset aria-describedby={error ? errorId : undefined}>
          <legend>
            {title.name} <span className="muted small">({title.publisher})</span>
          </legend>
          {error ? (
            <p id={errorId} className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <Select meta={fields.paidBy} label="Betaald door" options={PAID_BY_OPTIONS} />
          <OfferChoices
            name={fields.offerId.name}
            offers={title.offers}
            checked={() => true}
            sent={lastResult ? (fields.offerId.initialValue ?? []) : undefined}
          />
        </fieldset>
        <button type="submit" className="button-small">
          Toevoegen aan pakket
        </button>
      </Form>
    </div>
  );
}
