/**
 * The operator's shipping queue: physical parts of placed or paid orders wait as QUEUED
 * shipments; marking one shipped closes the order (FULFILLED) once nothing is left to ship.
 * A shipped order can no longer be cancelled (cancelOrder checks it).
 */
import { db } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { ORDER_STATUS_LABELS } from "./orders.server";
import { readDelivery } from "./order-snapshots";
import { DomainError } from "~/modules/errors/domain-error";
import { dayInAmsterdam } from "~/modules/calendar/iso-date";

export async function listQueuedShipments() {
  const shipments = await db.shipment.findMany({
    where: { status: "QUEUED" },
    orderBy: { createdAt: "asc" },
    take: 200,
    include: {
      order: { select: { id: true, number: true, status: true, deliveryJson: true } },
      lines: {
        orderBy: { orderLine: { position: "asc" } },
        select: { quantity: true, orderLine: { select: { description: true } } },
      },
    },
  });
  return shipments.map((s) => {
    const delivery = readDelivery(s.order.deliveryJson);
    return {
      id: s.id,
      createdAt: dayInAmsterdam(s.createdAt),
      orderNumber: s.order.number,
      orderStatus: ORDER_STATUS_LABELS[s.order.status] ?? s.order.status,
      deliverTo: `${delivery.name}, ${delivery.street}, ${delivery.postalCode} ${delivery.city}`,
      lines: s.lines.map((l) => ({ quantity: l.quantity, description: l.orderLine.description })),
    };
  });
}

export class ShipmentError extends DomainError<"NOT_QUEUED"> {
  constructor(message: string) {
    super("NOT_QUEUED", message, { status: 409 });
  }
}

export async function markShipmentShipped(shipmentId: string, userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const changed = await tx.shipment.updateMany({
      where: { id: shipmentId, status: "QUEUED" },
      data: { status: "SHIPPED", shippedAt: new Date() },
    });
    if (changed.count !== 1) throw new ShipmentError("Deze zending staat niet (meer) klaar om te verzenden.");
    const shipment = await tx.shipment.findUniqueOrThrow({ where: { id: shipmentId } });
    if ((await tx.shipment.count({ where: { orderId: shipment.orderId, status: "QUEUED" } })) === 0) {
      await tx.order.updateMany({
        where: { id: shipment.orderId, status: { in: ["PLACED", "PAID"] } },
        data: { status: "FULFILLED", fulfilledAt: new Date() },
      });
    }
    await audit({ userId, action: "shipment.ship", entity: "Shipment", entityId: shipmentId }, tx);
  });
}
