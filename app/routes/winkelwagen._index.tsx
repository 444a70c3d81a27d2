import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, RowAction, Select, useSchemaForm } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import {
  acceptCurrentPrices,
  applyScenario,
  loadCart,
  removeCartItem,
  updateCartItem,
} from "~/modules/cart/cart.server";
import { formErrorOf } from "~/modules/forms/action-result";
import { domainErrorAnswer, formInvalid } from "~/modules/forms/answer.server";
import { MAX_CART_QUANTITY } from "~/modules/cart/limits";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { VatSummary } from "~/components/vat-summary";
import { TableScroll } from "~/components/table-scroll";
import { formatNumber, plural } from "~/modules/format";
import { cartOverYears } from "~/modules/cart/cart-years-of-use.server";
import { VatError } from "~/modules/vat/vat-error";
import { loadYearsOfUseDefaults } from "~/modules/organisations/years-of-use-defaults.server";
import { YEARS_MAX, YearsOfUseSchema, formTextOf, percentText, shareOfBp } from "~/modules/pricing/years-of-use-input";
import { compareCartUnder } from "~/modules/cart/cart-scenario.server";
import { loadScenarios } from "~/modules/vat/scenarios.server";

export const meta: MetaFunction = () => [{ title: "Winkelwagen — Leerwinkel" }];

/** The cart's years-of-use form (GET): the title page's fields without the pupils (each line's quantity is that). */
const CartYearsSchema = YearsOfUseSchema.pick({ jaren: true, vervanging: true });

/** The cart's "Wat als: ander btw-tarief" form (GET): one of the stored scenarios, by slug. */
const RateScenarioSchema = z.object({ scenario: z.string().max(100).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const scope = { userId: user.id, schoolId };
  const today = todayInAmsterdam();
  const cart = await loadCart(scope, today);
  if (!cart.whatIf) {
    return { cart, overYears: null, yearsProblem: null, yearsForm: null, yearsText: null, rateScenario: null };
  }
  // Over the years of use (issue 14 §2), on request (the cart page is shown after every change and
  // the yearly prices cost reads): the form is prefilled with the school's defaults; a refused value
  // is said at its field and the school's defaults are used meanwhile.
  const params = new URL(request.url).searchParams;
  const [defaults, rateScenarios] = await Promise.all([loadYearsOfUseDefaults(schoolId), loadScenarios()]);
  const asked = params.has("jaren") || params.has("vervanging");
  const sent = asked ? parseWithZod(params, { schema: CartYearsSchema }) : null;
  const years = sent?.status === "success" ? sent.value.jaren : defaults.yearsOfUse;
  const shareBp = sent?.status === "success" ? sent.value.vervanging : defaults.replacementShareBp;
  let scenarios: Awaited<ReturnType<typeof cartOverYears>> = null;
  let yearsProblem: string | null = null;
  try {
    if (asked) scenarios = await cartOverYears(scope, { years, replacementShare: shareOfBp(shareBp) }, today);
  } catch (error) {
    // A school year beyond the VAT schedule: said beside the form, not a 500.
    if (!(error instanceof VatError) || error.code !== "NO_RATE") throw error;
    yearsProblem = "Voor een van deze schooljaren is geen btw-tarief bekend. Kies minder schooljaren.";
  }
  const { jaren, vervanging } = formTextOf({ ...defaults, yearsOfUse: years, replacementShareBp: shareBp });
  // "Wat als: ander btw-tarief" (issue 14 §4): the cart re-priced only when a scenario is sent; an
  // id that is not a stored scenario is said at the field.
  const rateSent = parseWithZod(params, { schema: RateScenarioSchema });
  const slug = rateSent.status === "success" ? (rateSent.value.scenario ?? "") : "";
  const rateScenario = slug ? rateScenarios.find((s) => s.slug === slug) : undefined;
  const rateErrors = slug && !rateScenario ? { scenario: ["Kies een scenario uit de lijst."] } : undefined;
  return {
    cart,
    overYears: scenarios ? { years, replacementPercent: percentText(shareBp), scenarios } : null,
    yearsProblem,
    yearsForm: sent?.status === "error" ? sent.reply() : null,
    yearsText: { jaren, vervanging },
    rateScenario: {
      options: rateScenarios.map((s) => ({ value: s.slug, label: s.name })),
      chosen: rateScenario?.slug ?? "",
      form: rateErrors || rateSent.status === "error" ? rateSent.reply({ fieldErrors: rateErrors }) : null,
      comparison: rateScenario ? await compareCartUnder(scope, rateScenario, today) : null,
      // the years-of-use form's values as sent, so that choosing a scenario keeps them
      keep: asked ? { jaren: params.get("jaren") ?? "", vervanging: params.get("vervanging") ?? "" } : null,
    },
  };
}

/** One schema for browser and server: a line's quantity, a line's removal, accepting changed prices. */
const CartSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("update"),
      itemId: z.string().min(1),
      quantity: z.coerce
        .number({ invalid_type_error: "Vul een aantal in." })
        .int("Vul een heel aantal in.")
        .min(0, "Het aantal kan niet negatief zijn.")
        .max(MAX_CART_QUANTITY, `Hoogstens ${MAX_CART_QUANTITY}.`),
    }),
    z.object({ intent: z.literal("remove"), itemId: z.string().min(1) }),
    z.object({ intent: z.literal("accept") }),
    z.object({
      intent: z.literal("apply"),
      scenario: z.enum(["allPrint", "allDigital"], { errorMap: () => ({ message: "Onbekende keuze." }) }),
    }),
  ],
  { errorMap: () => ({ message: "Onbekende actie." }) },
);

