/**
 * What a Checkout Session charges, read from the order's FROZEN pricing (DESIGN.md §6: amounts
 * are never recomputed). Each order line becomes one Stripe line item whose
 * unit_amount × quantity is exactly the line's gross amount; shipping becomes one more line.
 *
 * Gross per line: VAT is computed per rate over the whole document (DESIGN.md §3.5/§3.6), so a
 * line's gross is that rate group's gross (taxable + VAT, to the cent) allocated over the
 * group's parts and charges by their amounts (DESIGN.md §3.2, largest remainder). For an
 * inclusive-price order without a discount this gives each line exactly its lineAmountCents;
 * in every case the items sum exactly to Order.grossCents, which is asserted.
 */
import { allocate, Decimal, toCents } from "~/modules/money";
import type { FrozenPricing } from "~/modules/pricing/frozen-pricing";

export interface CheckoutLineItem {
  name: string;
  unitAmountCents: number;
  quantity: number;
}

export interface CheckoutOrder {
  grossCents: number;
  lines: { position: number; description: string; quantity: number }[];
  breakdown: FrozenPricing["breakdown"];
}

export class CheckoutAmountError extends Error {}

/** Gross cents per order line position and for shipping, summing to the document's gross. */
export function grossPerLine(breakdown: FrozenPricing["breakdown"]): {
  lines: Map<string, number>;
  shippingCents: number;
} {
  const lines = new Map<string, number>(breakdown.lines.map((l) => [l.id, 0]));
  let shippingCents = 0;
  for (const group of breakdown.vatBreakdown) {
    const slots: { lineId: string | null; weight: Decimal }[] = [];
    for (const line of breakdown.lines) {
      for (const part of line.parts)
        if (new Decimal(part.vatRate).eq(group.vatRate))
          slots.push({ lineId: line.id, weight: new Decimal(part.amount) });
    }
    for (const charge of breakdown.charges)
      if (new Decimal(charge.vatRate).eq(group.vatRate))
        slots.push({ lineId: null, weight: new Decimal(charge.amount) });
    if (slots.length === 0) continue;
    const shares = allocate(
      new Decimal(group.gross),
      slots.map((s) => s.weight),
    );
    slots.forEach((slot, i) => {
      const cents = toCents(shares[i]!);
      if (slot.lineId === null) shippingCents += cents;
      else lines.set(slot.lineId, lines.get(slot.lineId)! + cents);
    });
  }
  return { lines, shippingCents };
}

/**
 * The Checkout line items for an order. A line whose gross is not divisible by its quantity is
 * sent as quantity 1 with the line total (and the quantity in its name), so that Stripe's
 * unit_amount × quantity never rounds. Throws CheckoutAmountError when the items would not sum
 * to the order's gross.
 */
export function checkoutLineItems(order: CheckoutOrder): { items: CheckoutLineItem[]; totalCents: number } {
  const { lines, shippingCents } = grossPerLine(order.breakdown);
  const items: CheckoutLineItem[] = [];
  for (const line of [...order.lines].sort((a, b) => a.position - b.position)) {
    const gross = lines.get(String(line.position));
    if (gross === undefined)
      throw new CheckoutAmountError(`Order line ${line.position} is missing from the frozen breakdown.`);
    if (gross % line.quantity === 0)
      items.push({ name: line.description, unitAmountCents: gross / line.quantity, quantity: line.quantity });
    else items.push({ name: `${line.quantity} × ${line.description}`, unitAmountCents: gross, quantity: 1 });
  }
  if (shippingCents !== 0) items.push({ name: "Verzendkosten", unitAmountCents: shippingCents, quantity: 1 });
  const totalCents = items.reduce((sum, item) => sum + item.unitAmountCents * item.quantity, 0);
  if (totalCents !== order.grossCents || totalCents !== toCents(new Decimal(order.breakdown.totals.gross))) {
    throw new CheckoutAmountError(
      `Checkout items sum to ${totalCents} cents, the order's gross is ${order.grossCents}.`,
    );
  }
  if (items.some((i) => i.unitAmountCents < 0)) throw new CheckoutAmountError("A checkout line would be negative.");
  return { items, totalCents };
}
