import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { FormError, useSchemaForm } from "~/components/form";
import { RefundLinesTable, refundLines, refundLinesSchema } from "~/components/refund-lines-table";
import { DomainError } from "~/modules/errors/domain-error";
import { formErrorOf } from "~/modules/forms/action-result";
import { domainErrorAnswer, formDone, formFailed, formInvalid } from "~/modules/forms/answer.server";
import { requireRole } from "~/modules/auth/users.server";
import { recordIdParam } from "~/modules/http/route-params";
import { formatCents, formatDate } from "~/modules/format";
import { REFUND_STATUS_LABELS } from "~/modules/payments/payment-error";
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

/** The form's one schema, shared by browser and server: the button pressed and a quantity per line. */
const ProcessSchema = refundLinesSchema({
  intent: z.enum(["preview", "process"], { errorMap: () => ({ message: "Onbekende actie." }) }),
});

type Shown = QueueSelectionResult & { credit: string; refund: string; difference: string };
/** What the page shows after "Bedrag berekenen" (`preview`) or "Creditnota maken" (`processed`). */
type Outcome = { preview?: Shown; processed?: Shown };

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
  const submission = parseWithZod(await request.formData(), { schema: ProcessSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const { intent, selection } = submission.value;
  if (selection.length === 0) return formFailed(submission, "Kies ten minste één regel en een aantal.");
  try {
    if (intent === "preview")
      return formDone<Outcome>(submission, {
        outcome: { preview: shown(await previewQueuedRefund(refundId, selection)) },
        keepValues: true,
      });
    return formDone<Outcome>(submission, {
      outcome: { processed: shown(await processQueuedRefund(refundId, selection, user.id)) },
    });
  } catch (error) {
    // An unknown refund is a 404 page; a refusal (too much, already processed) goes back to the form.
    if (error instanceof DomainError && error.status === 404) throw domainErrorAnswer(error, "page");
    return domainErrorAnswer(error, submission);
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
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(ProcessSchema, { id: "process-refund", lastResult: data?.result });
  const a = data?.outcome;
  return (
    <div className="stack">
      <p>
        <Link to="/financien/terugbetalingen">← Terugbetalingen te verwerken</Link>
      </p>
      <h1>Terugbetaling verwerken — bestelling {d.order.number}</h1>
      <dl className="meta finance-meta">
        <dt>Klant</dt>
        <dd>{d.order.customer}</dd>
        <dt>Bestelling</dt>
        <dd>
          {d.order.number} ({d.order.gross}) · <Link to={`/financien/betalingen/${d.paymentId}`}>betaling</Link>
        </dd>
        <dt>Terugbetaald in het Stripe Dashboard</dt>
        <dd>
          {d.amount} op <time dateTime={d.createdAt}>{formatDate(d.createdAt)}</time>
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
      <FormError message={formErrorOf(data?.result)} />
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
          <Form method="post" {...getFormProps(form)}>
            <RefundLinesTable lines={d.lines} fields={fields} quantityLabel="Aantal terugbetaald" />
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
