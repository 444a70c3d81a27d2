import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { FormError, RowAction, useSchemaForm } from "~/components/form";
import { formDone, formFailed, formInvalid } from "~/modules/forms/answer.server";
import { auditRead } from "~/modules/audit/audit-log.server";
import { requireSchoolUser } from "~/modules/auth/users.server";
import {
  importPseudonyms,
  listPseudonyms,
  regenerateOrderCode,
  type IssuedCode,
} from "~/modules/packages/packages.server";
import { parsePseudonymCsv } from "~/modules/packages/pseudonym-csv";
import { formatDateShort, formatNumber, plural } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Leerlingen en bestelcodes — Leerwinkel" }];

/** The pseudonym file may be at most 1 MB (tens of thousands of rows; a class is ~30). */
const MAX_CSV_BYTES = 1_000_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const classGroup = new URL(request.url).searchParams.get("klas") ?? "";
  const pseudonyms = await listPseudonyms(schoolId, { classGroup: classGroup || undefined });
  await auditRead(user.id, "read.pseudonyms", "Organisation", schoolId, {
    classGroup: classGroup || null,
    count: pseudonyms.length,
  });
  return {
    classGroup,
    pseudonyms: pseudonyms.map((p) => ({
      ...p,
      expires: p.codeExpiresOn ? formatDateShort(p.codeExpiresOn) : "—",
      orders: p._count.orders,
    })),
  };
}

/** What an import or a new code hands the page: the codes, shown once. */
export interface IssuedCodes {
  kind: "import" | "new-code";
  codes: IssuedCode[];
  updated: number;
}

const NO_FILE = "Kies een CSV-bestand met de kolommen pseudoniem, klas en schooljaar.";
/** One schema for browser and server: the upload (conform sends an empty file input as missing). */
const ImportSchema = z.object(
  {
    file: z
      .custom<File>((v) => typeof v === "object" && v !== null && "text" in v && "size" in v, NO_FILE)
      .refine((f) => f.size > 0, NO_FILE)
      .refine((f) => f.size <= MAX_CSV_BYTES, "Het bestand is groter dan 1 MB. Splits het op per klas."),
  },
  { required_error: NO_FILE },
);
const NewCodeSchema = z.object({ intent: z.literal("new-code"), pseudonymId: z.string().default("") });
/** A post whose body was refused before it was read: no fields to answer about, only the message. */
const Unread = z.object({});

/** The upload form's fields; anything else, or more parts than these, is refused unread. */
const UPLOAD_FIELDS = new Set(["file", "intent", "pseudonymId"]);
const MAX_UPLOAD_PARTS = UPLOAD_FIELDS.size;
class UnexpectedPartError extends Error {}

/** The memory upload handler, but for the form's own fields only and at most one file. */
function uploadFieldsOnly(): UploadHandler {
  const inMemory = unstable_createMemoryUploadHandler({ maxPartSize: MAX_CSV_BYTES });
  let parts = 0;
  let files = 0;
  return async (part) => {
    parts += 1;
    if (part.filename !== undefined) files += 1;
    if (parts > MAX_UPLOAD_PARTS || files > 1 || !UPLOAD_FIELDS.has(part.name))
      throw new UnexpectedPartError(part.name);
    return inMemory(part);
  };
}

