import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { db } from "~/db.server";
import { formatNumber, plural } from "~/modules/format";

export const meta: MetaFunction = () => [{ title: "Schooloverzicht — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { schoolId, schoolName } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const [openOrders, packages, pseudonyms] = await Promise.all([
    db.order.count({ where: { schoolId, kind: "SCHOOL", status: { in: ["PLACED", "AWAITING_PAYMENT", "PAID"] } } }),
    db.studentPackage.count({ where: { schoolId } }),
    db.studentPseudonym.count({ where: { schoolId } }),
  ]);
  return { schoolName, openOrders, packages, pseudonyms };
}

export default function SchoolHome() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Schooloverzicht — {d.schoolName}</h1>
      <div className="grid grid-3">
        <div className="card">
          <h2>Catalogus</h2>
          <p>Zoek en vergelijk leermiddelen op vak, niveau en leerjaar.</p>
          <Link className="button" to="/catalogus">
            Naar de catalogus
          </Link>
        </div>
        <div className="card">
          <h2>Bestellingen</h2>
          <p className="kpi">{formatNumber(d.openOrders)}</p>
          <p className="muted">lopende bestellingen</p>
          <Link to="/school/bestellingen">Alle bestellingen</Link>
        </div>
        <div className="card">
          <h2>Leerlingpakketten</h2>
          <p className="kpi">{formatNumber(d.packages)}</p>
          <p className="muted">pakketten · {plural(d.pseudonyms, "leerling", "leerlingen")} (pseudoniem)</p>
          <Link to="/school/pakketten">Pakketten beheren</Link>
        </div>
      </div>
    </>
  );
}
