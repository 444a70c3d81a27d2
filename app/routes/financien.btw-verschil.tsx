import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { BarChart } from "~/components/charts/bar-chart";
import { Field, Select, useSchemaForm } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { requireRole } from "~/modules/auth/users.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { formatCents, plural } from "~/modules/format";
import { parsePeriod, recentQuarters } from "~/modules/invoices/invoice-filter";
import { VatGapFilterSchema } from "~/modules/invoices/vat-gap-filter";
import { vatGapReportFor, vatGapScopeOf, vatGapSelection, vatGapWhere } from "~/modules/invoices/vat-gap.server";
import { schoolOptions } from "~/modules/invoices/finance.server";
import { compareScenario } from "~/modules/pricing/scenario-pricing.server";
import { loadScenarios } from "~/modules/vat/scenarios.server";

export const meta: MetaFunction = () => [{ title: "Btw-verschil papier/digitaal — Leerwinkel" }];

/**
 * /financien/btw-verschil?period=2026-K3[&school=…][&scenario=…]: how much more VAT the electronic
 * parts of the period's documents carried than they would have at the reduced rate (issue 14 §3),
 * per month and per subject/publisher, from the stored invoices and credit notes (it reconciles
 * with the VAT return); optionally the period's orders re-priced under a "Wat als" scenario
 * (§4). Operator finance sees every school (or one), a board its schools, school finance and
 * school admins their own school. The CSV is at /financien/btw-verschil.csv with the same query.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE", "SCHOOL_FINANCE", "SCHOOL_ADMIN", "BOARD_ADMIN");
  const scope = await vatGapScopeOf(user);
  if (!scope) throw new Response("U heeft geen toegang tot deze pagina.", { status: 403 });
  const params = new URL(request.url).searchParams;
  const submission = parseWithZod(params, { schema: VatGapFilterSchema });
  const today = todayInAmsterdam();
  const [scenarios, schools] = await Promise.all([
    loadScenarios(),
    scope.kind === "operator" ? schoolOptions() : Promise.resolve([]),
  ]);
  const base = {
    scopeLabel: scope.label,
    operator: scope.kind === "operator",
    quarters: recentQuarters(today, 8),
    scenarios: scenarios.map((s) => ({ slug: s.slug, name: s.name, description: s.description })),
    schools,
  };
  const value = submission.status === "success" ? submission.value : null;
  const fieldErrors: Record<string, string[]> = {};
  const school = scope.kind === "operator" ? value?.school : undefined;
  if (school && !schools.some((s) => s.id === school)) fieldErrors.school = ["Kies een school uit de lijst."];
  const scenario = value?.scenario ? scenarios.find((s) => s.slug === value.scenario) : undefined;
  if (value?.scenario && !scenario) fieldErrors.scenario = ["Kies een scenario uit de lijst."];
  const periodText = value?.period || recentQuarters(today, 1)[0]!;
  const period = value ? parsePeriod(periodText) : null;
  if (!value || !period || Object.keys(fieldErrors).length > 0) {
    return {
      ...base,
      filter: submission.reply({ fieldErrors }),
      invalid: true,
      periodText,
      chosen: { school: "", scenario: "" },
      period: null,
      report: null,
      comparison: null,
      csvQuery: "",
    };
  }
  const selection = vatGapSelection(scope, period, school);
  const [report, comparison] = await Promise.all([
    vatGapReportFor(selection),
    scenario ? compareScenario(vatGapWhere(selection), scenario) : Promise.resolve(null),
  ]);
  const csv = new URLSearchParams({ period: period.label });
  if (school) csv.set("school", school);
  return {
    ...base,
    filter: submission.reply(),
    invalid: false,
    periodText,
    chosen: { school: school ?? "", scenario: scenario?.slug ?? "" },
    period,
    report,
    comparison,
    csvQuery: csv.toString(),
  };
}

const MONTH_SHORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
const shortMonth = (key: string) => `${MONTH_SHORT[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`;

export default function VatGapPage() {
  const d = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(VatGapFilterSchema, {
    id: "vat-gap",
    lastResult: d.invalid ? d.filter : null,
    // An accepted query is shown as the loader resolved it (empty period: the current quarter).
    defaultValue: { period: d.periodText, school: d.chosen.school, scenario: d.chosen.scenario },
  });
  const problems = Object.values(form.allErrors).flat();
  const report = d.report;
  return (
    <>
      <h1>Btw-verschil papier/digitaal</h1>
      <p>
        Hoeveel btw meer is betaald doordat digitaal leermateriaal (online licenties en de digitale delen van
        combinaties) onder het algemene tarief valt in plaats van het verlaagde tarief van gedrukt materiaal. Berekend
        uit de verzonden facturen en creditnota&apos;s van {d.scopeLabel}, dus gelijk aan de btw-aangifte.
      </p>
      <Form method="get" {...getFormProps(form)} className="filters card" aria-label="Periode en scenario kiezen">
        <div className="row">
          <Field
            meta={fields.period}
            id="gap-period"
            label="Periode"
            hint="Een kwartaal (2026-K3) of een maand (2026-07)"
            list="gap-period-options"
          />
          <datalist id="gap-period-options">
            {d.quarters.map((q) => (
              <option key={q} value={q} />
            ))}
          </datalist>
          {d.operator ? (
            <Select
              meta={fields.school}
              label="School"
              className="field field-fit"
              placeholder="Alle scholen"
              options={d.schools.map((s) => ({ value: s.id, label: s.name }))}
            />
          ) : null}
          <Select
            meta={fields.scenario}
            label="Wat als"
            className="field field-fit"
            placeholder="Geen scenario"
            options={d.scenarios.map((s) => ({ value: s.slug, label: s.name }))}
          />
        </div>
        <button type="submit" className="button">
          Toon overzicht
        </button>
      </Form>
      {problems.length ? (
        <div className="alert alert-error" role="alert">
          Controleer het formulier: {problems.join(" ")}
        </div>
      ) : null}
      {report && d.period ? (
        <>
          <p>
            {d.period.label}: {d.period.from} t/m {d.period.to} · {plural(report.invoiceCount, "factuur", "facturen")},{" "}
            {plural(report.creditNoteCount, "creditnota", "creditnota's")} (verrekend) ·{" "}
            <a href={`/financien/btw-verschil.csv?${d.csvQuery}`} download>
              CSV downloaden
            </a>
          </p>
          <section aria-labelledby="gap-totals" className="card">
            <h2 id="gap-totals">Totaal van de periode</h2>
            <dl className="meta finance-meta">
              <dt>Grondslag digitale delen</dt>
              <dd data-testid="gap-base">{formatCents(report.total.electronicBaseCents)}</dd>
              <dt>Btw betaald op digitale delen</dt>
              <dd data-testid="gap-paid">{formatCents(report.total.vatPaidCents)}</dd>
              <dt>Btw tegen het verlaagde tarief</dt>
              <dd data-testid="gap-reduced">{formatCents(report.total.vatAtReducedCents)}</dd>
              <dt>Btw-verschil</dt>
              <dd data-testid="gap-total">
                <strong>{formatCents(report.total.gapCents)}</strong>
              </dd>
            </dl>
            <p className="muted small">
              Ter controle: rubriek 1a (hoog tarief) van deze documenten is {formatCents(report.standardTurnoverCents)}{" "}
              omzet en {formatCents(report.standardVatCents)} btw; de digitale delen zijn daar een deel van.
            </p>
          </section>
          <BarChart
            testId="gap-chart"
            title={`Btw-verschil per maand, ${d.period.label}`}
            description={`Per maand de btw op digitale delen: het deel tegen het verlaagde tarief en het verschil daarboven. Totaal verschil ${formatCents(report.total.gapCents)} op ${formatCents(report.total.vatPaidCents)} btw.`}
            series={[
              { label: "Btw tegen verlaagd tarief", className: "chart-series-1" },
              { label: "Btw-verschil", className: "chart-series-2" },
            ]}
            bars={report.months.map((m) => ({
              label: shortMonth(m.key),
              segments: [m.vatAtReducedCents, m.gapCents],
            }))}
            table={{
              columns: ["Maand", "Btw betaald", "Tegen verlaagd tarief", "Verschil"],
              rows: report.months.map((m) => [
                m.label,
                formatCents(m.vatPaidCents),
                formatCents(m.vatAtReducedCents),
                formatCents(m.gapCents),
              ]),
              total: [
                "Totaal",
                formatCents(report.total.vatPaidCents),
                formatCents(report.total.vatAtReducedCents),
                formatCents(report.total.gapCents),
              ],
            }}
          />
          <GapTable
            caption="Per maand"
            first="Maand"
            rows={report.months.map((m) => ({ ...m, name: m.label }))}
            total={report.total}
          />
          <GapTable
            caption="Per vak en uitgever"
            first="Vak — uitgever"
            rows={report.groups.map((g) => ({ ...g, name: g.label }))}
            total={report.total}
          />
        </>
      ) : null}
      {d.comparison ? <ScenarioTable comparison={d.comparison} /> : null}
      <p>
        <Link to="/financien">Terug naar Financiën</Link>
      </p>
    </>
  );
}

interface GapRowView {
  key: string;
  name: string;
  electronicBaseCents: number;
  vatPaidCents: number;
  vatAtReducedCents: number;
  gapCents: number;
}

function GapTable(props: { caption: string; first: string; rows: GapRowView[]; total: Omit<GapRowView, "name"> }) {
  return (
    <TableScroll label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            <th scope="col" className="num">
              Grondslag
            </th>
            <th scope="col" className="num">
              Btw betaald
            </th>
            <th scope="col" className="num">
              Tegen verlaagd tarief
            </th>
            <th scope="col" className="num">
              Verschil
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="muted">
                Geen digitale delen in deze periode.
              </td>
            </tr>
          ) : (
            props.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row" className="wrap">
                  {r.name}
                </th>
                <td className="num">{formatCents(r.electronicBaseCents)}</td>
                <td className="num">{formatCents(r.vatPaidCents)}</td>
                <td className="num">{formatCents(r.vatAtReducedCents)}</td>
                <td className="num">{formatCents(r.gapCents)}</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Totaal</th>
            <td className="num">{formatCents(props.total.electronicBaseCents)}</td>
            <td className="num">{formatCents(props.total.vatPaidCents)}</td>
            <td className="num">{formatCents(props.total.vatAtReducedCents)}</td>
            <td className="num">{formatCents(props.total.gapCents)}</td>
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}

type Comparison = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["comparison"]>;

function ScenarioTable({ comparison }: { comparison: Comparison }) {
  const c = comparison;
  return (
    <section aria-labelledby="scenario-heading">
      <h2 id="scenario-heading">Wat als: {c.scenario.name}</h2>
      <p>
        {c.scenario.description} De bestellingen met een factuur in deze periode opnieuw berekend (vóór
        creditnota&apos;s), naast wat is betaald. Er verandert niets aan tarieven, bestellingen of facturen.
      </p>
      <TableScroll label={`Wat als: ${c.scenario.name}`}>
        <table>
          <caption className="visually-hidden">Wat als: {c.scenario.name}, per school</caption>
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col" className="num">
                Bestellingen
              </th>
              <th scope="col" className="num">
                Betaald incl. btw
              </th>
              <th scope="col" className="num">
                Waarvan btw
              </th>
              <th scope="col" className="num">
                Scenario incl. btw
              </th>
              <th scope="col" className="num">
                Waarvan btw
              </th>
              <th scope="col" className="num">
                Verschil
              </th>
            </tr>
          </thead>
          <tbody>
            {c.schools.map((s) => (
              <tr key={s.schoolId}>
                <th scope="row" className="wrap">
                  {s.schoolName}
                </th>
                <td className="num">{s.orders}</td>
                <td className="num">{formatCents(s.paid.grossCents)}</td>
                <td className="num">{formatCents(s.paid.vatCents)}</td>
                <td className="num">{formatCents(s.scenario.grossCents)}</td>
                <td className="num">{formatCents(s.scenario.vatCents)}</td>
                <td className="num">{formatCents(s.grossDifferenceCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Totaal</th>
              <td className="num">{c.total.orders}</td>
              <td className="num">{formatCents(c.total.paid.grossCents)}</td>
              <td className="num">{formatCents(c.total.paid.vatCents)}</td>
              <td className="num">{formatCents(c.total.scenario.grossCents)}</td>
              <td className="num">{formatCents(c.total.scenario.vatCents)}</td>
              <td className="num" data-testid="scenario-difference">
                {formatCents(c.total.grossDifferenceCents)}
              </td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
    </section>
  );
}
