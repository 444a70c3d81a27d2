import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { createBoard, listBoardsWithSchools } from "~/modules/organisations/organisation-admin.server";

export const meta: MetaFunction = () => [{ title: "Scholen — Beheer — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  return { boards: await listBoardsWithSchools() };
}

const text = z.string().default("");
const BoardSchema = z.object({ name: text, kvkNumber: text, email: text });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const values = BoardSchema.parse(Object.fromEntries(await request.formData()));
  const result = await createBoard(values, user.id);
  if (result.ok) return redirect("/beheer/scholen?opgeslagen=bestuur");
  return { errors: result.errors, values };
}

export default function AdminSchools() {
  const { boards } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <>
      <div className="row">
        <h1>Scholen en besturen</h1>
        <Link className="button" to="/beheer/scholen/nieuw">Nieuwe school</Link>
      </div>
      {params.get("opgeslagen") === "bestuur" ? <div className="alert alert-ok" role="status">Het schoolbestuur is aangemaakt.</div> : null}
      {boards.map((b) => (
        <section key={b.id} aria-labelledby={`board-${b.id}`}>
          <h2 id={`board-${b.id}`}>{b.name}{b.kvkNumber ? <span className="muted small"> — KvK {b.kvkNumber}</span> : null}</h2>
          {b.children.length === 0 ? <p className="muted">Dit bestuur heeft nog geen scholen.</p> : (
            <div className="table-wrap"><table>
              <thead><tr><th>School</th><th>BRIN</th><th>Sector</th><th>Plaats</th></tr></thead>
              <tbody>{b.children.map((s) => (
                <tr key={s.id}><td><Link to={`/beheer/scholen/${s.id}`}>{s.name}</Link></td><td>{s.brin}</td><td>{s.sector}</td><td>{s.city}</td></tr>
              ))}</tbody>
            </table></div>
          )}
        </section>
      ))}
      <section className="card form" aria-labelledby="new-board-heading">
        <h2 id="new-board-heading">Nieuw schoolbestuur</h2>
        <FormError message={data ? "Het schoolbestuur is niet aangemaakt. Controleer de gemarkeerde velden." : null} />
        <Form method="post" noValidate>
          <Field name="name" label="Naam van het bestuur" defaultValue={data?.values.name} error={errors.name} />
          <Field name="kvkNumber" label="KvK-nummer (optioneel)" defaultValue={data?.values.kvkNumber} error={errors.kvkNumber} inputMode="numeric" />
          <Field name="email" label="E-mailadres (optioneel)" type="email" defaultValue={data?.values.email} error={errors.email} />
          <button type="submit" disabled={busy}>Bestuur aanmaken</button>
        </Form>
      </section>
    </>
  );
}
