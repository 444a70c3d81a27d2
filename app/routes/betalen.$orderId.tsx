import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { FormError, useSchemaForm } from "~/components/form";
import { domainErrorAnswer } from "~/modules/forms/answer.server";
import { requireUser } from "~/modules/auth/users.server";
import { formatCents, formatEuro } from "~/modules/format";
import { Decimal } from "~/modules/money/decimal";
import { parentOrderDelivery } from "~/modules/packages/order-delivery.server";
import { TableScroll } from "~/components/table-scroll";
import { VatSummary } from "~/components/vat-summary";
import { DeliveryNote } from "~/components/delivery-note";
import { ORDER_STATUS_LABELS } from "~/modules/orders/orders.server";
import { paymentOverview, startOnlinePayment } from "~/modules/payments/checkout-session.server";
import { recordIdParam } from "~/modules/http/route-params";

export const meta: MetaFunction = () => [{ title: "Betalen — Leerwinkel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const orderId = recordIdParam(params, "orderId");
  const order = await paymentOverview(orderId, user.id);
  if (!order) throw new Response("Deze bestelling bestaat niet.", { status: 404 });
  const euro = (s: string) => formatEuro(new Decimal(s));
  return {
    ...order,
    lines: order.lines.map((l) => ({ ...l, amount: formatCents(l.amountCents) })),
    vat: order.vat.map((g) => ({ rate: g.rate, taxable: euro(g.taxable), vat: euro(g.vat), gross: euro(g.gross) })),
    totals: {
      net: formatCents(order.netCents),
      vat: formatCents(order.vatCents),
      gross: formatCents(order.grossCents),
    },
    gross: formatCents(order.grossCents),
    statusLabel: ORDER_STATUS_LABELS[order.status] ?? order.status,
    delivery: order.kind === "PARENT" ? await parentOrderDelivery(order.id, user.id) : null,
  };
}

/** The pay button's form: no fields, the order is in the URL (one schema for browser and server all the same). */
const PaySchema = z.object({});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const orderId = recordIdParam(params, "orderId");
  const submission = parseWithZod(await request.formData(), { schema: PaySchema });
  try {
    const { redirectTo } = await startOnlinePayment(orderId, user.id, { origin: new URL(request.url).origin });
    return redirect(redirectTo);
  } catch (error) {
    // Not this payer's order (404), not payable (409), Stripe unreachable (502): the message on the page.
    return domainErrorAnswer(error, submission);
  }
}

export default function PayOrder() {
  const order = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form] = useSchemaForm(PaySchema, { id: "pay", lastResult: data?.result });
  return (
    <div className="card stack">
      <h1>Betalen</h1>
      <p>
        Bestelling <strong>{order.number}</strong> — status: {order.statusLabel}
      </p>
      <TableScroll label="Wat u betaalt">
        <table>
          <caption className="muted small">Bedragen {order.pricesIncludeVat ? "inclusief" : "exclusief"} btw</caption>
          <thead>
            <tr>
              <th scope="col">Omschrijving</th>
              <th scope="col" className="num">
                Aantal
              </th>
              <th scope="col" className="num">
                Bedrag
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.description}</td>
                <td className="num">{l.quantity}</td>
                <td className="num">{l.amount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <VatSummary lines={order.vat} totals={order.totals} />
      <p className="kpi">
        Te betalen: <strong>{order.gross}</strong> <span className="muted small">(incl. btw)</span>
      </p>
      {order.delivery ? <DeliveryNote delivery={order.delivery} /> : null}
      {params.get("mislukt") ? (
        <div className="alert alert-error" role="alert">
          De betaling is mislukt. Er is niets afgeschreven; u kunt het opnieuw proberen.
        </div>
      ) : null}
      <FormError errors={form.errors} />
      {order.payable ? (
        <Form method="post" {...getFormProps(form)}>
          <button type="submit" disabled={busy}>
            Betalen met iDEAL of creditcard
          </button>
        </Form>
      ) : (
        <div className="alert alert-info" role="status">
          {order.status === "CANCELLED"
            ? "Deze bestelling is geannuleerd."
            : "Deze bestelling hoeft niet (meer) te worden betaald."}{" "}
          <Link to={order.receiptPath}>Naar de bestelling</Link>
        </div>
      )}
      {order.testMode && order.payable ? (
        <p className="muted small">Testomgeving: u komt op een testbetaalpagina; er wordt geen geld afgeschreven.</p>
      ) : null}
    </div>
  );
}
