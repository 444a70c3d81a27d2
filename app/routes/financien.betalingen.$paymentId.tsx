import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form";
import { RefundLinesTable, refundLines } from "~/components/refund-lines-table";
import { requireRole } from "~/modules/auth/users.server";
import { recordIdParam } from "~/modules/http/route-params";
import { formatCents } from "~/modules/format";
import { ORDER_STATUS_LABELS } from "~/modules/orders/orders.server";
import {
  PAYMENT_ANOMALY_LABELS,
  PAYMENT_STATUS_LABELS,
  answerPaymentError,
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

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("full") }),
  z.object({ intent: z.literal("lines") }),
  z.object({ intent: z.literal("retry"), refundId: z.string().min(1) }),
]);

type ActionData = {
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  result?: RefundResult;
};

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionData> {
  const user = await requireRole(request, "OPERATOR_FINANCE");
  const paymentId = recordIdParam(params, "paymentId");
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  const intent = Intent.safeParse(form);
  if (!intent.success) return { formError: "Onbekende actie." };
  try {
    if (intent.data.intent === "retry") return { result: await retryRefund(intent.data.refundId, user.id) };
    if (intent.data.intent === "full") return { result: await refundPayment(paymentId, "ALL", user.id) };
    const fieldErrors: Record<string, string> = {};
    const selection: { orderLineId: string; quantity: number }[] = [];
    for (const [key, value] of Object.entries(form)) {
      if (!key.startsWith("qty-") || value.trim() === "") continue;
      const quantity = z.coerce.number().int().min(0).max(100_000).safeParse(value.trim());
      if (!quantity.success) fieldErrors[key] = "Vul een heel aantal in (0 of meer).";
      else if (quantity.data > 0) selection.push({ orderLineId: key.slice(4), quantity: quantity.data });
    }
    if (Object.keys(fieldErrors).length) return { fieldErrors, values: form };
    return { result: await refundPayment(paymentId, selection, user.id) };
  } catch (error) {
    return { ...answerPaymentError(error), values: form };
  }
}

export default function PaymentPage() {
  const p = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
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
      <dl className="meta">
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
      <FormError message={data?.formError} />
      {data?.result?.providerError ? (
        <div className="alert alert-error" role="alert">
          Stripe heeft de terugbetaling niet uitgevoerd: {data.result.providerError}.{" "}
          {data.result.creditNoteNumber ? `De creditnota ${data.result.creditNoteNumber} is gemaakt; ` : ""}probeer de
          terugbetaling opnieuw.
        </div>
      ) : data?.result ? (
        <div className="alert alert-ok" role="status">
          Terugbetaling van {formatCents(data.result.amountCents)} geboekt
          {data.result.creditNoteNumber ? ` (creditnota ${data.result.creditNoteNumber})` : ""} —{" "}
          {REFUND_STATUS_LABELS[data.result.status] ?? data.result.status}.
        </div>
      ) : null}

      {p.refunds.length ? (
        <section className="card">
          <h2>Terugbetalingen</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Datum</th>
                  <th>Herkomst</th>
                  <th>Creditnota</th>
                  <th>Status</th>
                  <th className="num">Bedrag</th>
                  <th>Actie</th>
                </tr>
              </thead>
              <tbody>
                {p.refunds.map((r) => (
                  <tr key={r.id}>
                    <td>{r.createdAt}</td>
                    <td>{r.source}</td>
                    <td>{r.creditNote || "—"}</td>
                    <td>{r.status}</td>
                    <td className="num">{r.amount}</td>
                    <td>
                      {r.pending ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="refundId" value={r.id} />
                          <button type="submit" className="button-small" disabled={busy}>
                            Opnieuw proberen
                          </button>
                        </Form>
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
          </div>
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
            <Form method="post">
              <input type="hidden" name="intent" value="lines" />
              <RefundLinesTable
                lines={p.lines}
                fieldErrors={data?.fieldErrors}
                values={data?.values}
                quantityLabel="Aantal terug"
              />
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
