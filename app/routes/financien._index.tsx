import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Field, FormError, FormSuccess, Select, useSchemaForm } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { DomainError } from "~/modules/errors/domain-error";
import { paymentDateProblem, type PaymentDateBounds } from "~/modules/invoices/payment-date";
import { requireRole } from "~/modules/auth/users.server";
import { fieldErrorOf, formErrorOf } from "~/modules/forms/action-result";
import { domainErrorAnswer, formDone, formInvalid } from "~/modules/forms/answer.server";
import { formatCents, plural, formatDateShort } from "~/modules/format";
import { isIsoDate, todayInAmsterdam } from "~/modules/calendar/iso-date";
import { Pagination } from "~/components/pagination";
import {
  financeScopeOf,
  scopedInvoiceFilter,
  listInvoices,
  markInvoicePaid,
  recentQuarters,
  schoolOptions,
  type InvoiceStatus,
} from "~/modules/invoices/finance.server";
import { invoiceFilterSchema } from "~/modules/invoices/invoice-filter";
import { invoiceWhere } from "~/modules/invoices/invoice-document.server";
import { vatPerRate } from "~/modules/invoices/vat-gap.server";
import { BarChart } from "~/components/charts/bar-chart";
import type { UblProfile } from "~/modules/invoices/ubl";

/** The UBL profiles a finance user can choose (DESIGN §5); Peppol BIS 3 is the default. */
const UBL_PROFILE_LABELS: Record<UblProfile, string> = {
  peppol: "Peppol BIS 3 (standaard)",
  nlcius: "NLCIUS (SI-UBL 2.0)",
};

const STATUS_LABELS: Record<InvoiceStatus, string> = {
  open: "Open",
  paid: "Betaald",
  credited: "Gecrediteerd",
  "credit-note": "Creditnota",
};

export const meta: MetaFunction = () => [{ title: "Facturen — Leerwinkel" }];

const TYPE_OPTIONS = [
  { value: "INVOICE", label: "Alleen facturen" },
  { value: "CREDIT_NOTE", label: "Alleen creditnota's" },
];
const STATUS_OPTIONS = (["open", "paid", "credited"] as const).map((s) => ({ value: s, label: STATUS_LABELS[s] }));

const FILTER_KEYS = ["quarter", "from", "to", "school", "type", "status"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE", "SCHOOL_FINANCE");
  const scope = financeScopeOf(user)!;
  const params = new URL(request.url).searchParams;
  const raw = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""]));
  // The filter form's schema, shared with the browser: its result brings values and errors back.
  const submission = parseWithZod(params, { schema: invoiceFilterSchema });
  const today = todayInAmsterdam();
  const base = {
    scope: scope.operator ? "all" : "school",
    raw,
    filter: submission.reply(),
    operator: scope.operator,
    quarters: recentQuarters(today, 8),
    today,
    schools: scope.operator ? await schoolOptions() : [],
  };
  if (submission.status !== "success") return { ...base, list: null, vatRates: [], exportQuery: "" };
  const f = submission.value;
  const filter = scopedInvoiceFilter(scope, f);
  const [list, vatRates] = await Promise.all([listInvoices(filter, f.page), vatPerRate(invoiceWhere(filter))]);
  const exportParams = new URLSearchParams();
  if (filter.from) exportParams.set("from", filter.from);
  if (filter.to) exportParams.set("to", filter.to);
  if (scope.operator && f.school) exportParams.set("school", f.school);
  if (f.type) exportParams.set("type", f.type);
  if (f.status) exportParams.set("status", f.status);
  return { ...base, list, vatRates, exportQuery: exportParams.toString() };
}

/**
 * The mark-paid form of one row, shared by browser and server. In the browser it also knows the
 * row's bounds (invoice date, today) and says at once when the payment date lies outside them;
 * on the server markInvoicePaid checks the same rule against the stored invoice (payment-date.ts).
 */
