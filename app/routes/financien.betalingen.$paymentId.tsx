import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { FormError, RowAction, useSchemaForm } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { RefundLinesTable, refundLines, refundLinesSchema } from "~/components/refund-lines-table";
import { DomainError } from "~/modules/errors/domain-error";
import { formErrorOf } from "~/modules/forms/action-result";
import { domainErrorAnswer, formDone, formInvalid } from "~/modules/forms/answer.server";
import { requireRole } from "~/modules/auth/users.server";
import { recordIdParam } from "~/modules/http/route-params";
import { formatCents, formatDateShort } from "~/modules/format";
import { ORDER_STATUS_LABELS } from "~/modules/orders/orders.server";
import {
  PAYMENT_ANOMALY_LABELS,
  PAYMENT_STATUS_LABELS,
  REFUND_SOURCE_LABELS,
  REFUND_STATUS_LABELS,
} from "~/modules/payments/payment-error";
import { paymentDetail, refundPayment, retryRefund, type RefundResult } from "~/modules/payments/refunds.server";

export const meta: MetaFunction = () => [{ title: "Betaling — Leerwinkel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_FINANCE");
  const paymentId = recordIdParam(params, "paymentId");
  const p = await paymentDetail(paymentId);
  if (!p) throw new Response("Deze betaling bestaat niet.", { status: 404 });
  return {
    id: p.id,
    test: p.provider === "test",
    status: PAYMENT_STATUS_LABELS[p.status] ?? p.status,
    anomaly: p.anomaly ? (PAYMENT_ANOMALY_LABELS[p.anomaly] ?? p.anomaly) : null,
    methodType: p.methodType,
    refundable:
      !p.anomaly && ["PAID", "PARTIALLY_REFUNDED"].includes(p.status) && !p.refunds.some((r) => r.status === "PENDING"),
    amount: formatCents(p.amountCents),
    refunded: formatCents(p.refundedCents),
    sessionId: p.checkoutSessionId,
    paymentIntentId: p.paymentIntentId,
    order: {
      id: p.order.id,
      number: p.order.number,
      status: ORDER_STATUS_LABELS[p.order.status] ?? p.order.status,
      customer: p.order.kind === "PARENT" ? `Ouder — ${p.order.school.name}` : p.order.school.name,
    },
    lines: refundLines(p.order.lines),
    refunds: p.refunds.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString().slice(0, 10),
      amount: formatCents(r.amountCents),
      status: REFUND_STATUS_LABELS[r.status] ?? r.status,
      source: REFUND_SOURCE_LABELS[r.source] ?? r.source,
      toProcess: r.status === "TO_PROCESS",
      pending: r.status === "PENDING",
      creditNote: r.creditNote?.number ?? "",
      providerRefundId: r.providerRefundId,
    })),
  };
}

