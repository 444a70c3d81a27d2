import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Field, FormError, FormSuccess, useSchemaForm } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { RoundTierTable } from "~/components/round-tier-table";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { domainErrorAnswer, formInvalid } from "~/modules/forms/answer.server";
import { formatDate, formatNumber } from "~/modules/format";
import { recordIdParam } from "~/modules/http/route-params";
import { roundView, saveQuantities } from "~/modules/orders/bundle-round.server";
import { EMPTY_ROWS_PER_OFFER, MAX_ROUND_QUANTITY, QuantitiesSchema } from "~/modules/orders/bundle-round-forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.round.name ?? "Bundelronde"} — Bundelrondes — Leerwinkel` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  try {
    return { round: await roundView(recordIdParam(params, "roundId"), { schoolId }) };
  } catch (error) {
    throw domainErrorAnswer(error, "page");
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const roundId = recordIdParam(params, "roundId");
  const submission = parseWithZod(await request.formData(), { schema: QuantitiesSchema });
  if (submission.status !== "success") return formInvalid(submission);
  try {
    await saveQuantities(roundId, { schoolId, userId: user.id }, submission.value);
  } catch (error) {
    return domainErrorAnswer(error, submission, { fields: ["poNumber"] });
  }
  return redirect(`/school/bundelrondes/${roundId}?opgeslagen=1`);
}

export default function SchoolRound() {
  const { round } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const school = round.schools[0]!;
  // the school's rows per offer, then empty rows to add a class group
  const rows = round.offers.flatMap((o) => {
    const own = school.quantities
      .filter((q) => q.offerId === o.offerId)
      .map((q) => ({ offerId: o.offerId, classGroup: q.classGroup, quantity: String(q.quantity) }));
    const empty = Array.from({ length: own.length === 0 ? 1 : EMPTY_ROWS_PER_OFFER }, () => ({
      offerId: o.offerId,
      classGroup: "",
      quantity: "",
    }));
    return [...own, ...empty];
  });
  const [form, fields] = useSchemaForm(QuantitiesSchema, {
    lastResult: actionData?.result,
    defaultValue: { poNumber: school.poNumber ?? "", lines: rows },
  });
  const labelOf = (offerId: unknown) => round.offers.find((o) => o.offerId === offerId)?.label ?? "Artikel";
  return (
    <>
      <p>
        <Link to="/school/bundelrondes">← Bundelrondes</Link>
      </p>
      <h1>{round.name}</h1>
      {params.get("opgeslagen") ? <FormSuccess message="Uw aantallen zijn opgeslagen." /> : null}
      <p className="muted">Bundelronde van {round.boardName}</p>
      <dl className="meta">
        <dt>Status</dt>
        <dd>
          <span className={`badge ${round.status === "CLOSED" ? "badge-ok" : ""}`}>{round.statusLabel}</span>
        </dd>
        <dt>Wijzigen kan tot en met</dt>
        <dd>{formatDate(round.closesOn)}</dd>
      </dl>

      {school.order ? (
        <div className="alert alert-ok" role="status">
          Uw bestelling <Link to={`/school/bestellingen/${school.order.id}`}>{school.order.number}</Link> is geplaatst
          tegen de staffelprijs van de bundelronde: {school.order.gross} incl. btw ({school.order.statusLabel}).
        </div>
      ) : null}

      <section aria-labelledby="standing-heading">
        <h2 id="standing-heading">Waar de ronde op afkoerst</h2>
        <RoundTierTable
          offers={round.offers}
          pricesIncludeVat={round.pricesIncludeVat}
          label="Gezamenlijke aantallen en staffels"
          combinedHeader="Alle scholen samen"
          tierHeader="Staffel"
        />
        {school.share ? (
          <p>
            Uw aandeel bij de staffelprijs van de ronde: <strong>{school.share.atRound.gross}</strong> incl. btw (
            {school.share.atRound.net} excl. btw + {school.share.atRound.vat} btw). Alleen besteld:{" "}
            {school.share.alone.gross}. Dat is {school.share.words}.
          </p>
        ) : (
          <p className="muted">Uw school heeft nog niets opgegeven.</p>
        )}
      </section>

      <section aria-labelledby="quantities-heading">
        <h2 id="quantities-heading">Uw aantallen</h2>
        {round.editable ? (
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormError errors={form.errors} />
            <Field
              meta={fields.poNumber}
              label="Inkoopordernummer"
              maxLength={35}
              required={school.poNumberRequired}
              hint={
                school.poNumberRequired
                  ? "Uw school werkt met inkoopordernummers; het komt op de bestelling en de factuur."
                  : "Optioneel; het komt op de bestelling en de factuur."
              }
            />
            <TableScroll label="Aantallen per artikel en klas">
              <table aria-label="Aantallen per artikel en klas" className="bundle-quantities">
                <thead>
                  <tr>
                    <th scope="col">Artikel</th>
                    <th scope="col">Klas (optioneel)</th>
                    <th scope="col">Aantal</th>
                  </tr>
                </thead>
                <tbody>
                  {fields.lines.getFieldList().map((line, index) => {
                    const f = line.getFieldset();
                    const label = labelOf(f.offerId.initialValue);
                    return (
                      <tr key={line.key}>
                        <th scope="row">
                          {label}
                          <input type="hidden" name={f.offerId.name} value={String(f.offerId.initialValue ?? "")} />
                        </th>
                        <td>
                          <Field
                            meta={f.classGroup}
                            label={`Klas voor ${label}, regel ${index + 1}`}
                            hideLabel
                            maxLength={10}
                            className="field bundle-field"
                          />
                        </td>
                        <td>
                          <Field
                            meta={f.quantity}
                            label={`Aantal ${label}, regel ${index + 1}`}
                            hideLabel
                            type="number"
                            inputMode="numeric"
                            min={0}
                            max={MAX_ROUND_QUANTITY}
                            className="field bundle-field"
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
            <p className="muted small">
              Een aantal leeg of 0 laat de regel weg. Voor een tweede klas bij hetzelfde artikel: sla op, dan verschijnt
              er een nieuwe regel.
            </p>
            <button type="submit" disabled={busy}>
              Aantallen opslaan
            </button>
          </Form>
        ) : (
          <>
            <p>
              {round.status === "OPEN"
                ? "De sluitingsdatum is voorbij; uw aantallen kunnen niet meer worden gewijzigd."
                : "De bundelronde is gesloten; uw aantallen kunnen niet meer worden gewijzigd."}
            </p>
            {school.quantities.length ? (
              <ul>
                {school.quantities.map((q) => (
                  <li key={`${q.offerId}-${q.classGroup}`}>
                    {formatNumber(q.quantity)} × {labelOf(q.offerId)}
                    {q.classGroup ? ` (${q.classGroup})` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}
