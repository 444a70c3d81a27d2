import type { OrderDelivery } from "~/modules/packages/order-delivery.server";

/**
 * Where and when the books of a parent's order are delivered (issue 12), and that digital
 * licences need no delivery: on the payment page, the thank-you page and the receipt.
 */
export function DeliveryNote({ delivery, heading = "Levering" }: { delivery: OrderDelivery; heading?: string }) {
  return (
    <section className="card" aria-label={heading}>
      <h2>{heading}</h2>
      {delivery.ships ? (
        <>
          <p>{delivery.sentence}</p>
          {delivery.address ? (
            <address className="wrap">
              {delivery.address.map((line, n) => (
                <span key={n}>
                  {line}
                  <br />
                </span>
              ))}
            </address>
          ) : null}
        </>
      ) : (
        <p>Deze bestelling bevat alleen digitale licenties; er wordt niets geleverd.</p>
      )}
    </section>
  );
}
