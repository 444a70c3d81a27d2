import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/users.server";
import { adminOverview } from "~/modules/catalog/catalog-admin.server";
import { formatNumber, plural } from "~/modules/format";

export const meta: MetaFunction = () => [{ title: "Beheer — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  return adminOverview();
}

export default function AdminHome() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Beheer</h1>
      <div className="grid grid-3">
        <div className="card">
          <h2>Titels</h2>
          <p className="kpi">{formatNumber(d.titles)}</p>
          <p className="muted">{plural(d.offers, "aanbieding", "aanbiedingen")}</p>
          <Link to="/beheer/titels">Titels beheren</Link>
        </div>
        <div className="card">
          <h2>Prijslijsten</h2>
          <p className="kpi">{formatNumber(d.priceLists)}</p>
          <Link to="/beheer/prijslijsten">Prijslijsten beheren</Link>
        </div>
        <div className="card">
          <h2>Scholen</h2>
          <p className="kpi">{formatNumber(d.schools)}</p>
          <Link to="/beheer/scholen">Scholen beheren</Link>
        </div>
        <div className="card">
          <h2>Privacy</h2>
          <p>
            <Link to="/beheer/avg">AVG-verzoeken van ouders</Link>
          </p>
          <p>
            <Link to="/beheer/audit">Logboek</Link>
          </p>
        </div>
      </div>
    </>
  );
}
