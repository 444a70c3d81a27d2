/**
 * Issue 12, licences on the school's order page: a pupil never gets a second active licence of
 * the same product (by hand or by "Verdeel over klas"), and a cancelled order's licences are not
 * handed out. Through the order page's action, as the browser posts it.
 */
import { describe, expect, it } from "vitest";
import { action as titleAction } from "~/routes/catalogus.$slug";
import { action as checkoutAction } from "~/routes/winkelwagen.afrekenen";
import { action as orderAction } from "~/routes/school.bestellingen.$orderId";
import { db } from "~/db.server";
import { cookieFor, formRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

const ctx = { context: {} };

/** Places an order on account for `quantity` one-year licences of Getal & Ruimte havo 2; returns it with its licences. */
async function placeLicenceOrder(cookie: string, quantity: number) {
  const title = await db.title.findFirstOrThrow({
    where: { name: "Getal & Ruimte havo 2" },
    include: { offers: true },
  });
  const digital = title.offers.find((o) => o.supply === "electronic" && o.licenceMonths === 12)!;
  await db.cartItem.deleteMany({ where: { cart: { user: { email: "school@leerwinkel.test" } } } });
  await run(() =>
    titleAction({
      request: formRequest(
        `/catalogus/${title.slug}`,
        { offerId: digital.id, quantity: String(quantity), classGroup: "H2A" },
        { cookie },
      ),
      params: { slug: title.slug },
      ...ctx,
    }),
  );
  const key = crypto.randomUUID();
  await run(() =>
    checkoutAction({
      request: formRequest(
        "/winkelwagen/afrekenen",
        { idempotencyKey: key, poNumber: "PO-L", paymentMethod: "INVOICE" },
        { cookie },
      ),
      params: {},
      ...ctx,
    }),
  );
  const order = await db.order.findUniqueOrThrow({
    where: { idempotencyKey: key },
    include: { lines: true, licences: { orderBy: { code: "asc" } } },
  });
  expect(order.licences).toHaveLength(quantity);
  return order;
}

async function post(orderId: string, fields: Record<string, string>, cookie: string) {
  return run(() =>
    orderAction({
      request: formRequest(`/school/bestellingen/${orderId}`, fields, { cookie }),
      params: { orderId },
      ...ctx,
    }),
  );
}

async function h2aPupils() {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  return db.studentPseudonym.findMany({
    where: { schoolId: school.id, classGroup: "H2A" },
    orderBy: { pseudonym: "asc" },
  });
}

describe("licences on the school's order page", () => {
  it("refuses a second licence of the same product for one pupil, by hand and across orders, next to the field", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const first = await placeLicenceOrder(cookie, 2);
    const [pupil] = await h2aPupils();
    const [a, b] = first.licences;

    const assigned = answer(
      await post(first.id, { intent: "assign", licenceId: a!.id, pseudonymId: pupil!.id }, cookie),
    );
    expect(assigned).toMatchObject({ status: 200, success: "De licentie is toegewezen." });
    // Saving the same licence on the same pupil again is no second licence.
    expect(
      answer(await post(first.id, { intent: "assign", licenceId: a!.id, pseudonymId: pupil!.id }, cookie)).status,
    ).toBe(200);

    const second = answer(await post(first.id, { intent: "assign", licenceId: b!.id, pseudonymId: pupil!.id }, cookie));
    expect(second.status).toBe(409);
    expect(second.errors.pseudonymId).toBe(
      `Deze leerling heeft al een licentie voor dit product (${a!.code}). Hef die toewijzing eerst op of kies een andere leerling.`,
    );
    expect(second.values).toMatchObject({ licenceId: b!.id, pseudonymId: pupil!.id });
    expect((await db.licence.findUniqueOrThrow({ where: { id: b!.id } })).pseudonymId).toBeNull();

    // The same product bought again in another order: still one per pupil.
    const later = await placeLicenceOrder(cookie, 1);
    const again = answer(
      await post(later.id, { intent: "assign", licenceId: later.licences[0]!.id, pseudonymId: pupil!.id }, cookie),
    );
    expect(again.status).toBe(409);
    expect(again.errors.pseudonymId).toMatch(/^Deze leerling heeft al een licentie voor dit product/);

    // Once the first licence is unassigned, the pupil may get the other one.
    expect(answer(await post(first.id, { intent: "assign", licenceId: a!.id }, cookie)).success).toBe(
      "De toewijzing is opgeheven.",
    );
    expect(
      answer(await post(first.id, { intent: "assign", licenceId: b!.id, pseudonymId: pupil!.id }, cookie)).success,
    ).toBe("De licentie is toegewezen.");
  });

  it("two assignments of the same product to one pupil at the same moment: one is kept, the other refused", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const order = await placeLicenceOrder(cookie, 2);
    const pupil = (await h2aPupils()).at(-1)!;
    await db.licence.updateMany({ where: { pseudonymId: pupil.id }, data: { pseudonymId: null, assignedAt: null } });
    const [a, b] = order.licences;
    const answers = (
      await Promise.all(
        [a!, b!].map((l) => post(order.id, { intent: "assign", licenceId: l.id, pseudonymId: pupil.id }, cookie)),
      )
    ).map((r) => answer(r).status);
    expect(answers.sort()).toEqual([200, 409]);
    expect(await db.licence.count({ where: { pseudonymId: pupil.id, status: "ACTIVE" } })).toBe(1);
  });

  it("'Verdeel over klas' passes over pupils who already hold the product from another order", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const pupils = await h2aPupils();
    expect(pupils.length).toBeGreaterThanOrEqual(2);
    const first = await placeLicenceOrder(cookie, 1);
    await post(first.id, { intent: "assign", licenceId: first.licences[0]!.id, pseudonymId: pupils[0]!.id }, cookie);

    const order = await placeLicenceOrder(cookie, pupils.length);
    const offerId = order.licences[0]!.offerId;
    // Who holds the product already (this pupil by hand, and any pupil whose parent bought it).
    const holding = new Set(
      (
        await db.licence.findMany({
          where: { schoolId: order.schoolId, offerId, status: "ACTIVE", pseudonymId: { not: null } },
          select: { pseudonymId: true },
        })
      ).map((l) => l.pseudonymId),
    );
    expect(holding.has(pupils[0]!.id)).toBe(true);
    const n = pupils.filter((p) => !holding.has(p.id)).length;
    const res = answer(
      await post(order.id, { intent: "distribute", orderLineId: order.lines[0]!.id, classGroup: "H2A" }, cookie),
    );
    expect(res.success).toBe(`${n} ${n === 1 ? "licentie" : "licenties"} toegewezen aan leerlingen van H2A.`);
    const holders = await db.licence.groupBy({
      by: ["pseudonymId"],
      where: {
        schoolId: order.schoolId,
        offerId: order.licences[0]!.offerId,
        status: "ACTIVE",
        pseudonymId: { not: null },
      },
      _count: { _all: true },
    });
    // Every pupil of the class holds exactly one active licence of the product.
    expect(holders.every((h) => h._count._all === 1)).toBe(true);
    for (const p of pupils) expect(holders.some((h) => h.pseudonymId === p.id)).toBe(true);
    const left = await db.licence.count({ where: { orderId: order.id, status: "ACTIVE", pseudonymId: null } });
    expect(left).toBe(pupils.length - n);
  });

  it("refuses 'Verdeel over klas' on a cancelled order (409, the message on the page)", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const order = await placeLicenceOrder(cookie, 2);
    const cancelled = (await post(order.id, { intent: "cancel" }, cookie)) as Response;
    expect(cancelled.status).toBe(302);
    const res = answer(
      await post(order.id, { intent: "distribute", orderLineId: order.lines[0]!.id, classGroup: "H2A" }, cookie),
    );
    expect(res).toMatchObject({
      status: 409,
      formError: "Deze bestelling is geannuleerd: haar licenties zijn ingetrokken en kunnen niet worden verdeeld.",
    });
    expect(await db.licence.count({ where: { orderId: order.id, pseudonymId: { not: null } } })).toBe(0);
  });

  it("asks for a class when none is sent, and answers 404 for a line of another school", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const order = await placeLicenceOrder(cookie, 1);
    const missing = answer(await post(order.id, { intent: "distribute", orderLineId: order.lines[0]!.id }, cookie));
    expect(missing).toMatchObject({ status: 400, errors: { classGroup: "Kies een klas." } });
    const unknown = answer(await post(order.id, { intent: "explode" }, cookie));
    expect(unknown.status).toBe(400);
    const other = await cookieFor("vechtdal@leerwinkel.test");
    const foreign = await post(
      order.id,
      { intent: "distribute", orderLineId: order.lines[0]!.id, classGroup: "H2A" },
      other,
    );
    expect((foreign as Response).status).toBe(404);
  });
});
