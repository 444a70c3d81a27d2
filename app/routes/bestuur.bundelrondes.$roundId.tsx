import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { FormError, FormSuccess, useSchemaForm } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { RoundTierTable } from "~/components/round-tier-table";
import { domainErrorAnswer, formDone, formFailed, formInvalid } from "~/modules/forms/answer.server";
import { formatDate, formatNumber } from "~/modules/format";
import { recordIdParam } from "~/modules/http/route-params";
import { requireBoardAdmin } from "~/modules/orders/bundle-round-access.server";
import { closeRound, roundView } from "~/modules/orders/bundle-round.server";
import { CloseRoundSchema } from "~/modules/orders/bundle-round-forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.round.name ?? "Bundelronde"} — Bundelrondes — Leerwinkel` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { boardId } = await requireBoardAdmin(request);
  try {
    return { round: await roundView(recordIdParam(params, "roundId"), { boardId }) };
  } catch (error) {
    throw domainErrorAnswer(error, "page");
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, boardId } = await requireBoardAdmin(request);
  const roundId = recordIdParam(params, "roundId");
  const submission = parseWithZod(await request.formData(), { schema: CloseRoundSchema });
  if (submission.status !== "success") return formInvalid(submission);
  try {
    const result = await closeRound(roundId, { boardId }, user.id);
    if (result.outcome === "NOT_PLACED")
      return formFailed(submission, "De bundelronde is niet gesloten: er is niets besteld. Zie hieronder waarom.", {
        status: 409,
      });
    return formDone(submission, {
      success:
        result.outcome === "CLOSED"
          ? `De bundelronde is gesloten: ${result.orders === 1 ? "1 bestelling" : `${result.orders} bestellingen`} geplaatst.`
          : "Deze bundelronde was al gesloten.",
    });
  } catch (error) {
    return domainErrorAnswer(error, submission);
  }
}

export default function BoardRound() {
  const { round } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const [form] = useSchemaForm(CloseRoundSchema, { lastResult: actionData?.result });
  const mode = round.pricesIncludeVat ? "incl." : "excl.";
  return (
    <>
      <p>
        <Link to="/bestuur">← Bundelrondes</Link>
      </p>
      <h1>{round.name}</h1>
      {params.get("geopend") ? <FormSuccess message="De bundelronde is geopend voor de scholen." /> : null}
      <FormSuccess message={actionData?.success} />
      <FormError errors={form.errors} />
      <dl className="meta">
        <dt>Status</dt>
        <dd>
          <span className={`badge ${round.status === "CLOSED" ? "badge-ok" : ""}`}>{round.statusLabel}</span>
        </dd>
        <dt>Sluitingsdatum</dt>
        <dd>
          {formatDate(round.closesOn)}
          {round.status === "CLOSED" ? null : " (scholen kunnen tot en met die dag hun aantallen wijzigen)"}
        </dd>
        <dt>Prijslijst</dt>
        <dd>
          {round.priceListName} (prijzen {mode} btw)
        </dd>
      </dl>
      {round.closeProblem ? (
        <div className="alert alert-error" role="alert">
          <p>
            <strong>Bij het sluiten is niets besteld.</strong> De ronde blijft open; sluit opnieuw zodra het is opgelost
            (de dagelijkse onderhoudsrun probeert het ook opnieuw).
          </p>
          <ul>
            {round.closeProblem.split("\n").map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {round.missingOffers.length ? (
        <div className="alert alert-error" role="alert">
          Niet meer in de prijslijst: {round.missingOffers.join(", ")}.
        </div>
      ) : null}

      <section aria-labelledby="offers-heading">
        <h2 id="offers-heading">Per artikel</h2>
        <RoundTierTable
          offers={round.offers}
          pricesIncludeVat={round.pricesIncludeVat}
          label="Aantallen en staffels per artikel"
          combinedHeader="Samen"
          tierHeader="Staffel bereikt"
        />
        <p>
          Besparing voor de scholen samen, tegenover elke school die alleen bestelt:{" "}
          <strong>{round.saving.gross}</strong> incl. btw ({round.saving.words}).
        </p>
      </section>

      <section aria-labelledby="schools-heading">
        <h2 id="schools-heading">Per school</h2>
        <TableScroll label="Aandeel en bestelling per school">
          <table aria-label="Aandeel en bestelling per school">
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col">Aantallen</th>
                <th scope="col" className="num">
                  Bij de bundelprijs incl. btw
                </th>
                <th scope="col" className="num">
                  Alleen besteld incl. btw
                </th>
                <th scope="col" className="num">
                  Besparing
                </th>
                <th scope="col">Bestelling</th>
              </tr>
            </thead>
            <tbody>
              {round.schools.map((s) => (
                <tr key={s.schoolId}>
                  <th scope="row">{s.name}</th>
                  <td>
                    {s.quantities.length === 0
                      ? "nog niets opgegeven"
                      : s.quantities
                          .map(
                            (q) =>
                              `${formatNumber(q.quantity)} × ${round.offers.find((o) => o.offerId === q.offerId)?.label ?? "?"}${q.classGroup ? ` (${q.classGroup})` : ""}`,
                          )
                          .join("; ")}
                  </td>
                  <td className="num">{s.share?.atRound.gross ?? "—"}</td>
                  <td className="num">{s.share?.alone.gross ?? "—"}</td>
                  <td className="num">{s.share?.saving ?? "—"}</td>
                  <td>
                    {s.order ? (
                      <>
                        {s.order.number} · {s.order.statusLabel} · {s.order.gross}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p>
          <a href={`/bestuur/bundelrondes/${round.id}/csv`} download>
            Overzicht downloaden (CSV) voor de administratie
          </a>
        </p>
      </section>

      {round.status !== "CLOSED" ? (
        <section aria-labelledby="close-heading">
          <h2 id="close-heading">Sluiten</h2>
          <p>
            Bij het sluiten krijgt elke school haar eigen bestelling op factuur tegen de staffelprijs van het
            gezamenlijke aantal. Daarna kunnen de scholen hun aantallen niet meer wijzigen.
          </p>
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="close" />
            <button type="submit" disabled={busy}>
              Bundelronde nu sluiten
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
