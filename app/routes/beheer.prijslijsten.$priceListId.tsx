import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Checkbox, Field, FormError, RowAction, Select, useSchemaForm } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import type { ActionResult } from "~/modules/forms/action-result";
import { formInvalid, formRefused } from "~/modules/forms/answer.server";
import {
  PRICE_LIST_KINDS,
  PRICE_LIST_KIND_LABELS,
  TIER_ROWS,
  unitPriceText,
} from "~/modules/pricelists/price-list-admin";
import { formatNumber, formatUnitPriceE4, plural } from "~/modules/format";
import {
  boardOptions,
  deleteEntry,
  getPriceListForAdmin,
  saveEntry,
  savePriceList,
} from "~/modules/pricelists/price-list-admin.server";
import { PriceEntrySchema, PriceListSchema } from "~/modules/pricelists/price-list-forms";
import { Pagination } from "~/components/pagination";
import { recordIdParam } from "~/modules/http/route-params";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.priceList.name ?? "Prijslijst"} — Beheer — Leerwinkel` },
];

/** The page's query, for the loader and for the search form in the browser (which sends only `q`). */
const Query = z.object({
  q: z.string().trim().max(100).catch(""),
  pagina: z.coerce.number().int().min(1).catch(1),
  ean: z.string().trim().max(20).catch(""),
  opgeslagen: z.string().catch(""),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [found, boards] = await Promise.all([
    getPriceListForAdmin(recordIdParam(params, "priceListId"), { q: query.q, page: query.pagina }),
    boardOptions(),
  ]);
  if (!found) throw new Response("Prijslijst niet gevonden.", { status: 404 });
  const editEntry = query.ean ? (found.entries.find((e) => e.offer.ean === query.ean) ?? null) : null;
  return { ...found, boards, q: query.q, saved: query.opgeslagen, editEntry };
}

const DeleteEntrySchema = z.object({ entryId: z.string().min(1) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const priceListId = recordIdParam(params, "priceListId");
  const formData = await request.formData();
  const back = `/beheer/prijslijsten/${priceListId}`;
  switch (formData.get("intent")) {
    case "entry": {
      const submission = parseWithZod(formData, { schema: PriceEntrySchema });
      if (submission.status !== "success") return formInvalid(submission);
      const result = await saveEntry(priceListId, submission.value, user.id);
      if (result.ok) return redirect(`${back}?opgeslagen=regel`);
      return formRefused(submission, result.errors);
    }
    case "delete-entry": {
      // A button in the list, no field to correct: a malformed post is a bad request.
      const submission = parseWithZod(formData, { schema: DeleteEntrySchema });
      if (submission.status !== "success") throw new Response("Ongeldig verzoek.", { status: 400 });
      if (!(await deleteEntry(priceListId, submission.value.entryId, user.id)))
        throw new Response("Prijsregel niet gevonden.", { status: 404 });
      return redirect(`${back}?opgeslagen=verwijderd`);
    }
    default: {
      const submission = parseWithZod(formData, { schema: PriceListSchema });
      if (submission.status !== "success") return formInvalid(submission);
      const result = await savePriceList(priceListId, submission.value, user.id);
      if (result.ok) return redirect(`${back}?opgeslagen=lijst`);
      return formRefused(submission, result.errors);
    }
  }
}

/** The result belongs to the form whose hidden `intent` it carries (two forms share this action). */
function resultFor(data: ActionResult | undefined, intent: "entry" | "list") {
  const sent = data?.result.initialValue?.intent;
  return (sent === "entry" ? "entry" : "list") === intent ? data?.result : undefined;
}

const SAVED: Record<string, string> = {
  "1": "De prijslijst is aangemaakt.",
  lijst: "De prijslijst is opgeslagen.",
  regel: "De prijs is opgeslagen.",
  verwijderd: "De prijs is verwijderd.",
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function failedOf(form: { status?: string; allErrors: Record<string, string[]> }) {
  return form.status === "error" && Object.keys(form.allErrors).length > 0;
}

/** Adding or changing one offer's price; keyed by the offer being edited, so "Wijzigen" refills it. */
function EntryForm({
  editEntry,
  mode,
  lastResult,
  busy,
}: {
  editEntry: LoaderData["editEntry"];
  mode: string;
  lastResult: ActionResult["result"] | undefined;
  busy: boolean;
}) {
  const [form, fields] = useSchemaForm(PriceEntrySchema, {
    id: `price-entry-${editEntry?.offer.ean ?? "new"}`,
    lastResult,
    defaultValue: {
      ean: editEntry?.offer.ean ?? "",
      unitPrice: editEntry ? unitPriceText(editEntry.unitPriceE4) : "",
      tiers: Array.from({ length: TIER_ROWS }, (_, i) => {
        const t = editEntry?.tiers[i];
        return { minQuantity: t ? String(t.minQuantity) : "", unitPrice: t ? unitPriceText(t.unitPriceE4) : "" };
      }),
    },
  });
  const tiers = fields.tiers.getFieldList();
  return (
    <section className="card form-wide" aria-labelledby="entry-form-heading">
      <h2 id="entry-form-heading">
        {editEntry ? `Prijs van ${editEntry.offer.ean} wijzigen` : "Prijs toevoegen of wijzigen"}
      </h2>
      <FormError
        message={failedOf(form) ? "De prijs is niet opgeslagen. Controleer de gemarkeerde velden." : null}
        errors={form.errors}
      />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="entry" />
        <div className="grid grid-2">
          <Field meta={fields.ean} label="EAN/ISBN van de aanbieding" inputMode="numeric" />
          <Field
            meta={fields.unitPrice}
            label={`Stukprijs (${mode})`}
            inputMode="decimal"
            hint="Met een punt, hoogstens 4 decimalen, bijvoorbeeld 12.50."
          />
        </div>
        <fieldset className="field">
          <legend className="label">Staffelprijzen (optioneel)</legend>
          {tiers.map((tier, i) => {
            const t = tier.getFieldset();
            return (
              <div className="grid grid-2" key={tier.key}>
                <Field meta={t.minQuantity} label={`Staffel ${i + 1}: vanaf aantal`} inputMode="numeric" />
                <Field meta={t.unitPrice} label={`Staffel ${i + 1}: stukprijs`} inputMode="decimal" />
              </div>
            );
          })}
        </fieldset>
        <button type="submit" disabled={busy}>
          Prijs opslaan
        </button>
      </Form>
    </section>
  );
}

export default function AdminPriceList() {
  const { priceList, entries, total, page, pages, boards, q, saved, editEntry } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [search, searchFields] = useSchemaForm(Query, { id: "entry-search", defaultValue: { q } });
  const [listForm, lf] = useSchemaForm(PriceListSchema, {
    id: "price-list",
    lastResult: resultFor(data, "list"),
    defaultValue: {
      name: priceList.name,
      kind: priceList.kind,
      organisationId: priceList.organisationId ?? "",
      validFrom: priceList.validFrom ?? "",
      validTo: priceList.validTo ?? "",
      pricesIncludeVat: priceList.pricesIncludeVat,
    },
  });
  const pageLink = (n: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), pagina: String(n) })}`;
  const mode = priceList.pricesIncludeVat ? "incl. btw" : "excl. btw";

  return (
    <>
      <p>
        <Link to="/beheer/prijslijsten">← Alle prijslijsten</Link>
      </p>
      <h1>{priceList.name}</h1>
      {saved && SAVED[saved] ? (
        <div className="alert alert-ok" role="status">
          {SAVED[saved]}
        </div>
      ) : null}

      <EntryForm
        key={editEntry?.offer.ean ?? "new"}
        editEntry={editEntry}
        mode={mode}
        lastResult={resultFor(data, "entry")}
        busy={busy}
      />

      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">Prijzen</h2>
        <Form method="get" {...getFormProps(search)} className="row" role="search">
          <Field meta={searchFields.q} id="q" label="Zoeken op EAN of titel" type="search" />
          <button type="submit" className="button-secondary">
            Zoeken
          </button>
        </Form>
        <p className="muted">
          {plural(total, "prijs", "prijzen")}
          {q ? ` gevonden voor “${q}”` : ""}
        </p>
        {entries.length === 0 ? (
          <p>Geen prijzen gevonden.</p>
        ) : (
          <TableScroll label="Prijzen op deze lijst">
            <table>
              <thead>
                <tr>
                  <th>EAN/ISBN</th>
                  <th>Titel</th>
                  <th>Formaat</th>
                  <th className="num">Stukprijs ({mode})</th>
                  <th>Staffels</th>
                  <th>
                    <span className="visually-hidden">Acties</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td>{e.offer.ean}</td>
                    <td>{e.offer.title.name}</td>
                    <td>{e.offer.formatLabel}</td>
                    <td className="num">{formatUnitPriceE4(e.unitPriceE4)}</td>
                    <td>
                      {e.tiers.length === 0
                        ? "—"
                        : e.tiers
                            .map((t) => `vanaf ${formatNumber(t.minQuantity)}: ${formatUnitPriceE4(t.unitPriceE4)}`)
                            .join("; ")}
                    </td>
                    <td className="row">
                      <Link
                        to={`?${new URLSearchParams({ ...(q ? { q } : {}), pagina: String(page), ean: e.offer.ean })}#entry-form-heading`}
                        aria-label={`Prijs van ${e.offer.ean} wijzigen`}
                      >
                        Wijzigen
                      </Link>
                      <RowAction
                        intent="delete-entry"
                        name="entryId"
                        value={e.id}
                        label={`Prijs van ${e.offer.ean} verwijderen`}
                        className="button-secondary button-small"
                      >
                        Verwijderen
                      </RowAction>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <Pagination page={page} pageCount={pages} href={pageLink} />
      </section>

      <section className="card form" aria-labelledby="list-form-heading">
        <h2 id="list-form-heading">Gegevens van de prijslijst</h2>
        <FormError
          message={failedOf(listForm) ? "De prijslijst is niet opgeslagen. Controleer de gemarkeerde velden." : null}
          errors={listForm.errors}
        />
        <Form method="post" {...getFormProps(listForm)}>
          <input type="hidden" name="intent" value="list" />
          <Field meta={lf.name} label="Naam" />
          <Select
            meta={lf.kind}
            label="Soort"
            options={PRICE_LIST_KINDS.map((k) => ({ value: k, label: PRICE_LIST_KIND_LABELS[k] }))}
          />
          <Select
            meta={lf.organisationId}
            label="Schoolbestuur (bij een contract)"
            placeholder="— geen —"
            options={boards.map((b) => ({ value: b.id, label: b.name }))}
          />
          <Field meta={lf.validFrom} label="Geldig vanaf" type="date" />
          <Field meta={lf.validTo} label="Geldig tot en met" type="date" />
          <Checkbox meta={lf.pricesIncludeVat} label="Prijzen zijn inclusief btw" />
          <button type="submit" disabled={busy}>
            Prijslijst opslaan
          </button>
        </Form>
      </section>
    </>
  );
}
