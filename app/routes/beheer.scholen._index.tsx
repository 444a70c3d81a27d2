import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, useSchemaForm } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { formInvalid, formRefused } from "~/modules/forms/answer.server";
import { refineWith } from "~/modules/forms/validated";
import { validateBoard } from "~/modules/organisations/organisation-admin";
import { createBoard, listBoardsWithSchools } from "~/modules/organisations/organisation-admin.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Scholen — Beheer — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  return { boards: await listBoardsWithSchools() };
}

const text = z.string().default("");
/** One schema for browser and server: the board's pure rules; the server then checks nothing more. */
const BoardSchema = z.object({ name: text, kvkNumber: text, email: text }).superRefine(refineWith(validateBoard));

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: BoardSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const result = await createBoard(submission.value, user.id);
  if (result.ok) return redirect("/beheer/scholen?opgeslagen=bestuur");
  return formRefused(submission, result.errors);
}

export default function AdminSchools() {
  const { boards } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(BoardSchema, { id: "board", lastResult: data?.result });
  const failed = form.status === "error" && Object.keys(form.allErrors).length > 0;
  return (
    <>
      <div className="row">
        <h1>Scholen en besturen</h1>
        <Link className="button" to="/beheer/scholen/nieuw">
          Nieuwe school
        </Link>
      </div>
      {params.get("opgeslagen") === "bestuur" ? (
        <div className="alert alert-ok" role="status">
          Het schoolbestuur is aangemaakt.
        </div>
      ) : null}
      {boards.map((b) => (
        <section key={b.id} aria-labelledby={`board-${b.id}`}>
          <h2 id={`board-${b.id}`}>
            {b.name}
            {b.kvkNumber ? <span className="muted small"> — KvK {b.kvkNumber}</span> : null}
          </h2>
          {b.children.length === 0 ? (
            <p className="muted">Dit bestuur heeft nog geen scholen.</p>
          ) : (
            <TableScroll label="Scholen">
              <table>
                <thead>
                  <tr>
                    <th>School</th>
                    <th>BRIN</th>
                    <th>Sector</th>
                    <th>Plaats</th>
                  </tr>
                </thead>
                <tbody>
                  {b.children.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/beheer/scholen/${s.id}`}>{s.name}</Link>
                      </td>
                      <td>{s.brin}</td>
                      <td>{s.sector}</td>
                      <td>{s.city}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
      ))}
      <section className="card form" aria-labelledby="new-board-heading">
        <h2 id="new-board-heading">Nieuw schoolbestuur</h2>
        <FormError
          message={failed ? "Het schoolbestuur is niet aangemaakt. Controleer de gemarkeerde velden." : null}
          errors={form.errors}
        />
        <Form method="post" {...getFormProps(form)}>
          <Field meta={fields.name} label="Naam van het bestuur" />
          <Field meta={fields.kvkNumber} label="KvK-nummer (optioneel)" inputMode="numeric" />
          <Field meta={fields.email} label="E-mailadres (optioneel)" type="email" />
          <button type="submit" disabled={busy}>
            Bestuur aanmaken
          </button>
        </Form>
      </section>
    </>
  );
}
