import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Checkbox, Field, FormError, Select, useSchemaForm } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { ROLE_LABELS } from "~/modules/auth/roles";
import type { ActionResult } from "~/modules/forms/action-result";
import { formInvalid, formRefused } from "~/modules/forms/answer.server";
import { refineWith } from "~/modules/forms/validated";
import {
  MIN_PASSWORD_LENGTH,
  SCHOOL_SECTORS,
  SCHOOL_USER_ROLES,
  validateSchool,
  validateSchoolUser,
} from "~/modules/organisations/organisation-admin";
import {
  addSchoolUser,
  boardChoices,
  getSchoolForAdmin,
  saveSchool,
} from "~/modules/organisations/organisation-admin.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.school?.name ?? "Nieuwe school"} — Beheer — Leerwinkel` },
];

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
/** One schema per form, for browser and server: the pure rules of organisation-admin.ts; uniqueness is the server's. */
const SchoolSchema = z
  .object({
    name: text,
    boardId: text,
    brin: text,
    sector: text,
    street: text,
    postalCode: text,
    city: text,
    email: text,
    kvkNumber: text,
    oin: text,
    poNumberRequired: z.boolean().default(false),
    allowRepeatPackageOrders: z.boolean().default(false),
    paymentTermDays: text,
  })
  .superRefine(refineWith(validateSchool));

// The user form's name and e-mail are named apart from the school form's on the same page.
const USER_FIELDS = { name: "userName", email: "userEmail" };
const UserSchema = z
  .object({ userName: text, userEmail: text, password: text, role: text })
  .superRefine((f, ctx) => refineWith(validateSchoolUser, USER_FIELDS)(userText(f), ctx));
