import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/modules/auth/users.server";
import { ROLE_HOME, ROLE_LABELS } from "~/modules/auth/roles";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return { homes: user?.roles.map((r) => ({ to: ROLE_HOME[r.role], label: ROLE_LABELS[r.role] })) ?? null };
}

export default function Index() {
  const { homes } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <h1>Leermiddelen voor scholen en ouders</h1>
        <p>
          Vergelijk boek, digitale licentie en combinatie op prijs én btw, bestel voor hele klassen en exporteer
          facturen met de btw per tarief.
        </p>
        <div className="row">
          {homes ? (
            homes.map((h) => (
              <Link key={h.to} className="button" to={h.to}>
                Naar {h.label.toLowerCase()}
              </Link>
            ))
          ) : (
            <>
              <Link className="button" to="/login">
                Inloggen voor scholen
              </Link>
              <Link className="button" to="/bestelcode">
                Ik heb een bestelcode van school
              </Link>
            </>
          )}
        </div>
      </section>
      <div className="grid grid-3">
        <div className="card">
          <h2>Voor scholen</h2>
          <p>
            Zoek op vak, niveau, leerjaar en leerdoel. Zie per titel wat papier, digitaal of de combinatie kost,
            inclusief het verschil dat de btw maakt.
          </p>
        </div>
        <div className="card">
          <h2>Voor ouders</h2>
          <p>
            Voer de bestelcode uit de brief van school in, kies waar dat mag tussen boek en digitaal en betaal met iDEAL
            of kaart.
          </p>
        </div>
        <div className="card">
          <h2>Voor de administratie</h2>
          <p>
            Facturen en creditnota's met btw per tarief, als PDF, CSV en UBL e-factuur, en een overzicht voor de
            btw-aangifte.
          </p>
        </div>
      </div>
    </>
  );
}
