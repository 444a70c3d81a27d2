import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { Field, useSchemaForm } from "~/components/form";
import { formFailed, formInvalid } from "~/modules/forms/answer.server";
import { getOptionalUser, hasRole } from "~/modules/auth/users.server";
import { packagePseudonymId } from "~/modules/packages/package-session.server";
import { loadParentPackage, placeParentPackageOrder } from "~/modules/packages/parent-package.server";
import { HomeAddressInput, NO_CHOICE } from "~/modules/packages/package-rules";
import { formatDate } from "~/modules/format";
import { AreaErrorBoundary } from "~/components/error-boundary";
import { VatSummary } from "~/components/vat-summary";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Leerlingpakket — Leerwinkel" }];

const CHOICE_PREFIX = "keuze-";

/** `keuze-<itemId>=<offerId|none>` pairs from a query string or form. */
function choicesFrom(entries: Iterable<[string, FormDataEntryValue]>): Record<string, string> {
  const choices: Record<string, string> = {};
  for (const [key, value] of entries)
    if (key.startsWith(CHOICE_PREFIX) && typeof value === "string") choices[key.slice(CHOICE_PREFIX.length)] = value;
  return choices;
}

function choiceQuery(choices: Record<string, string>): string {
  return new URLSearchParams(Object.entries(choices).map(([k, v]) => [CHOICE_PREFIX + k, v])).toString();
}

export async function loader({ request }: LoaderFunctionArgs) {
  const pseudonymId = await packagePseudonymId(request);
  if (!pseudonymId) throw redirect("/bestelcode");
  const choices = choicesFrom(new URL(request.url).searchParams.entries());
  const user = await getOptionalUser(request);
  const view = await loadParentPackage(pseudonymId, choices, undefined, user?.id ?? null);
  if (!view) throw redirect("/bestelcode");
  const { breakdown: _breakdown, orderItems: _items, ...shown } = view;
  const chosen = Object.fromEntries(view.parentItems.map((i) => [i.id, i.chosen]));
  return {
    view: shown,
    loggedIn: !!user,
    isParent: !!user && hasRole(user, "PARENT"),
    userName: user?.name ?? "",
    returnTo: `/pakket?${choiceQuery(chosen)}`,
    idempotencyKey: randomUUID(),
  };
}

/**
 * One schema for browser and server: the page's key for this order. The choices (`keuze-<itemId>`)
 * are read beside it, as the loader reads them from the query string.
 */
const EXPIRED = "Het formulier is verlopen. Vernieuw de pagina en probeer het opnieuw.";
const PackageOrderSchema = z.object({
  idempotencyKey: z.string({ required_error: EXPIRED }).min(8, EXPIRED).max(100, EXPIRED),
  /** Only on a package delivered at home with something physical chosen. */
  homeAddress: HomeAddressInput.optional(),
});
/** The address fields are never sent with a recalculation (GET): an address does not belong in a URL. */
const ADDRESS_FIELDS = ["homeAddress.name", "homeAddress.street", "homeAddress.postalCode", "homeAddress.city"];

/** A refused order that another order of this code waits for payment: the way to pay that one. */
export interface PackageOrderRefusal {
  continueOrderId: string;
}

