import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, FormError, Textarea, useSchemaForm } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { checkoutCart, loadCheckout } from "~/modules/cart/cart.server";
import { domainErrorAnswer, formFailed, formInvalid } from "~/modules/forms/answer.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { VatSummary } from "~/components/vat-summary";
import { formatNumber } from "~/modules/format";

export const meta: MetaFunction = () => [{ title: "Afrekenen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const checkout = await loadCheckout({ userId: user.id, schoolId }, todayInAmsterdam());
  // One key per page load: a resubmitted (double-clicked) form places one order.
  return { ...checkout, idempotencyKey: randomUUID() };
}

const CheckoutSchema = z.object({
  idempotencyKey: z.string().uuid(),
  poNumber: z.string().trim().max(60, "Een inkoopordernummer heeft hoogstens 60 tekens.").default(""),
  remark: z.string().trim().max(500, "Een opmerking heeft hoogstens 500 tekens.").default(""),
  paymentMethod: z.enum(["INVOICE", "ONLINE"], { errorMap: () => ({ message: "Kies een betaalwijze." }) }),
});
const FIELDS = ["poNumber", "remark", "paymentMethod"] as const;

export async function action({ request }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: CheckoutSchema });
  if (submission.status !== "success") {
    if (submission.error?.idempotencyKey)
      return formFailed(submission, "Het formulier is verlopen; laad de pagina opnieuw.");
    return formInvalid(submission);
  }
  try {
    const placed = await checkoutCart({ userId: user.id, schoolId }, submission.value, todayInAmsterdam());
    return redirect(
      placed.paymentMethod === "ONLINE"
        ? `/betalen/${placed.orderId}`
        : `/school/bestellingen/${placed.orderId}?geplaatst=1`,
    );
  } catch (error) {
    // A PO number the school requires comes back on its field; stock, prices and an empty cart as the form error.
    return domainErrorAnswer(error, submission, { fields: FIELDS });
  }
}

export default function Checkout() {
  const { school, cart, idempotencyKey } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(CheckoutSchema, {
    id: "checkout",
    lastResult: data?.result,
    defaultValue: { paymentMethod: "INVOICE" },
  });
  const sent = fields.paymentMethod.initialValue;
  const method = typeof sent === "string" && sent ? sent : "INVOICE";
  const pmError = fields.paymentMethod.errors?.[0];
  return (
    <>
      <p>
        <Link to="/winkelwagen">← Terug naar de winkelwagen</Link>
      </p>
      <h1>Afrekenen</h1>
      <FormError errors={form.errors} />
      {cart.lines.length === 0 ? (
        <div className="card">
          <p>Uw winkelwagen is leeg.</p>
          <Link to="/catalogus">Naar de catalogus</Link>
        </div>
      ) : (
        <div className="grid grid-2">
          <Form method="post" className="card" aria-label="Bestelling plaatsen" {...getFormProps(form)}>
            <input type="hidden" name="idempotencyKey" value={fields.idempotencyKey.initialValue || idempotencyKey} />
            <div className="grid grid-2">
              <section aria-labelledby="billing-h">
                <h2 id="billing-h">Factuuradres</h2>
                <address>
                  {school.name}
                  <br />
                  {school.street}
                  <br />
                  {school.postalCode} {school.city}
                  {school.brin ? (
                    <>
                      <br />
                      BRIN {school.brin}
                    </>
                  ) : null}
                  <br />
                  {school.email}
                </address>
              </section>
              <section aria-labelledby="delivery-h">
                <h2 id="delivery-h">Afleveradres</h2>
                <address>
                  {school.name}
                  <br />
                  {school.street}
                  <br />
                  {school.postalCode} {school.city}
                </address>
              </section>
            </div>
            <p className="muted small">
              Adressen wijzigen? Neem contact op met Leerwinkel; ze komen uit de schoolgegevens.
            </p>
            <Field
              meta={fields.poNumber}
              label={`Inkoopordernummer${school.poNumberRequired ? " (verplicht)" : " (optioneel)"}`}
              maxLength={60}
              required={school.poNumberRequired}
              hint={
                school.poNumberRequired
                  ? "Uw school werkt met inkoopordernummers: zonder nummer kunt u niet bestellen. Het nummer komt op de factuur."
                  : "Het nummer komt op de factuur."
              }
            />
            <Textarea meta={fields.remark} label="Opmerking (optioneel)" rows={3} maxLength={500} />
            <fieldset aria-describedby={pmError ? fields.paymentMethod.errorId : undefined}>
              <legend className="label">Betaalwijze</legend>
              <div>
                <input
                  type="radio"
                  id="pm-invoice"
                  name="paymentMethod"
                  value="INVOICE"
                  defaultChecked={method === "INVOICE"}
                />{" "}
                <label htmlFor="pm-invoice">Op rekening ({school.paymentTermDays} dagen)</label>
              </div>
              <div>
                <input
                  type="radio"
                  id="pm-online"
                  name="paymentMethod"
                  value="ONLINE"
                  defaultChecked={method === "ONLINE"}
                />{" "}
                <label htmlFor="pm-online">Online betalen (iDEAL, creditcard)</label>
              </div>
              {pmError ? (
                <span id={fields.paymentMethod.errorId} className="field-error">
                  {pmError}
                </span>
              ) : null}
            </fieldset>
            <p>
              <button type="submit" disabled={busy}>
                Bestelling plaatsen
              </button>
            </p>
          </Form>
          <section className="card" aria-labelledby="summary-h">
            <h2 id="summary-h">Uw bestelling</h2>
            {cart.changed ? (
              <div className="alert alert-info" role="alert">
                Prijzen zijn gewijzigd sinds u de artikelen toevoegde.{" "}
                <Link to="/winkelwagen">Bekijk en accepteer ze in de winkelwagen</Link>.
              </div>
            ) : null}
            <div className="table-wrap">
              <table aria-labelledby="summary-h">
                <thead>
                  <tr>
                    <th scope="col">Artikel</th>
                    <th scope="col" className="num">
                      Aantal
                    </th>
                    <th scope="col" className="num">
                      Bedrag
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {cart.lines.map((l) => (
                    <tr key={l.itemId}>
                      <th scope="row">
                        {l.titleName} — {l.formatLabel}
                        {l.classGroup ? ` (${l.classGroup})` : ""}
                      </th>
                      <td className="num">{formatNumber(l.quantity)}</td>
                      <td className="num">{l.lineAmount}</td>
                    </tr>
                  ))}
                  {cart.shipping ? (
                    <tr>
                      <th scope="row">Verzendkosten</th>
                      <td className="num"></td>
                      <td className="num">{cart.shipping}</td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </div>
            <VatSummary
              lines={cart.vatBreakdown.map((g) => ({
                rate: g.vatRate,
                taxable: g.taxable,
                vat: g.vat,
                gross: g.gross,
              }))}
              totals={cart.totals}
              testIds={{ gross: "checkout-gross" }}
            />
          </section>
        </div>
      )}
    </>
  );
}
