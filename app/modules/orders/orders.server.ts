/**
 * Orders (DESIGN.md §2, §6): placing freezes the pricing, is idempotent on the form's key,
 * reserves stock for physical parts with a conditional decrement that cannot oversell, and —
 * for orders on invoice — fulfils at once (invoice, licences, shipment queued). Online orders
 * wait for payment; `completePaidOrder` is the ONE fulfilment path for the webhook and the
 * return page, and does its work once.
 */
import { db, type Tx } from "~/db.server";
import { Decimal } from "~/modules/money/decimal";
import { toCents } from "~/modules/money/cents";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import {
  priceItems,
  type ApplicableLists,
  type Buyer,
  type OfferForPricing,
} from "~/modules/catalog/offer-pricing.server";
import { isComposite, isShippable, offerHoldsStock, type ComponentSupply, type Supply } from "~/modules/vat/supply";
import { issueCreditNote, issueInvoiceForOrder } from "~/modules/invoices/issue-invoice.server";
import { createLicencesForOrder, revokeLicences } from "~/modules/licences/licences.server";
import { audit } from "~/modules/audit/audit-log.server";
import { freezePricing, parseFrozen } from "~/modules/pricing/frozen-pricing";
import type { OrderKind, OrderStatus, PaymentMethod } from "~/db-enums";
import type { BuyerSnapshot, DeliverySnapshot } from "./order-snapshots";
import { formatDocumentNumber, nextSequence } from "~/modules/numbering/numbering.server";
import { shippingFor } from "./shipping";
import { isUniqueViolation } from "~/modules/errors/unique-violation";
import { DomainError } from "~/modules/errors/domain-error";

export type { OrderKind, PaymentMethod } from "~/db-enums";
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  PLACED: "Geplaatst",
  AWAITING_PAYMENT: "Wacht op betaling",
  PAID: "Betaald",
  FULFILLED: "Afgehandeld",
  CANCELLED: "Geannuleerd",
  REFUNDED: "Terugbetaald",
  PARTIALLY_REFUNDED: "Deels terugbetaald",
};

export class OrderError extends DomainError<
  "EMPTY" | "OUT_OF_STOCK" | "PO_REQUIRED" | "INACTIVE_OFFER" | "NOT_FOUND" | "NOT_CANCELLABLE" | "BAD_QUANTITY"
> {
  constructor(
    code: OrderError["code"],
    message: string,
    public detail?: { offerId?: string },
  ) {
    super(code, message, {
      field: code === "PO_REQUIRED" ? "poNumber" : undefined,
      status: code === "NOT_FOUND" ? 404 : code === "OUT_OF_STOCK" || code === "NOT_CANCELLABLE" ? 409 : 400,
    });
  }
}

export type { BuyerSnapshot } from "./order-snapshots";

export interface PlaceOrderInput {
  kind: OrderKind;
  schoolId: string;
  userId: string;
  idempotencyKey: string;
  paymentMethod: PaymentMethod;
  poNumber?: string | null;
  remark?: string | null;
  items: { offerId: string; quantity: number; classGroup?: string; packageItemId?: string | null }[];
  pseudonymId?: string | null;
  packageId?: string | null;
  /** Parents: the buyer on the invoice (defaults to the school for school orders). */
  buyer?: BuyerSnapshot;
  /** Parents' home delivery (issue 12): where the physical parts go instead of the school. */
  homeDelivery?: DeliverySnapshot;
  date?: string;
}

const MAX_QUANTITY = 100_000;

/**
 * Places an order. A second call with the same idempotency key returns the first order
 * (`created: false`) — also when both calls race. Throws OrderError with a Dutch message.
 */
