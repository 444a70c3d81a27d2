import { describe, expect, it } from "vitest";
import { action as titleAction } from "~/routes/catalogus.$slug";
import { action as cartAction, loader as cartLoader } from "~/routes/winkelwagen._index";
import { action as checkoutAction, loader as checkoutLoader } from "~/routes/winkelwagen.afrekenen";
import { action as orderAction, loader as orderLoader } from "~/routes/school.bestellingen.$orderId";
import { loader as ordersLoader } from "~/routes/school.bestellingen._index";
import { loader as csvLoader } from "~/routes/school.licenties[.]csv";
import { db } from "~/db.server";
import { formatCents, formatEuro } from "~/modules/format";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

type CartData = Awaited<ReturnType<typeof cartLoader>>;
const ctx = { context: {} };

async function setup(email = "school@leerwinkel.test") {
  const cookie = await cookieFor(email);
  // tests in this file share one database: start every test with an empty cart and stock on hand
  await db.cartItem.deleteMany({ where: { cart: { user: { email } } } });
  await db.offer.updateMany({
    where: { title: { name: "Getal & Ruimte havo 2" }, stock: { not: null } },
    data: { stock: 500 },
  });
  const title = await db.title.findFirstOrThrow({
    where: { name: "Getal & Ruimte havo 2" },
    include: { offers: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  const print = title.offers.find((o) => o.supply === "physical")!;
  const digital = title.offers.find((o) => o.supply === "electronic" && o.licenceMonths === 12)!;
  const bundle = title.offers.find((o) => o.supply === "bundle")!;
  const school = await db.organisation.findFirstOrThrow({
    where: { brin: email === "school@leerwinkel.test" ? "12AB" : "34CD" },
  });
  const add = (offerId: string, quantity: number, classGroup = "") =>
    run(() =>
      titleAction({
        request: formRequest(
          `/catalogus/${title.slug}`,
          { offerId, quantity: String(quantity), classGroup },
          { cookie },
        ),
        params: { slug: title.slug },
        ...ctx,
      }),
    );
  const cart = async () =>
    (await cartLoader({ request: getRequest("/winkelwagen", { cookie }), params: {}, ...ctx })) as CartData;
  const post = (fields: Record<string, string>) =>
    run(() => cartAction({ request: formRequest("/winkelwagen", fields, { cookie }), params: {}, ...ctx }));
  return { cookie, title, print, digital, bundle, school, add, cart, post };
}

/*
 * Hand-worked prices (seeded, Getal & Ruimte havo 2, net per unit excl. VAT). Amstel Lyceum buys on
 * its board's contract list (Onderwijsgroep Amstelland), not the default list:
 *   Leerwerkboek (6%):                   contract 37,21; from 25: 36,47 (default list 40,45 / 39,24)
 *   Digitale licentie 1 jaar (21%):      contract 33,07; from 25: 32,41
 *   Combinatie boek + licentie (bundle): contract 43,19, split 55% book (6%) / 45% licence (21%)
 * A tier applies to the quantity of the offer in the cart (all class groups together). VAT per
 * rate over the document, rounded half up once (DESIGN §3); shipping follows the physical lines.
 */

describe("cart", () => {
  it("adds per class group, changes and removes items; hand-worked totals, tier and VAT per rate (incl. shipping)", async () => {
    const s = await setup();
    await s.add(s.print.id, 2, "H2A");
    await s.add(s.print.id, 1, "H2A"); // same offer and class: adds up
    await s.add(s.digital.id, 30, "H2B");
    let cart = await s.cart();
    expect(cart.cart.lines.map((l) => [l.formatLabel, l.classGroup, l.quantity])).toEqual([
      ["Leerwerkboek", "H2A", 3],
      ["Digitale licentie 1 jaar", "H2B", 30],
    ]);
    // 3 books at 37,21 = 111,63 (below 25: no tier); 30 licences at the tier from 25: 30 × 32,41 = 972,30.
    // Shipping 7,95 (3 books stay below free shipping) follows the book: 6%.
    //   6%:  111,63 + 7,95 = 119,58  VAT round(7,1748)   = 7,17
    //   21%: 972,30                  VAT round(204,183)  = 204,18
    //   net 1.091,88 + VAT 211,35 = gross 1.303,23
    expect(cart.cart.raw).toEqual({ net: "1091.88", vat: "211.35", gross: "1303.23", shipping: "7.95" });
    expect(cart.cart.vatBreakdown.map((g) => g.vatRate)).toEqual(["6", "21"]);
    expect(cart.cart.vatBreakdown.map((g) => g.vat)).toEqual(["€ 7,17", "€ 204,18"]);
    expect(cart.cart.changed).toBe(false);

    const book = cart.cart.lines[0]!;
    const negative = answer(await s.post({ intent: "update", itemId: book.itemId, quantity: "-1" }));
    expect(negative).toMatchObject({ status: 400, errors: { quantity: "Het aantal kan niet negatief zijn." } });
    expect(negative.values).toMatchObject({ itemId: book.itemId });
    await s.post({ intent: "update", itemId: book.itemId, quantity: "28" });
    cart = await s.cart();
    expect(cart.cart.lines[0]!.quantity).toBe(28);
    expect(cart.cart.lines[0]!.tierMinQuantity).toBe(25);
    // 28 books reach the tier from 25: 28 × 36,47 = 1.021,16, and free shipping.
    //   6%:  1.021,16  VAT round(61,2696) = 61,27
    //   21%:   972,30  VAT 204,18 (unchanged)
    //   gross 1.021,16 + 972,30 + 61,27 + 204,18 = 2.258,91
    expect(cart.cart.shipping).toBeNull();
    expect(cart.cart.raw.gross).toBe("2258.91");

    await s.post({ intent: "remove", itemId: cart.cart.lines[1]!.itemId });
    cart = await s.cart();
    expect(cart.cart.lines).toHaveLength(1);
    expect(cart.cart.vatBreakdown.map((g) => g.vatRate)).toEqual(["6"]);
  });

  it("never touches another user's cart item", async () => {
    const mine = await setup();
    await mine.add(mine.print.id, 2);
    const item = (await mine.cart()).cart.lines[0]!;
    const other = await setup("vechtdal@leerwinkel.test");
    await other.post({ intent: "remove", itemId: item.itemId });
    await other.post({ intent: "update", itemId: item.itemId, quantity: "99" });
    expect((await db.cartItem.findUniqueOrThrow({ where: { id: item.itemId } })).quantity).toBe(2);
  });

  it("shows the what-if (all print / all digital) with hand-worked totals and differences", async () => {
    const s = await setup();
    await s.add(s.bundle.id, 10, "H2A");
    await s.add(s.digital.id, 20, "H2B");
    const cart = (await s.cart()).cart;
    const whatIf = cart.whatIf!;
    expect(whatIf.map((w) => w.label)).toEqual(["Zoals gekozen", "Alles op papier", "Alles digitaal"]);
    expect(whatIf[0]!.totals.gross).toBe(cart.totals.gross);
    // Worked by hand; in each scenario an offer is priced at the quantity it would be ordered in
    // there (30 books, or 30 licences: the tier from 25 applies to both lines). No shipping
    // anywhere (free above the threshold; all digital ships nothing).
    // As chosen: 10 bundles at 43,19 = 431,90, split 55/45 = 237,545 + 194,355: the spare cent of
    //   the tie goes to one part, book 237,55 + licence 194,35 or 237,54 + 194,36 — the VAT below is
    //   the same either way. 20 licences at 33,07 (below 25) = 661,40.
    //   6%: VAT round(237,55 × 6%) = round(14,253) = 14,25 (237,54: round(14,2524) = 14,25)
    //   21%: 194,35 + 661,40 = 855,75, VAT round(179,7075) = 179,71 (855,76: round(179,7096) = 179,71)
    //   gross 431,90 + 661,40 + 14,25 + 179,71 = 1.287,26 (VAT 193,96)
    // All print: 30 books at 36,47 = 1.094,10 (6%), VAT round(65,646) = 65,65, gross 1.159,75
    //   difference 1.159,75 − 1.287,26 = −127,51, of which VAT 65,65 − 193,96 = −128,31
    // All digital: 30 licences at 32,41 = 972,30 (21%), VAT round(204,183) = 204,18, gross 1.176,48
    //   difference 1.176,48 − 1.287,26 = −110,78, of which VAT 204,18 − 193,96 = 10,22
    expect(cart.totals.gross).toBe("€ 1.287,26");
    expect(whatIf[1]!.totals.gross).toBe("€ 1.159,75");
    expect(whatIf[1]!.difference.gross).toBe("€ -127,51");
    expect(whatIf[1]!.difference.vatPart).toBe("€ -128,31");
    expect(whatIf[2]!.totals.gross).toBe("€ 1.176,48");
    expect(whatIf[2]!.difference.gross).toBe("€ -110,78");
    expect(whatIf[2]!.difference.vatPart).toBe("€ 10,22");
  });

  it("shows a changed price since adding and updates 'seen' only when the user accepts", async () => {
    const s = await setup();
    await s.add(s.print.id, 5, "H2A");
    const entry = await db.priceListEntry.findFirstOrThrow({
      where: { offerId: s.print.id, priceList: { kind: "CONTRACT" } },
    });
    await db.priceListEntry.update({ where: { id: entry.id }, data: { unitPriceE4: entry.unitPriceE4 + 10_000 } });
    let cart = (await s.cart()).cart;
    expect(cart.changed).toBe(true);
    expect(cart.lines[0]!.change).toMatchObject({
      priceChanged: true,
      ratesChanged: false,
      seenUnitPrice: formatEuro(new (await import("~/modules/money/decimal")).Decimal(entry.unitPriceE4).div(10_000)),
    });
    // checkout refuses until accepted
    const key = crypto.randomUUID();
    const refused = answer(
      await checkoutAction({
        request: formRequest(
          "/winkelwagen/afrekenen",
          { idempotencyKey: key, poNumber: "PO-1", paymentMethod: "INVOICE" },
          { cookie: s.cookie },
        ),
        params: {},
        ...ctx,
      }),
    );
    expect(refused.formError).toMatch(/prijzen of btw-tarieven gewijzigd/);
    // reloading does not accept silently
    expect((await s.cart()).cart.changed).toBe(true);
    await s.post({ intent: "accept" });
    cart = (await s.cart()).cart;
    expect(cart.changed).toBe(false);
    expect((await db.cartItem.findFirstOrThrow({ where: { id: cart.lines[0]!.itemId } })).seenUnitPriceE4).toBe(
      entry.unitPriceE4 + 10_000,
    );
  });
});

describe("checkout", () => {
  it("places one order for the same form posted twice, empties the cart and redirects to the order", async () => {
    const s = await setup();
    await s.add(s.print.id, 28, "H2A");
    await s.add(s.digital.id, 30, "H2B");
    const before = (await s.cart()).cart;
    const page = (await checkoutLoader({
      request: getRequest("/winkelwagen/afrekenen", { cookie: s.cookie }),
      params: {},
      ...ctx,
    })) as Awaited<ReturnType<typeof checkoutLoader>>;
    expect(page.school.poNumberRequired).toBe(true);
    const fields = {
      idempotencyKey: page.idempotencyKey,
      poNumber: "PO-2026-77",
      remark: "Graag via de conciërge",
      paymentMethod: "INVOICE",
    };
    const first = (await run(() =>
      checkoutAction({
        request: formRequest("/winkelwagen/afrekenen", fields, { cookie: s.cookie }),
        params: {},
        ...ctx,
      }),
    )) as Response;
    const second = (await run(() =>
      checkoutAction({
        request: formRequest("/winkelwagen/afrekenen", fields, { cookie: s.cookie }),
        params: {},
        ...ctx,
      }),
    )) as Response;
    expect(first.status).toBe(302);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(first.headers.get("Location")).toMatch(/^\/school\/bestellingen\/[^/?]+\?geplaatst=1$/);
    const orders = await db.order.findMany({
      where: { idempotencyKey: page.idempotencyKey },
      include: { lines: true },
    });
    expect(orders).toHaveLength(1);
    expect(orders[0]!.poNumber).toBe("PO-2026-77");
    expect(formatCents(orders[0]!.grossCents)).toBe(before.totals.gross);
    expect(orders[0]!.lines.map((l) => l.classGroup)).toEqual(["H2A", "H2B"]);
    expect((await s.cart()).cart.lines).toHaveLength(0);

    // the order page shows the frozen figures; the list shows the order
    const orderId = orders[0]!.id;
    const view = (await orderLoader({
      request: getRequest(`/school/bestellingen/${orderId}`, { cookie: s.cookie }),
      params: { orderId },
      ...ctx,
    })) as Awaited<ReturnType<typeof orderLoader>>;
    expect(view.order.totals.gross).toBe(before.totals.gross);
    expect(view.order.licences).toHaveLength(30);
    expect(view.order.invoices).toHaveLength(1);
    const list = (await ordersLoader({
      request: getRequest("/school/bestellingen", { cookie: s.cookie }),
      params: {},
      ...ctx,
    })) as Awaited<ReturnType<typeof ordersLoader>>;
    expect(list.orders.map((o) => o.id)).toContain(orderId);
  });

  it("places one order when the same form arrives twice at the same moment", async () => {
    const s = await setup();
    await s.add(s.print.id, 4, "H2A");
    const fields = { idempotencyKey: crypto.randomUUID(), poNumber: "PO-RACE", paymentMethod: "INVOICE" };
    const post = () =>
      run(() =>
        checkoutAction({
          request: formRequest("/winkelwagen/afrekenen", fields, { cookie: s.cookie }),
          params: {},
          ...ctx,
        }),
      );
    const [a, b] = (await Promise.all([post(), post()])) as Response[];
    expect(a.headers.get("Location")).toBe(b.headers.get("Location"));
    expect(await db.order.count({ where: { idempotencyKey: fields.idempotencyKey } })).toBe(1);
    expect((await db.offer.findUniqueOrThrow({ where: { id: s.print.id } })).stock).toBe(500 - 4);
    expect((await s.cart()).cart.lines).toHaveLength(0);
  });

  it("requires the PO number where the school says so and brings an out-of-stock message back to the form", async () => {
    const s = await setup();
    await s.add(s.print.id, 40, "H2A");
    const key = crypto.randomUUID();
    const noPo = answer(
      await checkoutAction({
        request: formRequest(
          "/winkelwagen/afrekenen",
          { idempotencyKey: key, poNumber: "", paymentMethod: "INVOICE" },
          { cookie: s.cookie },
        ),
        params: {},
        ...ctx,
      }),
    );
    expect(noPo.errors.poNumber).toMatch(/inkoopordernummer/);
    await db.offer.update({ where: { id: s.print.id }, data: { stock: 12 } });
    const out = answer(
      await checkoutAction({
        request: formRequest(
          "/winkelwagen/afrekenen",
          { idempotencyKey: key, poNumber: "PO-9", remark: "x", paymentMethod: "INVOICE" },
          { cookie: s.cookie },
        ),
        params: {},
        ...ctx,
      }),
    );
    expect(out.formError).toBe("Getal & Ruimte havo 2 (Leerwerkboek): nog 12 op voorraad, u bestelt er 40.");
    expect(out.values?.poNumber).toBe("PO-9");
    expect(await db.order.count({ where: { idempotencyKey: key } })).toBe(0);
    expect((await s.cart()).cart.lines).toHaveLength(1); // the cart stays
  });

  it("sends an online payment to /betalen/<orderId>", async () => {
    const s = await setup();
    await s.add(s.digital.id, 3);
    const key = crypto.randomUUID();
    const res = (await run(() =>
      checkoutAction({
        request: formRequest(
          "/winkelwagen/afrekenen",
          { idempotencyKey: key, poNumber: "PO-3", paymentMethod: "ONLINE" },
          { cookie: s.cookie },
        ),
        params: {},
        ...ctx,
      }),
    )) as Response;
    const order = await db.order.findUniqueOrThrow({ where: { idempotencyKey: key } });
    expect(order.status).toBe("AWAITING_PAYMENT");
    expect(res.headers.get("Location")).toBe(`/betalen/${order.id}`);
  });
});

describe("order pages", () => {
  async function placed() {
    const s = await setup();
    await s.add(s.digital.id, 3, "H2A");
    await s.add(s.print.id, 2, "H2A");
    const key = crypto.randomUUID();
    await run(() =>
      checkoutAction({
        request: formRequest(
          "/winkelwagen/afrekenen",
          { idempotencyKey: key, poNumber: "PO-5", paymentMethod: "INVOICE" },
          { cookie: s.cookie },
        ),
        params: {},
        ...ctx,
      }),
    );
    const order = await db.order.findUniqueOrThrow({
      where: { idempotencyKey: key },
      include: { lines: { orderBy: { position: "asc" } } },
    });
    return { ...s, order };
  }

  it("answers 404 for another school's order, for its CSV and for its actions", async () => {
    const { order } = await placed();
    const other = await cookieFor("vechtdal@leerwinkel.test");
    const page = await run(() =>
      orderLoader({
        request: getRequest(`/school/bestellingen/${order.id}`, { cookie: other }),
        params: { orderId: order.id },
        ...ctx,
      }),
    );
    expect((page as Response).status).toBe(404);
    const csv = await run(() =>
      csvLoader({
        request: getRequest(`/school/licenties.csv?bestelling=${order.id}`, { cookie: other }),
        params: {},
        ...ctx,
      }),
    );
    expect((csv as Response).status).toBe(404);
    const cancel = await run(() =>
      orderAction({
        request: formRequest(`/school/bestellingen/${order.id}`, { intent: "cancel" }, { cookie: other }),
        params: { orderId: order.id },
        ...ctx,
      }),
    );
    expect((cancel as Response).status).toBe(404);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PLACED");
  });

  it("distributes licences over a class, assigns one by hand and exports the codes as CSV", async () => {
    const { order, cookie } = await placed();
    const digitalLine = order.lines.find((l) => l.supply === "electronic")!;
    const res = (await orderAction({
      request: formRequest(
        `/school/bestellingen/${order.id}`,
        { intent: "distribute", orderLineId: digitalLine.id, classGroup: "H2A" },
        { cookie },
      ),
      params: { orderId: order.id },
      ...ctx,
    })) as unknown;
    expect(answer(res).success).toBe("3 licenties toegewezen aan leerlingen van H2A.");
    const licences = await db.licence.findMany({ where: { orderId: order.id }, include: { pseudonym: true } });
    expect(licences.every((l) => l.pseudonym?.classGroup === "H2A")).toBe(true);
    expect(new Set(licences.map((l) => l.pseudonymId)).size).toBe(3);
    const again = (await orderAction({
      request: formRequest(
        `/school/bestellingen/${order.id}`,
        { intent: "distribute", orderLineId: digitalLine.id, classGroup: "H2A" },
        { cookie },
      ),
      params: { orderId: order.id },
      ...ctx,
    })) as unknown;
    expect(answer(again).success).toMatch(/^Geen licenties toegewezen/);

    const unassign = (await orderAction({
      request: formRequest(
        `/school/bestellingen/${order.id}`,
        { intent: "assign", licenceId: licences[0]!.id, pseudonymId: "" },
        { cookie },
      ),
      params: { orderId: order.id },
      ...ctx,
    })) as unknown;
    expect(answer(unassign).success).toBe("De toewijzing is opgeheven.");
    const foreign = await db.studentPseudonym.create({
      data: {
        schoolId: (await db.organisation.findFirstOrThrow({ where: { brin: "34CD" } })).id,
        pseudonym: "x-1",
        classGroup: "V1",
        schoolYear: "2026-2027",
        orderCodeHash: "h-x-1",
      },
    });
    const refused = (await orderAction({
      request: formRequest(
        `/school/bestellingen/${order.id}`,
        { intent: "assign", licenceId: licences[0]!.id, pseudonymId: foreign.id },
        { cookie },
      ),
      params: { orderId: order.id },
      ...ctx,
    })) as unknown;
    expect(answer(refused)).toMatchObject({
      status: 400,
      errors: { pseudonymId: "Deze leerling hoort niet bij uw school." },
    });

    const csv = (await csvLoader({
      request: getRequest(`/school/licenties.csv?bestelling=${order.id}`, { cookie }),
      params: {},
      ...ctx,
    })) as Response;
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
    const rows = new TextDecoder().decode(bytes).trim().split("\r\n");
    expect(rows[0]).toBe("licentiecode;titel;geldig van;geldig tot;klas;pseudoniem");
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.includes("https://ketenid.nl/201703/"))).toHaveLength(2);
  });

  it("cancels an unshipped order and copies an order into the cart at today's prices", async () => {
    const { order, cookie, cart } = await placed();
    const reorder = (await run(() =>
      orderAction({
        request: formRequest(`/school/bestellingen/${order.id}`, { intent: "reorder" }, { cookie }),
        params: { orderId: order.id },
        ...ctx,
      }),
    )) as Response;
    expect(reorder.headers.get("Location")).toBe("/winkelwagen?toegevoegd=1");
    expect((await cart()).cart.lines.map((l) => l.quantity)).toEqual([3, 2]);
    const cancel = (await run(() =>
      orderAction({
        request: formRequest(`/school/bestellingen/${order.id}`, { intent: "cancel" }, { cookie }),
        params: { orderId: order.id },
        ...ctx,
      }),
    )) as Response;
    expect(cancel.status).toBe(302);
    const after = await db.order.findUniqueOrThrow({ where: { id: order.id }, include: { invoices: true } });
    expect(after.status).toBe("CANCELLED");
    expect(after.invoices.map((i) => i.type).sort()).toEqual(["CREDIT_NOTE", "INVOICE"]);
    const again = (await orderAction({
      request: formRequest(`/school/bestellingen/${order.id}`, { intent: "cancel" }, { cookie }),
      params: { orderId: order.id },
      ...ctx,
    })) as unknown;
    expect(answer(again).formError).toBe("Deze bestelling is al geannuleerd.");
  });
});
