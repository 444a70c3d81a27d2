import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/modules/auth/users.server";
import { confirmReturn } from "~/modules/payments/checkout-session.server";
import { PaymentError } from "~/modules/payments/payment-error";

export const meta: MetaFunction = () => [{ title: "Betaling — Leerwinkel" }];

const Query = z.object({ session_id: z.string().min(1).max(255) });

/**
 * Stripe's success_url. Reading the session and fulfilling a paid order is idempotent (the same
 * settlement as the webhook), so this GET changes nothing twice; a paid order goes to its page.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Onbekende betaling.", { status: 404 });
  try {
    const result = await confirmReturn(parsed.data.session_id, user.id);
    if (result.paid) return redirect(result.redirectTo);
    return { orderId: result.orderId };
  } catch (error) {
    if (error instanceof PaymentError && error.code === "NOT_FOUND") throw new Response(error.message, { status: 404 });
    throw error;
  }
}

export default function PaymentPending() {
  const { orderId } = useLoaderData<typeof loader>();
  return (
    <div className="card stack">
      <h1>Betaling wordt verwerkt</h1>
      <p role="status">
        We hebben de bevestiging van uw bank nog niet ontvangen. Dat kan enkele minuten duren; u krijgt bericht zodra de
        betaling binnen is.
      </p>
      <p>
        <Link to={`/betalen/${orderId}`}>Terug naar de betaalpagina</Link>
      </p>
    </div>
  );
}
