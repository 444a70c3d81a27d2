import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { ROLE_LABELS } from "~/modules/auth/roles";
import { SCHOOL_SECTORS, SCHOOL_USER_ROLES, type FieldErrors, type SchoolFormText } from "~/modules/organisations/organisation-admin";
import { addSchoolUser, boardChoices, getSchoolForAdmin, saveSchool } from "~/modules/organisations/organisation-admin.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.school?.name ?? "Nieuwe school"} — Beheer — Leerwinkel` }];

const NEW = "nieuw";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  const boards = await boardChoices();
  const saved = new URL(request.url).searchParams.get("opgeslagen");
  if (params.schoolId === NEW) return { school: null, boards, saved };
  const school = await getSchoolForAdmin(params.schoolId ?? "");
  if (!school) throw new Response("School niet gevonden.", { status: 404 });
  return { school, boards, saved };
}

const text = z.string().default("");
const SchoolSchema = z.object({
  name: text, boardId: text, brin: text, sector: text, street: text, postalCode: text, city: text, email: text, kvkNumber: text, oin: text,
  poNumberRequired: z.literal("on").optional(), allowRepeatPackageOrders: z.literal("on").optional(), paymentTermDays: text,
});
const UserSchema = z.object({ email: text, name: text, password: text, role: text });

