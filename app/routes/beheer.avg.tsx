import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Checkbox, Field, FormError, FormSuccess, RowAction, useSchemaForm } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { SearchQuerySchema, searchQueryParam } from "~/modules/http/route-params";
import { formErrorOf } from "~/modules/forms/action-result";
import { domainErrorAnswer, formDone, formInvalid } from "~/modules/forms/answer.server";
import { erasePersonalData, findParents } from "~/modules/privacy/personal-data.server";
import { formatDateShort, formatNumber, plural } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "AVG-verzoeken — Leerwinkel" }];

/** /beheer/avg?q=…: an operator handles a parent's request for access or erasure. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const q = searchQueryParam(request);
  return { q, parents: await findParents(q) };
}

const userId = z.string().min(1).max(64);
/** Step 1, a button per parent: show the confirmation for this account. */
const ConfirmSchema = z.object({ intent: z.literal("confirm"), userId });
/** Step 2: the operator confirms that the parent asked for erasure. */
const EraseSchema = z.object({
  intent: z.literal("erase"),
  userId,
  bevestig: z.literal("ja", { errorMap: () => ({ message: "Vink aan dat de ouder om verwijdering heeft gevraagd." }) }),
});

type Outcome = { confirmUserId: string } | { erased: Awaited<ReturnType<typeof erasePersonalData>> };

export async function action({ request }: ActionFunctionArgs) {
  const operator = await requireRole(request, "OPERATOR_ADMIN");
  const formData = await request.formData();
  if (formData.get("intent") === "confirm") {
    const submission = parseWithZod(formData, { schema: ConfirmSchema });
    if (submission.status !== "success") return formInvalid(submission);
    return formDone<Outcome>(submission, { outcome: { confirmUserId: submission.value.userId } });
  }
  const submission = parseWithZod(formData, { schema: EraseSchema });
  if (submission.status !== "success") return formInvalid(submission);
  try {
    const erased = await erasePersonalData(submission.value.userId, operator.id);
    return formDone<Outcome>(submission, {
      outcome: { erased },
      success:
        `Het account is verwijderd: naam en e-mailadres zijn vervangen, ${erased.sessions} ${erased.sessions === 1 ? "sessie" : "sessies"} beëindigd ` +
        `en ${plural(erased.orders, "bestelling", "bestellingen")} geanonimiseerd. Facturen zijn ongewijzigd bewaard.`,
    });
  } catch (error) {
    return domainErrorAnswer(error, submission);
  }
}

/** The account whose confirmation step is open: just asked for, or sent back unconfirmed. */
function confirmingOf(data: { result: SubmissionResult<string[]>; outcome?: Outcome } | undefined): string | null {
  if (data?.outcome && "confirmUserId" in data.outcome) return data.outcome.confirmUserId;
  const sent = data?.result.initialValue;
  if (
    data?.result.status === "error" &&
    sent?.intent === "erase" &&
    !formErrorOf(data.result) &&
    typeof sent.userId === "string"
  )
    return sent.userId;
  return null;
}

function EraseForm({
  parent,
  lastResult,
}: {
  parent: { id: string; email: string };
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useSchemaForm(EraseSchema, { id: `erase-${parent.id}`, lastResult });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="erase" />
      <input type="hidden" name="userId" value={parent.id} />
      <Checkbox
        meta={fields.bevestig}
        value="ja"
        required
        label="De ouder heeft om verwijdering gevraagd; dit kan niet ongedaan worden gemaakt"
      />
      <button type="submit" className="button-danger" aria-label={`Definitief verwijderen: ${parent.email}`}>
        Definitief verwijderen
      </button>
    </Form>
  );
}

export default function PrivacyRequests() {
  const { q, parents } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const confirming = confirmingOf(a);
  // The search form on the same schema as the loader's searchQueryParam.
  const [search, fields] = useSchemaForm(SearchQuerySchema, { id: "parent-search", defaultValue: { q } });
  return (
    <div className="stack">
      <h1>AVG-verzoeken van ouders</h1>
      <p>
        Een ouder mag alle gegevens inzien die de Leerwinkel over hem of haar bewaart (art. 15) en het account laten
        verwijderen (art. 17). Ouders kunnen dat zelf onder &ldquo;Mijn gegevens&rdquo;; vraagt een ouder het u, dan
        doet u het hier. Alles wordt in het logboek vastgelegd.
      </p>
      <Form method="get" {...getFormProps(search)} className="card form" role="search">
        <Field
          meta={fields.q}
          id="q"
          label="Zoek een ouder op e-mailadres"
          type="search"
          maxLength={200}
          minLength={3}
        />
        <button type="submit">Zoeken</button>
      </Form>
      <FormError message={formErrorOf(a?.result)} />
      <FormSuccess message={a?.success} />
      {q ? (
        parents.length ? (
          <TableScroll label="Gevonden ouders">
            <table>
              <thead>
                <tr>
                  <th scope="col">Naam</th>
                  <th scope="col">E-mailadres</th>
                  <th scope="col">Sinds</th>
                  <th scope="col" className="num">
                    Bestellingen
                  </th>
                  <th scope="col">Acties</th>
                </tr>
              </thead>
              <tbody>
                {parents.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td className="wrap">{p.email}</td>
                    <td>{formatDateShort(p.createdAt)}</td>
                    <td className="num">{formatNumber(p.orders)}</td>
                    <td>
                      <a href={`/beheer/avg/export/${p.id}`} aria-label={`Gegevens downloaden (JSON): ${p.email}`}>
                        Gegevens downloaden
                      </a>
                      {p.erased ? (
                        <span className="muted small"> · verwijderd</span>
                      ) : confirming === p.id ? (
                        <EraseForm
                          parent={p}
                          lastResult={a?.result.initialValue?.intent === "erase" ? a.result : undefined}
                        />
                      ) : (
                        <RowAction
                          intent="confirm"
                          name="userId"
                          value={p.id}
                          label={`Account verwijderen… ${p.email}`}
                          className="button-small button-secondary"
                        >
                          Account verwijderen…
                        </RowAction>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>Geen ouderaccounts gevonden (zoek op minstens 3 tekens).</p>
        )
      ) : null}
    </div>
  );
}
