import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/users.server";
import { db } from "~/db.server";
import { formatCents, formatDateShort } from "~/modules/format";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { TableScroll } from "~/components/table-scroll";
import { ORDER_STATUS_LABELS } from "~/modules/orders/orders.server";
import { packagePseudonymId } from "~/modules/packages/package-session.server";

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
    // A package opened with a code before logging in is still in the session: the way back to it.
    openPackage: (await packagePseudonymId(request)) !== null,
    orders: orders.map((o) => ({
      ...o,
      status: ORDER_STATUS_LABELS[o.status] ?? o.status,
      gross: formatCents(o.grossCents),
      placedAt: formatDateShort(todayInAmsterdam(o.placedAt)),
    })),
  };
}

export default function ParentHome() {
  const { orders, openPackage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Mijn bestellingen</h1>
      {openPackage ? (
        <p className="alert alert-info" role="status">
          U heeft een leerlingpakket geopend met een bestelcode. <Link to="/pakket">Verder met dat pakket</Link>.
        </p>
      ) : null}
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
        <TableScroll label="Mijn bestellingen">
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
        </TableScroll>
      )}
    </>
  );
}
