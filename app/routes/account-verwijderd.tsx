import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Account verwijderd — Leerwinkel" }];

/** Where a parent lands after erasing their account (they are logged out). */
export default function AccountErased() {
  return (
    <div className="stack">
      <h1>Uw account is verwijderd</h1>
      <div className="alert alert-ok" role="status">
        Uw naam en e-mailadres zijn uit de Leerwinkel verwijderd en u bent uitgelogd. Facturen bewaren we zeven jaar,
        zoals de wet voorschrijft; de licenties blijven bij het pseudoniem van uw kind.
      </div>
      <p>
        <Link to="/">Naar de startpagina</Link>
      </p>
    </div>
  );
}
