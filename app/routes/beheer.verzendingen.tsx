import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form";
import { requireRole } from "~/modules/auth/users.server";
import { listQueuedShipments, markShipmentShipped, ShipmentError } from "~/modules/orders/shipments.server";

export const meta: MetaFunction = () => [{ title: "Verzendingen — Leerwinkel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "OPERATOR_ADMIN");
  return { shipments: await listQueuedShipments() };
}

const ShipForm = z.object({ shipmentId: z.string().min(1) });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "OPERATOR_ADMIN");
  const parsed = ShipForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { formError: "Kies een zending." };
  try {
    await markShipmentShipped(parsed.data.shipmentId, user.id);
    return { formError: null, shipped: true };
  } catch (error) {
    if (error instanceof ShipmentError) return { formError: error.message };
    throw error;
  }
}

export default function Shipments() {
  const { shipments } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>Verzendingen</h1>
      <FormError message={data?.formError} />
      {data && "shipped" in data ? <div className="alert alert-ok" role="status">De zending is als verzonden gemarkeerd.</div> : null}
      {shipments.length === 0 ? <p className="muted">Er staan geen zendingen klaar.</p> : (
        <div className="table-wrap"><table>
          <thead><tr><th scope="col">Bestelling</th><th scope="col">Sinds</th><th scope="col">Afleveradres</th><th scope="col">Inhoud</th><th scope="col">Status bestelling</th><th scope="col"><span className="visually-hidden">Actie</span></th></tr></thead>
          <tbody>{shipments.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.orderNumber}</th>
              <td>{s.createdAt}</td>
              <td>{s.deliverTo}</td>
              <td><ul>{s.lines.map((l, i) => <li key={i}>{l.quantity} × {l.description}</li>)}</ul></td>
              <td>{s.orderStatus}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="shipmentId" value={s.id} />
                  <button type="submit" className="button-small" aria-label={`Bestelling ${s.orderNumber} verzonden`}>Verzonden</button>
                </Form>
              </td>
            </tr>
          ))}</tbody>
        </table></div>
      )}
    </>
  );
}
