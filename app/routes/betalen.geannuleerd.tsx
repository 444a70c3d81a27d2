import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form";
import { requireUser } from "~/modules/auth/users.server";
import { paymentOverview } from "~/modules/payments/checkout-session.server";
import { abandonOnlinePayment } from "~/modules/payments/order-cancellation.server";
import { answerPaymentError } from "~/modules/payments/payment-error";

export const meta: MetaFunction = () => [{ title: "Betaling geannuleerd — Leerwinkel" }];

const Query = z.object({ order: z.string().min(1).max(64) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const order = parsed.success ? await paymentOverview(parsed.data.order, user.id) : null;
  if (!order) throw new Response("Deze bestelling bestaat niet.", { status: 404 });
  return {
    id: order.id,
    number: order.number,
    payable: order.payable,
    cancelled: order.status === "CANCELLED",
    receiptPath: order.receiptPath,
  };
}

/** "Bestelling annuleren": stops the open payment at Stripe and cancels the unpaid order. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Query.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Deze bestelling bestaat niet.", { status: 404 });
  try {
    await abandonOnlinePayment(parsed.data.order, user.id);
    return redirect(`/betalen/geannuleerd?order=${encodeURIComponent(parsed.data.order)}`);
  } catch (error) {
    return answerPaymentError(error);
  }
}

export default function PaymentCancelled() {
  const order = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="card stack">
      <h1>Betaling geannuleerd</h1>
      <FormError message={data?.formError} />
      {order.cancelled ? (
        <p role="status">
          Bestelling <strong>{order.number}</strong> is geannuleerd. Er is niets afgeschreven.
        </p>
      ) : (
        <p>
          U heeft de betaling van bestelling <strong>{order.number}</strong> afgebroken. Er is niets afgeschreven.
        </p>
      )}
      {order.payable ? (
        <>
          <p>
            <Link className="button" to={`/betalen/${order.id}`}>
              Opnieuw betalen
            </Link>
          </p>
          <Form method="post">
            <input type="hidden" name="order" value={order.id} />
            <p className="muted small">
              Wilt u deze bestelling niet meer? Dan geven we de gereserveerde artikelen vrij.
            </p>
            <button type="submit" className="button-secondary">
              Bestelling annuleren
            </button>
          </Form>
        </>
      ) : (
        <p>
          <Link to={order.receiptPath}>Naar de bestelling</Link>
        </p>
      )}
    </div>
  );
}
