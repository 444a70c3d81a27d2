import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, useSchemaForm } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { formatCents, plural } from "~/modules/format";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { parsePeriod, recentQuarters } from "~/modules/invoices/invoice-filter";
import { vatReturnFor } from "~/modules/invoices/finance.server";
import { openRefundDifference, openRefundDifferenceText } from "~/modules/invoices/vat-return";
import { refundsWithoutCreditNote } from "~/modules/payments/dashboard-refunds.server";

export const meta: MetaFunction = () => [{ title: "Btw-aangifte — Leerwinkel" }];

/** The period form (GET), for the browser and the loader: empty is the current quarter. */
const PeriodSchema = z.object({
  period: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || parsePeriod(v) !== null, {
      message: "Kies een maand (2026-07) of een kwartaal (2026-K3).",
    }),
});

/**
 * /financien/btw-aangifte?period=2026-K3|2026-07: the VAT-return summary of a month or quarter
 * (boxes 1a/1b, turnover and VAT per rate, credit notes netted); downloads at
 * /financien/btw-aangifte/<period>.json|.csv.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_FINANCE");
  const params = new URL(request.url).searchParams;
  // The period form's schema, shared with the browser: its result brings the value and error back.
  const submission = parseWithZod(params, { schema: PeriodSchema });
  const filter = submission.reply();
  const today = todayInAmsterdam();
  const periodText =
    (submission.status === "success" ? submission.value.period : undefined) ?? recentQuarters(today, 1)[0]!;
  const period = submission.status === "success" ? parsePeriod(periodText) : null;
  if (!period) {
    return {
      periodText,
      filter,
      period: null,
      summary: null,
      openRefunds: null,
      quarters: recentQuarters(today, 8),
    };
  }
  const summary = await vatReturnFor(period);
  // Money refunded in the Stripe Dashboard without a credit note: shown, never mixed into 1a/1b.
  const open = openRefundDifference(await refundsWithoutCreditNote(period));
  const openRefunds = { ...open, text: openRefundDifferenceText(open, formatCents) };
  return { periodText, filter, period, summary, openRefunds, quarters: recentQuarters(today, 8) };
}

export default function VatReturnPage() {
  const d = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(PeriodSchema, {
    id: "vat-period",
    // An accepted period is shown as the loader resolved it (empty: the current quarter).
    lastResult: d.filter.status === "error" ? d.filter : null,
    defaultValue: { period: d.periodText },
  });
  return (
    <>
      <h1>Btw-aangifte</h1>
      <Form method="get" {...getFormProps(form)} className="filters card" aria-label="Periode kiezen">
        <Field
          meta={fields.period}
          id="f-period"
          label="Periode"
          hint="Een kwartaal (2026-K3) of een maand (2026-07)"
          list="period-options"
        />
        <datalist id="period-options">
          {d.quarters.map((q) => (
            <option key={q} value={q} />
          ))}
        </datalist>
        <button type="submit" className="button">
          Toon overzicht
        </button>
      </Form>
      {d.summary && d.period ? (
        <>
          <p>
            {d.period.label}: {d.period.from} t/m {d.period.to} ·{" "}
            {plural(d.summary.invoiceCount, "factuur", "facturen")},{" "}
            {plural(d.summary.creditNoteCount, "creditnota", "creditnota's")} (verrekend).{" "}
            <a href={`/financien/btw-aangifte/${d.period.label}.json`} download>
              JSON downloaden
            </a>
            {" · "}
            <a href={`/financien/btw-aangifte/${d.period.label}.csv`} download>
              CSV downloaden
            </a>
          </p>
          {d.openRefunds?.text ? (
            <div className="alert alert-info" role="note">
              <strong>{d.openRefunds.text}</strong>. Dit geld is teruggegaan zonder creditnota en telt in de rubrieken
              hieronder nog als omzet. <Link to="/financien/terugbetalingen">Verwerk de terugbetalingen</Link>{" "}
              (creditnota per regel) voordat u de aangifte indient.
            </div>
          ) : null}
          <div className="table-wrap">
            <table>
              <caption>Rubrieken van de aangifte</caption>
              <thead>
                <tr>
                  <th scope="col">Rubriek</th>
                  <th scope="col">Omschrijving</th>
                  <th scope="col" className="num">
                    Omzet
                  </th>
                  <th scope="col" className="num">
                    Btw
                  </th>
                  <th scope="col" className="num">
                    Op het formulier (omzet / btw, hele euro&apos;s)
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.summary.boxes.map((b) => (
                  <tr key={b.box}>
                    <th scope="row">{b.box}</th>
                    <td>
                      {b.label}
                      {b.rates.length ? ` (${b.rates.map((r) => `${r}%`).join(", ")})` : ""}
                    </td>
                    <td className="num">{formatCents(b.turnoverCents)}</td>
                    <td className="num">{formatCents(b.vatCents)}</td>
                    <td className="num">
                      {b.turnoverEuros} / {b.vatEuros}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Totaal</th>
                  <td></td>
                  <td className="num">{formatCents(d.summary.totalTurnoverCents)}</td>
                  <td className="num">{formatCents(d.summary.totalVatCents)}</td>
                  <td></td>
                </tr>
              </tfoot>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption>Per tarief</caption>
              <thead>
                <tr>
                  <th scope="col">Tarief</th>
                  <th scope="col">Rubriek</th>
                  <th scope="col" className="num">
                    Omzet
                  </th>
                  <th scope="col" className="num">
                    Btw
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.summary.rates.map((r) => (
                  <tr key={`${r.category}-${r.vatRate}`}>
                    <th scope="row">{r.vatRate}%</th>
                    <td>{r.box}</td>
                    <td className="num">{formatCents(r.turnoverCents)}</td>
                    <td className="num">{formatCents(r.vatCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
