import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/modules/auth/users.server";
import { domainErrorAnswer } from "~/modules/forms/answer.server";
import { confirmReturn } from "~/modules/payments/checkout-session.server";
import { getParentOrder } from "~/modules/packages/parent-package.server";
import { orderDelivery } from "~/modules/packages/order-delivery.server";
import { formatCents, formatDateShort } from "~/modules/format";
import { DeliveryNote } from "~/components/delivery-note";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && "thanks" in data ? "Bedankt voor uw betaling" : "Betaling"} — Leerwinkel` },
];

const Query = z.object({ session_id: z.string().min(1).max(255) });

/**
 * Stripe's success_url (and the test payment's). Reading the session and fulfilling a paid order
 * is idempotent (the same settlement as the webhook), so this GET changes nothing twice. A paid
 * parent's order gets the thank-you with what happens next (issue 12); a paid school order goes
 * to its page; an unpaid one says the bank's confirmation is still on its way.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Onbekende betaling.", { status: 404 });
  let result;
  try {
    result = await confirmReturn(parsed.data.session_id, user.id);
  } catch (error) {
    throw domainErrorAnswer(error, "page");
  }
  if (!result.paid) return { pending: true as const, orderId: result.orderId };
  const order = result.kind === "PARENT" ? await getParentOrder(user.id, result.orderId) : null;
  if (!order) return redirect(result.redirectTo);
  return {
    thanks: true as const,
    orderId: order.id,
    number: order.number,
    gross: formatCents(order.grossCents),
    packageName: order.package?.name ?? null,
    classGroup: order.package?.classGroup ?? null,
    licences: order.licences
      .filter((l) => l.status === "ACTIVE")
      .map((l) => ({
        id: l.id,
        product: `${l.offer.title.name} — ${l.offer.formatLabel}`,
        code: l.code,
        validTo: formatDateShort(l.validTo),
      })),
    delivery: orderDelivery(order),
    receiptPath: result.redirectTo,
  };
}

export default function PaymentReturn() {
  const data = useLoaderData<typeof loader>();
  if ("pending" in data) {
    return (
      <div className="card stack">
        <h1>Betaling wordt verwerkt</h1>
        <p role="status">
          We hebben de bevestiging van uw bank nog niet ontvangen. Dat kan enkele minuten duren; u krijgt bericht zodra
          de betaling binnen is.
        </p>
        <p>
          <Link to={`/betalen/${data.orderId}`}>Terug naar de betaalpagina</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="stack">
      <h1>Bedankt voor uw betaling</h1>
      <p role="status">
        Wij hebben {data.gross} ontvangen voor bestelling <strong>{data.number}</strong>
        {data.packageName ? (
          <>
            {" "}
            ({data.packageName}
            {data.classGroup ? `, klas ${data.classGroup}` : ""})
          </>
        ) : null}
        . De factuur staat bij uw bestelling.
      </p>
      <section className="card" aria-labelledby="next">
        <h2 id="next">Wat gebeurt er nu?</h2>
        {data.licences.length ? (
          <>
            <p>
              {data.licences.length === 1
                ? "De digitale licentie is nu actief."
                : `De ${data.licences.length} digitale licenties zijn nu actief.`}{" "}
              De activeringscodes staan hieronder en blijven bij uw bestelling staan.
            </p>
            <TableScroll label="Actieve licenties">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Activeringscode</th>
                    <th scope="col">Geldig tot en met</th>
                  </tr>
                </thead>
                <tbody>
                  {data.licences.map((l) => (
                    <tr key={l.id}>
                      <td>{l.product}</td>
                      <td>
                        <code>{l.code}</code>
                      </td>
                      <td>{l.validTo}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        ) : null}
      </section>
      <DeliveryNote delivery={data.delivery} heading="Boeken en hulpmiddelen" />
      <p>
        <Link className="button" to={data.receiptPath}>
          Naar uw bestelling
        </Link>{" "}
        <Link to="/ouder">Mijn bestellingen</Link>
      </p>
    </div>
  );
}
