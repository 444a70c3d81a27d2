import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { FormError, FormSuccess, Select, useSchemaForm } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { getSchoolOrder } from "~/modules/orders/order-queries.server";
import { cancelOrderStoppingPayment } from "~/modules/payments/order-cancellation.server";
import { copyOrderIntoCart } from "~/modules/cart/cart.server";
import { assignLicence } from "~/modules/licences/licences.server";
import { distributeLicencesOverClass } from "~/modules/licences/distribute-licences.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { DomainError } from "~/modules/errors/domain-error";
import { formErrorOf } from "~/modules/forms/action-result";
import { domainErrorAnswer, formDone, formInvalid } from "~/modules/forms/answer.server";
import { plural } from "~/modules/format";
import { recordIdParam } from "~/modules/http/route-params";
import { VatSummary } from "~/components/vat-summary";
import { publishersWithoutAgreement } from "~/modules/delivery/agreements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Bestelling ${data?.order.number ?? ""} — Leerwinkel` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const order = await getSchoolOrder(schoolId, recordIdParam(params, "orderId"));
  if (!order) throw new Response("Deze bestelling bestaat niet.", { status: 404 });
  const withoutAgreement = order.licences.length
    ? await publishersWithoutAgreement(schoolId, { orderId: order.id })
    : [];
  return { order, withoutAgreement };
}

/** The page's forms, one schema each, shared by browser and server; `intent` says which was sent. */
const CancelSchema = z.object({ intent: z.literal("cancel") });
const ReorderSchema = z.object({ intent: z.literal("reorder") });
const AssignSchema = z.object({
  intent: z.literal("assign"),
  licenceId: z.string().min(1),
  // "Niet toegewezen" sends the empty value, which conform reads as absent: unassign.
  pseudonymId: z.string().optional(),
});
const DistributeSchema = z.object({
  intent: z.literal("distribute"),
  orderLineId: z.string().min(1),
  classGroup: z.string({ required_error: "Kies een klas." }).trim().min(1, "Kies een klas.").max(40, "Kies een klas."),
});
const OrderActionSchema = z.discriminatedUnion(
  "intent",
  [CancelSchema, ReorderSchema, AssignSchema, DistributeSchema],
  {
    errorMap: () => ({ message: "Onbekende actie." }),
  },
);
/** The fields a refusal may be shown next to (a DomainError naming another field becomes the form's error). */
const ERROR_FIELDS = ["pseudonymId", "classGroup"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const orderId = recordIdParam(params, "orderId");
  const submission = parseWithZod(await request.formData(), { schema: OrderActionSchema });
  if (submission.status !== "success") return formInvalid(submission);
  const form = submission.value;
  try {
    switch (form.intent) {
      case "cancel":
        await cancelOrderStoppingPayment(orderId, { schoolId, userId: user.id, kind: "SCHOOL" });
        return redirect(`/school/bestellingen/${orderId}?geannuleerd=1`);
      case "reorder":
        await copyOrderIntoCart({ userId: user.id, schoolId }, orderId, todayInAmsterdam());
        return redirect("/winkelwagen?toegevoegd=1");
      case "assign":
        await assignLicence(schoolId, form.licenceId, form.pseudonymId ?? null);
        return formDone(submission, {
          success: form.pseudonymId ? "De licentie is toegewezen." : "De toewijzing is opgeheven.",
          keepValues: true,
        });
      case "distribute": {
        const n = await distributeLicencesOverClass(schoolId, form.orderLineId, form.classGroup);
        return formDone(submission, {
          success:
            n === 0
              ? `Geen licenties toegewezen: er zijn geen vrije licenties of alle leerlingen van ${form.classGroup} hebben er al een.`
              : `${plural(n, "licentie", "licenties")} toegewezen aan leerlingen van ${form.classGroup}.`,
          keepValues: true,
        });
      }
    }
  } catch (error) {
    // Someone else's order, line or licence: the page does not exist for this school.
    if (error instanceof DomainError && error.status === 404) throw domainErrorAnswer(error, "page");
    return domainErrorAnswer(error, submission, { fields: ERROR_FIELDS });
  }
}

type Result = SubmissionResult<string[]> | undefined;

/** The form a result was sent from: its intent and the licence or order line it was about. */
function sentFrom(result: Result): { intent?: unknown; target?: unknown } {
  const v = (result?.initialValue ?? {}) as { intent?: unknown; licenceId?: unknown; orderLineId?: unknown };
  return { intent: v.intent, target: v.intent === "assign" ? v.licenceId : v.orderLineId };
}