/** The page's forms, one schema each, shared by browser and server; `intent` says which was sent. */
const IntentSchema = z.object({
  intent: z.enum(["full", "lines", "retry"], { errorMap: () => ({ message: "Onbekende actie." }) }),
});
const FullSchema = z.object({ intent: z.literal("full") });
const RetrySchema = z.object({ intent: z.literal("retry"), refundId: z.string().min(1) });
const LinesSchema = refundLinesSchema({ intent: z.literal("lines") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE");
  const paymentId = recordIdParam(params, "paymentId");
  const form = await request.formData();
  const sent = parseWithZod(form, { schema: IntentSchema });
  if (sent.status !== "success") return formInvalid(sent);
  // The form the refusal goes back to, once its own schema has parsed it.
  let from: Parameters<typeof formDone>[0] = sent;
  try {
    let result: RefundResult;
    if (sent.value.intent === "retry") {
      const submission = parseWithZod(form, { schema: RetrySchema });
      if (submission.status !== "success") return formInvalid(submission);
      from = submission;
      result = await retryRefund(submission.value.refundId, user.id);
    } else if (sent.value.intent === "full") {
      const submission = parseWithZod(form, { schema: FullSchema });
      if (submission.status !== "success") return formInvalid(submission);
      from = submission;
      result = await refundPayment(paymentId, "ALL", user.id);
    } else {
      const submission = parseWithZod(form, { schema: LinesSchema });
      if (submission.status !== "success") return formInvalid(submission);
      from = submission;
      result = await refundPayment(paymentId, submission.value.selection, user.id);
    }
    // The refund made, or left pending for a retry (its provider error on the page).
    return formDone<RefundResult>(from, { outcome: result });
  } catch (error) {
    // An unknown payment or refund is a 404 page; any other refusal goes back to the form it came from.
    if (error instanceof DomainError && error.status === 404) throw domainErrorAnswer(error, "page");
    return domainErrorAnswer(error, from);
  }
}

export default function PaymentPage() {
  const p = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const sentIntent = (data?.result.initialValue as { intent?: unknown } | null | undefined)?.intent;
  const [linesForm, lineFields] = useSchemaForm(LinesSchema, {
    id: "refund-lines",
    lastResult: sentIntent === "lines" ? data?.result : undefined,
  });
  const outcome = data?.outcome;
  return (
    <div className="stack">
      <h1>Betaling bestelling {p.order.number}</h1>
      {p.anomaly ? (
        <div className="alert alert-info" role="note">
          {p.anomaly}. Dit geld hoort niet bij de omzet: er is geen factuur of creditnota voor.
        </div>
      ) : null}
      {p.test ? (
        <div className="alert alert-info" role="note">
          Testbetaling: terugbetalingen worden alleen in de winkel geboekt, er gaat geen geld terug.
        </div>
      ) : null}
      <dl className="meta finance-meta">
        <dt>Klant</dt>
        <dd>{p.order.customer}</dd>
        <dt>Status betaling</dt>
        <dd>{p.status}</dd>
        <dt>Status bestelling</dt>
        <dd>{p.order.status}</dd>
        <dt>Bedrag</dt>
        <dd>{p.amount}</dd>
        <dt>Terugbetaald</dt>
        <dd>{p.refunded}</dd>
        <dt>Betaalwijze</dt>
        <dd>{p.methodType ?? "—"}</dd>
        <dt>Stripe-sessie</dt>
        <dd className="small">{p.sessionId}</dd>
      </dl>
      <FormError message={formErrorOf(data?.result)} />
      {outcome?.providerError ? (
        <div className="alert alert-error" role="alert">
          Stripe heeft de terugbetaling niet uitgevoerd: {outcome.providerError}.{" "}
          {outcome.creditNoteNumber ? `De creditnota ${outcome.creditNoteNumber} is gemaakt; ` : ""}probeer de
          terugbetaling opnieuw.
        </div>
      ) : outcome ? (
        <div className="alert alert-ok" role="status">
          Terugbetaling van {formatCents(outcome.amountCents)} geboekt
          {outcome.creditNoteNumber ? ` (creditnota ${outcome.creditNoteNumber})` : ""} —{" "}
          {REFUND_STATUS_LABELS[outcome.status] ?? outcome.status}.
        </div>
      ) : null}

      {p.refunds.length ? (
        <section className="card">
          <h2>Terugbetalingen</h2>
          <TableScroll label="Terugbetalingen">
            <table>
              <thead>
                <tr>
                  <th scope="col">Datum</th>
                  <th scope="col">Herkomst</th>
                  <th scope="col">Creditnota</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Bedrag
                  </th>
                  <th scope="col">Actie</th>
                </tr>
              </thead>
              <tbody>
                {p.refunds.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <time dateTime={r.createdAt}>{formatDateShort(r.createdAt)}</time>
                    </td>
                    <td>{r.source}</td>
                    <td>{r.creditNote || "—"}</td>
                    <td>{r.status}</td>
                    <td className="num">{r.amount}</td>
                    <td>
                      {r.pending ? (
                        <RowAction
                          intent="retry"
                          name="refundId"
                          value={r.id}
                          label={`Opnieuw proberen: terugbetaling van ${r.amount} (${formatDateShort(r.createdAt)})`}
                          disabled={busy}
                        >
                          Opnieuw proberen
                        </RowAction>
                      ) : r.toProcess ? (
                        <Link to={`/financien/terugbetalingen/${r.id}`}>Verwerken</Link>
                      ) : (
                        (r.providerRefundId ?? "")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}

      {p.refundable ? (
        <>
          <section className="card">
            <h2>Volledig terugbetalen</h2>
            <p>Maakt een creditnota voor alles wat nog openstaat, trekt de licenties in en betaalt het bedrag terug.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="full" />
              <button type="submit" disabled={busy}>
                Alles terugbetalen
              </button>
            </Form>
          </section>
          <section className="card">
            <h2>Per regel terugbetalen</h2>
            <Form method="post" {...getFormProps(linesForm)}>
              <input type="hidden" name="intent" value="lines" />
              <RefundLinesTable lines={p.lines} fields={lineFields} quantityLabel="Aantal terug" />
              <button type="submit" disabled={busy}>
                Geselecteerde regels terugbetalen
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  );
}
