import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableScroll } from "~/components/table-scroll";
import { requireRole } from "~/modules/auth/users.server";
import { formatCents, plural, formatDateShort } from "~/modules/format";
import { listRefundsToProcess } from "~/modules/payments/dashboard-refunds.server";
import { readParty } from "~/modules/orders/order-snapshots";

export const meta: MetaFunction = () => [{ title: "Terugbetalingen te verwerken — Leerwinkel" }];

/**
 * /financien/terugbetalingen: money refunded in the Stripe Dashboard that no credit note covers
 * yet (Refund TO_PROCESS). Finance opens one, picks the order lines, and the credit note follows.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_FINANCE");
  const refunds = await listRefundsToProcess();
  return {
    totalCents: refunds.reduce((s, r) => s + r.amountCents, 0),
    total: formatCents(refunds.reduce((s, r) => s + r.amountCents, 0)),
    refunds: refunds.map((r) => ({
      id: r.id,
      paymentId: r.paymentId,
      createdAt: r.createdAt.toISOString().slice(0, 10),
      orderNumber: r.order.number,
      customer:
        r.order.kind === "PARENT"
          ? `Ouder (${readParty(r.order.buyerJson, "Order.buyerJson").name || "onbekend"}) — ${r.order.school.name}`
          : r.order.school.name,
      amount: formatCents(r.amountCents),
      paid: formatCents(r.payment.amountCents),
    })),
  };
}

export default function RefundQueue() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Terugbetalingen te verwerken</h1>
      <p>
        Deze bedragen zijn in het Stripe Dashboard terugbetaald, maar er is nog geen creditnota voor. Tot ze verwerkt
        zijn tellen ze in de btw-aangifte nog als omzet. Kies per terugbetaling de regels die zijn terugbetaald; de
        creditnota wordt dan gemaakt (er gaat geen tweede keer geld terug).
      </p>
      {d.refunds.length === 0 ? (
        <p className="muted" role="status">
          Er zijn geen terugbetalingen te verwerken.
        </p>
      ) : (
        <TableScroll label="Terugbetalingen te verwerken">
          <table>
            <caption>
              Nog te verwerken: {plural(d.refunds.length, "terugbetaling", "terugbetalingen")}, samen {d.total}
            </caption>
            <thead>
              <tr>
                <th scope="col">Datum</th>
                <th scope="col">Bestelling</th>
                <th scope="col">Klant</th>
                <th scope="col" className="num">
                  Betaald
                </th>
                <th scope="col" className="num">
                  Terugbetaald zonder creditnota
                </th>
                <th scope="col">Actie</th>
              </tr>
            </thead>
            <tbody>
              {d.refunds.map((r) => (
                <tr key={r.id}>
                  <td>
                    <time dateTime={r.createdAt}>{formatDateShort(r.createdAt)}</time>
                  </td>
                  <td>
                    <Link to={`/financien/betalingen/${r.paymentId}`}>{r.orderNumber}</Link>
                  </td>
                  <td>{r.customer}</td>
                  <td className="num">{r.paid}</td>
                  <td className="num">{r.amount}</td>
                  <td>
                    <Link
                      to={`/financien/terugbetalingen/${r.id}`}
                      aria-label={`Verwerken: ${r.orderNumber}, ${r.amount}`}
                    >
                      Verwerken
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
