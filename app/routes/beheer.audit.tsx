import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Field, Select, useSchemaForm } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { auditFilterSchema } from "~/modules/audit/audit-filter";
import { auditFilterOptions, listAuditLog } from "~/modules/audit/audit-log.server";
import { requireRole } from "~/modules/auth/users.server";
import { formatDateTimeShort, formatNumber, plural } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Logboek — Leerwinkel" }];

const FILTER_KEYS = ["action", "user", "entity", "entityId", "from", "to"] as const;

/** /beheer/audit: the audit log for operators, filtered by a GET form and paged. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const params = new URL(request.url).searchParams;
  const raw = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<
    (typeof FILTER_KEYS)[number],
    string
  >;
  const options = await auditFilterOptions();
  // The filter form's schema, shared with the browser: its result brings values and errors back.
  const submission = parseWithZod(params, { schema: auditFilterSchema });
  const filter = submission.reply();
  if (submission.status !== "success") return { raw, options, filter, log: null };
  return { raw, options, filter, log: await listAuditLog(submission.value) };
}

function pageLink(raw: Record<string, string>, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) if (v) p.set(k, v);
  p.set("page", String(page));
  return `?${p.toString()}`;
}

export default function AuditLogPage() {
  const { raw, options, filter, log } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(auditFilterSchema, { id: "audit-filter", lastResult: filter });
  const problems = Object.values(form.allErrors).flat();
  return (
    <div className="stack">
      <h1>Logboek</h1>
      <p className="muted small">
        Wie wat deed, en wie persoonlijke of financiële gegevens las (downloads en exports). Gewone regels blijven 2
        jaar, financiële 7 jaar.
      </p>
      <Form method="get" {...getFormProps(form)} className="filters card" aria-label="Logboek filteren">
        <div className="row">
          <Select
            meta={fields.action}
            id="a-action"
            label="Actie"
            placeholder="Alle acties"
            options={options.actions.map((a) => ({ value: a, label: a }))}
          />
          <Field meta={fields.user} id="a-user" label="Gebruiker (e-mailadres)" type="search" maxLength={200} />
          <Select
            meta={fields.entity}
            id="a-entity"
            label="Soort gegeven"
            placeholder="Alle"
            options={options.entities.map((x) => ({ value: x, label: x }))}
          />
          <Field meta={fields.entityId} id="a-entityId" label="Id van het gegeven" maxLength={100} />
          <Field meta={fields.from} id="a-from" label="Van" type="date" />
          <Field meta={fields.to} id="a-to" label="Tot en met" type="date" />
        </div>
        <button type="submit" className="button">
          Filteren
        </button>{" "}
        <Link to="/beheer/audit" className="button button-secondary">
          Wissen
        </Link>
      </Form>
      {problems.length ? (
        <div className="alert alert-error" role="alert">
          Controleer het filter: {problems.join(" ")}
        </div>
      ) : null}
      {log ? (
        log.rows.length === 0 ? (
          <p className="muted">Geen regels in deze selectie.</p>
        ) : (
          <>
            <TableScroll label="Auditlog">
              <table>
                <caption className="muted small">
                  Pagina {formatNumber(log.page)} van {formatNumber(log.pageCount)} ·{" "}
                  {plural(log.total, "regel", "regels")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Tijdstip (UTC)</th>
                    <th scope="col">Gebruiker</th>
                    <th scope="col">Actie</th>
                    <th scope="col">Gegeven</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {log.rows.map((r) => (
                    <tr key={r.id}>
                      <td>{formatDateTimeShort(r.at)}</td>
                      <td className="wrap">{r.user ?? "—"}</td>
                      <td>
                        {r.action}
                        {r.label ? <span className="muted small"> — {r.label}</span> : null}
                      </td>
                      <td className="wrap">
                        {r.entity} <code>{r.entityId}</code>
                      </td>
                      <td className="wrap">
                        <code>{r.detail}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Pagination page={log.page} pageCount={log.pageCount} href={(n) => pageLink(raw, n)} />
          </>
        )
      ) : null}
    </div>
  );
}