export async function placeOrder(
  input: PlaceOrderInput,
): Promise<{ orderId: string; number: string; created: boolean }> {
  const existing = await db.order.findUnique({
    where: { idempotencyKey: input.idempotencyKey },
    select: { id: true, number: true },
  });
  if (existing) return { orderId: existing.id, number: existing.number, created: false };
  const prepared = await prepareOrder(input);
  try {
    return await db.$transaction(async (tx) => ({ ...(await insertPreparedOrder(tx, prepared)), created: true }), {
      timeout: 30_000,
      maxWait: 30_000,
    });
  } catch (error) {
    // A concurrent request with the same key (a double click, or the same post on another
    // instance) may have placed this order meanwhile: its insert then meets ours (unique
    // violation), or it took the last stock first, so our reservation finds none (OUT_OF_STOCK).
    if (isUniqueViolation(error) || (error instanceof OrderError && error.code === "OUT_OF_STOCK")) {
      const raced = await db.order.findUnique({
        where: { idempotencyKey: input.idempotencyKey },
        select: { id: true, number: true },
      });
      if (raced) return { orderId: raced.id, number: raced.number, created: false };
    }
    throw error;
  }
}

/** An order checked and priced, ready to be stored by insertPreparedOrder. */
export interface PreparedOrder {
  input: PlaceOrderInput;
  date: string;
  poNumber: string | null;
  priced: Awaited<ReturnType<typeof priceItems>>;
  frozen: ReturnType<typeof freezePricing>;
  snapshot: BuyerSnapshot;
  delivery: DeliverySnapshot;
}

/**
 * The reads and checks of placing an order, outside any transaction: quantities, the school's
 * PO-number rule, the pricing frozen as the order will keep it, buyer and delivery snapshots.
 * `pricing` prices from other lists or chooses tiers on other quantities (a bundle round: its
 * price list, the round's combined quantity per offer); otherwise the buyer's own, as always.
 * Throws OrderError / OfferPricingError with a Dutch message.
 */
export async function prepareOrder(
  input: PlaceOrderInput,
  pricing: { lists?: ApplicableLists; tierQuantities?: ReadonlyMap<string, number> } = {},
): Promise<PreparedOrder> {
  if (input.items.length === 0) throw new OrderError("EMPTY", "Er staat niets in de bestelling.");
  for (const item of input.items) {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_QUANTITY) {
      throw new OrderError("BAD_QUANTITY", `Het aantal moet een heel getal van 1 tot ${MAX_QUANTITY} zijn.`, {
        offerId: item.offerId,
      });
    }
  }
  const school = await db.organisation.findUniqueOrThrow({ where: { id: input.schoolId } });
  const poNumber = input.poNumber?.trim() || null;
  if (input.kind === "SCHOOL" && school.poNumberRequired && !poNumber) {
    throw new OrderError("PO_REQUIRED", "Uw school werkt met inkoopordernummers: vul het inkoopordernummer in.");
  }
  const date = input.date ?? todayInAmsterdam();
  const buyer: Buyer = input.kind === "SCHOOL" ? { kind: "school", schoolId: input.schoolId } : { kind: "consumer" };
  const items = input.items.map((item, index) => ({
    key: String(index + 1),
    offerId: item.offerId,
    quantity: item.quantity,
  }));

  // Priced without shipping to learn what ships, then with the shipping it implies.
  const priced = await priceItems(buyer, items, date, {
    shippingFor: (withoutShipping) => shippingFor(input.kind, withoutShipping),
    ...pricing,
  });
  const shipping = priced.shipping;
  for (const offer of priced.offers.values()) {
    if (!offer.active)
      throw new OrderError("INACTIVE_OFFER", `${offer.titleName} (${offer.formatLabel}) is niet meer leverbaar.`, {
        offerId: offer.id,
      });
  }
  const frozen = freezePricing(
    date,
    {
      pricesIncludeVat: priced.pricesIncludeVat,
      lines: items.map((it) => {
        const offer = priced.offers.get(it.offerId)!;
        const price = priced.prices.get(it.offerId)!;
        return {
          id: it.key,
          description: `${offer.titleName} — ${offer.formatLabel}`,
          supply: offer.supply,
          unitPrice: new Decimal(price.unitPriceE4).div(10_000),
          quantity: it.quantity,
          components: isComposite(offer.supply)
            ? offer.components.map((c) => ({
                supply: c.supply,
                share: new Decimal(c.shareE6).div(1_000_000),
                description: c.description,
              }))
            : undefined,
        };
      }),
      shipping,
    },
    priced.context,
    priced.breakdown,
  );

  const snapshot: BuyerSnapshot = input.buyer ?? {
    name: school.name,
    street: school.street,
    postalCode: school.postalCode,
    city: school.city,
    country: school.country,
    email: school.email,
    kvkNumber: school.kvkNumber,
    oin: school.oin,
    vatNumber: school.vatNumber,
    brin: school.brin,
  };
  const delivery = input.homeDelivery ?? {
    name: school.name,
    street: school.street,
    postalCode: school.postalCode,
    city: school.city,
    country: school.country,
  };
  return { input, date, poNumber, priced, frozen, snapshot, delivery };
}

