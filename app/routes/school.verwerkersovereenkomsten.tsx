import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { FormError, FormSuccess, useSchemaForm } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import {
  agreementsForSchool,
  concludeAgreement,
  setAcceptsLocalPseudonyms,
  DATA_SHARED_WITH_PUBLISHER,
  MODEL_AGREEMENT_VERSION,
} from "~/modules/delivery/agreements.server";
import { domainErrorAnswer, formDone, formInvalid } from "~/modules/forms/answer.server";
import { formatDate } from "~/modules/format";

export const meta: MetaFunction = () => [{ title: "Verwerkersovereenkomsten — Leerwinkel" }];

/** One schema for the page's two buttons: conclude the agreement, or (with one) allow school-local pseudonyms. */
const AgreementSchema = z.object({
  intent: z.enum(["conclude", "local"]).default("conclude"),
  accepts: z.enum(["ja", "nee"]).optional(),
  publisherId: z.string({ required_error: "Kies een uitgever." }).trim().min(1, "Kies een uitgever.").max(64),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { schoolId, schoolName } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  return {
    schoolName,
    modelVersion: MODEL_AGREEMENT_VERSION,
    sharedData: [...DATA_SHARED_WITH_PUBLISHER],
    publishers: await agreementsForSchool(schoolId),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: AgreementSchema });
  if (submission.status !== "success") return formInvalid(submission);
  try {
    const { publisherId, intent, accepts } = submission.value;
    if (intent === "local") {
      await setAcceptsLocalPseudonyms(schoolId, publisherId, user.id, accepts === "ja");
      return formDone(submission, {
        success:
          accepts === "ja"
            ? "Leerlingen met een schoollokaal pseudoniem worden ook aan deze uitgever geleverd."
            : "Aan deze uitgever worden alleen leerlingen met een ECK iD geleverd.",
        keepValues: true,
      });
    }
    const { created } = await concludeAgreement(schoolId, publisherId, user.id);
    return formDone(submission, {
      success: created
        ? "De verwerkersovereenkomst is gesloten. Licenties van deze uitgever worden voortaan geleverd."
        : "Met deze uitgever is al een verwerkersovereenkomst gesloten.",
      keepValues: true,
    });
  } catch (error) {
    return domainErrorAnswer(error, submission, { fields: [] });
  }
}

type Result = SubmissionResult<string[]> | undefined;

export default function ProcessingAgreements() {
  const { schoolName, modelVersion, sharedData, publishers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const sentFor = (actionData?.result?.initialValue as { publisherId?: unknown } | undefined)?.publisherId;
  return (
    <>
      <h1>
        {/* one long word: may break on a phone */}
        Verwerkers
        <wbr />
        overeenkomsten
      </h1>
      <p className="muted">
        Onder het Privacyconvenant Onderwijs levert Leerwinkel licenties van {schoolName} alleen aan een uitgever
        waarmee de school een verwerkersovereenkomst heeft. U sluit hier de {modelVersion}.
      </p>
      <div className="card">
        <h2 id="shared-heading">Welke gegevens gaan naar de uitgever</h2>
        <ul aria-labelledby="shared-heading">
          {sharedData.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
        <p className="small muted">
          Niets anders: geen namen, geboortedata, BSN of leerlingnummers, en geen gegevens van ouders.
        </p>
      </div>
      {publishers.length === 0 ? (
        <div className="card">
          <p>Er zijn nog geen uitgevers met digitale producten voor uw school.</p>
        </div>
      ) : (
        <ul className="stack agreement-list" aria-label="Uitgevers">
          {publishers.map((p) => (
            <li key={p.publisherId} className="card" aria-labelledby={`pub-${p.publisherId}`}>
              <h2 id={`pub-${p.publisherId}`}>{p.publisherName}</h2>
              <dl className="meta agreement-meta">
                <dt>Overeenkomst</dt>
                <dd>
                  {p.agreement ? (
                    <span className="badge badge-ok">Ja</span>
                  ) : (
                    <span className="badge badge-warn">Nee</span>
                  )}
                </dd>
                {p.agreement ? (
                  <>
                    <dt>Gesloten op</dt>
                    <dd>{formatDate(p.agreement.concludedOn)}</dd>
                    <dt>Door</dt>
                    <dd>{p.agreement.concludedBy}</dd>
                    <dt>Versie</dt>
                    <dd>{p.agreement.modelVersion}</dd>
                    <dt>Pseudoniemen</dt>
                    <dd>
                      {p.agreement.acceptsLocalPseudonyms ? "ECK iD en schoollokaal pseudoniem" : "alleen ECK iD"}
                    </dd>
                  </>
                ) : null}
                <dt>Licenties</dt>
                <dd>{p.licenceCount}</dd>
              </dl>
              {p.agreement ? (
                <>
                  {sentFor === p.publisherId ? <FormSuccess message={actionData?.success} /> : null}
                  <LocalPseudonymsForm
                    publisherId={p.publisherId}
                    publisherName={p.publisherName}
                    accepts={p.agreement.acceptsLocalPseudonyms}
                  />
                </>
              ) : (
                <>
                  <p>Zonder verwerkersovereenkomst worden licenties van {p.publisherName} niet geleverd.</p>
                  <ConcludeForm
                    publisherId={p.publisherId}
                    publisherName={p.publisherName}
                    lastResult={sentFor === p.publisherId ? actionData?.result : undefined}
                  />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ConcludeForm({
  publisherId,
  publisherName,
  lastResult,
}: {
  publisherId: string;
  publisherName: string;
  lastResult: Result;
}) {
  const busy = useNavigation().formData?.get("publisherId") === publisherId;
  const [form, fields] = useSchemaForm(AgreementSchema, { id: `conclude-${publisherId}`, lastResult });
  return (
    <Form method="post" {...getFormProps(form)} aria-label={`Modelovereenkomst sluiten met ${publisherName}`}>
      <FormError errors={form.errors ?? fields.publisherId.errors} />
      <input type="hidden" name={fields.publisherId.name} value={publisherId} />
      <button type="submit" disabled={busy}>
        Modelovereenkomst sluiten
        <span className="visually-hidden"> met {publisherName}</span>
      </button>
    </Form>
  );
}

/** Leerlingen zonder ECK iD: the school allows or stops delivery by its own pseudonym to this publisher. */
function LocalPseudonymsForm({
  publisherId,
  publisherName,
  accepts,
}: {
  publisherId: string;
  publisherName: string;
  accepts: boolean;
}) {
  return (
    <Form method="post" aria-label={`Schoollokale pseudoniemen voor ${publisherName}`}>
      <input type="hidden" name="intent" value="local" />
      <input type="hidden" name="publisherId" value={publisherId} />
      <input type="hidden" name="accepts" value={accepts ? "nee" : "ja"} />
      <p className="small muted">
        Leerlingen zonder ECK iD gaan alleen naar platforms die uw school daarvoor aanmerkt.
      </p>
      <button type="submit" className="button-secondary">
        {accepts ? "Schoollokale pseudoniemen niet meer leveren" : "Schoollokale pseudoniemen ook leveren"}
      </button>
    </Form>
  );
}