function markPaidSchema(bounds?: PaymentDateBounds) {
  return z
    .object({
      intent: z.literal("markPaid"),
      invoiceId: z.string().min(1),
      paidOn: z
        .string({ required_error: "Vul een betaaldatum in." })
        .trim()
        .refine(isIsoDate, { message: "Vul een betaaldatum in als JJJJ-MM-DD." }),
    })
    .superRefine((form, ctx) => {
      const problem = bounds && isIsoDate(form.paidOn) ? paymentDateProblem(form.paidOn, bounds) : null;
      if (problem) ctx.addIssue({ code: "custom", path: ["paidOn"], message: problem.message });
    });
}

export async function action({ request }: ActionFunctionArgs) {
  // Recording a payment received is the distributor's bookkeeping: operator finance only.
  const user = await requireRole(request, "OPERATOR_FINANCE");
  const submission = parseWithZod(await request.formData(), { schema: markPaidSchema() });
  if (submission.status !== "success") return formInvalid(submission);
  const { invoiceId, paidOn } = submission.value;
  try {
    const { number } = await markInvoicePaid({ invoiceId, schoolId: null, userId: user.id, paidOn });
    return formDone(submission, { success: `Factuur ${number} is als betaald gemarkeerd.` });
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw domainErrorAnswer(error, "page");
    return domainErrorAnswer(error, submission, { fields: ["paidOn"] });
  }
}

type Result = SubmissionResult<string[]> | undefined;

/** The invoice a mark-paid result is about. */
function sentInvoice(result: Result): unknown {
  return (result?.initialValue as { invoiceId?: unknown } | null | undefined)?.invoiceId;
}

function pageLink(raw: Record<string, string>, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) if (v) p.set(k, v);
  p.set("page", String(page));
  return `?${p.toString()}`;
}

