import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { FormError, FormSuccess } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { formErrorOf } from "~/modules/forms/action-result";
import { domainErrorAnswer, formDone, formFailed } from "~/modules/forms/answer.server";
import { listQueuedShipments, markShipmentShipped } from "~/modules/orders/shipments.server";
import { formatDateShort, formatNumber } from "~/modules/format";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Verzendingen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  return { shipments: await listQueuedShipments() };
}

/** One button per queued shipment; its only field is hidden, so a problem is the form's, not a field's. */
const ShipSchema = z.object({
  shipmentId: z.string({ required_error: "Kies een zending." }).min(1, "Kies een zending."),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: ShipSchema });
  if (submission.status !== "success") return formFailed(submission, "Kies een zending.");
  try {
    await markShipmentShipped(submission.value.shipmentId, user.id);
    return formDone(submission, { success: "De zending is als verzonden gemarkeerd." });
  } catch (error) {
    return domainErrorAnswer(error, submission);
  }
}

export default function Shipments() {
  const { shipments } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>Verzendingen</h1>
      <FormError message={formErrorOf(data?.result)} />
      <FormSuccess message={data?.success} />
      {shipments.length === 0 ? (
        <p className="muted">Er staan geen zendingen klaar.</p>
      ) : (
        <TableScroll label="Verzendingen">
          <table>
            <thead>
              <tr>
                <th scope="col">Bestelling</th>
                <th scope="col">Sinds</th>
                <th scope="col">Afleveradres</th>
                <th scope="col">Inhoud</th>
                <th scope="col">Status bestelling</th>
                <th scope="col">
                  <span className="visually-hidden">Actie</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shipments.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.orderNumber}</th>
                  <td>{formatDateShort(s.createdAt)}</td>
                  <td>{s.deliverTo}</td>
                  <td>
                    <ul>
                      {s.lines.map((l, i) => (
                        <li key={i}>
                          {formatNumber(l.quantity)} × {l.description}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{s.orderStatus}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="shipmentId" value={s.id} />
                      <button
                        type="submit"
                        className="button-small"
                        aria-label={`Bestelling ${s.orderNumber} verzonden`}
                      >
                        Verzonden
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