type ActionData =
  | { intent: "school"; errors: FieldErrors; values: SchoolFormText }
  | { intent: "user"; errors: FieldErrors; values: { email: string; name: string; role: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const fields = Object.fromEntries(await request.formData()) as Record<string, string>;
  const schoolId = params.schoolId === NEW ? null : (params.schoolId ?? null);
  if (fields.intent === "user") {
    if (!schoolId) throw new Response("School niet gevonden.", { status: 404 });
    const values = UserSchema.parse({ email: fields.userEmail, name: fields.userName, password: fields.password, role: fields.role });
    const result = await addSchoolUser(schoolId, values, user.id);
    if (result.ok) return redirect(`/beheer/scholen/${schoolId}?opgeslagen=gebruiker`);
    // The password is never sent back to the form.
    return { intent: "user", errors: result.errors, values: { email: values.email, name: values.name, role: values.role } } satisfies ActionData;
  }
  const raw = SchoolSchema.parse(fields);
  const values = { ...raw, poNumberRequired: raw.poNumberRequired === "on", allowRepeatPackageOrders: raw.allowRepeatPackageOrders === "on" };
  const result = await saveSchool(schoolId, values, user.id);
  if (result.ok) return redirect(`/beheer/scholen/${result.id}?opgeslagen=school`);
  return { intent: "school", errors: result.errors, values } satisfies ActionData;
}

function Check(props: { name: string; label: string; checked: boolean }) {
  return (
    <div className="field-check">
      <input id={`f-${props.name}`} type="checkbox" name={props.name} defaultChecked={props.checked} />
      <label htmlFor={`f-${props.name}`}>{props.label}</label>
    </div>
  );
}

export default function AdminSchool() {
  const { school, boards, saved } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const se = data?.intent === "school" ? data.errors : {};
  const sv: SchoolFormText = data?.intent === "school" ? data.values : {
    name: school?.name ?? "", boardId: school?.parentId ?? "", brin: school?.brin ?? "", sector: school?.sector ?? "VO",
    street: school?.street ?? "", postalCode: school?.postalCode ?? "", city: school?.city ?? "", email: school?.email ?? "",
    kvkNumber: school?.kvkNumber ?? "", oin: school?.oin ?? "", poNumberRequired: school?.poNumberRequired ?? false,
    allowRepeatPackageOrders: school?.allowRepeatPackageOrders ?? false, paymentTermDays: String(school?.paymentTermDays ?? 30),
  };
  const ue = data?.intent === "user" ? data.errors : {};
  const uv = data?.intent === "user" ? data.values : { email: "", name: "", role: "SCHOOL_ADMIN" };
  return (
    <>
      <p><Link to="/beheer/scholen">← Alle scholen</Link></p>
      <h1>{school ? school.name : "Nieuwe school"}</h1>
      {saved === "school" ? <div className="alert alert-ok" role="status">De school is opgeslagen.</div> : null}
      {saved === "gebruiker" ? <div className="alert alert-ok" role="status">De gebruiker is toegevoegd.</div> : null}

      <section className="card form-wide" aria-labelledby="school-form-heading">
        <h2 id="school-form-heading">Schoolgegevens</h2>
        <FormError message={Object.keys(se).length ? "De school is niet opgeslagen. Controleer de gemarkeerde velden." : null} />
        <Form method="post" noValidate key={data?.intent === "school" ? "school-err" : "school"}>
          <input type="hidden" name="intent" value="school" />
          <div className="grid grid-2">
            <Field name="name" label="Naam" defaultValue={sv.name} error={se.name} />
            <div className="field">
              <label htmlFor="f-boardId">Schoolbestuur</label>
              <select id="f-boardId" name="boardId" defaultValue={sv.boardId} aria-invalid={se.boardId ? true : undefined}
                aria-describedby={se.boardId ? "f-boardId-error" : undefined}>
                <option value="">— kies een bestuur —</option>
                {boards.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
              </select>
              {se.boardId ? <span id="f-boardId-error" className="field-error">{se.boardId}</span> : null}
            </div>
            <Field name="brin" label="BRIN-code" defaultValue={sv.brin} error={se.brin} hint="2 cijfers en 2 letters, bijvoorbeeld 12AB." />
            <div className="field">
              <label htmlFor="f-sector">Sector</label>
              <select id="f-sector" name="sector" defaultValue={sv.sector}>
                {SCHOOL_SECTORS.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
              {se.sector ? <span className="field-error">{se.sector}</span> : null}
            </div>
            <Field name="street" label="Straat en huisnummer" defaultValue={sv.street} error={se.street} />
            <Field name="postalCode" label="Postcode" defaultValue={sv.postalCode} error={se.postalCode} />
            <Field name="city" label="Plaats" defaultValue={sv.city} error={se.city} />
            <Field name="email" label="E-mailadres" type="email" defaultValue={sv.email} error={se.email} />
            <Field name="kvkNumber" label="KvK-nummer" defaultValue={sv.kvkNumber} error={se.kvkNumber} inputMode="numeric"
              hint="8 cijfers. Vul het KvK-nummer of het OIN in (of beide): e-facturen (Peppol) gaan naar het OIN of, zonder OIN, naar het KvK-nummer." />
            <Field name="oin" label="OIN" defaultValue={sv.oin} error={se.oin} inputMode="numeric"
              hint="Organisatie-identificatienummer van een openbare school: 20 cijfers." />
            <Field name="paymentTermDays" label="Betaaltermijn (dagen)" defaultValue={sv.paymentTermDays} error={se.paymentTermDays} inputMode="numeric" />
          </div>
          <Check name="poNumberRequired" label="Inkoopordernummer verplicht bij bestellen" checked={sv.poNumberRequired} />
          <Check name="allowRepeatPackageOrders" label="Ouders mogen een leerlingpakket vaker bestellen" checked={sv.allowRepeatPackageOrders} />
          <button type="submit" disabled={busy}>{school ? "School opslaan" : "School aanmaken"}</button>
        </Form>
      </section>

      {school ? (
        <>
          <section aria-labelledby="users-heading">
            <h2 id="users-heading">Gebruikers van deze school</h2>
            {school.memberships.length === 0 ? <p className="muted">Nog geen gebruikers.</p> : (
              <div className="table-wrap"><table>
                <thead><tr><th>Naam</th><th>E-mailadres</th><th>Rol</th></tr></thead>
                <tbody>{school.memberships.map((m) => (
                  <tr key={m.id}><td>{m.user.name}</td><td>{m.user.email}</td><td>{ROLE_LABELS[m.role as keyof typeof ROLE_LABELS] ?? m.role}</td></tr>
                ))}</tbody>
              </table></div>
            )}
          </section>
          <section className="card form" aria-labelledby="user-form-heading">
            <h2 id="user-form-heading">Gebruiker toevoegen</h2>
            <FormError message={Object.keys(ue).length ? "De gebruiker is niet toegevoegd. Controleer de gemarkeerde velden." : null} />
            <Form method="post" noValidate key={data?.intent === "user" ? "user-err" : "user"}>
              <input type="hidden" name="intent" value="user" />
              <Field name="userName" label="Naam" defaultValue={uv.name} error={ue.name} />
              <Field name="userEmail" label="E-mailadres" type="email" defaultValue={uv.email} error={ue.email} />
              <Field name="password" label="Beginwachtwoord" type="password" autoComplete="new-password" error={ue.password} hint="Ten minste 10 tekens." />
              <div className="field">
                <label htmlFor="f-role">Rol</label>
                <select id="f-role" name="role" defaultValue={uv.role}>
                  {SCHOOL_USER_ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
                </select>
                {ue.role ? <span className="field-error">{ue.role}</span> : null}
              </div>
              <button type="submit" disabled={busy}>Gebruiker toevoegen</button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