async function readForm(request: Request): Promise<FormData | string> {
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) return request.formData();
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_CSV_BYTES + 10_000)
    return "Het bestand is groter dan 1 MB. Splits het op per klas.";
  try {
    return await unstable_parseMultipartFormData(request, uploadFieldsOnly());
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return "Het bestand is groter dan 1 MB. Splits het op per klas.";
    if (error instanceof UnexpectedPartError) return "Stuur één CSV-bestand via het formulier op deze pagina.";
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { schoolId, user } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const form = await readForm(request);
  if (typeof form === "string") {
    const status = form.includes("1 MB") ? 413 : 400;
    return formFailed<IssuedCodes>(parseWithZod(new FormData(), { schema: Unread }), form, { status });
  }
  if (form.get("intent") === "new-code") {
    const submission = parseWithZod(form, { schema: NewCodeSchema });
    if (submission.status !== "success") return formInvalid(submission);
    const issued = await regenerateOrderCode(schoolId, submission.value.pseudonymId, user.id);
    if (!issued) throw new Response("Deze leerling bestaat niet.", { status: 404 });
    return formDone<IssuedCodes>(submission, { outcome: { kind: "new-code", codes: [issued], updated: 0 } });
  }
  const submission = parseWithZod(form, { schema: ImportSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const parsed = parsePseudonymCsv(await submission.value.file.text());
  if (!parsed.ok) return formFailed<IssuedCodes>(submission, parsed.error);
  const result = await importPseudonyms(schoolId, parsed.rows, user.id);
  return formDone<IssuedCodes>(submission, {
    outcome: { kind: "import", codes: result.created, updated: result.updated },
  });
}

export default function Pseudonyms() {
  const { pseudonyms, classGroup } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(ImportSchema, { id: "pseudonym-import", lastResult: data?.result });
  const fileError = fields.file.errors?.[0];
  return (
    <>
      <p>
        <Link to="/school/pakketten">← Leerlingpakketten</Link>
      </p>
      <h1>Leerlingen en bestelcodes</h1>
      <FormError errors={form.errors} />
      {data?.outcome ? <IssuedCodesList result={data.outcome} /> : null}

      <section className="card form" aria-labelledby="import">
        <h2 id="import">Leerlingen importeren</h2>
        <p>
          Een CSV-bestand (gescheiden door ; of ,) met de kolommen <strong>pseudoniem</strong> (de ECK iD, een UUID of
          een willekeurige hexadecimale code van minstens 16 tekens), <strong>klas</strong> (een klascode zoals H2A of
          4B) en <strong>schooljaar</strong>. Zet er <strong>geen</strong> namen, e-mailadressen, geboortedata, BSN of
          leerlingnummers in: een bestand met persoonsgegevens wordt in zijn geheel geweigerd.
        </p>
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
          <div className="field">
            <label htmlFor={fields.file.id}>CSV-bestand (maximaal 1 MB)</label>
            <input
              id={fields.file.id}
              name={fields.file.name}
              type="file"
              accept=".csv,text/csv"
              required
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? fields.file.errorId : undefined}
            />
            {fileError ? (
              <span id={fields.file.errorId} className="field-error">
                {fileError}
              </span>
            ) : null}
          </div>
          <button type="submit" disabled={busy}>
            Importeren
          </button>
        </Form>
      </section>

      <section aria-labelledby="list" className="stack">
        <h2 id="list">Leerlingen</h2>
        <Form method="get" className="row">
          <div className="field">
            <label htmlFor="klas">Klas</label>
            <input id="klas" name="klas" defaultValue={classGroup} />
          </div>
          <button type="submit" className="button-secondary">
            Filteren
          </button>
        </Form>
        {pseudonyms.length === 0 ? (
          <p className="muted">Geen leerlingen gevonden.</p>
        ) : (
          <TableScroll label="Leerlingen">
            <table>
              <thead>
                <tr>
                  <th scope="col">Pseudoniem</th>
                  <th scope="col">Klas</th>
                  <th scope="col">Schooljaar</th>
                  <th scope="col">Code geldig tot</th>
                  <th scope="col" className="num">
                    Bestellingen
                  </th>
                  <th scope="col">Bestelcode</th>
                </tr>
              </thead>
              <tbody>
                {pseudonyms.map((p) => (
                  <tr key={p.id}>
                    <td className="small">{p.pseudonym}</td>
                    <td>{p.classGroup}</td>
                    <td>{p.schoolYear}</td>
                    <td>{p.expires}</td>
                    <td className="num">{formatNumber(p.orders)}</td>
                    <td>
                      <RowAction
                        intent="new-code"
                        name="pseudonymId"
                        value={p.id}
                        label={`Nieuwe code maken voor ${p.pseudonym}`}
                        className="button-small button-secondary"
                      >
                        Nieuwe code maken
                      </RowAction>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}

function IssuedCodesList({ result }: { result: IssuedCodes }) {
  return (
    <section className="card" aria-labelledby="codes">
      <h2 id="codes">{result.kind === "import" ? "Import gelukt" : "Nieuwe bestelcode"}</h2>
      <div className="alert alert-ok" role="status">
        {result.kind === "import"
          ? `${plural(result.codes.length, "nieuwe leerling", "nieuwe leerlingen")} met een bestelcode${result.updated ? `; ${plural(result.updated, "bekende leerling", "bekende leerlingen")} bijgewerkt (hun code blijft geldig)` : ""}.`
          : "De oude code werkt niet meer."}
      </div>
      {result.codes.length ? (
        <>
          <p>
            <strong>Let op:</strong> de codes worden maar één keer getoond en niet bewaard. Download nu de brieven voor
            de ouders.
          </p>
          <Form method="post" action="/school/pakketten/brieven" reloadDocument>
            {result.codes.map((c) => (
              <input key={c.pseudonymId} type="hidden" name="code" value={c.code} />
            ))}
            <button type="submit">Brieven voor ouders downloaden (PDF)</button>
          </Form>
          <TableScroll label="Nieuwe bestelcodes">
            <table>
              <thead>
                <tr>
                  <th scope="col">Pseudoniem</th>
                  <th scope="col">Klas</th>
                  <th scope="col">Schooljaar</th>
                  <th scope="col">Bestelcode</th>
                </tr>
              </thead>
              <tbody>
                {result.codes.map((c) => (
                  <tr key={c.pseudonymId}>
                    <td className="small">{c.pseudonym}</td>
                    <td>{c.classGroup}</td>
                    <td>{c.schoolYear}</td>
                    <td>
                      <code>{c.code}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : null}
    </section>
  );
}
