import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form";
import { RefundLinesTable, refundLines } from "~/components/refund-lines-table";
import { requireRole } from "~/modules/auth/users.server";
import { recordIdParam } from "~/modules/http/route-params";
import { formatCents } from "~/modules/format";
import { PaymentError, REFUND_STATUS_LABELS } from "~/modules/payments/payment-error";
import {
  previewQueuedRefund,
  processQueuedRefund,
  refundToProcess,
  type QueueSelectionResult,
} from "~/modules/payments/dashboard-refunds.server";

export const meta: MetaFunction = () => [{ title: "Terugbetaling verwerken — Leerwinkel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_FINANCE");
  const found = await refundToProcess(recordIdParam(params, "refundId"));
  if (!found) throw new Response("Deze terugbetaling bestaat niet.", { status: 404 });
  const { refund, order } = found;
  return {
    id: refund.id,
    paymentId: refund.paymentId,
    status: REFUND_STATUS_LABELS[refund.status] ?? refund.status,
    toProcess: refund.status === "TO_PROCESS",
    createdAt: refund.createdAt.toISOString().slice(0, 10),
    amountCents: refund.amountCents,
    amount: formatCents(refund.amountCents),
    creditNote: refund.creditNote
      ? { number: refund.creditNote.number, gross: formatCents(refund.creditNote.grossCents) }
      : null,
    order: {
      id: order.id,
      number: order.number,
      gross: formatCents(order.grossCents),
      customer: order.kind === "PARENT" ? `Ouder — ${order.school.name}` : order.school.name,
    },
    lines: refundLines(order.lines),
  };
}

const Intent = z.object({ intent: z.enum(["preview", "process"], { message: "Onbekende actie." }) });
const Quantity = z.coerce
  .number({ message: "Vul een heel aantal in (0 of meer)." })
  .int("Vul een heel aantal in (0 of meer).")
  .min(0, "Vul een heel aantal in (0 of meer).")
  .max(100_000, "Dat aantal is te groot.");

type Shown = QueueSelectionResult & { credit: string; refund: string; difference: string };
type ActionData = {
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  preview?: Shown;
  processed?: Shown;
};

function shown(r: QueueSelectionResult): Shown {
  return {
    ...r,
    credit: formatCents(r.creditGrossCents),
    refund: formatCents(r.refundCents),
    difference: formatCents(r.differenceCents),
  };
}

/**
 * "Bedrag berekenen" shows what the credit note for the picked lines would credit against the
 * Dashboard refund; "Creditnota maken" issues it and links it (no new Stripe refund).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_FINANCE");
  const refundId = recordIdParam(params, "refundId");
  const form = Object.fromEntries(await request.formData()) as Record<string, string>;
  const intent = Intent.safeParse(form);
  if (!intent.success) return data<ActionData>({ formError: "Onbekende actie.", values: form }, { status: 400 });
  const fieldErrors: Record<string, string> = {};
  const selection: { orderLineId: string; quantity: number }[] = [];
  for (const [key, value] of Object.entries(form)) {
    if (!key.startsWith("qty-") || value.trim() === "") continue;
    const quantity = Quantity.safeParse(value.trim());
    if (!quantity.success)
      fieldErrors[key] = quantity.error.issues[0]?.message ?? "Vul een heel aantal in (0 of meer).";
    else if (quantity.data > 0) selection.push({ orderLineId: key.slice(4), quantity: quantity.data });
  }
  if (Object.keys(fieldErrors).length) return data<ActionData>({ fieldErrors, values: form }, { status: 400 });
  if (selection.length === 0)
    return data<ActionData>({ formError: "Kies ten minste één regel en een aantal.", values: form }, { status: 400 });
  try {
    if (intent.data.intent === "preview")
      return data<ActionData>({ preview: shown(await previewQueuedRefund(refundId, selection)), values: form });
    return data<ActionData>({ processed: shown(await processQueuedRefund(refundId, selection, user.id)) });
  } catch (error) {
    if (!(error instanceof PaymentError)) throw error;
    if (error.code === "NOT_FOUND") throw new Response(error.message, { status: 404 });
    return data<ActionData>(
      { formError: error.message, values: form },
      { status: error.code === "NOT_TO_PROCESS" ? 409 : 400 },
    );
  }
}

function Difference({ r }: { r: Shown }) {
  if (r.differenceCents === 0) return <>Dat is precies het bedrag dat in het Stripe Dashboard is terugbetaald.</>;
  return (
    <>
      <strong>Verschil: {r.difference}</strong> — er is {r.refund} terugbetaald en de creditnota crediteert {r.credit}.
      Het verschil blijft als terugbetaling zonder creditnota op de lijst te verwerken staan.
    </>
  );
}

export default function ProcessRefund() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack">
      <p>
        <Link to="/financien/terugbetalingen">← Terugbetalingen te verwerken</Link>
      </p>
      <h1>Terugbetaling verwerken — bestelling {d.order.number}</h1>
      <dl className="meta">
        <dt>Klant</dt>
        <dd>{d.order.customer}</dd>
        <dt>Bestelling</dt>
        <dd>
          {d.order.number} ({d.order.gross}) · <Link to={`/financien/betalingen/${d.paymentId}`}>betaling</Link>
        </dd>
        <dt>Terugbetaald in het Stripe Dashboard</dt>
        <dd>
          {d.amount} op {d.createdAt}
        </dd>
        <dt>Status</dt>
        <dd>{d.status}</dd>
        {d.creditNote ? (
          <>
            <dt>Creditnota</dt>
            <dd>
              {d.creditNote.number} ({d.creditNote.gross})
            </dd>
          </>
        ) : null}
      </dl>
      <FormError message={a?.formError} />
      {a?.processed ? (
        <div className="alert alert-ok" role="status">
          Creditnota {a.processed.creditNoteNumber} van {a.processed.credit} is gemaakt en aan de terugbetaling
          gekoppeld. <Difference r={a.processed} />
        </div>
      ) : null}
      {a?.preview ? (
        <div className={a.preview.differenceCents === 0 ? "alert alert-ok" : "alert alert-info"} role="status">
          De creditnota voor deze regels crediteert {a.preview.credit}. <Difference r={a.preview} /> Er is nog niets
          gemaakt.
        </div>
      ) : null}
      {d.toProcess ? (
        <section className="card">
          <h2>Welke regels zijn terugbetaald?</h2>
          <p>
            Er gaat geen geld meer terug: dat is al gebeurd in het Stripe Dashboard. De creditnota mag niet meer
            crediteren dan {d.amount}.
          </p>
          <Form method="post">
            <RefundLinesTable
              lines={d.lines}
              fieldErrors={a?.fieldErrors}
              values={a?.values}
              quantityLabel="Aantal terugbetaald"
            />
            <button type="submit" name="intent" value="preview" className="button-secondary" disabled={busy}>
              Bedrag berekenen
            </button>{" "}
            <button type="submit" name="intent" value="process" disabled={busy}>
              Creditnota maken
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
