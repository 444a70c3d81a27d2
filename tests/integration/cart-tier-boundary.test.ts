import { describe, expect, it } from "vitest";
import { action as titleAction } from "~/routes/catalogus.$slug";
import { action as cartAction, loader as cartLoader } from "~/routes/winkelwagen._index";
import { action as checkoutAction } from "~/routes/winkelwagen.afrekenen";
import { db } from "~/db.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

type CartData = Awaited<ReturnType<typeof cartLoader>>;
const ctx = { context: {} };

/*
 * Issue 12: crossing a tier boundary by changing a quantity is not a price change since the item
 * was added. Seeded prices (Getal & Ruimte havo 2, Amstel Lyceum's contract list, excl. VAT):
 *   Leerwerkboek (6%): 37,21; from 25 (all class groups of the offer together): 36,47.
 */
async function setup() {
  const email = "school@leerwinkel.test";
  const cookie = await cookieFor(email);
  await db.cartItem.deleteMany({ where: { cart: { user: { email } } } });
  const title = await db.title.findFirstOrThrow({
    where: { name: "Getal & Ruimte havo 2" },
    include: { offers: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  const print = title.offers.find((o) => o.supply === "physical")!;
  const entry = await db.priceListEntry.findFirstOrThrow({
    where: { offerId: print.id, priceList: { kind: "CONTRACT" } },
    include: { tiers: true },
  });
  const add = (quantity: number, classGroup: string) =>
    run(() =>
      titleAction({
        request: formRequest(
          `/catalogus/${title.slug}`,
          { offerId: print.id, quantity: String(quantity), classGroup },
          { cookie },
        ),
        params: { slug: title.slug },
        ...ctx,
      }),
    );
  const cart = async () =>
    ((await cartLoader({ request: getRequest("/winkelwagen", { cookie }), params: {}, ...ctx })) as CartData).cart;
  const post = (fields: Record<string, string>) =>
    run(() => cartAction({ request: formRequest("/winkelwagen", fields, { cookie }), params: {}, ...ctx }));
  const line = async (classGroup: string) => (await cart()).lines.find((l) => l.classGroup === classGroup)!;
  /** Moves the contract price (base and every tier) by `deltaE4`: a real price change. */
  const movePrice = async (deltaE4: number) => {
    await db.priceListEntry.update({ where: { id: entry.id }, data: { unitPriceE4: { increment: deltaE4 } } });
    await db.priceTier.updateMany({ where: { entryId: entry.id }, data: { unitPriceE4: { increment: deltaE4 } } });
  };
  const checkout = () =>
    run(() =>
      checkoutAction({
        request: formRequest(
          "/winkelwagen/afrekenen",
          { idempotencyKey: crypto.randomUUID(), poNumber: "PO-TIER", paymentMethod: "INVOICE" },
          { cookie },
        ),
        params: {},
        ...ctx,
      }),
    );
  return { entry, add, cart, post, line, movePrice, checkout };
}

describe("cart: tier boundaries are not price changes", () => {
  it("raising and lowering a quantity across the tier moves every line of the offer without an announcement", async () => {
    const s = await setup();
    expect(s.entry.tiers.map((t) => [t.minQuantity, t.unitPriceE4])).toContainEqual([25, 364_700]);
    await s.add(20, "H2A");
    await s.add(3, "H2B");
    let cart = await s.cart();
    expect(cart.lines.map((l) => [l.classGroup, l.quantity, l.unitPrice])).toEqual([
      ["H2A", 20, "€ 37,21"],
      ["H2B", 3, "€ 37,21"],
    ]);
    // 20 + 10 = 30 crosses the tier from 25: both lines (H2A untouched) go to 36,47, and nothing is "changed".
    await s.post({ intent: "update", itemId: (await s.line("H2B")).itemId, quantity: "10" });
    cart = await s.cart();
    expect(cart.lines.map((l) => [l.classGroup, l.quantity, l.unitPrice, l.change])).toEqual([
      ["H2A", 20, "€ 36,47", null],
      ["H2B", 10, "€ 36,47", null],
    ]);
    expect(cart.changed).toBe(false);
    // Removing H2B drops H2A below the tier again: back to 37,21, still not a change since adding.
    await s.post({ intent: "remove", itemId: (await s.line("H2B")).itemId });
    cart = await s.cart();
    expect(cart.lines.map((l) => [l.classGroup, l.unitPrice, l.change])).toEqual([["H2A", "€ 37,21", null]]);
    expect(cart.changed).toBe(false);
    // Lowering a quantity below the tier the same way.
    await s.post({ intent: "update", itemId: (await s.line("H2A")).itemId, quantity: "26" });
    expect((await s.line("H2A")).unitPrice).toBe("€ 36,47");
    await s.post({ intent: "update", itemId: (await s.line("H2A")).itemId, quantity: "24" });
    cart = await s.cart();
    expect(cart.lines.map((l) => [l.unitPrice, l.change])).toEqual([["€ 37,21", null]]);
    // And checkout does not ask to accept anything.
    const placed = await s.checkout();
    expect((placed as Response).status).toBe(302);
  });

  it("announces a real price rise, also after a quantity change across the tier; a price drop is simply applied", async () => {
    const s = await setup();
    try {
      await s.add(20, "H2A");
      await s.add(3, "H2B");
      await s.movePrice(10_000); // +1,00: 38,21, from 25: 37,47
      let cart = await s.cart();
      expect(cart.changed).toBe(true);
      expect(cart.lines.map((l) => [l.unitPrice, l.change?.seenUnitPrice])).toEqual([
        ["€ 38,21", "€ 37,21"],
        ["€ 38,21", "€ 37,21"],
      ]);
      // Crossing the tier while the rise is not accepted does not accept it silently.
      await s.post({ intent: "update", itemId: (await s.line("H2B")).itemId, quantity: "10" });
      cart = await s.cart();
      expect(cart.lines.map((l) => l.unitPrice)).toEqual(["€ 37,47", "€ 37,47"]);
      expect(cart.changed).toBe(true);
      expect(answer(await s.checkout()).formError).toMatch(/prijzen of btw-tarieven gewijzigd/);
      await s.post({ intent: "accept" });
      expect((await s.cart()).changed).toBe(false);
      // A drop of 2,00 (35,47 from 25) is applied without asking.
      await s.movePrice(-20_000);
      cart = await s.cart();
      expect(cart.lines.map((l) => [l.unitPrice, l.change])).toEqual([
        ["€ 35,47", null],
        ["€ 35,47", null],
      ]);
      expect(cart.changed).toBe(false);
      // 30 × 35,47 = 1.064,10 (6%), free shipping: VAT round(63,846) = 63,85, gross 1.127,95
      expect(cart.raw).toMatchObject({ net: "1064.10", vat: "63.85", gross: "1127.95" });
      const placed = await s.checkout();
      expect((placed as Response).status).toBe(302);
      const orderId = new URL((placed as Response).headers.get("Location")!, "http://x").pathname.split("/").pop()!;
      const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
      expect(order.grossCents).toBe(112_795);
    } finally {
      await s.movePrice(10_000);
    }
  });
});