function userText(f: { userName: string; userEmail: string; password: string; role: string }) {
  return { name: f.userName, email: f.userEmail, password: f.password, role: f.role };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const formData = await request.formData();
  const schoolId = params.schoolId === NEW ? null : (params.schoolId ?? null);
  if (formData.get("intent") === "user") {
    if (!schoolId) throw new Response("School niet gevonden.", { status: 404 });
    // The password is never sent back to the form.
    const submission = parseWithZod(formData, { schema: UserSchema });
    if (submission.status !== "success") return formInvalid(submission, { hideFields: ["password"] });
    const result = await addSchoolUser(schoolId, userText(submission.value), user.id);
    if (result.ok) return redirect(`/beheer/scholen/${schoolId}?opgeslagen=gebruiker`);
    return formRefused(submission, result.errors, { rename: USER_FIELDS, hideFields: ["password"] });
  }
  const submission = parseWithZod(formData, { schema: SchoolSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const result = await saveSchool(schoolId, submission.value, user.id);
  if (result.ok) return redirect(`/beheer/scholen/${result.id}?opgeslagen=school`);
  return formRefused(submission, result.errors);
}

/** The result belongs to the form whose hidden `intent` it carries (two forms share this action). */
function resultFor(data: ActionResult | undefined, intent: "school" | "user") {
  const sent = data?.result.initialValue?.intent;
  return (sent ?? "school") === intent ? data?.result : undefined;
}

export default function AdminSchool() {
  const { school, boards, saved } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [schoolForm, sf] = useSchemaForm(SchoolSchema, {
    id: "school",
    lastResult: resultFor(data, "school"),
    defaultValue: {
      name: school?.name ?? "",
      boardId: school?.parentId ?? "",
      brin: school?.brin ?? "",
      sector: school?.sector ?? "VO",
      street: school?.street ?? "",
      postalCode: school?.postalCode ?? "",
      city: school?.city ?? "",
      email: school?.email ?? "",
      kvkNumber: school?.kvkNumber ?? "",
      oin: school?.oin ?? "",
      poNumberRequired: school?.poNumberRequired ?? false,
      allowRepeatPackageOrders: school?.allowRepeatPackageOrders ?? false,
      paymentTermDays: String(school?.paymentTermDays ?? 30),
    },
  });
  const [userForm, uf] = useSchemaForm(UserSchema, {
    id: "school-user",
    lastResult: resultFor(data, "user"),
    defaultValue: { role: "SCHOOL_ADMIN" },
  });
  const schoolFailed = schoolForm.status === "error" && Object.keys(schoolForm.allErrors).length > 0;
  const userFailed = userForm.status === "error" && Object.keys(userForm.allErrors).length > 0;
  return (
    <>
      <p>
        <Link to="/beheer/scholen">← Alle scholen</Link>
      </p>
      <h1>{school ? school.name : "Nieuwe school"}</h1>
      {saved === "school" ? (
        <div className="alert alert-ok" role="status">
          De school is opgeslagen.
        </div>
      ) : null}
      {saved === "gebruiker" ? (
        <div className="alert alert-ok" role="status">
          De gebruiker is toegevoegd.
        </div>
      ) : null}

      <section className="card form-wide" aria-labelledby="school-form-heading">
        <h2 id="school-form-heading">Schoolgegevens</h2>
        <FormError
          message={schoolFailed ? "De school is niet opgeslagen. Controleer de gemarkeerde velden." : null}
          errors={schoolForm.errors}
        />
        <Form method="post" {...getFormProps(schoolForm)}>
          <input type="hidden" name="intent" value="school" />
          <div className="grid grid-2">
            <Field meta={sf.name} label="Naam" />
            <Select
              meta={sf.boardId}
              label="Schoolbestuur"
              placeholder="— kies een bestuur —"
              options={boards.map((b) => ({ value: b.id, label: b.name }))}
            />
            <Field meta={sf.brin} label="BRIN-code" hint="2 cijfers en 2 letters, bijvoorbeeld 12AB." />
            <Select meta={sf.sector} label="Sector" options={SCHOOL_SECTORS.map((s) => ({ value: s, label: s }))} />
            <Field meta={sf.street} label="Straat en huisnummer" />
            <Field meta={sf.postalCode} label="Postcode" />
            <Field meta={sf.city} label="Plaats" />
            <Field meta={sf.email} label="E-mailadres" type="email" />
            <Field
              meta={sf.kvkNumber}
              label="KvK-nummer"
              inputMode="numeric"
              hint="8 cijfers. Vul het KvK-nummer of het OIN in (of beide): e-facturen (Peppol) gaan naar het OIN of, zonder OIN, naar het KvK-nummer."
            />
            <Field
              meta={sf.oin}
              label="OIN"
              inputMode="numeric"
              hint="Organisatie-identificatienummer van een openbare school: 20 cijfers."
            />
            <Field meta={sf.paymentTermDays} label="Betaaltermijn (dagen)" inputMode="numeric" />
          </div>
          <Checkbox meta={sf.poNumberRequired} label="Inkoopordernummer verplicht bij bestellen" />
          <Checkbox meta={sf.allowRepeatPackageOrders} label="Ouders mogen een leerlingpakket vaker bestellen" />
          <button type="submit" disabled={busy}>
            {school ? "School opslaan" : "School aanmaken"}
          </button>
        </Form>
      </section>

      {school ? (
        <>
          <section aria-labelledby="users-heading">
            <h2 id="users-heading">Gebruikers van deze school</h2>
            {school.memberships.length === 0 ? (
              <p className="muted">Nog geen gebruikers.</p>
            ) : (
              <TableScroll label="Gebruikers van deze school">
                <table>
                  <thead>
                    <tr>
                      <th>Naam</th>
                      <th>E-mailadres</th>
                      <th>Rol</th>
                    </tr>
                  </thead>
                  <tbody>
                    {school.memberships.map((m) => (
                      <tr key={m.id}>
                        <td>{m.user.name}</td>
                        <td>{m.user.email}</td>
                        <td>{ROLE_LABELS[m.role as keyof typeof ROLE_LABELS] ?? m.role}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>
          <section className="card form" aria-labelledby="user-form-heading">
            <h2 id="user-form-heading">Gebruiker toevoegen</h2>
            <FormError
              message={userFailed ? "De gebruiker is niet toegevoegd. Controleer de gemarkeerde velden." : null}
              errors={userForm.errors}
            />
            <Form method="post" {...getFormProps(userForm)}>
              <input type="hidden" name="intent" value="user" />
              <Field meta={uf.userName} label="Naam" />
              <Field meta={uf.userEmail} label="E-mailadres" type="email" />
              <Field
                meta={uf.password}
                label="Beginwachtwoord"
                type="password"
                autoComplete="new-password"
                hint={`Ten minste ${MIN_PASSWORD_LENGTH} tekens.`}
              />
              <Select
                meta={uf.role}
                label="Rol"
                options={SCHOOL_USER_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              />
              <button type="submit" disabled={busy}>
                Gebruiker toevoegen
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
