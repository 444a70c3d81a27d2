/**
 * /beheer/api-clients/:clientId (issue 16 §3): an API client's webhooks — register a URL (the
 * signing secret shown once, on the page that answers), disable one — and the delivery log: the
 * newest events with their status, attempts, next attempt and last answer, each attempt on demand
 * (<details>, no JavaScript needed), and "Opnieuw versturen" under the same event id. Audited in
 * app/modules/delivery/webhooks.server.ts.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, FormSuccess, RowAction, useSchemaForm } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { db } from "~/db.server";
import { requireRole } from "~/modules/auth/users.server";
import { LOG_EVENTS_SHOWN, MAX_URL_LENGTH, SIGNATURE_HEADER } from "~/modules/delivery/webhook-limits";
import { createEndpoint, disableEndpoint, resendEvent, webhooksOfClient } from "~/modules/delivery/webhooks.server";
import type { EventRow } from "~/modules/delivery/webhooks.server";
import { formErrorOf } from "~/modules/forms/action-result";
import { domainErrorAnswer, formDone, formInvalid } from "~/modules/forms/answer.server";
import { formatDateShort, formatDateTimeShort } from "~/modules/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Webhooks van ${data?.client.name ?? "API-client"} — Leerwinkel` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const client = await db.apiClient.findUnique({
    where: { id: params.clientId ?? "" },
    select: { id: true, name: true, revokedAt: true, publisher: { select: { name: true } } },
  });
  if (!client) throw new Response("Deze API-client bestaat niet.", { status: 404 });
  const { endpoints, events } = await webhooksOfClient(client.id);
  return { client, endpoints, events };
}

const CreateSchema = z.object({
  intent: z.literal("create"),
  url: z
    .string({ required_error: "Vul het adres van de webhook in." })
    .trim()
    .min(1, "Vul het adres van de webhook in.")
    .max(MAX_URL_LENGTH, `Gebruik een adres van hoogstens ${MAX_URL_LENGTH} tekens.`),
});
const DisableSchema = z.object({ intent: z.literal("disable"), endpointId: z.string().min(1).max(64) });
const ResendSchema = z.object({ intent: z.literal("resend"), eventId: z.string().min(1).max(64) });
const ActionSchema = z.discriminatedUnion("intent", [CreateSchema, DisableSchema, ResendSchema]);

/** The endpoint or event must belong to the client in the URL (no acting on another client's rows). */
async function belongsToClient(clientId: string, value: z.infer<typeof ActionSchema>): Promise<boolean> {
  if (value.intent === "disable")
    return (await db.webhookEndpoint.count({ where: { id: value.endpointId, apiClientId: clientId } })) === 1;
  if (value.intent === "resend")
    return (await db.pushEvent.count({ where: { id: value.eventId, endpoint: { apiClientId: clientId } } })) === 1;
  return true;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const operator = await requireRole(request, "OPERATOR_ADMIN");
  const clientId = params.clientId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const value = submission.value;
  if (!(await belongsToClient(clientId, value))) throw new Response("Niet gevonden.", { status: 404 });
  try {
    if (value.intent === "create") {
      const created = await createEndpoint(clientId, value.url, operator.id);
      return formDone(submission, {
        success: "De webhook is toegevoegd.",
        outcome: { secret: created.secret },
      });
    }
    if (value.intent === "disable") {
      await disableEndpoint(value.endpointId, operator.id);
      return formDone(submission, { success: "De webhook is uitgezet; er wordt niets meer naartoe gestuurd." });
    }
    await resendEvent(value.eventId, operator.id);
    return formDone(submission, {
      success: "Het bericht wordt binnen enkele seconden opnieuw verstuurd, met hetzelfde id.",
    });
  } catch (error) {
    return domainErrorAnswer(error, submission, { fields: ["url"] });
  }
}

const STATUS_LABELS: Record<EventRow["status"], string> = {
  PENDING: "Wacht op verzending",
  DELIVERED: "Afgeleverd",
  FAILED: "Opgegeven",
};

function statusText(e: EventRow): string {
  if (e.status === "PENDING" && e.attempts > 0) return "Wordt opnieuw geprobeerd";
  return STATUS_LABELS[e.status];
}

function answerText(a: { statusCode: number | null; error: string | null }): string {
  if (a.statusCode !== null) return a.error ? `${a.statusCode} (mislukt)` : `${a.statusCode} (ok)`;
  return a.error ?? "—";
}

