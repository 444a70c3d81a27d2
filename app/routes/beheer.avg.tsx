import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { erasePersonalData, findParents, PersonalDataError } from "~/modules/privacy/personal-data.server";

export const meta: MetaFunction = () => [{ title: "AVG-verzoeken — Leerwinkel" }];

const Search = z.object({ q: z.string().trim().max(200).default("") });

/** /beheer/avg?q=…: an operator handles a parent's request for access or erasure. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const parsed = Search.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Zoekterm te lang.", { status: 400 });
  const q = parsed.data.q;
  return { q, parents: await findParents(q) };
}

const EraseForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm"), userId: z.string().min(1).max(64) }),
  z.object({
    intent: z.literal("erase"),
    userId: z.string().min(1).max(64),
    bevestig: z.literal("ja", { errorMap: () => ({ message: "Vink aan dat de ouder om verwijdering heeft gevraagd." }) }),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const operator = await requireRole(request, "OPERATOR_ADMIN");
  const form = Object.fromEntries(await request.formData());
  const parsed = EraseForm.safeParse(form);
  const userId = typeof form.userId === "string" ? form.userId : "";
  if (!parsed.success) return data({ confirmUserId: form.intent === "erase" ? userId : null, error: parsed.error.issues[0]?.message ?? "Ongeldig verzoek.", erased: null }, { status: 400 });
  if (parsed.data.intent === "confirm") return { confirmUserId: parsed.data.userId, error: null, erased: null };
  try {
    const result = await erasePersonalData(parsed.data.userId, operator.id);
    return { confirmUserId: null, error: null, erased: result };
  } catch (error) {
    if (error instanceof PersonalDataError) return data({ confirmUserId: null, error: error.message, erased: null }, { status: error.status });
    throw error;
  }
}

export default function PrivacyRequests() {
  const { q, parents } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>AVG-verzoeken van ouders</h1>
      <p>
        Een ouder mag alle gegevens inzien die de Leerwinkel over hem of haar bewaart (art. 15) en het account laten verwijderen
        (art. 17). Ouders kunnen dat zelf onder &ldquo;Mijn gegevens&rdquo;; vraagt een ouder het u, dan doet u het hier. Alles wordt
        in het logboek vastgelegd.
      </p>
      <Form method="get" className="card form" role="search">
        <div className="field">
          <label htmlFor="q">Zoek een ouder op e-mailadres</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={200} minLength={3} />
        </div>
        <button type="submit">Zoeken</button>
      </Form>
      <FormError message={a?.error} />
      {a?.erased ? (
        <div className="alert alert-ok" role="status">
          Het account is verwijderd: naam en e-mailadres zijn vervangen, {a.erased.sessions} {a.erased.sessions === 1 ? "sessie" : "sessies"} beëindigd
          en {a.erased.orders} {a.erased.orders === 1 ? "bestelling" : "bestellingen"} geanonimiseerd. Facturen zijn ongewijzigd bewaard.
        </div>
      ) : null}
      {q ? (
        parents.length ? (
          <div className="table-wrap">
            <table>
              <thead><tr><th scope="col">Naam</th><th scope="col">E-mailadres</th><th scope="col">Sinds</th><th scope="col" className="num">Bestellingen</th><th scope="col">Acties</th></tr></thead>
              <tbody>
                {parents.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td className="wrap">{p.email}</td>
                    <td>{p.createdAt}</td>
                    <td className="num">{p.orders}</td>
                    <td>
                      <a href={`/beheer/avg/export/${p.id}`} aria-label={`Gegevens van ${p.email} downloaden (JSON)`}>Gegevens downloaden</a>
                      {p.erased ? <span className="muted small"> · verwijderd</span> : a?.confirmUserId === p.id ? (
                        <Form method="post" className="stack">
                          <input type="hidden" name="intent" value="erase" />
                          <input type="hidden" name="userId" value={p.id} />
                          <label><input type="checkbox" name="bevestig" value="ja" required /> De ouder heeft om verwijdering gevraagd; dit kan niet ongedaan worden gemaakt</label>
                          <button type="submit" className="button-danger" aria-label={`Account van ${p.email} definitief verwijderen`}>Definitief verwijderen</button>
                        </Form>
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="intent" value="confirm" />
                          <input type="hidden" name="userId" value={p.id} />
                          <button type="submit" className="button-small button-secondary" aria-label={`Account van ${p.email} verwijderen`}>Account verwijderen…</button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : <p>Geen ouderaccounts gevonden (zoek op minstens 3 tekens).</p>
      ) : null}
    </div>
  );
}