export default function OrderPage() {
  const { order: o, withoutAgreement } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const from = sentFrom(data?.result);
  const mode = o.pricesIncludeVat ? "incl." : "excl.";
  const licenceLines = o.lines.filter((l) => o.licences.some((x) => x.orderLineId === l.id));
  // A cancelled order's licences are revoked: nothing to hand out (the action refuses it too).
  const distributable = o.status !== "CANCELLED";
  const pupilOptions = o.pseudonyms.map((p) => ({
    value: p.id,
    label: `${p.classGroup} · ${p.pseudonym.replace("https://ketenid.nl/201703/", "ECK ")}`,
  }));
  return (
    <>
      <p>
        <Link to="/school/bestellingen">← Alle bestellingen</Link>
      </p>
      <h1>Bestelling {o.number}</h1>
      {params.get("geplaatst") ? (
        <div className="alert alert-ok" role="status">
          Uw bestelling {o.number} is geplaatst.{" "}
          {o.paymentMethod === "INVOICE" ? "U ontvangt de factuur op rekening." : ""}
        </div>
      ) : null}
      {params.get("geannuleerd") ? (
        <div className="alert alert-ok" role="status">
          De bestelling is geannuleerd; u ontvangt een creditnota.
        </div>
      ) : null}
      <FormError message={formErrorOf(data?.result)} />
      <FormSuccess message={data?.success} />
      <div className="grid grid-2">
        <div className="card">
          <dl className="meta">
            <dt>Status</dt>
            <dd>
              <span className="badge">{o.statusLabel}</span>
              {o.shipped ? " · verzonden" : ""}
            </dd>
            <dt>Besteldatum</dt>
            <dd>{o.placedOn}</dd>
            <dt>Inkoopordernummer</dt>
            <dd>{o.poNumber ?? "—"}</dd>
            <dt>Betaalwijze</dt>
            <dd>{o.paymentMethodLabel}</dd>
            <dt>Afleveradres</dt>
            <dd>
              {o.delivery.name}, {o.delivery.street}, {o.delivery.postalCode} {o.delivery.city}
            </dd>
            {o.remark ? (
              <>
                <dt>Opmerking</dt>
                <dd>{o.remark}</dd>
              </>
            ) : null}
          </dl>
        </div>
        <div className="card">
          <h2>Documenten</h2>
          {o.invoices.length === 0 ? (
            <p className="muted">Nog geen factuur{o.status === "AWAITING_PAYMENT" ? " (na betaling)" : ""}.</p>
          ) : (
            <ul>
              {o.invoices.map((i) => (
                <li key={i.id}>
                  {i.type === "CREDIT_NOTE" ? "Creditnota" : "Factuur"} {i.number} ({i.issueDate}, {i.gross}):{" "}
                  <a href={`/financien/facturen/${i.id}.pdf`}>PDF</a> ·{" "}
                  <a href={`/financien/facturen/${i.id}.xml`}>UBL (XML)</a>
                </li>
              ))}
            </ul>
          )}
          {o.status === "AWAITING_PAYMENT" ? (
            <p>
              <a className="button" href={`/betalen/${o.id}`}>
                Nu online betalen
              </a>
            </p>
          ) : null}
          <div className="row">
            {o.cancellable ? (
              <Form
                method="post"
                onSubmit={(e) => {
                  if (!confirm("Weet u zeker dat u deze bestelling wilt annuleren?")) e.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="cancel" />
                <button type="submit" className="button-danger">
                  Bestelling annuleren
                </button>
              </Form>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="reorder" />
              <button type="submit" className="button-secondary">
                Opnieuw bestellen
              </button>
            </Form>
          </div>
          <p className="muted small">
            Opnieuw bestellen zet dezelfde artikelen in uw winkelwagen, tegen de prijzen van vandaag.
          </p>
        </div>
      </div>

      <h2 id="lines-h">Bestelregels</h2>
      <TableScroll label="Bestelregels">
        <table aria-labelledby="lines-h">
          <thead>
            <tr>
              <th scope="col">Artikel</th>
              <th scope="col">Klas</th>
              <th scope="col" className="num">
                Aantal
              </th>
              <th scope="col" className="num">
                Prijs per stuk
              </th>
              <th scope="col" className="num">
                Btw
              </th>
              <th scope="col" className="num">
                Bedrag {mode} btw
              </th>
            </tr>
          </thead>
          <tbody>
            {o.lines.map((l) => (
              <tr key={l.id}>
                <th scope="row">
                  {l.description}
                  <br />
                  <span className="muted small">EAN {l.ean}</span>
                </th>
                <td>{l.classGroup || "—"}</td>
                <td className="num">
                  {l.quantity}
                  {l.refundedQuantity ? ` (${l.refundedQuantity} gecrediteerd)` : ""}
                </td>
                <td className="num">{l.unitPrice}</td>
                <td className="num">{l.vatRates}%</td>
                <td className="num">{l.amount}</td>
              </tr>
            ))}
            {o.charges.map((c, i) => (
              <tr key={`c${i}`}>
                <th scope="row">Verzendkosten</th>
                <td></td>
                <td></td>
                <td></td>
                <td className="num">{c.vatRate}%</td>
                <td className="num">{c.amount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <div style={{ maxWidth: 560 }}>
        <VatSummary
          lines={o.vatLines.map((v) => ({ rate: v.vatRate, taxable: v.taxable, vat: v.vat, gross: v.gross }))}
          totals={o.totals}
          testIds={{ gross: "order-gross" }}
        />
      </div>

      <h2 id="licences-h">Licenties</h2>
      {o.licences.length === 0 ? (
        <p className="muted">Deze bestelling heeft {o.status === "AWAITING_PAYMENT" ? "nog " : ""}geen licenties.</p>
      ) : (
        <>
          {withoutAgreement.map((p) => (
            <p key={p.publisherId} className="alert alert-info" role="note">
              Geen verwerkersovereenkomst met {p.publisherName}: licenties worden niet geleverd.{" "}
              <Link to="/school/verwerkersovereenkomsten">Verwerkersovereenkomst sluiten</Link>
            </p>
          ))}
          <p>
            <a href={`/school/licenties.csv?bestelling=${o.id}`}>Licentiecodes downloaden (CSV)</a>
          </p>
          {distributable
            ? licenceLines.map((line) => (
                <DistributeForm
                  key={line.id}
                  line={line}
                  free={
                    o.licences.filter(
                      (x) => x.orderLineId === line.id && x.status === "ACTIVE" && !x.pseudonymId && !x.expired,
                    ).length
                  }
                  classGroups={o.classGroups}
                  lastResult={from.intent === "distribute" && from.target === line.id ? data?.result : undefined}
                />
              ))
            : null}
          <TableScroll label="Licenties">
            <table aria-labelledby="licences-h">
              <thead>
                <tr>
                  <th scope="col">Licentiecode</th>
                  <th scope="col">Titel</th>
                  <th scope="col">Geldig</th>
                  <th scope="col">Status</th>
                  <th scope="col">Leerling (pseudoniem)</th>
                </tr>
              </thead>
              <tbody>
                {o.licences.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">
                      <code>{l.code}</code>
                    </th>
                    <td>{l.title}</td>
                    <td>
                      {l.validFrom} t/m {l.validTo}
                    </td>
                    <td>{l.status !== "ACTIVE" ? "Ingetrokken" : l.expired ? "Verlopen" : "Actief"}</td>
                    <td>
                      {l.status === "ACTIVE" && !l.expired ? (
                        <AssignForm
                          licence={l}
                          options={pupilOptions}
                          lastResult={from.intent === "assign" && from.target === l.id ? data?.result : undefined}
                        />
                      ) : (
                        (l.pseudonym ?? "—")
                      )}
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

/** "Verdeel over klas": the line's free licences to the pupils of one class who have none of the product yet. */
function DistributeForm({
  line,
  free,
  classGroups,
  lastResult,
}: {
  line: { id: string; description: string; classGroup: string };
  free: number;
  classGroups: string[];
  lastResult: Result;
}) {
  const [form, fields] = useSchemaForm(DistributeSchema, {
    id: `distribute-${line.id}`,
    lastResult,
    defaultValue: {
      classGroup: line.classGroup && classGroups.includes(line.classGroup) ? line.classGroup : classGroups[0],
    },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="row card" aria-label={`Verdelen: ${line.description}`}>
      <input type="hidden" name={fields.intent.name} value="distribute" />
      <input type="hidden" name={fields.orderLineId.name} value={line.id} />
      <span>
        {line.description}: {free} vrij
      </span>
      <Select
        meta={fields.classGroup}
        id={`dist-${line.id}`}
        label="Klas"
        options={classGroups.map((c) => ({ value: c, label: c }))}
      />
      <button type="submit" className="button-secondary" disabled={classGroups.length === 0}>
        Verdeel over klas
      </button>
    </Form>
  );
}

/**
 * One licence's pupil. The button's accessible name starts with its visible label "Opslaan"
 * (WCAG 2.5.3 label in name); the licence code after it, visually hidden, tells the rows apart.
 */
function AssignForm({
  licence,
  options,
  lastResult,
}: {
  licence: { id: string; code: string; pseudonymId: string | null };
  options: { value: string; label: string }[];
  lastResult: Result;
}) {
  const [form, fields] = useSchemaForm(AssignSchema, {
    id: `assign-${licence.id}`,
    lastResult,
    defaultValue: { pseudonymId: licence.pseudonymId ?? "" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="row assign-licence">
      <input type="hidden" name={fields.intent.name} value="assign" />
      <input type="hidden" name={fields.licenceId.name} value={licence.id} />
      <Select
        meta={fields.pseudonymId}
        id={`as-${licence.id}`}
        label={`Leerling voor licentie ${licence.code}`}
        hideLabel
        placeholder="Niet toegewezen"
        options={options}
      />
      <button type="submit" className="button-small button-secondary">
        Opslaan<span className="visually-hidden"> licentie {licence.code}</span>
      </button>
    </Form>
  );
}
