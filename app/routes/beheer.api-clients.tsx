/**
 * /beheer/api-clients (issue 16 §2): the operator creates an API client for a publisher — its key
 * is shown once, on the page that answers the creation — lists the clients and revokes one.
 * Both actions are audited (app/modules/delivery/api-clients.server.ts).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, FormSuccess, RowAction, Select, useSchemaForm } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { db } from "~/db.server";
import { requireRole } from "~/modules/auth/users.server";
import { createApiClient, listApiClients, revokeApiClient } from "~/modules/delivery/api-clients.server";
import { formErrorOf } from "~/modules/forms/action-result";
import { domainErrorAnswer, formDone, formInvalid } from "~/modules/forms/answer.server";
import { formatDateShort } from "~/modules/format";

export const meta: MetaFunction = () => [{ title: "API-clients — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const [clients, publishers] = await Promise.all([
    listApiClients(),
    db.publisher.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return { clients, publishers };
}

const CreateSchema = z.object({
  intent: z.literal("create"),
  name: z
    .string({ required_error: "Geef de client een naam." })
    .trim()
    .min(1, "Geef de client een naam.")
    .max(100, "Gebruik hoogstens 100 tekens."),
  publisherId: z.string({ required_error: "Kies een uitgever." }).min(1, "Kies een uitgever.").max(64),
});
const RevokeSchema = z.object({ intent: z.literal("revoke"), clientId: z.string().min(1).max(64) });
const ActionSchema = z.discriminatedUnion("intent", [CreateSchema, RevokeSchema]);

export async function action({ request }: ActionFunctionArgs) {
  const operator = await requireRole(request, "OPERATOR_ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success") return formInvalid(submission);
  try {
    if (submission.value.intent === "create") {
      const created = await createApiClient(operator.id, submission.value);
      return formDone(submission, {
        success: `API-client "${created.name}" is aangemaakt.`,
        outcome: { key: created.key },
      });
    }
    await revokeApiClient(operator.id, submission.value.clientId);
    return formDone(submission, { success: "De API-client is ingetrokken; de sleutel werkt niet meer." });
  } catch (error) {
    return domainErrorAnswer(error, submission, { fields: ["name", "publisherId"] });
  }
}

export default function ApiClients() {
  const { clients, publishers } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(CreateSchema, { id: "api-client-create", lastResult: data?.result });
  const key = data && "outcome" in data ? (data.outcome as { key?: string } | undefined)?.key : undefined;
  return (
    <>
      <h1>API-clients</h1>
      <p>
        Een API-client geeft een uitgever of leerplatform toegang tot de licenties van de eigen producten (
        <a href="/api/v1/openapi.json">API-beschrijving</a>), alleen voor scholen met een verwerkersovereenkomst. Open
        een client voor zijn webhooks (wijzigingen direct naar de uitgever) en de leverlog.
      </p>
      <FormError message={formErrorOf(data?.result)} />
      <FormSuccess message={data?.success} />
      {key ? (
        <div className="card" role="status">
          <p>
            <strong>De sleutel wordt maar één keer getoond.</strong> Geef hem veilig door aan de uitgever; daarna is hij
            niet meer op te vragen.
          </p>
          <p>
            <label htmlFor="api-key">Sleutel</label>
            <input id="api-key" readOnly value={key} className="mono" />
          </p>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="card form">
        <h2>Nieuwe API-client</h2>
        <input type="hidden" name="intent" value="create" />
        <Field meta={fields.name} label="Naam" maxLength={100} required />
        <Select
          meta={fields.publisherId}
          label="Uitgever"
          placeholder="Kies een uitgever"
          options={publishers.map((p) => ({ value: p.id, label: p.name }))}
          required
        />
        <button type="submit">Aanmaken</button>
      </Form>
      {clients.length === 0 ? (
        <p className="muted">Er zijn nog geen API-clients.</p>
      ) : (
        <TableScroll label="API-clients">
          <table>
            <thead>
              <tr>
                <th scope="col">Naam</th>
                <th scope="col">Uitgever</th>
                <th scope="col">Sleutel begint met</th>
                <th scope="col">Aangemaakt</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actie</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/beheer/api-clients/${c.id}`} aria-label={`${c.name}: webhooks en leverlog`}>
                      {c.name}
                    </Link>
                  </th>
                  <td>{c.publisherName}</td>
                  <td>
                    <code>{c.keyPrefix}…</code>
                  </td>
                  <td>{formatDateShort(c.createdAt)}</td>
                  <td>{c.revokedAt ? `Ingetrokken op ${formatDateShort(c.revokedAt)}` : "Actief"}</td>
                  <td>
                    {c.revokedAt ? null : (
                      <RowAction intent="revoke" name="clientId" value={c.id} label={`API-client ${c.name} intrekken`}>
                        Intrekken
                      </RowAction>
                    )}
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
