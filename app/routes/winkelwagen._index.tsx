import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form";
import { requireSchoolUser } from "~/modules/auth/users.server";
import { acceptCurrentPrices, CartError, loadCart, removeCartItem, updateCartItem } from "~/modules/cart/cart.server";
import { MAX_CART_QUANTITY } from "~/modules/cart/limits";
import { todayInAmsterdam } from "~/modules/vat/iso-date";
import { VatSummary } from "~/components/vat-summary";

export const meta: MetaFunction = () => [{ title: "Winkelwagen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  return { cart: await loadCart({ userId: user.id, schoolId }, todayInAmsterdam()) };
}

const CartAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    itemId: z.string().min(1),
    quantity: z.coerce.number({ invalid_type_error: "Vul een aantal in." }).int("Vul een heel aantal in.").min(0, "Het aantal kan niet negatief zijn.").max(MAX_CART_QUANTITY, `Hoogstens ${MAX_CART_QUANTITY}.`),
  }),
  z.object({ intent: z.literal("remove"), itemId: z.string().min(1) }),
  z.object({ intent: z.literal("accept") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, schoolId } = await requireSchoolUser(request, "SCHOOL_ADMIN");
  const scope = { userId: user.id, schoolId };
  const raw = Object.fromEntries(await request.formData());
  const parsed = CartAction.safeParse(raw);
  if (!parsed.success) return { itemId: String(raw.itemId ?? ""), error: parsed.error.issues[0]?.message ?? "Controleer het formulier." };
  const form = parsed.data;
  try {
    if (form.intent === "update") await updateCartItem(scope, form.itemId, form.quantity, todayInAmsterdam());
    else if (form.intent === "remove") await removeCartItem(scope, form.itemId);
    else await acceptCurrentPrices(scope, todayInAmsterdam());
  } catch (error) {
    if (error instanceof CartError) return { itemId: "itemId" in form ? form.itemId : "", error: error.message };
    throw error;
  }
  return redirect("/winkelwagen");
}

