/**
 * A queued shipment's lines are rows (ShipmentLine, docs/decisions/009): placing an order queues
 * one line per physical order line; a refund before shipping shrinks a line, removes a line
 * withdrawn completely, and cancels the shipment when nothing is left (its lines kept at 0).
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { placeOrder, withdrawFromQueuedShipment } from "~/modules/orders/orders.server";

async function placedWithTwoPrintLines(key: string) {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const user = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
  const title = await db.title.findFirstOrThrow({
    where: { name: "Getal & Ruimte havo 2" },
    include: { offers: true },
  });
  const print = title.offers.find((o) => o.supply === "physical")!;
  const digital = title.offers.find((o) => o.supply === "electronic")!;
  const placed = await placeOrder({
    kind: "SCHOOL",
    schoolId: school.id,
    userId: user.id,
    idempotencyKey: key,
    paymentMethod: "INVOICE",
    poNumber: "PO-1",
    date: "2026-11-29",
    items: [
      { offerId: print.id, quantity: 10, classGroup: "H2A" },
      { offerId: digital.id, quantity: 5, classGroup: "H2A" },
      { offerId: print.id, quantity: 4, classGroup: "H2B" },
    ],
  });
  const lines = await db.orderLine.findMany({ where: { orderId: placed.orderId }, orderBy: { position: "asc" } });
  return {
    orderId: placed.orderId,
    printA: lines[0]!,
    printB: lines[2]!,
    stock: () => db.offer.findUniqueOrThrow({ where: { id: print.id } }).then((o) => o.stock),
  };
}

const shipmentOf = (orderId: string) =>
  db.shipment.findFirstOrThrow({
    where: { orderId },
    include: { lines: { orderBy: { orderLine: { position: "asc" } }, select: { orderLineId: true, quantity: true } } },
  });

describe("shipment lines", () => {
  it("queues one line per physical order line, with its quantity", async () => {
    const { orderId, printA, printB } = await placedWithTwoPrintLines("ship-lines-1");
    const shipment = await shipmentOf(orderId);
    expect(shipment.status).toBe("QUEUED");
    expect(shipment.lines).toEqual([
      { orderLineId: printA.id, quantity: 10 },
      { orderLineId: printB.id, quantity: 4 },
    ]);
  });

  it("shrinks a line, drops a line withdrawn completely, and cancels the shipment when nothing is left", async () => {
    const { orderId, printA, printB, stock } = await placedWithTwoPrintLines("ship-lines-2");
    const before = await stock();
    await db.$transaction((tx) =>
      withdrawFromQueuedShipment(
        tx,
        orderId,
        new Map([
          [printA.id, 3],
          [printB.id, 4],
        ]),
      ),
    );
    let shipment = await shipmentOf(orderId);
    expect(shipment.status).toBe("QUEUED");
    expect(shipment.lines).toEqual([{ orderLineId: printA.id, quantity: 7 }]);
    expect(await stock()).toBe(before! + 7); // 3 + 4 back on the shelf

    await db.$transaction((tx) => withdrawFromQueuedShipment(tx, orderId, new Map([[printA.id, 7]])));
    shipment = await shipmentOf(orderId);
    expect(shipment.status).toBe("CANCELLED");
    expect(shipment.lines).toEqual([{ orderLineId: printA.id, quantity: 0 }]);
    expect(await stock()).toBe(before! + 14);
  });
});
