import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, useSchemaForm } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { compareQuantity, compareTitleOffers } from "~/modules/catalog/title-comparison.server";
import { addToCart } from "~/modules/cart/cart.server";
import { domainErrorAnswer, formInvalid } from "~/modules/forms/answer.server";
import { MAX_CART_QUANTITY } from "~/modules/cart/limits";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { slugParam } from "~/modules/http/route-params";
import { formatNumber, plural } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.comparison.title.name ?? "Titel"} — Leerwinkel` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  // A quantity that is not a whole number from 1 to the cart's maximum is said so next to the
  // field (issue 12: never silently 1); the comparison then shows 1 piece and says so.
  const asked = compareQuantity(new URL(request.url).searchParams.get("aantal"));
  const comparison = await compareTitleOffers(
    slugParam(params, "slug"),
    { kind: "school", schoolId },
    asked.quantity,
    todayInAmsterdam(),
  );
  if (!comparison) throw new Response("Deze titel bestaat niet.", { status: 404 });
  return { comparison, quantityError: asked.error, typedQuantity: asked.typed };
}

/** One schema for browser and server, for each offer's "In winkelwagen" form. */
const AddToCartSchema = z.object({
  offerId: z.string({ required_error: "Kies een artikel." }).min(1, "Kies een artikel."),
  quantity: z.coerce
    .number({ invalid_type_error: "Vul een aantal in." })
    .int("Vul een heel aantal in.")
    .min(1, "Vul minstens 1 in.")
    .max(MAX_CART_QUANTITY, `Hoogstens ${MAX_CART_QUANTITY}.`),
  classGroup: z.string().trim().max(40, "Een klas heeft hoogstens 40 tekens.").default(""),
});
const FIELDS = ["quantity", "classGroup"] as const;

export async function action({ request }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: AddToCartSchema });
  if (submission.status !== "success") return formInvalid(submission);
  try {
    await addToCart({ userId: user.id, schoolId }, submission.value, todayInAmsterdam());
  } catch (error) {
    // A quantity out of range on its field; an offer no longer sold as the form error.
    return domainErrorAnswer(error, submission, { fields: FIELDS });
  }
  return redirect("/winkelwagen?toegevoegd=1");
}

export default function TitlePage() {
  const { comparison: c, quantityError, typedQuantity } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The result belongs to the form of the offer it was sent for.
  const sentFor = (actionData?.result.initialValue as { offerId?: unknown } | null | undefined)?.offerId;
  const t = c.title;
  const cheapest = c.rows.find((r) => r.isCheapest);
  const mode = c.pricesIncludeVat ? "incl." : "excl.";
  return (
    <>
      <p>
        <Link to="/catalogus">← Terug naar de catalogus</Link>
      </p>
      <h1>{t.name}</h1>
      <div className="grid grid-2">
        <div className="card">
          <dl className="meta">
            <dt>Uitgever</dt>
            <dd>{t.publisher}</dd>
            <dt>Vak</dt>
            <dd>{t.subject}</dd>
            <dt>Sector</dt>
            <dd>{t.sectorName}</dd>
            <dt>Niveau</dt>
            <dd>{t.levels.join(", ")}</dd>
            <dt>Leerjaar</dt>
            <dd>{t.years.join(", ") || "—"}</dd>
            <dt>Leerdoelen</dt>
            <dd>{t.goals.length ? t.goals.map((g) => `${g.label} (${g.code})`).join("; ") : "—"}</dd>
            <dt>Beoordeeld</dt>
            <dd>{t.reviewed ? <span className="badge badge-ok">Ja, beoordeeld</span> : "Nee"}</dd>
          </dl>
        </div>
        <div className="card">
          <h2>Beschrijving</h2>
          <p>{t.description || "Geen beschrijving."}</p>
        </div>
      </div>

      <h2 id="compare-heading">Vergelijk papier, digitaal en combinatie</h2>
      <Form method="get" className="no-print" aria-label="Aantal voor de vergelijking" key={typedQuantity ?? ""}>
        <div className="row">
          <label htmlFor="f-aantal">Aantal</label>
          <input
            id="f-aantal"
            name="aantal"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={quantityError ? (typedQuantity ?? "") : c.quantity}
            style={{ width: "7rem" }}
            aria-invalid={quantityError ? true : undefined}
            aria-describedby={quantityError ? "f-aantal-error" : undefined}
          />
          <button type="submit" className="button-secondary">
            Vergelijken
          </button>
        </div>
        {quantityError ? (
          <p id="f-aantal-error" className="field-error" role="alert">
            {quantityError} De vergelijking hieronder is voor 1 stuk.
          </p>
        ) : null}
      </Form>
      <p className="muted small">
        Prijzen {mode} btw voor {plural(c.quantity, "stuk", "stuks")}; elke keuze is apart berekend zoals een bestelling
        van alleen die keuze (zonder verzendkosten).
      </p>
      {c.rows.length === 0 ? (
        <p>Voor deze titel zijn geen prijzen bekend.</p>
      ) : (
        <TableScroll label="Vergelijking van papier, digitaal en combinatie">
          <table aria-labelledby="compare-heading">
            <thead>
              <tr>
                <th scope="col">Vorm</th>
                <th scope="col">Licentieduur</th>
                <th scope="col" className="num">
                  Prijs per stuk
                </th>
                <th scope="col" className="num">
                  Regel {mode} btw
                </th>
                <th scope="col" className="num">
                  Btw-tarief
                </th>
                <th scope="col" className="num">
                  Btw
                </th>
                <th scope="col" className="num">
                  Totaal incl. btw
                </th>
                <th scope="col" className="num">
                  Verschil
                </th>
                <th scope="col" className="num">
                  Waarvan btw
                </th>
              </tr>
            </thead>
            <tbody>
              {c.rows.map((r) => (
                <tr key={r.offerId} data-offer={r.offerId}>
                  <th scope="row">
                    {r.label} <span className="muted small">({r.formatName})</span>
                    {r.isCheapest ? (
                      <>
                        {" "}
                        <span className="badge badge-ok">Goedkoopst</span>
                      </>
                    ) : null}
                    <div className="muted small">
                      {r.priceListName}
                      {r.contract ? " (contract)" : ""}
                      {r.tierMinQuantity ? `, staffel vanaf ${formatNumber(r.tierMinQuantity)}` : ""}
                    </div>
                  </th>
                  <td>{r.licenceMonths ? `${r.licenceMonths} maanden` : "—"}</td>
                  <td className="num">{r.unitPrice}</td>
                  <td className="num">{r.lineNet}</td>
                  <td className="num">{r.vatRates}</td>
                  <td className="num">{r.vat}</td>
                  <td className="num">{r.gross}</td>
                  <td className="num">{r.differenceGross}</td>
                  <td className="num">{r.vatPartOfDifference}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {cheapest ? (
        <ul className="stack" aria-label="Verschillen uitgelegd" style={{ listStyle: "none", padding: 0 }}>
          {c.rows
            .filter((r) => !r.isCheapest)
            .map((r) => (
              <li key={r.offerId} className="sentence">
                {r.sentence}
              </li>
            ))}
        </ul>
      ) : null}
      {c.unpriced.length ? (
        <p className="muted small">Zonder prijs: {c.unpriced.map((u) => u.label).join(", ")}.</p>
      ) : null}

      <h2>In winkelwagen</h2>
      <div className="grid grid-3">
        {c.rows.map((r) => (
          <AddToCartForm
            key={r.offerId}
            offer={r}
            quantity={c.quantity}
            lastResult={sentFor === r.offerId ? actionData?.result : undefined}
          />
        ))}
      </div>
    </>
  );
}

function AddToCartForm({
  offer,
  quantity,
  lastResult,
}: {
  offer: { offerId: string; label: string; ean: string; stock: number | null };
  quantity: number;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const id = `add-${offer.offerId}`;
  const [form, fields] = useSchemaForm(AddToCartSchema, { id, lastResult });
  return (
    <Form method="post" className="card" aria-labelledby={`${id}-h`} {...getFormProps(form)}>
      <h3 id={`${id}-h`}>{offer.label}</h3>
      <p className="muted small">
        EAN {offer.ean}
        {offer.stock !== null ? ` · ${formatNumber(offer.stock)} op voorraad` : ""}
      </p>
      <FormError errors={form.errors} />
      <input type="hidden" name={fields.offerId.name} value={offer.offerId} />
      <Field
        meta={fields.quantity}
        label={`Aantal (${offer.label})`}
        type="number"
        min={1}
        max={MAX_CART_QUANTITY}
        required
        inputMode="numeric"
        defaultValue={quantity}
      />
      <Field
        meta={fields.classGroup}
        label={`Klas (optioneel) (${offer.label})`}
        maxLength={40}
        placeholder="bijv. H2A"
      />
      <button type="submit">In winkelwagen</button>
    </Form>
  );
}
