import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableScroll } from "~/components/table-scroll";
import { requireRole } from "~/modules/auth/users.server";
import { formatCents, formatDateShort } from "~/modules/format";
import { PAYMENT_ANOMALY_LABELS, PAYMENT_STATUS_LABELS } from "~/modules/payments/payment-error";
import { listPayments } from "~/modules/payments/refunds.server";
import { readParty } from "~/modules/orders/order-snapshots";

export const meta: MetaFunction = () => [{ title: "Betalingen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_FINANCE");
  const payments = await listPayments();
  return {
    payments: payments.map((p) => ({
      id: p.id,
      orderId: p.order.id,
      orderNumber: p.order.number,
      createdAt: p.createdAt.toISOString().slice(0, 10),
      customer:
        p.order.kind === "PARENT"
          ? `Ouder (${readParty(p.order.buyerJson, "Order.buyerJson").name || "onbekend"}) — ${p.order.school.name}`
          : p.order.school.name,
      amount: formatCents(p.amountCents),
      refunded: formatCents(p.refundedCents),
      status: PAYMENT_STATUS_LABELS[p.status] ?? p.status,
      test: p.provider === "test",
      anomaly: p.anomaly ? (PAYMENT_ANOMALY_LABELS[p.anomaly] ?? p.anomaly) : null,
    })),
  };
}

export default function Payments() {
  const { payments } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Betalingen</h1>
      <p>
        <Link to="/financien/terugbetalingen">Terugbetalingen te verwerken</Link> (in het Stripe Dashboard terugbetaald,
        nog zonder creditnota)
      </p>
      {payments.length === 0 ? (
        <p className="muted">Er zijn nog geen online betalingen.</p>
      ) : (
        <TableScroll label="Betalingen">
          <table>
            <thead>
              <tr>
                <th scope="col">Datum</th>
                <th scope="col">Bestelling</th>
                <th scope="col">Klant</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Bedrag
                </th>
                <th scope="col" className="num">
                  Terugbetaald
                </th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.id}>
                  <td>
                    <time dateTime={p.createdAt}>{formatDateShort(p.createdAt)}</time>
                  </td>
                  <td>
                    <Link to={`/financien/betalingen/${p.id}`}>{p.orderNumber}</Link>
                    {p.test ? (
                      <>
                        {" "}
                        <span className="badge badge-warn">test</span>
                      </>
                    ) : null}
                  </td>
                  <td>{p.customer}</td>
                  <td>
                    {p.status}
                    {p.anomaly ? (
                      <>
                        {" "}
                        <span className="badge badge-warn">{p.anomaly}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="num">{p.amount}</td>
                  <td className="num">{p.refunded}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
