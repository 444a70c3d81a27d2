import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { FormError, useSchemaForm } from "~/components/form";
import { domainErrorAnswer, formFailed } from "~/modules/forms/answer.server";
import { requireUser } from "~/modules/auth/users.server";
import { formatCents } from "~/modules/format";
import { completeTestPayment, findTestPayment } from "~/modules/payments/test-payments.server";

export const meta: MetaFunction = () => [{ title: "Testbetaling — Leerwinkel" }];

const Params = z.object({ sessionId: z.string().regex(/^cs_test_local_[0-9a-f]+$/) });
/** One schema for browser and server: the outcome button pressed. */
const ChoiceSchema = z.object({
  outcome: z.enum(["paid", "failed", "expired"], {
    errorMap: () => ({ message: "Kies een uitkomst van de testbetaling." }),
  }),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Params.safeParse(params);
  const found = parsed.success ? await findTestPayment(parsed.data.sessionId, user.id) : null;
  if (!found) throw new Response("Deze testbetaling bestaat niet.", { status: 404 });
  return {
    sessionId: found.payment.checkoutSessionId,
    status: found.payment.status,
    amount: formatCents(found.payment.amountCents),
    orderNumber: found.order.number,
    orderId: found.order.id,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Deze testbetaling bestaat niet.", { status: 404 });
  const submission = parseWithZod(await request.formData(), { schema: ChoiceSchema });
  if (submission.status !== "success") return formFailed(submission, "Kies een uitkomst van de testbetaling.");
  try {
    const { redirectTo } = await completeTestPayment(parsed.data.sessionId, user.id, submission.value.outcome);
    return redirect(redirectTo);
  } catch (error) {
    return domainErrorAnswer(error, submission);
  }
}

export default function TestPayment() {
  const payment = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form] = useSchemaForm(ChoiceSchema, { id: "test-payment", lastResult: data?.result });
  return (
    <div className="card stack">
      <h1>Testbetaling — er wordt geen geld afgeschreven</h1>
      <div className="alert alert-info" role="note">
        Deze winkel draait zonder Stripe-sleutel in testbetaalmodus. De knoppen hieronder sturen hetzelfde ondertekende
        bericht naar de webhook als Stripe zou doen.
      </div>
      <p>
        Bestelling <strong>{payment.orderNumber}</strong> — bedrag <strong>{payment.amount}</strong>
      </p>
      <FormError errors={form.errors} />
      {payment.status === "OPEN" ? (
        <div className="row">
          <Form method="post" {...getFormProps(form)}>
            <button type="submit" name="outcome" value="paid">
              Betaling gelukt
            </button>{" "}
            <button type="submit" name="outcome" value="failed" className="button-secondary">
              Betaling mislukt
            </button>
          </Form>
          {/* Like Stripe's back link: the customer leaves for cancel_url; the session stays open until it expires. */}
          <Form method="get" action="/betalen/geannuleerd">
            <input type="hidden" name="order" value={payment.orderId} />
            <button type="submit" className="button-secondary">
              Annuleren
            </button>
          </Form>
          <Form method="post">
            <button type="submit" name="outcome" value="expired" className="button-secondary">
              Sessie laten verlopen
            </button>
          </Form>
        </div>
      ) : (
        <p role="status">
          Deze testbetaling is afgerond. <Link to={`/betalen/${payment.orderId}`}>Naar de betaalpagina</Link>
        </p>
      )}
    </div>
  );
}
