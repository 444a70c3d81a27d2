/**
 * The order lines of a refund form (the shop's own refund and the queue of refunds made in the
 * Stripe Dashboard): what was ordered, what is still open, and a quantity field per line.
 */
import { formatCents } from "~/modules/format";

export interface RefundLine {
  id: string;
  description: string;
  quantity: number;
  open: number;
  amount: string;
}

/** The refund form's view of order lines: open = ordered − credited. */
export function refundLines(
  lines: { id: string; description: string; quantity: number; refundedQuantity: number; lineAmountCents: number }[],
): RefundLine[] {
  return lines.map((l) => ({
    id: l.id,
    description: l.description,
    quantity: l.quantity,
    open: l.quantity - l.refundedQuantity,
    amount: formatCents(l.lineAmountCents),
  }));
}

export function RefundLinesTable({
  lines,
  fieldErrors,
  values,
  quantityLabel,
}: {
  lines: RefundLine[];
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  /** the quantity column's heading, also the start of each field's label */
  quantityLabel: string;
}) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Artikel</th>
            <th scope="col" className="num">
              Besteld
            </th>
            <th scope="col" className="num">
              Nog open
            </th>
            <th scope="col" className="num">
              Regelbedrag
            </th>
            <th scope="col">{quantityLabel}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const name = `qty-${l.id}`;
            const error = fieldErrors?.[name];
            return (
              <tr key={l.id}>
                <td>{l.description}</td>
                <td className="num">{l.quantity}</td>
                <td className="num">{l.open}</td>
                <td className="num">{l.amount}</td>
                <td>
                  <label className="visually-hidden" htmlFor={name}>
                    {quantityLabel}: {l.description}
                  </label>
                  <input
                    id={name}
                    name={name}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={l.open}
                    defaultValue={values?.[name] ?? ""}
                    disabled={l.open === 0}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${name}-error` : undefined}
                  />
                  {error ? (
                    <span id={`${name}-error`} className="field-error">
                      {error}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
