/**
 * The parent's payment pages (issue 12): the cancel page's form answers refusals through the one
 * action result (DomainError → domainErrorAnswer): someone else's order is a 404 on the form, a
 * paid order cannot be cancelled (409); an unknown payment on the return page is a 404 page.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { completePaidOrder } from "~/modules/orders/orders.server";
import { placeParentPackageOrder } from "~/modules/packages/parent-package.server";
import { action as cancelAction } from "~/routes/betalen.geannuleerd";
import { loader as returnLoader } from "~/routes/betalen.gelukt";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

async function parentOrder(key: string) {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const pseudonym = await db.studentPseudonym.create({
    data: {
      schoolId: school.id,
      pseudonym: `https://ketenid.nl/201703/0000000000000000000000000000${key.padStart(4, "0")}`,
      classGroup: "H2A",
      schoolYear: "2026-2027",
      orderCodeHash: `not-a-code-${key}`,
    },
  });
  const parent = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
  const placed = await placeParentPackageOrder({
    pseudonymId: pseudonym.id,
    user: parent,
    choices: {},
    idempotencyKey: `payment-pages-${key}`,
  });
  if (!placed.ok) throw new Error(placed.error);
  return placed.orderId;
}

const cancel = (orderId: string, cookie: string) =>
  run(() =>
    cancelAction({
      request: formRequest("/betalen/geannuleerd", { order: orderId }, { cookie }),
      params: {},
      context: {},
    }),
  );

describe("the cancel page's form", () => {
  it("refuses someone else's order (404) and a paid order (409) with a Dutch message on the form", async () => {
    const orderId = await parentOrder("a001");
    const other = answer(await cancel(orderId, await cookieFor("school@leerwinkel.test")));
    expect(other).toMatchObject({ status: 404, formError: "Deze bestelling bestaat niet." });

    await db.$transaction((tx) => completePaidOrder(tx, orderId));
    const paid = answer(await cancel(orderId, await cookieFor("ouder@leerwinkel.test")));
    expect(paid.status).toBe(409);
    expect(paid.formError).toMatch(/kan niet meer worden geannuleerd/);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAID");
  });
});

describe("the return page", () => {
  it("answers an unknown payment with a 404 page, not an error", async () => {
    const cookie = await cookieFor("ouder@leerwinkel.test");
    const res = (await run(() =>
      returnLoader({
        request: getRequest("/betalen/gelukt?session_id=cs_unknown_1", { cookie }),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("Deze betaling is onbekend.");
  });
});
