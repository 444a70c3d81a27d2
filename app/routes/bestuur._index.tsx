import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireBoardAdmin } from "~/modules/orders/bundle-round-access.server";
import { listBoardRounds } from "~/modules/orders/bundle-round.server";
import { formatDate } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Bundelrondes — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { boardId, boardName } = await requireBoardAdmin(request);
  return { boardName, rounds: await listBoardRounds(boardId) };
}

export default function BoardHome() {
  const { boardName, rounds } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Bundelrondes — {boardName}</h1>
      <p className="muted">
        In een bundelronde bestellen de scholen van het bestuur samen: de staffelprijs geldt voor het gezamenlijke
        aantal, en elke school krijgt haar eigen bestelling en factuur.
      </p>
      <p>
        <Link className="button" to="/bestuur/bundelrondes/nieuw">
          Nieuwe bundelronde
        </Link>
      </p>
      {rounds.length === 0 ? (
        <div className="card">
          <p>Nog geen bundelrondes.</p>
        </div>
      ) : (
        <TableScroll label="Bundelrondes">
          <table aria-label="Bundelrondes">
            <thead>
              <tr>
                <th scope="col">Naam</th>
                <th scope="col">Sluit na</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Scholen
                </th>
                <th scope="col" className="num">
                  Artikelen
                </th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/bestuur/bundelrondes/${r.id}`}>{r.name}</Link>
                  </th>
                  <td>{formatDate(r.closesOn)}</td>
                  <td>
                    <span className={`badge ${r.status === "CLOSED" ? "badge-ok" : r.problem ? "badge-warn" : ""}`}>
                      {r.statusLabel}
                    </span>
                    {r.problem ? <span className="small"> (niet geplaatst, zie de ronde)</span> : null}
                  </td>
                  <td className="num">{r.schools}</td>
                  <td className="num">{r.offers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
