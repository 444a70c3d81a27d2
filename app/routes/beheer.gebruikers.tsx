import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormSuccess, RowAction, useSchemaForm } from "~/components/form";
import { endSessionsOfUser, findUsersForAdmin, requireRole } from "~/modules/auth/users.server";
import { SearchQuerySchema, searchQueryParam } from "~/modules/http/route-params";
import { formDone } from "~/modules/forms/answer.server";
import { ROLE_LABELS } from "~/modules/auth/roles";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Gebruikers — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const q = searchQueryParam(request);
  return { q, users: q ? await findUsersForAdmin(q) : [] };
}

const EndSessions = z.object({ intent: z.literal("end-sessions"), userId: z.string().min(1).max(64) });

export async function action({ request }: ActionFunctionArgs) {
  const operator = await requireRole(request, "OPERATOR_ADMIN");
  // A button in the list, no field to correct: a malformed post is a bad request.
  const submission = parseWithZod(await request.formData(), { schema: EndSessions });
  if (submission.status !== "success") throw new Response("Ongeldig verzoek.", { status: 400 });
  const ended = await endSessionsOfUser(operator.id, submission.value.userId);
  return formDone(submission, {
    success: `${ended === 1 ? "1 sessie beëindigd." : `${ended} sessies beëindigd.`} De gebruiker moet opnieuw inloggen.`,
    outcome: { userId: submission.value.userId, ended },
  });
}

export default function AdminUsers() {
  const { q, users } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  // The search form on the same schema as the loader's searchQueryParam.
  const [search, fields] = useSchemaForm(SearchQuerySchema, { id: "user-search", defaultValue: { q } });
  return (
    <>
      <h1>Gebruikers</h1>
      <Form method="get" {...getFormProps(search)} className="card form" role="search">
        <Field meta={fields.q} id="q" label="Zoek op e-mailadres" type="search" maxLength={200} />
        <button type="submit">Zoeken</button>
      </Form>
      <FormSuccess message={done?.success} />
      {q ? (
        users.length ? (
          <TableScroll label="Gevonden gebruikers">
            <table>
              <thead>
                <tr>
                  <th>Naam</th>
                  <th>E-mailadres</th>
                  <th>Rollen</th>
                  <th>Actieve sessies</th>
                  <th>
                    <span className="visually-hidden">Actie</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>{u.roles.map((r) => ROLE_LABELS[r]).join(", ")}</td>
                    <td>{u.liveSessions}</td>
                    <td>
                      <RowAction
                        intent="end-sessions"
                        name="userId"
                        value={u.id}
                        label={`Alle sessies beëindigen: ${u.email}`}
                        className="button button-secondary"
                      >
                        Alle sessies beëindigen
                      </RowAction>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>Geen gebruikers gevonden.</p>
        )
      ) : null}
    </>
  );
}
