import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { listSchoolOrders } from "~/modules/orders/order-queries.server";
import { formatDateShort } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Bestellingen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { schoolId, schoolName } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  return { schoolName, orders: await listSchoolOrders(schoolId) };
}

export default function Orders() {
  const { schoolName, orders } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Bestellingen</h1>
      <p className="muted">
        Alle bestellingen van {schoolName}. <a href="/school/licenties.csv">Alle licentiecodes downloaden (CSV)</a>
      </p>
      {orders.length === 0 ? (
        <div className="card">
          <p>Nog geen bestellingen.</p>
          <Link className="button" to="/catalogus">
            Naar de catalogus
          </Link>
        </div>
      ) : (
        <TableScroll label="Bestellingen">
          <table aria-label="Bestellingen">
            <thead>
              <tr>
                <th scope="col">Bestelnummer</th>
                <th scope="col">Datum</th>
                <th scope="col">Status</th>
                <th scope="col">Inkoopordernummer</th>
                <th scope="col">Betaalwijze</th>
                <th scope="col" className="num">
                  Totaal incl. btw
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link to={`/school/bestellingen/${o.id}`}>{o.number}</Link>
                  </th>
                  <td>{formatDateShort(o.date)}</td>
                  <td>
                    <span
                      className={`badge ${o.status === "CANCELLED" ? "badge-danger" : o.status === "AWAITING_PAYMENT" ? "badge-warn" : "badge-ok"}`}
                    >
                      {o.statusLabel}
                    </span>
                  </td>
                  <td>{o.poNumber ?? "—"}</td>
                  <td>{o.paymentMethod}</td>
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
