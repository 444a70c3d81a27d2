import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { getSchoolOrder } from "~/modules/orders/order-queries.server";
import { OrderError } from "~/modules/orders/orders.server";
import { cancelOrderStoppingPayment } from "~/modules/payments/order-cancellation.server";
import { CartError, copyOrderIntoCart } from "~/modules/cart/cart.server";
import { assignLicence, LICENCE_ERROR_STATUS, LicenceError } from "~/modules/licences/licences.server";
import { distributeLicencesOverClass } from "~/modules/licences/distribute-licences.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { recordIdParam } from "~/modules/http/route-params";
import { VatSummary } from "~/components/vat-summary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Bestelling ${data?.order.number ?? ""} — Leerwinkel` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const order = await getSchoolOrder(schoolId, recordIdParam(params, "orderId"));
  if (!order) throw new Response("Deze bestelling bestaat niet.", { status: 404 });
  return { order };
}

const OrderAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cancel") }),
  z.object({ intent: z.literal("reorder") }),
  z.object({ intent: z.literal("assign"), licenceId: z.string().min(1), pseudonymId: z.string().default("") }),
  z.object({
    intent: z.literal("distribute"),
    orderLineId: z.string().min(1),
    classGroup: z.string().trim().min(1, "Kies een klas.").max(40),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const orderId = recordIdParam(params, "orderId");
  const parsed = OrderAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Controleer het formulier.", ok: null };
  const form = parsed.data;
  try {
    switch (form.intent) {
      case "cancel":
        await cancelOrderStoppingPayment(orderId, { schoolId, userId: user.id, kind: "SCHOOL" });
        return redirect(`/school/bestellingen/${orderId}?geannuleerd=1`);
      case "reorder":
        await copyOrderIntoCart({ userId: user.id, schoolId }, orderId, todayInAmsterdam());
        return redirect("/winkelwagen?toegevoegd=1");
      case "assign":
        await assignLicence(schoolId, form.licenceId, form.pseudonymId || null);
        return { error: null, ok: form.pseudonymId ? "De licentie is toegewezen." : "De toewijzing is opgeheven." };
      case "distribute": {
        const n = await distributeLicencesOverClass(schoolId, form.orderLineId, form.classGroup);
        return {
          error: null,
          ok:
            n === 0
              ? `Geen licenties toegewezen: er zijn geen vrije licenties of alle leerlingen van ${form.classGroup} hebben er al een.`
              : `${n} ${n === 1 ? "licentie" : "licenties"} toegewezen aan leerlingen van ${form.classGroup}.`,
        };
      }
    }
  } catch (error) {
    if (error instanceof OrderError || error instanceof CartError || error instanceof LicenceError) {
      if (error.code === "NOT_FOUND") throw new Response(error.message, { status: 404 });
      // A parent-paid licence is not the school's to move: 409 with the reason on the page.
      if (error instanceof LicenceError && error.code === "PARENT_PAID")
        return data({ error: error.message, ok: null }, { status: LICENCE_ERROR_STATUS[error.code] });
      return { error: error.message, ok: null };
    }
    throw error;
  }
}

export default function OrderPage() {
  const { order: o } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const mode = o.pricesIncludeVat ? "incl." : "excl.";
  const licenceLines = o.lines.filter((l) => o.licences.some((x) => x.orderLineId === l.id));
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
      <FormError message={data?.error} />
      {data?.ok ? (
        <div className="alert alert-ok" role="status">
          {data.ok}
        </div>
      ) : null}
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
      <div className="table-wrap">
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
      </div>
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
          <p>
            <a href={`/school/licenties.csv?bestelling=${o.id}`}>Licentiecodes downloaden (CSV)</a>
          </p>
          {licenceLines.map((line) => (
            <Form key={line.id} method="post" className="row card" aria-label={`Verdelen: ${line.description}`}>
              <input type="hidden" name="intent" value="distribute" />
              <input type="hidden" name="orderLineId" value={line.id} />
              <span>
                {line.description}:{" "}
                {o.licences.filter((x) => x.orderLineId === line.id && x.status === "ACTIVE" && !x.pseudonymId).length}{" "}
                vrij
              </span>
              <label htmlFor={`dist-${line.id}`}>Klas</label>
              <select
                id={`dist-${line.id}`}
                name="classGroup"
                defaultValue={
                  line.classGroup && o.classGroups.includes(line.classGroup) ? line.classGroup : o.classGroups[0]
                }
              >
                {o.classGroups.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <button type="submit" className="button-secondary" disabled={o.classGroups.length === 0}>
                Verdeel over klas
              </button>
            </Form>
          ))}
          <div className="table-wrap">
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
                    <td>{l.status === "ACTIVE" ? "Actief" : "Ingetrokken"}</td>
                    <td>
                      {l.status === "ACTIVE" ? (
                        <Form method="post" className="row">
                          <input type="hidden" name="intent" value="assign" />
                          <input type="hidden" name="licenceId" value={l.id} />
                          <label htmlFor={`as-${l.id}`} className="visually-hidden">
                            Leerling voor licentie {l.code}
                          </label>
                          <select id={`as-${l.id}`} name="pseudonymId" defaultValue={l.pseudonymId ?? ""}>
                            <option value="">Niet toegewezen</option>
                            {o.pseudonyms.map((p) => (
                              <option key={p.id} value={p.id}>
                                {p.classGroup} · {p.pseudonym.replace("https://ketenid.nl/201703/", "ECK ")}
                              </option>
                            ))}
                          </select>
                          <button
                            type="submit"
                            className="button-small button-secondary"
                            aria-label={`Toewijzen: ${l.code}`}
                          >
                            Opslaan
                          </button>
                        </Form>
                      ) : (
                        (l.pseudonym ?? "—")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
