/**
 * The order lines of a refund form (the shop's own refund and the queue of refunds made in the
 * Stripe Dashboard): what was ordered, what is still open, and a quantity field per line named
 * `qty-<orderLineId>`. `refundLinesSchema` is the one zod schema of those fields, shared by the
 * browser (conform's useForm) and the action (parseWithZod); errors come back per field name.
 */
import { z } from "zod";
import type { FieldMeta } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
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

const PREFIX = "qty-";
const WHOLE = "Vul een heel aantal in (0 of meer).";
const Quantity = z.coerce.number({ message: WHOLE }).int(WHOLE).min(0, WHOLE).max(100_000, "Dat aantal is te groot.");

export interface RefundSelection {
  orderLineId: string;
  quantity: number;
}

/**
 * The refund form's schema: `shape` for its other fields (the intent), plus every `qty-<id>`
 * field — blank or 0 is "not this line", anything else a whole number from 0 to 100,000 — turned
 * into `selection` (the lines with a quantity above 0). Which lines may be refunded, and how
 * many, is the module's to say: it knows what is still open.
 */
export function refundLinesSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z
    .object(shape)
    .catchall(z.unknown())
    .superRefine((form, ctx) => {
      for (const [key, value] of Object.entries(form)) {
        if (!key.startsWith(PREFIX) || value === undefined || String(value).trim() === "") continue;
        const quantity = Quantity.safeParse(String(value).trim());
        if (!quantity.success)
          ctx.addIssue({ code: "custom", path: [key], message: quantity.error.issues[0]!.message });
      }
    })
    .transform((form) => {
      const selection: RefundSelection[] = [];
      for (const [key, value] of Object.entries(form)) {
        if (!key.startsWith(PREFIX) || value === undefined || String(value).trim() === "") continue;
        const quantity = Number(String(value).trim());
        if (quantity > 0) selection.push({ orderLineId: key.slice(PREFIX.length), quantity });
      }
      return { ...form, selection };
    });
}

/** What the table reads of the form: conform's field metadata of `qty-<id>`, or nothing. */
type QuantityFields = Record<string, FieldMeta | undefined>;

export function RefundLinesTable({
  lines,
  fields,
  quantityLabel,
}: {
  lines: RefundLine[];
  /** the form's fields (useSchemaForm's second value): each quantity's last value and error */
  fields: QuantityFields;
  /** the quantity column's heading, also the start of each field's label */
  quantityLabel: string;
}) {
  return (
    <TableScroll label={`Regels: ${quantityLabel.toLowerCase()}`}>
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
            const name = `${PREFIX}${l.id}`;
            const meta = fields[name];
            const error = meta?.errors?.[0];
            const sent = meta?.initialValue;
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
                    key={meta?.key}
                    id={name}
                    name={name}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={l.open}
                    className="qty-input"
                    defaultValue={typeof sent === "string" ? sent : ""}
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
    </TableScroll>
  );
}
