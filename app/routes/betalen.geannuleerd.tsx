import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { FormError, useSchemaForm } from "~/components/form";
import { domainErrorAnswer } from "~/modules/forms/answer.server";
import { requireUser } from "~/modules/auth/users.server";
import { paymentOverview } from "~/modules/payments/checkout-session.server";
import { abandonOnlinePayment } from "~/modules/payments/order-cancellation.server";

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

/** The cancel form's schema, shared by browser and server: the order it is about. */
const CancelSchema = Query;

/**
 * "Bestelling annuleren": stops the open payment at Stripe and cancels the unpaid order. A
 * refusal (already paid, someone else's order: 404) comes back to the form as its message.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: CancelSchema });
  if (submission.status !== "success") throw new Response("Deze bestelling bestaat niet.", { status: 404 });
  try {
    await abandonOnlinePayment(submission.value.order, user.id);
    return redirect(`/betalen/geannuleerd?order=${encodeURIComponent(submission.value.order)}`);
  } catch (error) {
    return domainErrorAnswer(error, submission);
  }
}

export default function PaymentCancelled() {
  const order = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(CancelSchema, { id: "cancel-order", lastResult: data?.result });
  return (
    <div className="card stack">
      <h1>Betaling geannuleerd</h1>
      <FormError errors={form.errors} />
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
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name={fields.order.name} value={order.id} />
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
