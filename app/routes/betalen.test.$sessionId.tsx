import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form";
import { requireUser } from "~/modules/auth/users.server";
import { formatCents } from "~/modules/money/format-cents";
import { answerPaymentError } from "~/modules/payments/payment-error";
import { completeTestPayment, findTestPayment } from "~/modules/payments/test-payments.server";

export const meta: MetaFunction = () => [{ title: "Testbetaling — Leerwinkel" }];

const Params = z.object({ sessionId: z.string().regex(/^cs_test_local_[0-9a-f]+$/) });
const Choice = z.object({ outcome: z.enum(["paid", "failed", "expired"]) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Params.safeParse(params);
  const found = parsed.success ? await findTestPayment(parsed.data.sessionId, user.id) : null;
  if (!found) throw new Response("Deze testbetaling bestaat niet.", { status: 404 });
  return { sessionId: found.payment.checkoutSessionId, status: found.payment.status, amount: formatCents(found.payment.amountCents), orderNumber: found.order.number, orderId: found.order.id };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response("Deze testbetaling bestaat niet.", { status: 404 });
  const choice = Choice.safeParse(Object.fromEntries(await request.formData()));
  if (!choice.success) return { formError: "Kies een uitkomst van de testbetaling." };
  try {
    const { redirectTo } = await completeTestPayment(parsed.data.sessionId, user.id, choice.data.outcome);
    return redirect(redirectTo);
  } catch (error) {
    return answerPaymentError(error);
  }
}

export default function TestPayment() {
  const payment = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="card stack">
      <h1>Testbetaling — er wordt geen geld afgeschreven</h1>
      <div className="alert alert-info" role="note">
        Deze winkel draait zonder Stripe-sleutel in testbetaalmodus. De knoppen hieronder sturen hetzelfde ondertekende
        bericht naar de webhook als Stripe zou doen.
      </div>
      <p>Bestelling <strong>{payment.orderNumber}</strong> — bedrag <strong>{payment.amount}</strong></p>
      <FormError message={data?.formError} />
      {payment.status === "OPEN" ? (
        <div className="row">
          <Form method="post"><input type="hidden" name="outcome" value="paid" /><button type="submit">Betaling gelukt</button></Form>
          <Form method="post"><input type="hidden" name="outcome" value="failed" /><button type="submit" className="button-secondary">Betaling mislukt</button></Form>
          {/* Like Stripe's back link: the customer leaves for cancel_url; the session stays open until it expires. */}
          <Form method="get" action="/betalen/geannuleerd"><input type="hidden" name="order" value={payment.orderId} /><button type="submit" className="button-secondary">Annuleren</button></Form>
          <Form method="post"><input type="hidden" name="outcome" value="expired" /><button type="submit" className="button-secondary">Sessie laten verlopen</button></Form>
        </div>
      ) : (
        <p role="status">Deze testbetaling is afgerond. <Link to={`/betalen/${payment.orderId}`}>Naar de betaalpagina</Link></p>
      )}
    </div>
  );
}
