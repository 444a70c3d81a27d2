import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { placeOrder, cancelOrder } from "~/modules/orders/orders.server";
import { action, loader } from "~/routes/beheer.verzendingen";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

describe("the shipping queue", () => {
  it("lists a placed order's physical parts; shipping it fulfils the order and blocks cancelling", async () => {
    const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const user = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
    const title = await db.title.findFirstOrThrow({
      where: { name: "Stepping Stones havo 2" },
      include: { offers: true },
    });
    const print = title.offers.find((o) => o.supply === "physical")!;
    const digital = title.offers.find((o) => o.supply === "electronic")!;
    const placed = await placeOrder({
      kind: "SCHOOL",
      schoolId: school.id,
      userId: user.id,
      idempotencyKey: "ship-1",
      paymentMethod: "INVOICE",
      poNumber: "PO-S",
      items: [
        { offerId: print.id, quantity: 12 },
        { offerId: digital.id, quantity: 12 },
      ],
    });
    const admin = await cookieFor("admin@leerwinkel.test");
    const list = (await loader({
      request: getRequest("/beheer/verzendingen", { cookie: admin }),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof loader>>;
    const mine = list.shipments.find((s) => s.orderNumber === placed.number)!;
    expect(mine.lines).toEqual([{ quantity: 12, description: `${title.name} — ${print.formatLabel}` }]);
    const res = await action({
      request: formRequest("/beheer/verzendingen", { shipmentId: mine.id }, { cookie: admin }),
      params: {},
      context: {},
    });
    expect(answer(res).success).toBe("De zending is als verzonden gemarkeerd.");
    expect((await db.order.findUniqueOrThrow({ where: { id: placed.orderId } })).status).toBe("FULFILLED");
    const again = answer(
      await action({
        request: formRequest("/beheer/verzendingen", { shipmentId: mine.id }, { cookie: admin }),
        params: {},
        context: {},
      }),
    );
    expect(again).toMatchObject({ status: 409, formError: "Deze zending staat niet (meer) klaar om te verzenden." });
    await expect(cancelOrder(placed.orderId, { schoolId: school.id, userId: user.id })).rejects.toMatchObject({
      code: "NOT_CANCELLABLE",
    });
  });

  it("is for the operator admin only", async () => {
    const school = await cookieFor("school@leerwinkel.test");
    const res = (await run(() =>
      loader({ request: getRequest("/beheer/verzendingen", { cookie: school }), params: {}, context: {} }),
    )) as Response;
    expect(res.status).toBe(403);
  });
});
