import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/users.server";
import { Decimal } from "~/modules/money/decimal";
import { formatCents, formatDate, formatDateShort, formatEuro } from "~/modules/format";
import { ORDER_STATUS_LABELS } from "~/modules/orders/orders.server";
import { parseFrozen } from "~/modules/pricing/frozen-pricing";
import { getParentOrder } from "~/modules/packages/parent-package.server";
import { recordIdParam } from "~/modules/http/route-params";
import { VatSummary } from "~/components/vat-summary";
import { TableScroll } from "~/components/table-scroll";
import { DeliveryNote } from "~/components/delivery-note";
import { orderDelivery } from "~/modules/packages/order-delivery.server";
import { pseudonymReference } from "~/modules/packages/package-rules";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Bestelling ${data?.number ?? ""} — Leerwinkel` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "PARENT");
  const order = await getParentOrder(user.id, recordIdParam(params, "orderId"));
  if (!order) throw new Response("Deze bestelling bestaat niet.", { status: 404 });
  // Everything below is read from the frozen order; nothing is re-priced.
  const frozen = parseFrozen(order.breakdownJson);
  const euro = (s: string) => formatEuro(new Decimal(s));
  return {
    number: order.number,
    status: ORDER_STATUS_LABELS[order.status] ?? order.status,
    awaitingPayment: order.status === "AWAITING_PAYMENT",
    id: order.id,
    placedOn: formatDate(todayInAmsterdam(order.placedAt)),
    schoolName: order.school.name,
    packageName: order.package?.name ?? null,
    classGroup: order.package?.classGroup ?? null,
    // Parents see the class and a short reference, never the raw ECK iD URL.
    pupilReference: order.pseudonym ? pseudonymReference(order.pseudonym.pseudonym) : null,
    delivery: orderDelivery(order),
    pricesIncludeVat: order.pricesIncludeVat,
    lines: order.lines.map((l) => {
      const b = frozen.breakdown.lines.find((x) => x.id === String(l.position));
      return {
        id: l.id,
        description: l.description,
        quantity: l.quantity,
        unitPrice: b ? euro(b.unitPrice) : "",
        amount: formatCents(l.lineAmountCents),
      };
    }),
    vat: frozen.breakdown.vatBreakdown.map((g) => ({
      rate: g.vatRate,
      taxable: euro(g.taxable),
      vat: euro(g.vat),
      gross: euro(g.gross),
    })),
    totals: {
      net: formatCents(order.netCents),
      vat: formatCents(order.vatCents),
      gross: formatCents(order.grossCents),
    },
    licences: order.licences.map((l) => ({
      id: l.id,
      code: l.code,
      product: `${l.offer.title.name} — ${l.offer.formatLabel}`,
      validFrom: formatDateShort(l.validFrom),
      validTo: formatDateShort(l.validTo),
      active: l.status === "ACTIVE",
    })),
    invoices: order.invoices.map((i) => ({
      id: i.id,
      number: i.number,
      label: i.type === "INVOICE" ? "Factuur" : "Creditnota",
      date: formatDate(i.issueDate),
    })),
  };
}

export default function ParentOrder() {
  const o = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/ouder">← Mijn bestellingen</Link>
      </p>
      <h1>Bestelling {o.number}</h1>
      <p className="meta">
        Geplaatst op {o.placedOn} · status: <strong>{o.status}</strong>
      </p>
      {o.awaitingPayment ? (
        <div className="alert alert-info" role="status">
          Deze bestelling is nog niet betaald. <Link to={`/betalen/${o.id}`}>Nu betalen</Link>
        </div>
      ) : null}
      <section className="card" aria-labelledby="for">
        <h2 id="for">Leerlingpakket</h2>
        <dl className="meta">
          <dt>School</dt>
          <dd>{o.schoolName}</dd>
          {o.packageName ? (
            <>
              <dt>Pakket</dt>
              <dd>
                {o.packageName}
                {o.classGroup ? ` (klas ${o.classGroup})` : ""}
              </dd>
            </>
          ) : null}
          {o.pupilReference ? (
            <>
              <dt>Leerling</dt>
              <dd>
                {o.classGroup ? `klas ${o.classGroup}, ` : ""}kenmerk {o.pupilReference}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="receipt">
        <h2 id="receipt">Bon</h2>
        <TableScroll label="Bon: regels">
          <table>
            <caption className="muted small">Bedragen {o.pricesIncludeVat ? "inclusief" : "exclusief"} btw</caption>
            <thead>
              <tr>
                <th scope="col">Omschrijving</th>
                <th scope="col" className="num">
                  Aantal
                </th>
                <th scope="col" className="num">
                  Prijs per stuk
                </th>
                <th scope="col" className="num">
                  Bedrag
                </th>
              </tr>
            </thead>
            <tbody>
              {o.lines.map((l) => (
                <tr key={l.id}>
                  <td>{l.description}</td>
                  <td className="num">{l.quantity}</td>
                  <td className="num">{l.unitPrice}</td>
                  <td className="num">{l.amount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <VatSummary lines={o.vat} totals={o.totals} showCaption />
        {o.invoices.length ? (
          <ul>
            {o.invoices.map((i) => (
              <li key={i.id}>
                <a href={`/financien/facturen/${i.id}.pdf`}>
                  {i.label} {i.number} (PDF)
                </a>{" "}
                van {i.date}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">De factuur verschijnt hier zodra de bestelling is betaald.</p>
        )}
      </section>
      <section className="card" aria-labelledby="licences">
        <h2 id="licences">Licenties</h2>
        {o.licences.length ? (
          <TableScroll label="Licenties">
            <table>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Activeringscode</th>
                  <th scope="col">Geldig van</th>
                  <th scope="col">Geldig tot en met</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {o.licences.map((l) => (
                  <tr key={l.id}>
                    <td>{l.product}</td>
                    <td>
                      <code>{l.code}</code>
                    </td>
                    <td>{l.validFrom}</td>
                    <td>{l.validTo}</td>
                    <td>
                      {l.active ? (
                        <span className="badge badge-ok">Actief</span>
                      ) : (
                        <span className="badge badge-danger">Ingetrokken</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p className="muted">
            {o.awaitingPayment
              ? "De licenties worden aangemaakt zodra de betaling binnen is."
              : "Deze bestelling bevat geen digitale licenties."}
          </p>
        )}
        {o.pupilReference && o.licences.length ? (
          <p className="muted small">De licenties zijn gekoppeld aan het pseudoniem van uw kind, niet aan een naam.</p>
        ) : null}
      </section>
      {o.delivery.ships ? <DeliveryNote delivery={o.delivery} heading="Boeken en hulpmiddelen" /> : null}
    </>
  );
}
