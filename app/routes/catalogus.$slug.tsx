import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, useSchemaForm } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { compareQuantity, titlePage } from "~/modules/catalog/title-comparison.server";
import { addToCart } from "~/modules/cart/cart.server";
import { domainErrorAnswer, formInvalid } from "~/modules/forms/answer.server";
import { MAX_CART_QUANTITY } from "~/modules/cart/limits";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { slugParam } from "~/modules/http/route-params";
import { formatNumber, plural } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";
import { CumulativeCostChart } from "~/components/charts/cumulative-cost-chart";
import { loadYearsOfUseDefaults } from "~/modules/organisations/years-of-use-defaults.server";
import {
  PUPILS_MAX,
  YEARS_MAX,
  YearsOfUseSchema,
  defaultsOf,
  formTextOf,
  percentText,
} from "~/modules/pricing/years-of-use-input";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.comparison.title.name ?? "Titel"} — Leerwinkel` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  // A quantity that is not a whole number from 1 to the cart's maximum is said so next to the
  // field (issue 12: never silently 1); the comparison then shows 1 piece and says so.
  const searchParams = new URL(request.url).searchParams;
  const asked = compareQuantity(searchParams.get("aantal"));
  const slug = slugParam(params, "slug");
  const buyer = { kind: "school", schoolId } as const;
  const today = todayInAmsterdam();
  // Over the years of use (issue 14 §2): the school's own defaults until the form is sent; a value
  // the form's schema refuses is said at its field and the school's defaults are used meanwhile.
  const yearsAsked = YEARS_FIELDS.some((field) => searchParams.has(field));
  const years = yearsAsked ? parseWithZod(searchParams, { schema: YearsOfUseSchema }) : null;
  const settings = years?.status === "success" ? defaultsOf(years.value) : await loadYearsOfUseDefaults(schoolId);
  const page = await titlePage(
    slug,
    buyer,
    asked.quantity,
    { pupils: settings.pupilsPerYear, years: settings.yearsOfUse, replacementShareBp: settings.replacementShareBp },
    today,
  );
  if (!page) throw new Response("Deze titel bestaat niet.", { status: 404 });
  const { comparison, overYears } = page;
  // A school year beyond the VAT schedule (a rate that ends with no successor): said, not a 500.
  const yearsProblem = page.noRateForYears
    ? "Voor een van deze schooljaren is geen btw-tarief bekend. Kies minder schooljaren."
    : null;
  return {
    comparison,
    quantityError: asked.error,
    typedQuantity: asked.typed,
    overYears,
    yearsProblem,
    yearsForm: years?.status === "error" ? years.reply() : null,
    yearsText: formTextOf(settings),
    /** The years-of-use fields as sent, kept by the quantity form. */
    yearsSent: yearsAsked ? YEARS_FIELDS.map((field) => [field, (searchParams.get(field) ?? "").slice(0, 20)]) : [],
  };
}

const YEARS_FIELDS = ["leerlingen", "jaren", "vervanging"] as const;

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
  const {
    comparison: c,
    quantityError,
    typedQuantity,
    overYears,
    yearsForm,
    yearsText,
    yearsSent,
    yearsProblem,
  } = useLoaderData<typeof loader>();
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
          {yearsSent.map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
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

      <YearsOfUse
        data={overYears}
        problem={yearsProblem}
        lastResult={yearsForm}
        text={yearsText}
        quantity={quantityError ? null : c.quantity}
      />

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

type YearsOfUseData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["overYears"]>;

/** "Over de gebruiksduur": the GET form (prefilled with the school's defaults), the table and the chart. */
function YearsOfUse({
  data: y,
  problem,
  lastResult,
  text,
  quantity,
}: {
  data: YearsOfUseData | null;
  problem: string | null;
  lastResult: SubmissionResult<string[]> | null;
  text: Record<string, string>;
  quantity: number | null;
}) {
  const [form, fields] = useSchemaForm(YearsOfUseSchema, { id: "years-of-use", lastResult, defaultValue: text });
  return (
    <section aria-labelledby="years-heading">
      <h2 id="years-heading">Over de gebruiksduur</h2>
      <p>
        Een leerboek gaat jaren mee, een licentie loopt af. Vergelijk wat elke keuze kost over de jaren dat uw school de
        methode gebruikt: herbruikbare boeken koopt u één keer en daarna alleen vervanging, licenties opnieuw als ze
        aflopen.
      </p>
      <Form method="get" className="card no-print" aria-labelledby="years-heading" {...getFormProps(form)}>
        {lastResult ? (
          <p className="field-error" role="alert">
            Controleer de gemarkeerde velden. De vergelijking hieronder gebruikt de standaardwaarden van uw school.
          </p>
        ) : null}
        {quantity !== null && quantity !== 1 ? <input type="hidden" name="aantal" value={quantity} /> : null}
        <div className="grid grid-3">
          <Field
            meta={fields.leerlingen}
            label="Leerlingen per schooljaar"
            inputMode="numeric"
            hint={`1 tot en met ${formatNumber(PUPILS_MAX)}.`}
          />
          <Field
            meta={fields.jaren}
            label="Aantal schooljaren"
            inputMode="numeric"
            hint={`1 tot en met ${YEARS_MAX}.`}
          />
          <Field
            meta={fields.vervanging}
            label="Vervanging per jaar (%)"
            inputMode="decimal"
            hint="Deel van de herbruikbare boeken dat elk jaar kwijtraakt of kapotgaat."
          />
        </div>
        <button type="submit" className="button-secondary">
          Berekenen
        </button>
      </Form>
      {problem ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : y ? (
        <YearsOfUseFigures y={y} />
      ) : null}
    </section>
  );
}

/** The table, the sentences and the chart of the comparison over the years of use. */
function YearsOfUseFigures({ y }: { y: YearsOfUseData }) {
  const mode = y.pricesIncludeVat ? "incl." : "excl.";
  const period = plural(y.years, "schooljaar", "schooljaren");
  const yearLabels = y.schoolYears.map((s) => `jaar ${s.index}`);
  const cheapest = y.rows.find((r) => r.isCheapest);
  return (
    <>
      <p className="muted small">
        {plural(y.pupils, "leerling", "leerlingen")} per schooljaar, {period}, vervanging{" "}
        {percentText(y.replacementShareBp)}% ({plural(y.replacements, "boek", "boeken")} per jaar). Elk schooljaar is
        één bestelling met de prijzen en staffels van uw prijslijst van vandaag en het btw-tarief dat op de besteldatum
        geldt (jaar 1 vandaag, daarna elk jaar een jaar later); zonder verzendkosten. Bedragen {mode} btw waar niet
        anders staat.
      </p>
      {y.rows.length === 0 ? (
        <p>Voor deze titel zijn geen prijzen bekend.</p>
      ) : (
        <>
          <TableScroll label={`Kosten over ${period}`}>
            <table aria-labelledby="years-table-caption" data-testid="years-of-use-table">
              <caption id="years-table-caption">Kosten over {period}</caption>
              <thead>
                <tr>
                  <th scope="col">Keuze</th>
                  <th scope="col" className="num">
                    Aantal per jaar
                  </th>
                  <th scope="col" className="num">
                    Excl. btw
                  </th>
                  <th scope="col" className="num">
                    Btw per tarief
                  </th>
                  <th scope="col" className="num">
                    Totaal incl. btw
                  </th>
                  <th scope="col" className="num">
                    Per leerling per jaar
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
                {y.rows.map((r) => (
                  <tr key={r.offerId} data-offer={r.offerId}>
                    <th scope="row">
                      {r.label} <span className="muted small">({r.formatName})</span>
                      {r.isCheapest ? (
                        <>
                          {" "}
                          <span className="badge badge-ok">Goedkoopst</span>
                        </>
                      ) : null}
                      <div className="muted small">{r.schedule}</div>
                    </th>
                    <td className="num">{r.quantities.map((q) => formatNumber(q)).join(" · ")}</td>
                    <td className="num">{r.net}</td>
                    <td className="num">
                      {r.vatPerRate.map((v) => (
                        <div key={v.rate}>
                          {v.rate}: {v.vat}
                        </div>
                      ))}
                    </td>
                    <td className="num">{r.gross}</td>
                    <td className="num">
                      {r.perPupilPerYear}
                      <div className="muted small">waarvan {r.perPupilPerYearVat} btw</div>
                    </td>
                    <td className="num">{r.differenceGross}</td>
                    <td className="num">{r.vatPartOfDifference}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {cheapest ? (
            <ul
              className="stack"
              aria-label={`Verschillen over ${period} uitgelegd`}
              style={{ listStyle: "none", padding: 0 }}
            >
              {y.rows
                .filter((r) => !r.isCheapest)
                .map((r) => (
                  <li key={r.offerId} className="sentence">
                    Over {period}: {r.sentence}
                  </li>
                ))}
            </ul>
          ) : null}
          <CumulativeCostChart
            title={`Cumulatieve kosten per keuze over ${period}`}
            years={yearLabels}
            series={y.rows.map((r) => ({ label: r.label, points: r.cumulative }))}
            testId="years-of-use-chart"
          />
        </>
      )}
    </>
  );
}