export default function ApiClientWebhooks() {
  const { client, endpoints, events } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(CreateSchema, { id: "webhook-create", lastResult: data?.result });
  const secret = data && "outcome" in data ? (data.outcome as { secret?: string } | undefined)?.secret : undefined;
  const endpointUrl = new Map(endpoints.map((e) => [e.id, e.url]));
  return (
    <>
      <p>
        <Link to="/beheer/api-clients">← API-clients</Link>
      </p>
      <h1>Webhooks van {client.name}</h1>
      <p>
        Uitgever: {client.publisher.name}.{" "}
        {client.revokedAt ? <strong>Deze API-client is ingetrokken; er wordt niets meer geleverd.</strong> : null}
      </p>
      <p>
        Elke activering, intrekking en verloop van een licentie van deze uitgever (alleen voor scholen met een
        verwerkersovereenkomst) gaat als ondertekend bericht naar de webhook. De kop <code>{SIGNATURE_HEADER}</code>{" "}
        bevat <code>t=</code> (tijdstip) en <code>v1=</code>: HMAC-SHA256 met het geheim over tijdstip, punt en inhoud.
        Zonder 2xx-antwoord proberen we het opnieuw, steeds later (30 seconden tot 6 uur, 12 pogingen). Een bericht
        houdt bij opnieuw versturen zijn eigen id: de ontvanger herkent dubbele berichten aan het id.
      </p>
      <FormError message={formErrorOf(data?.result)} />
      <FormSuccess message={data?.success} />
      {secret ? (
        <div className="card" role="status">
          <p>
            <strong>Het geheim wordt maar één keer getoond.</strong> Geef het veilig door aan de uitgever; daarmee
            controleert de ontvanger de ondertekening.
          </p>
          <p>
            <label htmlFor="webhook-secret">Ondertekeningsgeheim</label>
            <input id="webhook-secret" readOnly value={secret} className="mono" />
          </p>
        </div>
      ) : null}
      {client.revokedAt ? null : (
        <Form method="post" {...getFormProps(form)} className="card form">
          <h2>Webhook toevoegen</h2>
          <input type="hidden" name="intent" value="create" />
          <Field
            meta={fields.url}
            label="Adres (https://…)"
            type="url"
            autoComplete="off"
            maxLength={MAX_URL_LENGTH}
            required
          />
          <button type="submit">Toevoegen</button>
        </Form>
      )}
      <h2 id="webhooks-h">Webhooks</h2>
      {endpoints.length === 0 ? (
        <p className="muted">Deze client heeft nog geen webhook.</p>
      ) : (
        <TableScroll label="Webhooks">
          <table aria-labelledby="webhooks-h">
            <thead>
              <tr>
                <th scope="col">Adres</th>
                <th scope="col">Aangemaakt</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actie</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id}>
                  <th scope="row" className="webhook-url">
                    {e.url}
                  </th>
                  <td>{formatDateShort(e.createdAt)}</td>
                  <td>{e.disabledAt ? `Uitgezet op ${formatDateShort(e.disabledAt)}` : "Actief"}</td>
                  <td>
                    {e.disabledAt ? null : (
                      <RowAction intent="disable" name="endpointId" value={e.id} label={`Webhook ${e.url} uitzetten`}>
                        Uitzetten
                      </RowAction>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2 id="log-h">Leverlog</h2>
      {events.length === 0 ? (
        <p className="muted">Er zijn nog geen berichten verstuurd.</p>
      ) : (
        <>
          <p className="muted">De nieuwste {Math.min(events.length, LOG_EVENTS_SHOWN)} berichten.</p>
          <TableScroll label="Leverlog">
            <table className="webhook-log" aria-labelledby="log-h">
              <thead>
                <tr>
                  <th scope="col">Bericht</th>
                  <th scope="col">Soort</th>
                  <th scope="col">Status</th>
                  <th scope="col">Pogingen</th>
                  <th scope="col">Volgende poging</th>
                  <th scope="col">Laatste antwoord</th>
                  <th scope="col">
                    <span className="visually-hidden">Actie</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id} data-event-id={e.id}>
                    <th scope="row">
                      <code>{e.id}</code>
                      {endpoints.length > 1 ? <div className="muted">{endpointUrl.get(e.endpointId)}</div> : null}
                    </th>
                    <td>
                      <code>{e.type}</code>
                    </td>
                    <td>
                      {statusText(e)}
                      {e.status === "DELIVERED" && e.deliveredAt ? ` op ${formatDateTimeShort(e.deliveredAt)}` : null}
                    </td>
                    <td>{e.attempts}</td>
                    <td>{e.status === "PENDING" ? formatDateTimeShort(e.nextAttemptAt) : "—"}</td>
                    <td>
                      {e.log.length === 0 ? (
                        "—"
                      ) : (
                        <details>
                          <summary>{answerText({ statusCode: e.lastStatusCode, error: e.lastError })}</summary>
                          <ol className="webhook-attempts" aria-label={`Pogingen van ${e.id}, nieuwste eerst`}>
                            {e.log.map((a, i) => (
                              <li key={i}>
                                {formatDateTimeShort(a.at)}: {answerText(a)}, {a.durationMs} ms
                              </li>
                            ))}
                          </ol>
                        </details>
                      )}
                    </td>
                    <td>
                      <RowAction
                        intent="resend"
                        name="eventId"
                        value={e.id}
                        label={`Bericht ${e.id} opnieuw versturen`}
                      >
                        Opnieuw versturen
                      </RowAction>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </>
  );
}
