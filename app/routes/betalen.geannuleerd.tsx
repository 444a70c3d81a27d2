import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/modules/auth/users.server";
import { paymentOverview } from "~/modules/payments/checkout-session.server";

export const meta: MetaFunction = () => [{ title: "Betaling geannuleerd — Leerwinkel" }];

const Query = z.object({ order: z.string().min(1).max(64) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const order = parsed.success ? await paymentOverview(parsed.data.order, user.id) : null;
  if (!order) throw new Response("Deze bestelling bestaat niet.", { status: 404 });
  return { id: order.id, number: order.number, payable: order.payable, receiptPath: order.receiptPath };
}

export default function PaymentCancelled() {
  const order = useLoaderData<typeof loader>();
  return (
    <div className="card stack">
      <h1>Betaling geannuleerd</h1>
      <p>U heeft de betaling van bestelling <strong>{order.number}</strong> afgebroken. Er is niets afgeschreven.</p>
      {order.payable ? (
        <p><Link className="button" to={`/betalen/${order.id}`}>Opnieuw betalen</Link></p>
      ) : (
        <p><Link to={order.receiptPath}>Naar de bestelling</Link></p>
      )}
    </div>
  );
}
