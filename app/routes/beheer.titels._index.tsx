import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { z } from "zod";
import { requireRole } from "~/modules/auth/users.server";
import { listTitlesForAdmin } from "~/modules/catalog/catalog-admin.server";
import { Field, useSchemaForm } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { plural } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Titels beheren — Leerwinkel" }];

/** The page's query, for the loader and for the search form in the browser (which sends only `q`). */
const Query = z.object({
  q: z.string().trim().max(100).catch(""),
  pagina: z.coerce.number().int().min(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await listTitlesForAdmin({ q: query.q, page: query.pagina });
  return { ...result, q: query.q };
}

export default function AdminTitles() {
  const { titles, total, page, pages, q } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), pagina: String(n) })}`;
  const [search, fields] = useSchemaForm(Query, { id: "title-search", defaultValue: { q } });
  return (
    <>
      <div className="row">
        <h1>Titels</h1>
        <Link className="button" to="/beheer/titels/nieuw">
          Nieuwe titel
        </Link>
      </div>
      <Form method="get" {...getFormProps(search)} className="row" role="search">
        <Field meta={fields.q} id="q" label="Zoeken op titel, uitgever of EAN" type="search" />
        <button type="submit" className="button-secondary">
          Zoeken
        </button>
      </Form>
      <p className="muted">
        {plural(total, "titel", "titels")}
        {q ? ` gevonden voor “${q}”` : ""}
      </p>
      {titles.length === 0 ? (
        <p>Geen titels gevonden.</p>
      ) : (
        <TableScroll label="Titels">
          <table>
            <thead>
              <tr>
                <th>Titel</th>
                <th>Uitgever</th>
                <th>Vak</th>
                <th>Sector</th>
                <th className="num">Aanbiedingen</th>
                <th>Gecontroleerd</th>
              </tr>
            </thead>
            <tbody>
              {titles.map((t) => (
                <tr key={t.id}>
                  <td>
                    <Link to={`/beheer/titels/${t.id}`}>{t.name}</Link>
                  </td>
                  <td>{t.publisher.name}</td>
                  <td>{t.subject.name}</td>
                  <td>{t.sector}</td>
                  <td className="num">{t._count.offers}</td>
                  <td>
                    {t.reviewed ? (
                      <span className="badge badge-ok">ja</span>
                    ) : (
                      <span className="badge badge-warn">nee</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pagination page={page} pageCount={pages} href={pageLink} />
    </>
  );
}