export default function CartPage() {
  const { cart } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const mode = cart.pricesIncludeVat ? "incl." : "excl.";
  return (
    <>
      <h1>Winkelwagen</h1>
      {params.get("toegevoegd") ? <div className="alert alert-ok" role="status">Toegevoegd aan uw winkelwagen.</div> : null}
      {actionData?.error && !cart.lines.some((l) => l.itemId === actionData.itemId) ? <FormError message={actionData.error} /> : null}
      {cart.lines.length === 0 ? (
        <div className="card"><p>Uw winkelwagen is leeg.</p><Link className="button" to="/catalogus">Naar de catalogus</Link></div>
      ) : (
        <>
          {cart.changed ? (
            <div className="alert alert-info" role="alert">
              <p><strong>Let op: prijzen of btw-tarieven zijn gewijzigd</strong> sinds u deze artikelen toevoegde. De nieuwe bedragen staan hieronder; bestellen kan nadat u ze heeft geaccepteerd.</p>
              <ul>
                {cart.lines.filter((l) => l.change).map((l) => (
                  <li key={l.itemId}>
                    {l.titleName} — {l.formatLabel}{l.classGroup ? ` (${l.classGroup})` : ""}:{" "}
                    {l.change!.priceChanged ? <>prijs was {l.change!.seenUnitPrice}, nu {l.unitPrice}</> : null}
                    {l.change!.priceChanged && l.change!.ratesChanged ? "; " : null}
                    {l.change!.ratesChanged ? <>btw was {l.change!.seenVatRates}%, nu {l.vatRates}%</> : null}
                  </li>
                ))}
              </ul>
              <Form method="post"><input type="hidden" name="intent" value="accept" /><button type="submit">Nieuwe prijzen accepteren</button></Form>
            </div>
          ) : null}
          <div className="table-wrap">
            <table aria-label="Artikelen in uw winkelwagen">
              <thead>
                <tr>
                  <th scope="col">Artikel</th><th scope="col">Klas</th><th scope="col">Aantal</th>
                  <th scope="col" className="num">Prijs per stuk</th><th scope="col" className="num">Btw</th>
                  <th scope="col" className="num">Bedrag {mode} btw</th><th scope="col"><span className="visually-hidden">Verwijderen</span></th>
                </tr>
              </thead>
              <tbody>
                {cart.lines.map((l) => {
                  const err = actionData?.itemId === l.itemId ? actionData.error : undefined;
                  const qid = `q-${l.itemId}`;
                  const name = `${l.titleName} — ${l.formatLabel}${l.classGroup ? ` (${l.classGroup})` : ""}`;
                  return (
                    <tr key={l.itemId}>
                      <th scope="row">
                        <Link to={`/catalogus/${l.titleSlug}`}>{l.titleName}</Link><br /><span className="small">{l.formatLabel}</span>
                        {l.tierMinQuantity ? <><br /><span className="muted small">staffelprijs vanaf {l.tierMinQuantity}</span></> : null}
                        {l.change ? <><br /><span className="badge badge-warn">Gewijzigd</span></> : null}
                      </th>
                      <td>{l.classGroup || "—"}</td>
                      <td>
                        <Form method="post" className="row">
                          <input type="hidden" name="intent" value="update" />
                          <input type="hidden" name="itemId" value={l.itemId} />
                          <label htmlFor={qid} className="visually-hidden">Aantal {name}</label>
                          <input id={qid} name="quantity" type="number" min={0} max={MAX_CART_QUANTITY} defaultValue={l.quantity} inputMode="numeric" style={{ width: "6rem" }}
                            aria-invalid={err ? true : undefined} aria-describedby={err ? `${qid}-error` : undefined} />
                          <button type="submit" className="button-secondary button-small" aria-label={`Aantal wijzigen: ${name}`}>Wijzigen</button>
                        </Form>
                        {err ? <span id={`${qid}-error`} className="field-error" role="alert">{err}</span> : null}
                      </td>
                      <td className="num">{l.unitPrice}</td>
                      <td className="num">{l.vatRates}%</td>
                      <td className="num">{l.lineAmount}</td>
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="itemId" value={l.itemId} />
                          <button type="submit" className="button-secondary button-small" aria-label={`Verwijderen: ${name}`}>Verwijderen</button>
                        </Form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="grid grid-2">
            <section className="card" aria-labelledby="totals-heading">
              <h2 id="totals-heading">Totaal</h2>
              <VatSummary
                lines={cart.vatBreakdown.map((g) => ({ rate: g.vatRate, taxable: g.taxable, vat: g.vat, gross: g.gross }))}
                totals={cart.totals} testIds={{ net: "total-net", vat: "total-vat", gross: "total-gross" }}
              />
              <dl className="meta">
                <dt>Verzendkosten</dt><dd>{cart.shipping ? `${cart.shipping} ${mode} btw (verdeeld over de tarieven van de fysieke artikelen)` : "Geen"}</dd>
                <dt>Totaal excl. btw</dt><dd>{cart.totals.net}</dd>
                <dt>Btw</dt><dd>{cart.totals.vat}</dd>
                <dt>Totaal incl. btw</dt><dd><strong>{cart.totals.gross}</strong></dd>
              </dl>
              <Link className="button" to="/winkelwagen/afrekenen">Afrekenen</Link>
            </section>
            {cart.whatIf ? (
              <section className="card" aria-labelledby="whatif-heading">
                <h2 id="whatif-heading">Wat als u alles op papier of alles digitaal neemt?</h2>
                <div className="table-wrap">
                  <table aria-labelledby="whatif-heading">
                    <thead><tr><th scope="col">Keuze</th><th scope="col" className="num">Excl. btw</th><th scope="col" className="num">Btw</th><th scope="col" className="num">Incl. btw</th><th scope="col" className="num">Verschil</th><th scope="col" className="num">Waarvan btw</th></tr></thead>
                    <tbody>
                      {cart.whatIf.map((s) => (
                        <tr key={s.key}>
                          <th scope="row">{s.label}</th><td className="num">{s.totals.net}</td><td className="num">{s.totals.vat}</td><td className="num">{s.totals.gross}</td>
                          <td className="num">{s.key === "chosen" ? "—" : s.difference.gross}</td><td className="num">{s.key === "chosen" ? "—" : s.difference.vatPart}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <ul style={{ listStyle: "none", padding: 0 }}>
                  {cart.whatIf.filter((s) => s.key !== "chosen").map((s) => <li key={s.key} className="sentence">{s.label}: {s.sentence}</li>)}
                </ul>
                <p className="muted small">Per titel vergeleken met de papieren en de digitale uitvoering (waar die er is), inclusief verzendkosten zoals die bij die keuze zouden gelden.</p>
              </section>
            ) : null}
          </div>
        </>
      )}
    </>
  );
}