/**
 * Stores a prepared order in the caller's transaction: stock reserved (OrderError OUT_OF_STOCK
 * when short), the order number drawn, and — on invoice — fulfilled (invoice, licences, shipment).
 * The idempotency key is unique: a second insert with the same key fails with a unique violation.
 */
export async function insertPreparedOrder(
  tx: Tx,
  { input, date, poNumber, priced, frozen, snapshot, delivery }: PreparedOrder,
): Promise<{ orderId: string; number: string }> {
  const lines = priced.breakdown.lines;
  await reserveStock(tx, input.items, priced.offers);
  const year = Number(date.slice(0, 4));
  const number = formatDocumentNumber("B", year, await nextSequence(tx, "B", year));
  const order = await tx.order.create({
    data: {
      number,
      kind: input.kind,
      status: input.paymentMethod === "INVOICE" ? "PLACED" : "AWAITING_PAYMENT",
      paymentMethod: input.paymentMethod,
      idempotencyKey: input.idempotencyKey,
      schoolId: input.schoolId,
      userId: input.userId,
      pseudonymId: input.pseudonymId ?? null,
      packageId: input.packageId ?? null,
      poNumber,
      remark: input.remark?.trim() || null,
      pricesIncludeVat: priced.pricesIncludeVat,
      priceDate: date,
      netCents: toCents(priced.breakdown.totals.net),
      vatCents: toCents(priced.breakdown.totals.vat),
      grossCents: toCents(priced.breakdown.totals.gross),
      breakdownJson: JSON.stringify(frozen),
      buyerJson: JSON.stringify(snapshot),
      deliveryJson: JSON.stringify(delivery),
      deliveryMode: input.homeDelivery ? "HOME" : "SCHOOL",
      lines: {
        create: input.items.map((item, index) => {
          const offer = priced.offers.get(item.offerId)!;
          const line = lines[index]!;
          return {
            position: index + 1,
            offerId: offer.id,
            description: `${offer.titleName} — ${offer.formatLabel}`,
            ean: offer.ean,
            supply: offer.supply,
            licenceMonths: offer.licenceMonths,
            quantity: item.quantity,
            classGroup: item.classGroup ?? "",
            unitPriceE4: priced.prices.get(offer.id)!.unitPriceE4,
            lineAmountCents: toCents(line.amount),
            partsJson: JSON.stringify(frozen.breakdown.lines[index]!.parts),
            packageItemId: item.packageItemId ?? null,
          };
        }),
      },
      vatLines: {
        create: frozen.breakdown.vatBreakdown.map((g) => ({
          vatRate: g.vatRate,
          category: g.category,
          taxableCents: toCents(new Decimal(g.taxable)),
          vatCents: toCents(new Decimal(g.vat)),
        })),
      },
    },
  });
  if (input.paymentMethod === "INVOICE") await fulfilOrderInTx(tx, order.id, date);
  await audit(
    {
      userId: input.userId,
      action: "order.place",
      entity: "Order",
      entityId: order.id,
      detail: { number, paymentMethod: input.paymentMethod },
    },
    tx,
  );
  return { orderId: order.id, number };
}