export async function action({ request }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const scope = { userId: user.id, schoolId };
  const submission = parseWithZod(await request.formData(), { schema: CartSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const form = submission.value;
  try {
    if (form.intent === "update") await updateCartItem(scope, form.itemId, form.quantity, todayInAmsterdam());
    else if (form.intent === "remove") await removeCartItem(scope, form.itemId, todayInAmsterdam());
    else if (form.intent === "apply") {
      await applyScenario(scope, form.scenario, todayInAmsterdam());
      return redirect(`/winkelwagen?toegepast=${form.scenario === "allPrint" ? "papier" : "digitaal"}`);
    } else await acceptCurrentPrices(scope, todayInAmsterdam());
  } catch (error) {
    // Shown beside the line it was sent for (or above the cart when that line is gone).
    return domainErrorAnswer(error, submission, { fields: ["quantity"] });
  }
  return redirect("/winkelwagen");
}

export default function CartPage() {
  const { cart, overYears, yearsProblem, yearsForm, yearsText, rateScenario } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A result belongs to the line it was sent for; a line no longer in the cart, or "accept", shows it above.
  const sentFor = (actionData?.result.initialValue as { itemId?: unknown } | null | undefined)?.itemId;
  const lineResult = cart.lines.some((l) => l.itemId === sentFor) ? actionData?.result : undefined;
  const pageError = lineResult
    ? undefined
    : (formErrorOf(actionData?.result) ?? Object.values(actionData?.result.error ?? {}).flat()[0]);
  const [params] = useSearchParams();
  const mode = cart.pricesIncludeVat ? "incl." : "excl.";
  return (
    <>
      <h1>Winkelwagen</h1>
      {params.get("toegevoegd") ? (
        <div className="alert alert-ok" role="status">
          Toegevoegd aan uw winkelwagen.
        </div>
      ) : null}
      {params.get("toegepast") ? (
        <div className="alert alert-ok" role="status">
          {params.get("toegepast") === "papier"
            ? "Uw winkelwagen is omgezet naar alles op papier, waar dat kan."
            : "Uw winkelwagen is omgezet naar alles digitaal, waar dat kan."}
        </div>
      ) : null}
      <FormError message={pageError} />
      {cart.lines.length === 0 ? (
        <div className="card">
          <p>Uw winkelwagen is leeg.</p>
          <Link className="button" to="/catalogus">
            Naar de catalogus
          </Link>
        </div>
      ) : (
        <>
          {cart.changed ? (
            <div className="alert alert-info" role="alert">
              <p>
                <strong>Let op: prijzen of btw-tarieven zijn gewijzigd</strong> sinds u deze artikelen toevoegde. De
                nieuwe bedragen staan hieronder; bestellen kan nadat u ze heeft geaccepteerd.
              </p>
              <ul>
                {cart.lines
                  .filter((l) => l.change)
                  .map((l) => (
                    <li key={l.itemId}>
                      {l.titleName} — {l.formatLabel}
                      {l.classGroup ? ` (${l.classGroup})` : ""}:{" "}
                      {l.change!.priceChanged ? (
                        <>
                          prijs was {l.change!.seenUnitPrice}, nu {l.unitPrice}
                        </>
                      ) : null}
                      {l.change!.priceChanged && l.change!.ratesChanged ? "; " : null}
                      {l.change!.ratesChanged ? (
                        <>
                          btw was {l.change!.seenVatRates}%, nu {l.vatRates}%
                        </>
                      ) : null}
                    </li>
                  ))}
              </ul>
              <Form method="post">
                <input type="hidden" name="intent" value="accept" />
                <button type="submit">Nieuwe prijzen accepteren</button>
              </Form>
            </div>
          ) : null}
          <TableScroll label="Artikelen in uw winkelwagen">
            <table aria-label="Artikelen in uw winkelwagen">
              <thead>
                <tr>
                  <th scope="col">Artikel</th>
                  <th scope="col">Klas</th>
                  <th scope="col">Aantal</th>
                  <th scope="col" className="num">
                    Prijs per stuk
                  </th>
                  <th scope="col" className="num">
                    Btw
                  </th>
                  <th scope="col" className="num">
                    Bedrag {mode} btw
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Verwijderen</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {cart.lines.map((l) => {
                  const name = `${l.titleName} — ${l.formatLabel}${l.classGroup ? ` (${l.classGroup})` : ""}`;
                  return (
                    <tr key={l.itemId}>
                      <th scope="row">
                        <Link to={`/catalogus/${l.titleSlug}`}>{l.titleName}</Link>
                        <br />
                        <span className="small">{l.formatLabel}</span>
                        {l.tierMinQuantity ? (
                          <>
                            <br />
                            <span className="muted small">staffelprijs vanaf {formatNumber(l.tierMinQuantity)}</span>
                          </>
                        ) : null}
                        {l.change ? (
                          <>
                            <br />
                            <span className="badge badge-warn">Gewijzigd</span>
                          </>
                        ) : null}
                      </th>
                      <td>{l.classGroup || "—"}</td>
                      <td>
                        <QuantityForm
                          itemId={l.itemId}
                          quantity={l.quantity}
                          name={name}
                          lastResult={sentFor === l.itemId ? lineResult : undefined}
                        />
                      </td>
                      <td className="num">{l.unitPrice}</td>
                      <td className="num">{l.vatRates}%</td>
                      <td className="num">{l.lineAmount}</td>
                      <td>
                        <RowAction
                          intent="remove"
                          name="itemId"
                          value={l.itemId}
                          label={`Verwijderen: ${name}`}
                          className="button-secondary button-small"
                        >
                          Verwijderen
                        </RowAction>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          <div className="grid grid-2">
            <section className="card" aria-labelledby="totals-heading">
              <h2 id="totals-heading">Totaal</h2>
              <VatSummary
                lines={cart.vatBreakdown.map((g) => ({
                  rate: g.vatRate,
                  taxable: g.taxable,
                  vat: g.vat,
                  gross: g.gross,
                }))}
                totals={cart.totals}
                testIds={{ net: "total-net", vat: "total-vat", gross: "total-gross" }}
              />
              <dl className="meta">
                <dt>Verzendkosten</dt>
                <dd>
                  {cart.shipping
                    ? `${cart.shipping} ${mode} btw (verdeeld over de tarieven van de fysieke artikelen)`
                    : "Geen"}
                </dd>
                <dt>Totaal excl. btw</dt>
                <dd>{cart.totals.net}</dd>
                <dt>Btw</dt>
                <dd>{cart.totals.vat}</dd>
                <dt>Totaal incl. btw</dt>
                <dd>
                  <strong>{cart.totals.gross}</strong>
                </dd>
              </dl>
              <Link className="button" to="/winkelwagen/afrekenen">
                Afrekenen
              </Link>
            </section>
            {cart.whatIf ? (
              <section className="card" aria-labelledby="whatif-heading">
                <h2 id="whatif-heading">Wat als u alles op papier of alles digitaal neemt?</h2>
                <TableScroll label="Wat als: bedragen per keuze">
                  <table aria-labelledby="whatif-heading">
                    <thead>
                      <tr>
                        <th scope="col">Keuze</th>
                        <th scope="col" className="num">
                          Excl. btw
                        </th>
                        <th scope="col" className="num">
                          Btw
                        </th>
                        <th scope="col" className="num">
                          Incl. btw
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
                      {cart.whatIf.map((s) => (
                        <tr key={s.key}>
                          <th scope="row">{s.label}</th>
                          <td className="num">{s.totals.net}</td>
                          <td className="num">{s.totals.vat}</td>
                          <td className="num">{s.totals.gross}</td>
                          <td className="num">{s.key === "chosen" ? "—" : s.difference.gross}</td>
                          <td className="num">{s.key === "chosen" ? "—" : s.difference.vatPart}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
                <ul className="what-if-list">
                  {cart.whatIf
                    .filter((s) => s.key !== "chosen")
                    .map((s) => (
                      <li key={s.key} className="sentence">
                        {s.label}: {s.sentence}
                        {s.switches ? (
                          <Form method="post" className="what-if-apply">
                            <input type="hidden" name="intent" value="apply" />
                            <input type="hidden" name="scenario" value={s.key} />
                            <button type="submit" className="button-secondary button-small">
                              {s.key === "allPrint" ? "Omzetten naar alles op papier" : "Omzetten naar alles digitaal"}
                            </button>
                          </Form>
                        ) : null}
                      </li>
                    ))}
                </ul>
                <p className="muted small">
                  Per titel vergeleken met de papieren en de digitale uitvoering (waar die er is), inclusief
                  verzendkosten zoals die bij die keuze zouden gelden.
                </p>
                {yearsText ? (
                  <CartOverYears
                    data={overYears}
                    problem={yearsProblem}
                    lastResult={yearsForm}
                    text={yearsText}
                    scenario={rateScenario?.chosen ?? ""}
                  />
                ) : null}
              </section>
            ) : null}
          </div>
          {rateScenario ? <CartRateScenario data={rateScenario} /> : null}
        </>
      )}
    </>
  );
}

/** A line's quantity: the cart schema's "update" branch, its error beside the field. */
function QuantityForm({
  itemId,
  quantity,
  name,
  lastResult,
}: {
  itemId: string;
  quantity: number;
  name: string;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useSchemaForm(CartSchema, { id: `q-${itemId}`, lastResult });
  const error = fields.quantity.errors?.[0] ?? form.errors?.[0];
  return (
    <Form method="post" className="row" {...getFormProps(form)}>
      <input type="hidden" name={fields.intent.name} value="update" />
      <input type="hidden" name={fields.itemId.name} value={itemId} />
      <Field
        meta={fields.quantity}
        className="row"
        label={<span className="visually-hidden">Aantal {name}</span>}
        error={error}
        type="number"
        min={0}
        max={MAX_CART_QUANTITY}
        defaultValue={quantity}
        inputMode="numeric"
      />
      <button type="submit" className="button-secondary button-small" aria-label={`Aantal wijzigen: ${name}`}>
        Wijzigen
      </button>
    </Form>
  );
}

type CartYearsData = ReturnType<typeof useLoaderData<typeof loader>>["overYears"];

/** The what-if over the years of use: a small GET form and one line per alternative ("over 4 schooljaren"). */
function CartOverYears({
  data,
  problem,
  lastResult,
  text,
  scenario,
}: {
  data: CartYearsData;
  problem: string | null;
  lastResult: SubmissionResult<string[]> | null;
  text: { jaren: string; vervanging: string };
  /** The chosen "Wat als" VAT scenario, kept when the years are sent. */
  scenario: string;
}) {
  const [form, fields] = useSchemaForm(CartYearsSchema, { id: "cart-years", lastResult, defaultValue: text });
  return (
    <div className="stack" aria-labelledby="cart-years-heading" role="group">
      <h3 id="cart-years-heading">Over de gebruiksduur</h3>
      <Form method="get" className="no-print" aria-labelledby="cart-years-heading" {...getFormProps(form)}>
        <div className="grid grid-2">
          <Field
            meta={fields.jaren}
            label="Aantal schooljaren"
            inputMode="numeric"
            hint={`1 tot en met ${YEARS_MAX}.`}
          />
          <Field meta={fields.vervanging} label="Vervanging per jaar (%)" inputMode="decimal" />
        </div>
        {scenario ? <input type="hidden" name="scenario" value={scenario} /> : null}
        <button type="submit" className="button-secondary button-small">
          Berekenen
        </button>
      </Form>
      {lastResult ? (
        <p className="field-error" role="alert">
          Controleer de gemarkeerde velden; hieronder staan de standaardwaarden van uw school.
        </p>
      ) : null}
      {problem ? (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      ) : null}
      {data ? (
        <>
          <ul className="what-if-list" aria-label={`Over ${plural(data.years, "schooljaar", "schooljaren")}`}>
            {data.scenarios.map((s) => (
              <li key={s.key} className="sentence" data-scenario={s.key}>
                {s.label} over {plural(data.years, "schooljaar", "schooljaren")}: {s.gross} (waarvan {s.vat} btw)
                {s.key === "chosen" ? "" : ` — ${s.sentence}`}
              </li>
            ))}
          </ul>
          <p className="muted small">
            Elk aantal in de winkelwagen als leerlingen per schooljaar; herbruikbare boeken één keer met{" "}
            {data.replacementPercent}% vervanging per jaar, licenties opnieuw als ze aflopen, werkboeken elk jaar. Elk
            jaar één bestelling met de prijzen van vandaag en het btw-tarief van die datum, met verzendkosten.
          </p>
        </>
      ) : null}
    </div>
  );
}

type RateScenarioData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["rateScenario"]>;

/**
 * "Wat als: ander btw-tarief" (issue 14 §4): a GET form with the stored scenarios and, once one is
 * chosen, the cart as it costs now beside the same cart under the scenario's VAT table.
 */
function CartRateScenario({ data }: { data: RateScenarioData }) {
  const [form, fields] = useSchemaForm(RateScenarioSchema, {
    id: "rate-scenario",
    lastResult: data.form,
    defaultValue: { scenario: data.chosen },
  });
  const c = data.comparison;
  return (
    <section className="card stack" aria-labelledby="rate-scenario-heading">
      <h2 id="rate-scenario-heading">Wat als: ander btw-tarief</h2>
      <Form method="get" className="no-print" aria-labelledby="rate-scenario-heading" {...getFormProps(form)}>
        <div className="row">
          <Select
            meta={fields.scenario}
            label="Scenario"
            className="field field-fit"
            placeholder="Kies een scenario"
            options={data.options}
          />
        </div>
        {Object.entries(data.keep ?? {})
          .filter(([, value]) => value !== "")
          .map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
        <button type="submit" className="button-secondary button-small">
          Vergelijken
        </button>
      </Form>
      {c ? (
        <>
          <p>{c.scenario.description}</p>
          <div className="grid grid-2">
            <VatSummary label="Zoals nu" showCaption lines={c.now.lines} totals={c.now.totals} />
            <VatSummary
              label={c.scenario.name}
              showCaption
              lines={c.underScenario.lines}
              totals={c.underScenario.totals}
              testIds={{ net: "scenario-net", vat: "scenario-vat", gross: "scenario-gross" }}
            />
          </div>
          <p className="sentence" data-testid="rate-scenario-difference">
            {c.scenario.name}: {c.sentence}.
          </p>
          <p className="muted small">
            Dezelfde artikelen, prijzen, staffels en verzendkosten; alleen de btw-tarieven van het scenario. Uw
            winkelwagen en de echte btw-tarieven veranderen niet.
          </p>
        </>
      ) : null}
    </section>
  );
}
