import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Checkbox, Field, FormError, Select, useSchemaForm } from "~/components/form";
import { todayInAmsterdam, addDays } from "~/modules/calendar/iso-date";
import { domainErrorAnswer, formInvalid } from "~/modules/forms/answer.server";
import { formatNumber, formatUnitPriceE4 } from "~/modules/format";
import { requireBoardAdmin } from "~/modules/orders/bundle-round-access.server";
import { createRound, roundChoices } from "~/modules/orders/bundle-round.server";
import { CreateRoundSchema } from "~/modules/orders/bundle-round-forms";

export const meta: MetaFunction = () => [{ title: "Nieuwe bundelronde — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { boardId, boardName } = await requireBoardAdmin(request);
  const today = todayInAmsterdam();
  return { boardName, today, suggestedClose: addDays(today, 14), ...(await roundChoices(boardId, today)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, boardId } = await requireBoardAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: CreateRoundSchema });
  if (submission.status !== "success") return formInvalid(submission);
  try {
    const roundId = await createRound(boardId, user.id, submission.value);
    return redirect(`/bestuur/bundelrondes/${roundId}?geopend=1`);
  } catch (error) {
    return domainErrorAnswer(error, submission, {
      fields: ["name", "priceListId", "closesOn", "offerIds", "schoolIds"],
    });
  }
}

export default function NewRound() {
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(CreateRoundSchema, {
    lastResult,
    defaultValue: { closesOn: d.suggestedClose, priceListId: d.priceLists.length === 1 ? d.priceLists[0]!.id : "" },
  });
  const offersError = fields.offerIds.errors?.[0];
  const schoolsError = fields.schoolIds.errors?.[0];
  return (
    <>
      <p>
        <Link to="/bestuur">← Bundelrondes</Link>
      </p>
      <h1>Nieuwe bundelronde</h1>
      {d.priceLists.length === 0 ? (
        <div className="alert alert-info" role="status">
          {d.boardName} heeft geen geldige contractprijslijst; vraag Leerwinkel om een contract.
        </div>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormError errors={form.errors} />
          <Field
            meta={fields.name}
            label="Naam"
            required
            maxLength={100}
            hint="Bijvoorbeeld: Wiskunde bovenbouw 2027."
          />
          <Select
            meta={fields.priceListId}
            label="Prijslijst"
            required
            placeholder="— kies een prijslijst —"
            options={d.priceLists.map((l) => ({ value: l.id, label: l.name }))}
          />
          <Field
            meta={fields.closesOn}
            label="Sluitingsdatum"
            type="date"
            required
            hint="De laatste dag waarop scholen hun aantallen kunnen opgeven; daarna sluit de ronde vanzelf."
          />
          <fieldset className="field" aria-describedby={offersError ? fields.offerIds.errorId : undefined}>
            <legend className="label">Artikelen</legend>
            {d.priceLists.map((list) => (
              <div key={list.id}>
                {d.priceLists.length > 1 ? <h2 className="small">{list.name}</h2> : null}
                {list.offers.map((o) => (
                  <Checkbox
                    key={`${list.id}-${o.offerId}`}
                    meta={fields.offerIds}
                    id={`offer-${list.id}-${o.offerId}`}
                    value={o.offerId}
                    label={`${o.label} (${formatUnitPriceE4(o.unitPriceE4)}${
                      o.tiers.length ? `; staffels vanaf ${o.tiers.map((t) => formatNumber(t)).join(", ")}` : ""
                    })`}
                    error=""
                  />
                ))}
              </div>
            ))}
            {offersError ? (
              <span id={fields.offerIds.errorId} className="field-error">
                {offersError}
              </span>
            ) : null}
          </fieldset>
          <fieldset className="field" aria-describedby={schoolsError ? fields.schoolIds.errorId : undefined}>
            <legend className="label">Deelnemende scholen</legend>
            {d.schools.map((s) => (
              <Checkbox
                key={s.id}
                meta={fields.schoolIds}
                id={`school-${s.id}`}
                value={s.id}
                label={s.brin ? `${s.name} (${s.brin})` : s.name}
                error=""
              />
            ))}
            {schoolsError ? (
              <span id={fields.schoolIds.errorId} className="field-error">
                {schoolsError}
              </span>
            ) : null}
          </fieldset>
          <button type="submit" disabled={busy}>
            Bundelronde openen
          </button>
        </Form>
      )}
    </>
  );
}
