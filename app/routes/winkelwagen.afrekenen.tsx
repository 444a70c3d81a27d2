import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { FormError } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { CartError, checkoutCart, loadCheckout } from "~/modules/cart/cart.server";
import { OrderError } from "~/modules/orders/orders.server";
import { todayInAmsterdam } from "~/modules/vat/iso-date";
import { VatSummary } from "~/components/vat-summary";

export const meta: MetaFunction = () => [{ title: "Afrekenen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const checkout = await loadCheckout({ userId: user.id, schoolId }, todayInAmsterdam());
  // One key per page load: a resubmitted (double-clicked) form places one order.
  return { ...checkout, idempotencyKey: randomUUID() };
}

const CheckoutForm = z.object({
  idempotencyKey: z.string().uuid(),
  poNumber: z.string().trim().max(60, "Een inkoopordernummer heeft hoogstens 60 tekens.").default(""),
  remark: z.string().trim().max(500, "Een opmerking heeft hoogstens 500 tekens.").default(""),
  paymentMethod: z.enum(["INVOICE", "ONLINE"], { errorMap: () => ({ message: "Kies een betaalwijze." }) }),
});

type Fields = { poNumber: string; remark: string; paymentMethod: string; idempotencyKey: string };

export async function action({ request }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const raw = Object.fromEntries(await request.formData());
  const fields: Fields = { poNumber: String(raw.poNumber ?? ""), remark: String(raw.remark ?? ""), paymentMethod: String(raw.paymentMethod ?? ""), idempotencyKey: String(raw.idempotencyKey ?? "") };
  const parsed = CheckoutForm.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { errors, formError: errors.idempotencyKey ? "Het formulier is verlopen; laad de pagina opnieuw." : null, fields };
  }
  try {
    const placed = await checkoutCart({ userId: user.id, schoolId }, {
      idempotencyKey: parsed.data.idempotencyKey, paymentMethod: parsed.data.paymentMethod, poNumber: parsed.data.poNumber, remark: parsed.data.remark,
    }, todayInAmsterdam());
    return redirect(placed.paymentMethod === "ONLINE" ? `/betalen/${placed.orderId}` : `/school/bestellingen/${placed.orderId}?geplaatst=1`);
  } catch (error) {
    if (error instanceof OrderError || error instanceof CartError) {
      const errors: Record<string, string> = error instanceof OrderError && error.code === "PO_REQUIRED" ? { poNumber: error.message } : {};
      return { errors, formError: error.message, fields };
    }
    throw error;
  }
}

export default function Checkout() {
  const { school, cart, idempotencyKey } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const f = data?.fields;
  const method = f?.paymentMethod || "INVOICE";
  return (
    <>
      <p><Link to="/winkelwagen">← Terug naar de winkelwagen</Link></p>
      <h1>Afrekenen</h1>
      <FormError message={data?.formError} />
      {cart.lines.length === 0 ? (
        <div className="card"><p>Uw winkelwagen is leeg.</p><Link to="/catalogus">Naar de catalogus</Link></div>
      ) : (
        <div className="grid grid-2">
          <Form method="post" className="card" aria-label="Bestelling plaatsen">
            <input type="hidden" name="idempotencyKey" value={f?.idempotencyKey || idempotencyKey} />
            <div className="grid grid-2">
              <section aria-labelledby="billing-h">
                <h2 id="billing-h">Factuuradres</h2>
                <address>{school.name}<br />{school.street}<br />{school.postalCode} {school.city}{school.brin ? <><br />BRIN {school.brin}</> : null}<br />{school.email}</address>
              </section>
              <section aria-labelledby="delivery-h">
                <h2 id="delivery-h">Afleveradres</h2>
                <address>{school.name}<br />{school.street}<br />{school.postalCode} {school.city}</address>
              </section>
            </div>
            <p className="muted small">Adressen wijzigen? Neem contact op met Leerwinkel; ze komen uit de schoolgegevens.</p>
            <div className="field">
              <label htmlFor="f-poNumber">Inkoopordernummer{school.poNumberRequired ? " (verplicht)" : " (optioneel)"}</label>
              <span id="f-poNumber-hint" className="muted small">
                {school.poNumberRequired ? "Uw school werkt met inkoopordernummers: zonder nummer kunt u niet bestellen. Het nummer komt op de factuur." : "Het nummer komt op de factuur."}
              </span>
              <input id="f-poNumber" name="poNumber" type="text" maxLength={60} defaultValue={f?.poNumber} required={school.poNumberRequired}
                aria-invalid={data?.errors.poNumber ? true : undefined} aria-describedby={`f-poNumber-hint${data?.errors.poNumber ? " f-poNumber-error" : ""}`} />
              {data?.errors.poNumber ? <span id="f-poNumber-error" className="field-error">{data.errors.poNumber}</span> : null}
            </div>
            <div className="field">
              <label htmlFor="f-remark">Opmerking (optioneel)</label>
              <textarea id="f-remark" name="remark" rows={3} maxLength={500} defaultValue={f?.remark} aria-describedby={data?.errors.remark ? "f-remark-error" : undefined} />
              {data?.errors.remark ? <span id="f-remark-error" className="field-error">{data.errors.remark}</span> : null}
            </div>
            <fieldset aria-describedby={data?.errors.paymentMethod ? "f-pm-error" : undefined}>
              <legend className="label">Betaalwijze</legend>
              <div><input type="radio" id="pm-invoice" name="paymentMethod" value="INVOICE" defaultChecked={method === "INVOICE"} /> <label htmlFor="pm-invoice">Op rekening ({school.paymentTermDays} dagen)</label></div>
              <div><input type="radio" id="pm-online" name="paymentMethod" value="ONLINE" defaultChecked={method === "ONLINE"} /> <label htmlFor="pm-online">Online betalen (iDEAL, creditcard)</label></div>
              {data?.errors.paymentMethod ? <span id="f-pm-error" className="field-error">{data.errors.paymentMethod}</span> : null}
            </fieldset>
            <p><button type="submit" disabled={busy}>Bestelling plaatsen</button></p>
          </Form>
          <section className="card" aria-labelledby="summary-h">
            <h2 id="summary-h">Uw bestelling</h2>
            {cart.changed ? <div className="alert alert-info" role="alert">Prijzen zijn gewijzigd sinds u de artikelen toevoegde. <Link to="/winkelwagen">Bekijk en accepteer ze in de winkelwagen</Link>.</div> : null}
            <div className="table-wrap">
              <table aria-labelledby="summary-h">
                <thead><tr><th scope="col">Artikel</th><th scope="col" className="num">Aantal</th><th scope="col" className="num">Bedrag</th></tr></thead>
                <tbody>
                  {cart.lines.map((l) => (
                    <tr key={l.itemId}><th scope="row">{l.titleName} — {l.formatLabel}{l.classGroup ? ` (${l.classGroup})` : ""}</th><td className="num">{l.quantity}</td><td className="num">{l.lineAmount}</td></tr>
                  ))}
                  {cart.shipping ? <tr><th scope="row">Verzendkosten</th><td className="num"></td><td className="num">{cart.shipping}</td></tr> : null}
                </tbody>
              </table>
            </div>
            <VatSummary
              lines={cart.vatBreakdown.map((g) => ({ rate: g.vatRate, taxable: g.taxable, vat: g.vat, gross: g.gross }))}
              totals={cart.totals} testIds={{ gross: "checkout-gross" }}
            />
          </section>
        </div>
      )}
    </>
  );
}