/** Conditional decrement per offer: never below zero; the row it changed is checked. */
async function reserveStock(tx: Tx, items: PlaceOrderInput["items"], offers: Map<string, OfferForPricing>) {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(item.offerId, (totals.get(item.offerId) ?? 0) + item.quantity);
  // Lock rows in one global order (by id) so two orders never wait on each other (no deadlock).
  for (const [offerId, quantity] of [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const offer = offers.get(offerId)!;
    if (!offerHoldsStock(offer) || offer.stock === null) continue;
    const changed = await tx.offer.updateMany({
      where: { id: offerId, stock: { gte: quantity } },
      data: { stock: { decrement: quantity } },
    });
    if (changed.count !== 1) {
      const now = await tx.offer.findUnique({ where: { id: offerId }, select: { stock: true } });
      throw new OrderError(
        "OUT_OF_STOCK",
        `${offer.titleName} (${offer.formatLabel}): nog ${now?.stock ?? 0} op voorraad, u bestelt er ${quantity}.`,
        { offerId },
      );
    }
  }
}

async function releaseStock(tx: Tx, orderId: string, quantities?: Map<string, number>) {
  const lines = await tx.orderLine.findMany({
    where: { orderId },
    include: { offer: { include: { components: true } } },
  });
  for (const line of lines) {
    const quantity = quantities ? (quantities.get(line.id) ?? 0) : line.quantity - line.refundedQuantity;
    const physical = offerHoldsStock({
      supply: line.offer.supply as Supply,
      components: line.offer.components as { supply: Supply }[],
    });
    if (quantity > 0 && physical && line.offer.stock !== null) {
      await tx.offer.update({ where: { id: line.offerId }, data: { stock: { increment: quantity } } });
    }
  }
}

/** Invoice, licences and a queued shipment for the physical lines — each made once. */
export async function fulfilOrderInTx(tx: Tx, orderId: string, today: string): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: true } });
  await issueInvoiceForOrder(tx, orderId, today, { paid: order.paymentMethod === "ONLINE" });
  await createLicencesForOrder(tx, orderId, today);
  const frozen = parseFrozen(order.breakdownJson);
  const physicalLines = order.lines.filter((l) =>
    (frozen.breakdown.lines.find((b) => b.id === String(l.position))?.parts ?? []).some((p) =>
      isShippable(p.supply as ComponentSupply),
    ),
  );
  if (physicalLines.length && (await tx.shipment.count({ where: { orderId } })) === 0) {
    await tx.shipment.create({
      data: {
        orderId,
        status: "QUEUED",
        lines: { create: physicalLines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) },
      },
    });
  }
}

/**
 * Marks an online order paid and fulfils it — exactly once, whoever calls first (webhook or
 * return page). Returns false when the order was no longer awaiting payment.
 */
export async function completePaidOrder(tx: Tx, orderId: string, today = todayInAmsterdam()): Promise<boolean> {
  const changed = await tx.order.updateMany({
    where: { id: orderId, status: "AWAITING_PAYMENT" },
    data: { status: "PAID", paidAt: new Date() },
  });
  if (changed.count !== 1) return false;
  await fulfilOrderInTx(tx, orderId, today);
  return true;
}

/**
 * Cancels an order that has not shipped: stock back, licences revoked, queued shipments
 * cancelled, and a credit note for its invoice — in one transaction. `schoolId` scopes the
 * lookup for school users (who also pass kind SCHOOL: a parent's order is not theirs to
 * cancel); operators pass null.
 *
 * An online order that awaits payment must have its open Checkout Sessions stopped at Stripe
 * first, outside the transaction: payments' `cancelOrderStoppingPayment` does that and then calls
 * this function with `expiredAtProvider` when it expired them. Called directly, an order with an
 * open payment is refused (NOT_CANCELLABLE). Money that still arrives after the cancellation is
 * refunded automatically by the payments module (Payment.anomaly AFTER_CANCEL).
 */