export async function action({ request }: ActionFunctionArgs) {
  const pseudonymId = await packagePseudonymId(request);
  if (!pseudonymId) throw redirect("/bestelcode");
  const form = await request.formData();
  const choices = choicesFrom(form.entries());
  const user = await getOptionalUser(request);
  if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent(`/pakket?${choiceQuery(choices)}`)}`);
  const submission = parseWithZod(form, { schema: PackageOrderSchema });
  if (!hasRole(user, "PARENT"))
    return formFailed<PackageOrderRefusal>(submission, "Log in met een ouderaccount om dit pakket te bestellen.", {
      status: 403,
    });
  if (submission.status !== "success") {
    const expired = !!submission.error?.idempotencyKey;
    return expired ? formFailed<PackageOrderRefusal>(submission, EXPIRED) : formInvalid(submission);
  }
  const result = await placeParentPackageOrder({
    pseudonymId,
    user,
    choices,
    idempotencyKey: submission.value.idempotencyKey,
    homeAddress: submission.value.homeAddress,
  });
  if (!result.ok) {
    const outcome = result.continueOrderId ? { continueOrderId: result.continueOrderId } : undefined;
    const field = result.addressMissing ? "homeAddress.street" : undefined;
    return formFailed<PackageOrderRefusal>(submission, result.error, { outcome, field });
  }
  return redirect(`/betalen/${result.orderId}`);
}

export default function Package() {
  const { view, loggedIn, isParent, userName, returnTo, idempotencyKey } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const submit = useSubmit();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useSchemaForm(PackageOrderSchema, { id: "package-order", lastResult: data?.result });
  const formError = form.errors?.[0];
  const homeAddress = fields.homeAddress.getFieldset();
  const continueOrderId = data?.outcome?.continueOrderId;
  return (
    <>
      <h1>{view.pkg.name}</h1>
      <p className="meta">
        {view.schoolName} · klas {view.classGroup} · schooljaar {view.schoolYear} · bestellen van{" "}
        {formatDate(view.pkg.orderFrom)} tot en met {formatDate(view.pkg.orderUntil)}
      </p>
      {!view.pkg.windowOpen ? (
        <div className="alert alert-info" role="status">
          De besteltermijn van dit pakket is nu niet open.
        </div>
      ) : null}
      {view.earlier && !formError ? (
        <div className="alert alert-info" role="status">
          {view.earlier.status === "PAID"
            ? "Met deze bestelcode is het pakket al besteld en betaald."
            : "Voor deze bestelcode staat al een bestelling klaar die nog betaald moet worden."}
          {view.earlier.ownOrderId ? (
            <>
              {" "}
              <Link
                to={
                  view.earlier.status === "PAID"
                    ? `/ouder/bestellingen/${view.earlier.ownOrderId}`
                    : `/betalen/${view.earlier.ownOrderId}`
                }
              >
                {view.earlier.status === "PAID" ? "Bekijk de bestelling" : "Verder met betalen"}
              </Link>
              .
            </>
          ) : null}
        </div>
      ) : null}
      {formError ? (
        <div className="alert alert-error" role="alert">
          {formError}
          {continueOrderId ? (
            <>
              {" "}
              <Link to={`/betalen/${continueOrderId}`}>Verder met betalen van die bestelling</Link>.
            </>
          ) : null}
        </div>
      ) : null}

      {view.schoolItems.length ? (
        <section className="card" aria-labelledby="school-items">
          <h2 id="school-items">Betaald door school</h2>
          <ul>
            {view.schoolItems.map((i) => (
              <li key={i.id}>
                {i.label}
                {i.offers.length ? ` (${i.offers.join(", ")})` : ""} —{" "}
                <span className="badge badge-ok">betaald door school</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Form
        method="post"
        replace
        {...getFormProps(form)}
        onChange={(e) => {
          if (ADDRESS_FIELDS.includes((e.target as HTMLInputElement).name)) return;
          const choice = new FormData(e.currentTarget);
          for (const name of [...ADDRESS_FIELDS, fields.idempotencyKey.name]) choice.delete(name);
          submit(choice, { method: "get", replace: true, preventScrollReset: true });
        }}
      >
        <input type="hidden" name={fields.idempotencyKey.name} value={idempotencyKey} />
        <section className="stack" aria-labelledby="parent-items">
          <h2 id="parent-items">Te betalen door ouders</h2>
          <p className="muted">Kies per onderdeel de uitvoering. Prijzen zijn inclusief btw.</p>
          {view.parentItems.map((item) => (
            <fieldset key={item.id} className="card">
              <legend>{item.label}</legend>
              {item.options.map((o) => (
                <div key={o.offerId} className="field">
                  <label>
                    <input
                      type="radio"
                      name={`keuze-${item.id}`}
                      value={o.offerId}
                      defaultChecked={item.chosen === o.offerId}
                    />{" "}
                    {o.label} — {o.gross}
                  </label>
                  <span className="muted small"> {o.difference}</span>
                </div>
              ))}
              <div className="field">
                <label>
                  <input
                    type="radio"
                    name={`keuze-${item.id}`}
                    value={NO_CHOICE}
                    defaultChecked={item.chosen === NO_CHOICE}
                  />{" "}
                  Niet bestellen
                </label>
              </div>
            </fieldset>
          ))}
          <p>
            <button type="submit" formMethod="get" className="button-secondary">
              Bereken
            </button>
          </p>
        </section>

        <section className="card" aria-labelledby="summary">
          <h2 id="summary">Uw keuze</h2>
          {view.totals ? (
            <TableScroll label="Gekozen onderdelen en bedragen">
              <table>
                <caption className="muted small">Bedragen inclusief btw</caption>
                <thead>
                  <tr>
                    <th scope="col">Onderdeel</th>
                    <th scope="col" className="num">
                      Bedrag
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {view.lines.map((l) => (
                    <tr key={l.itemId}>
                      <td>{l.description}</td>
                      <td className="num">{l.amount}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Totaal te betalen</th>
                    <td className="num">
                      <strong>{view.totals.gross}</strong>
                    </td>
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          ) : null}
          {view.totals ? (
            <VatSummary
              lines={view.vat.map((v) => ({ rate: v.rate, taxable: v.net, vat: v.vat }))}
              totals={view.totals}
            />
          ) : (
            <p className="muted">U heeft nog niets gekozen.</p>
          )}
          {view.totals ? (
            <p role="note">
              <strong>Levering:</strong>{" "}
              {view.delivery.ships
                ? view.delivery.sentence
                : "U kiest alleen digitale licenties; die zijn direct na betaling actief."}
            </p>
          ) : null}
          {view.delivery.homeAddressNeeded && isParent ? (
            <fieldset className="stack">
              <legend>Bezorgadres</legend>
              <p className="muted small">
                Alleen voor de bezorging en de factuur; wij bewaren het niet langer dan daarvoor nodig is.
              </p>
              <Field meta={homeAddress.name} label="Naam" autoComplete="name" defaultValue={userName} />
              <Field meta={homeAddress.street} label="Straat en huisnummer" autoComplete="street-address" />
              <Field meta={homeAddress.postalCode} label="Postcode" autoComplete="postal-code" />
              <Field meta={homeAddress.city} label="Plaats" autoComplete="address-level2" />
            </fieldset>
          ) : view.delivery.homeAddressNeeded && !loggedIn ? (
            <p className="muted">Na het inloggen vult u het bezorgadres in.</p>
          ) : null}
          {!loggedIn ? (
            <p className="muted">
              Om te bestellen logt u in of maakt u een account aan:{" "}
              <Link to={`/login?redirectTo=${encodeURIComponent(returnTo)}`}>Inloggen</Link> of{" "}
              <Link to={`/registreren?redirectTo=${encodeURIComponent(returnTo)}`}>account aanmaken</Link>.
            </p>
          ) : !isParent ? (
            <p className="muted">Bestellen kan alleen met een ouderaccount.</p>
          ) : null}
          <button type="submit" disabled={busy || !view.totals || !view.pkg.windowOpen}>
            Bestellen en betalen
          </button>
        </section>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <AreaErrorBoundary back={{ to: "/bestelcode", label: "Terug naar de bestelcode" }} />;
}
