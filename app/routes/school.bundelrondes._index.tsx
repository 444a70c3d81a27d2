import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { listSchoolRounds } from "~/modules/orders/bundle-round.server";
import { formatDate } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Bundelrondes — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { schoolId, schoolName } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  return { schoolName, rounds: await listSchoolRounds(schoolId) };
}

export default function SchoolRounds() {
  const { schoolName, rounds } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Bundelrondes</h1>
      <p className="muted">
        Samen met de andere scholen van uw bestuur bestellen: de staffelprijs geldt voor het gezamenlijke aantal.{" "}
        {schoolName} krijgt een eigen bestelling en factuur.
      </p>
      {rounds.length === 0 ? (
        <div className="card">
          <p>Uw school doet nog niet mee aan een bundelronde.</p>
        </div>
      ) : (
        <TableScroll label="Bundelrondes">
          <table aria-label="Bundelrondes">
            <thead>
              <tr>
                <th scope="col">Naam</th>
                <th scope="col">Bestuur</th>
                <th scope="col">Wijzigen tot en met</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/school/bundelrondes/${r.id}`}>{r.name}</Link>
                  </th>
                  <td>{r.boardName}</td>
                  <td>{formatDate(r.closesOn)}</td>
                  <td>
                    <span className={`badge ${r.status === "CLOSED" ? "badge-ok" : ""}`}>{r.statusLabel}</span>{" "}
                    <span className="small">
                      {r.ordered ? "besteld" : r.entered ? "aantallen opgegeven" : "nog niets opgegeven"}
                    </span>
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