export async function cancelOrder(
  orderId: string,
  scope: { schoolId: string | null; userId: string; kind?: "SCHOOL" | "PARENT" },
  options: { expiredAtProvider?: boolean } = {},
): Promise<void> {
  const scoped = {
    id: orderId,
    ...(scope.schoolId ? { schoolId: scope.schoolId } : {}),
    ...(scope.kind ? { kind: scope.kind } : {}),
  };
  const expiredAtProvider = options.expiredAtProvider ?? false;
  await db.$transaction(async (tx) => {
    const order = await tx.order.findFirst({ where: scoped, include: { shipments: true, lines: true } });
    if (!order) throw new OrderError("NOT_FOUND", "Deze bestelling bestaat niet.");
    if (order.status === "CANCELLED" && expiredAtProvider) {
      // The last expired session already cancelled it (stock back, licences revoked) — same rule.
      await audit(
        {
          userId: scope.userId,
          action: "order.cancel",
          entity: "Order",
          entityId: order.id,
          detail: { via: "checkout.session.expired" },
        },
        tx,
      );
      return;
    }
    if (!["PLACED", "AWAITING_PAYMENT"].includes(order.status)) {
      throw new OrderError(
        "NOT_CANCELLABLE",
        order.status === "CANCELLED"
          ? "Deze bestelling is al geannuleerd."
          : "Een betaalde of afgehandelde bestelling kan niet meer worden geannuleerd; vraag een terugbetaling aan.",
      );
    }
    if (order.shipments.some((s) => s.status === "SHIPPED"))
      throw new OrderError("NOT_CANCELLABLE", "Deze bestelling is al verzonden en kan niet meer worden geannuleerd.");
    if ((await tx.payment.count({ where: { orderId: order.id, status: "OPEN" } })) > 0) {
      throw new OrderError(
        "NOT_CANCELLABLE",
        "Voor deze bestelling is intussen een nieuwe betaling gestart. Probeer het opnieuw.",
      );
    }
    const changed = await tx.order.updateMany({
      where: { id: order.id, status: order.status },
      data: { status: "CANCELLED", cancelledAt: new Date() },
    });
    if (changed.count !== 1)
      throw new OrderError("NOT_CANCELLABLE", "Deze bestelling is intussen gewijzigd; probeer het opnieuw.");
    await releaseStock(tx, order.id);
    for (const line of order.lines) await revokeLicences(tx, line.id, "ALL");
    await tx.shipment.updateMany({ where: { orderId: order.id, status: "QUEUED" }, data: { status: "CANCELLED" } });
    if (await tx.invoice.findFirst({ where: { orderId: order.id, type: "INVOICE" } }))
      await issueCreditNote(tx, order.id, "ALL", todayInAmsterdam());
    await audit({ userId: scope.userId, action: "order.cancel", entity: "Order", entityId: order.id }, tx);
  });
}

/**
 * Takes refunded quantities out of a shipment that has not left yet: their stock comes back and
 * the queued shipment shrinks (or is cancelled when nothing is left). Goods already shipped stay
 * with the customer. Runs in the refund's transaction.
 */
export async function withdrawFromQueuedShipment(
  tx: Tx,
  orderId: string,
  quantities: Map<string, number>,
): Promise<void> {
  const shipment = await tx.shipment.findFirst({ where: { orderId, status: "QUEUED" }, include: { lines: true } });
  if (!shipment) return;
  const lines = shipment.lines.map((l) => ({
    id: l.id,
    orderLineId: l.orderLineId,
    before: l.quantity,
    quantity: l.quantity - Math.min(l.quantity, quantities.get(l.orderLineId) ?? 0),
  }));
  const withdrawn = new Map([...quantities].filter(([lineId]) => lines.some((l) => l.orderLineId === lineId)));
  if (withdrawn.size === 0) return;
  await releaseStock(tx, orderId, withdrawn);
  // Lines withdrawn completely leave the shipment; a shipment with nothing left is cancelled and
  // keeps its lines at quantity 0 as the record of what it would have carried.
  const left = lines.filter((l) => l.quantity > 0);
  if (left.length)
    await tx.shipmentLine.deleteMany({ where: { shipmentId: shipment.id, id: { notIn: left.map((l) => l.id) } } });
  else await tx.shipment.update({ where: { id: shipment.id }, data: { status: "CANCELLED" } });
  for (const line of (left.length ? left : lines).filter((l) => l.quantity !== l.before)) {
    await tx.shipmentLine.update({ where: { id: line.id }, data: { quantity: line.quantity } });
  }
}

export { releaseStock };
