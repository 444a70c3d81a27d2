import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { db } from "~/db.server";
import {
  catalogFacets,
  catalogueVersion,
  safeParseCatalogQuery,
  searchCatalogue,
} from "~/modules/catalog/search.server";
import { FORMAT_LABELS, SECTOR_LABELS } from "~/modules/catalog/labels";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { Pagination } from "~/components/pagination";
import { FilterSelect } from "~/components/filter-select";
import { formatNumber } from "~/modules/format";

export const meta: MetaFunction = () => [{ title: "Catalogus — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const query = safeParseCatalogQuery(new URL(request.url).searchParams);
  if (!query) throw new Response("De zoekopdracht is te lang: gebruik hoogstens 200 tekens.", { status: 400 });
  const version = await catalogueVersion();
  const [search, facets] = await Promise.all([
    searchCatalogue(query, { kind: "school", schoolId }, todayInAmsterdam(), db, version),
    catalogFacets(db, version),
  ]);
  return { query, search, facets };
}

function pageHref(params: Record<string, string | number | undefined>, page: number) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "" && k !== "pagina") sp.set(k, String(v));
  if (page > 1) sp.set("pagina", String(page));
  const s = sp.toString();
  return s ? `?${s}` : "?";
}

export default function Catalogue() {
  const { query, search, facets } = useLoaderData<typeof loader>();
  // The form's fields start from the URL; a new URL (a search, "Filters wissen", a page link)
  // mounts a new form, so no value typed or chosen earlier survives in the browser (issue 12).
  const { search: urlSearch } = useLocation();
  const from = search.total === 0 ? 0 : (search.page - 1) * search.pageSize + 1;
  const to = Math.min(search.total, search.page * search.pageSize);
  return (
    <>
      <h1>Catalogus</h1>
      <div className="catalog-layout">
        <Form method="get" className="filters card" aria-label="Zoeken en filteren" key={urlSearch}>
          <div className="field">
            <label htmlFor="f-q">Zoeken</label>
            <input id="f-q" name="q" type="search" defaultValue={query.q} aria-describedby="f-q-hint" />
            <span id="f-q-hint" className="muted small">
              Titel, uitgever of EAN/ISBN
            </span>
          </div>
          <FilterSelect
            name="vak"
            label="Vak"
            allLabel="Alle vakken"
            value={query.vak}
            options={facets.subjects.map((s) => ({ value: s.code, label: s.name }))}
          />
          <FilterSelect
            name="sector"
            label="Onderwijssector"
            allLabel="Alle sectoren"
            value={query.sector}
            options={Object.entries(SECTOR_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <FilterSelect
            name="niveau"
            label="Niveau"
            allLabel="Alle niveaus"
            value={query.niveau}
            options={facets.levels.map((l) => ({ value: l, label: l }))}
          />
          <FilterSelect
            name="leerjaar"
            label="Leerjaar"
            allLabel="Alle leerjaren"
            value={query.leerjaar || undefined}
            options={facets.years.map((y) => ({ value: String(y), label: String(y) }))}
          />
          <FilterSelect
            name="leerdoel"
            label="Leerdoel"
            allLabel="Alle leerdoelen"
            value={query.leerdoel}
            options={facets.goals.map((g) => ({ value: g.code, label: `${g.label} (${g.code})` }))}
          />
          <fieldset>
            <legend>Vorm</legend>
            {[
              ["", "Alle vormen"],
              ["print", "Papier"],
              ["digital", "Digitaal"],
              ["combination", "Combinatie"],
            ].map(([value, label]) => (
              <div key={value}>
                <input
                  type="radio"
                  id={`f-vorm-${value || "alle"}`}
                  name="vorm"
                  value={value}
                  defaultChecked={(query.vorm ?? "") === value}
                />{" "}
                <label htmlFor={`f-vorm-${value || "alle"}`}>{label}</label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <div>
              <input
                type="checkbox"
                id="f-beoordeeld"
                name="beoordeeld"
                value="1"
                defaultChecked={query.beoordeeld === "1"}
              />{" "}
              <label htmlFor="f-beoordeeld">Alleen beoordeelde titels</label>
            </div>
          </div>
          <div className="row">
            <button type="submit">Zoeken</button>
            <Link to="/catalogus">Filters wissen</Link>
          </div>
        </Form>
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">
            {search.total === 1 ? "1 titel gevonden" : `${formatNumber(search.total)} titels gevonden`}
          </h2>
          {search.total > 0 ? (
            <p className="muted small">
              {formatNumber(from)}–{formatNumber(to)} van {formatNumber(search.total)} · prijzen per stuk{" "}
              {search.pricesIncludeVat ? "incl." : "excl."} btw, voor uw school
            </p>
          ) : (
            <p>Geen titels gevonden. Pas uw zoekterm of filters aan.</p>
          )}
          <ul className="catalog-results" aria-label="Zoekresultaten">
            {search.results.map((r) => (
              <li key={r.id} className="card catalog-result">
                <h3>
                  <Link to={`/catalogus/${r.slug}`}>{r.name}</Link>
                </h3>
                <p className="muted small">
                  {r.publisher} · {r.subject} · {r.levels.join(", ")}
                  {r.years.length ? ` · leerjaar ${r.years.join(", ")}` : ""}
                  {r.reviewed ? (
                    <>
                      {" "}
                      · <span className="badge badge-ok">Beoordeeld</span>
                    </>
                  ) : null}
                </p>
                <p className="row">
                  {r.formats.map((f) => (
                    <span key={f} className="badge">
                      {FORMAT_LABELS[f] ?? f}
                    </span>
                  ))}
                  <span className="catalog-price">
                    {r.fromPrice ? (
                      <>
                        vanaf <strong>{r.fromPrice}</strong> {search.pricesIncludeVat ? "incl." : "excl."} btw
                      </>
                    ) : (
                      "Prijs op aanvraag"
                    )}
                  </span>
                </p>
              </li>
            ))}
          </ul>
          <Pagination page={search.page} pageCount={search.pageCount} href={(n) => pageHref(query, n)} />
        </section>
      </div>
    </>
  );
}
