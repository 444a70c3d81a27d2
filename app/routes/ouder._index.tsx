import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/users.server";
import { db } from "~/db.server";
import { formatCents } from "~/modules/format";
import { ORDER_STATUS_LABELS } from "~/modules/orders/orders.server";

export const meta: MetaFunction = () => [{ title: "Mijn bestellingen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "PARENT");
  const orders = await db.order.findMany({
    where: { userId: user.id, kind: "PARENT" },
    orderBy: { placedAt: "desc" },
    select: {
      id: true,
      number: true,
      status: true,
      grossCents: true,
      placedAt: true,
      package: { select: { name: true } },
    },
  });
  return {
    orders: orders.map((o) => ({
      ...o,
      status: ORDER_STATUS_LABELS[o.status] ?? o.status,
      gross: formatCents(o.grossCents),
      placedAt: o.placedAt.toISOString().slice(0, 10),
    })),
  };
}

export default function ParentHome() {
  const { orders } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Mijn bestellingen</h1>
      <p className="row">
        <Link className="button" to="/bestelcode">
          Bestelcode invoeren
        </Link>{" "}
        <Link className="button button-secondary" to="/ouder/gegevens">
          Mijn gegevens
        </Link>
      </p>
      {orders.length === 0 ? (
        <p className="muted">U heeft nog geen bestellingen.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Bestelling</th>
                <th>Pakket</th>
                <th>Datum</th>
                <th>Status</th>
                <th className="num">Totaal</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/ouder/bestellingen/${o.id}`}>{o.number}</Link>
                  </td>
                  <td>{o.package?.name}</td>
                  <td>{o.placedAt}</td>
                  <td>{o.status}</td>
                  <td className="num">{o.gross}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