export default function FinanceInvoices() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const search = useLocation().search;
  const list = d.list;
  return (
    <>
      <h1>Facturen</h1>
      <FormSuccess message={result?.success} />
      <MarkPaidErrorSummary result={result?.result} rows={list?.rows ?? []} />

      {/* Keyed by the query: after "Wissen" or a new filter the form starts from what the URL says. */}
      <InvoiceFilter key={search} result={d.filter} quarters={d.quarters} schools={d.operator ? d.schools : null} />

      {list ? (
        <>
          <p className="row">
            <a className="button button-secondary" href={`/financien/export.csv?${d.exportQuery}`} download>
              CSV downloaden
            </a>
            <a
              className="button button-secondary"
              href={`/financien/export.csv?${d.exportQuery}${d.exportQuery ? "&" : ""}decimalComma=1`}
              download
            >
              CSV met decimale komma
            </a>
          </p>
          {/* A plain GET form to the ZIP route: the profile choice works without JavaScript. */}
          <form method="get" action="/financien/export-ubl.zip" className="row" aria-label="UBL-bestanden downloaden">
            {[...new URLSearchParams(d.exportQuery)].map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <div className="field">
              <label htmlFor="ubl-profile">UBL-profiel</label>
              <select id="ubl-profile" name="profile" defaultValue="peppol" aria-describedby="ubl-profile-help">
                {(Object.entries(UBL_PROFILE_LABELS) as [UblProfile, string][]).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button-secondary">
              UBL-bestanden (zip)
            </button>
          </form>
          <p id="ubl-profile-help" className="muted small">
            Peppol BIS 3 voor verzending via Peppol; NLCIUS als een Nederlandse ontvanger om SI-UBL vraagt. Een document
            dat niet als UBL kan worden gemaakt, ontbreekt in de zip: het bestand FOUTEN.txt in de zip noemt het en zegt
            waarom.
          </p>
          <section aria-labelledby="totals-heading" className="card">
            <h2 id="totals-heading">Totaal van de selectie</h2>
            <p>
              {plural(list.totals.invoiceCount, "factuur", "facturen")},{" "}
              {plural(list.totals.creditNoteCount, "creditnota", "creditnota's")}
            </p>
            <dl className="meta">
              <dt>Excl. btw</dt>
              <dd data-testid="total-net">{formatCents(list.totals.netCents)}</dd>
              <dt>Btw</dt>
              <dd data-testid="total-vat">{formatCents(list.totals.vatCents)}</dd>
              <dt>Incl. btw</dt>
              <dd data-testid="total-gross">{formatCents(list.totals.grossCents)}</dd>
            </dl>
          </section>
          {d.vatRates.length > 0 ? (
            <BarChart
              testId="vat-per-rate-chart"
              title="Btw per tarief in de selectie"
              description={`Omzet excl. btw en btw per tarief, creditnota's verrekend: ${d.vatRates
                .map((r) => `${r.vatRate}%: ${formatCents(r.vatCents)} btw over ${formatCents(r.taxableCents)}`)
                .join("; ")}.`}
              series={[{ label: "Btw", className: "chart-series-1" }]}
              bars={d.vatRates.map((r) => ({ label: `${r.vatRate}%`, segments: [r.vatCents] }))}
              table={{
                columns: ["Tarief", "Omzet excl. btw", "Btw"],
                rows: d.vatRates.map((r) => [`${r.vatRate}%`, formatCents(r.taxableCents), formatCents(r.vatCents)]),
                total: [
                  "Totaal",
                  formatCents(d.vatRates.reduce((s, r) => s + r.taxableCents, 0)),
                  formatCents(d.vatRates.reduce((s, r) => s + r.vatCents, 0)),
                ],
              }}
            />
          ) : null}
          {list.rows.length === 0 ? (
            <p className="muted">Geen facturen of creditnota&apos;s in deze selectie.</p>
          ) : (
            <TableScroll label="Facturen en creditnota's">
              <table className="finance-table">
                <caption className="muted small">
                  Pagina {list.page} van {list.pageCount} · {plural(list.total, "document", "documenten")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Nummer</th>
                    <th scope="col">Datum</th>
                    <th scope="col">Klant</th>
                    <th scope="col">Order</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Excl. btw
                    </th>
                    <th scope="col" className="num">
                      Btw
                    </th>
                    <th scope="col" className="num">
                      Incl. btw
                    </th>
                    <th scope="col">Downloads</th>
                    {d.operator ? <th scope="col">Betaling</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {list.rows.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{r.number}</th>
                      <td>
                        <time dateTime={r.issueDate}>{formatDateShort(r.issueDate)}</time>
                      </td>
                      <td className="wrap">
                        {r.buyerName}
                        {r.buyerName !== r.schoolName ? <span className="muted small"> ({r.schoolName})</span> : null}
                      </td>
                      <td className="stack-cell">
                        {r.orderNumber}
                        {r.poNumber ? <span className="muted small">{r.poNumber}</span> : null}
                      </td>
                      <td>
                        <span
                          className={`badge ${r.status === "paid" ? "badge-ok" : r.status === "open" ? "badge-warn" : ""}`}
                        >
                          {STATUS_LABELS[r.status]}
                        </span>
                      </td>
                      <td className="num">{formatCents(r.netCents)}</td>
                      <td className="num">{formatCents(r.vatCents)}</td>
                      <td className="num">{formatCents(r.grossCents)}</td>
                      <td>
                        {/* No `download` attribute: the answer is an attachment anyway, and a document that cannot be made shows its Dutch 422 message instead of a failed download. */}
                        <a href={`/financien/facturen/${r.id}.pdf`} aria-label={`PDF van ${r.number}`}>
                          PDF
                        </a>
                        {" · "}
                        <a href={`/financien/facturen/${r.id}.xml`} aria-label={`UBL van ${r.number}`}>
                          UBL
                        </a>
                      </td>
                      {d.operator ? (
                        <td>
                          {r.canMarkPaid ? (
                            <MarkPaidForm
                              row={r}
                              today={d.today}
                              lastResult={sentInvoice(result?.result) === r.id ? result?.result : undefined}
                            />
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          <Pagination page={list.page} pageCount={list.pageCount} href={(n) => pageLink(d.raw, n)} />
        </>
      ) : null}
    </>
  );
}

/**
 * A refused mark-paid, at the top of the page where a page sent without JavaScript comes back:
 * the form's own message, or which invoice's payment date to correct with a link to the field
 * (whose message stands next to it in the row).
 */
function MarkPaidErrorSummary({ result, rows }: { result: Result; rows: { id: string; number: string }[] }) {
  const formError = formErrorOf(result);
  if (formError) return <FormError message={formError} />;
  const invoiceId = sentInvoice(result);
  const row = rows.find((r) => r.id === invoiceId);
  if (!row || !fieldErrorOf(result, "paidOn")) return null;
  return (
    <div className="alert alert-error" role="alert">
      Factuur {row.number} is niet als betaald gemarkeerd: <a href={`#paid-${row.id}`}>controleer de betaaldatum</a>.
    </div>
  );
}

/** "Markeer als betaald" for one open invoice on account: the day the payment came in, today by default. */
function MarkPaidForm({
  row,
  today,
  lastResult,
}: {
  row: { id: string; number: string; issueDate: string };
  today: string;
  lastResult: Result;
}) {
  const [form, fields] = useSchemaForm(markPaidSchema({ today, issueDate: row.issueDate }), {
    id: `mark-paid-${row.id}`,
    lastResult,
    defaultValue: { paidOn: today },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mark-paid">
      <input type="hidden" name={fields.intent.name} value="markPaid" />
      <input type="hidden" name={fields.invoiceId.name} value={row.id} />
      <Field
        meta={fields.paidOn}
        id={`paid-${row.id}`}
        type="date"
        className="field mark-paid-date"
        label={
          <>
            Betaald op<span className="visually-hidden"> ({row.number})</span>
          </>
        }
      />
      <button type="submit" className="button button-small">
        Markeer als betaald<span className="visually-hidden"> {row.number}</span>
      </button>
    </Form>
  );
}

/**
 * The list's filter: a GET form on the one filter schema (invoices/invoice-filter.ts), checked in
 * the browser on submit and by the loader, whose result brings each field's value and error back.
 */
function InvoiceFilter({
  result,
  quarters,
  schools,
}: {
  result: Result;
  quarters: string[];
  schools: { id: string; name: string }[] | null;
}) {
  const [form, fields] = useSchemaForm(invoiceFilterSchema, { id: "invoice-filter", lastResult: result });
  const problems = Object.values(form.allErrors).flat();
  return (
    <>
      <Form method="get" {...getFormProps(form)} className="filters card" aria-label="Facturen filteren">
        <div className="row">
          <Select
            meta={fields.quarter}
            label="Kwartaal"
            placeholder="Geen (gebruik de datums)"
            options={quarters.map((q) => ({ value: q, label: q }))}
          />
          <Field meta={fields.from} label="Van" type="date" />
          <Field meta={fields.to} label="Tot en met" type="date" />
          {schools ? (
            <Select
              meta={fields.school}
              label="School"
              placeholder="Alle scholen"
              options={schools.map((s) => ({ value: s.id, label: s.name }))}
            />
          ) : null}
          <Select meta={fields.type} label="Soort" placeholder="Facturen en creditnota's" options={TYPE_OPTIONS} />
          <Select meta={fields.status} label="Status" placeholder="Alle" options={STATUS_OPTIONS} />
        </div>
        <button type="submit" className="button">
          Filteren
        </button>{" "}
        <Link to="/financien" className="button button-secondary">
          Wissen
        </Link>
      </Form>
      {problems.length ? (
        <div className="alert alert-error" role="alert">
          Controleer het filter: {problems.join(" ")}
        </div>
      ) : null}
    </>
  );
}
