import { describe, expect, it } from "vitest";
import { action as titleAction } from "~/routes/catalogus.$slug";
import { action as cartAction, loader as cartLoader } from "~/routes/winkelwagen._index";
import { db } from "~/db.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

type CartData = Awaited<ReturnType<typeof cartLoader>>;
const ctx = { context: {} };

/*
 * Issue 12: the cart's what-if offers to apply "alles op papier" / "alles digitaal" (a plain form
 * post, one transaction). Seeded contract prices (Getal & Ruimte havo 2, Amstel Lyceum, excl. VAT):
 *   Leerwerkboek (6%): 37,21; from 25: 36,47. Digitale licentie 1 jaar (21%): 33,07; from 25: 32,41.
 */
async function setup() {
  const email = "school@leerwinkel.test";
  const cookie = await cookieFor(email);
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
  const add = (offerId: string, quantity: number, classGroup: string) =>
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
    ((await cartLoader({ request: getRequest("/winkelwagen", { cookie }), params: {}, ...ctx })) as CartData).cart;
  const post = (fields: Record<string, string>) =>
    run(() => cartAction({ request: formRequest("/winkelwagen", fields, { cookie }), params: {}, ...ctx }));
  return { print, digital, add, cart, post };
}

const rows = (cart: CartData["cart"]) => cart.lines.map((l) => [l.formatLabel, l.classGroup, l.quantity, l.unitPrice]);

describe("cart: applying a what-if scenario", () => {
  it("'alles digitaal' switches every line, merges equal lines, and costs what the what-if said", async () => {
    const s = await setup();
    await s.add(s.print.id, 28, "H2A");
    await s.add(s.digital.id, 30, "H2B");
    await s.add(s.digital.id, 2, "H2A");
    const before = await s.cart();
    const promised = before.whatIf!.find((w) => w.key === "allDigital")!;
    expect(promised.switches).toBe(true);
    expect(before.whatIf!.find((w) => w.key === "chosen")!.switches).toBe(false);

    const response = (await s.post({ intent: "apply", scenario: "allDigital" })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/winkelwagen?toegepast=digitaal");

    const after = await s.cart();
    // H2A's 28 books became licences and joined H2A's 2 licences: 30; all 60 licences at the tier from 25.
    expect(rows(after)).toEqual([
      ["Digitale licentie 1 jaar", "H2A", 30, "€ 32,41"],
      ["Digitale licentie 1 jaar", "H2B", 30, "€ 32,41"],
    ]);
    // 60 × 32,41 = 1.944,60 at 21%: VAT round(408,366) = 408,37; gross 2.352,97; nothing ships.
    expect(after.raw).toEqual({ net: "1944.60", vat: "408.37", gross: "2352.97", shipping: null });
    expect(after.totals.gross).toBe(promised.totals.gross);
    expect(after.changed).toBe(false);
    expect(after.whatIf!.find((w) => w.key === "allDigital")!.switches).toBe(false);
    expect(after.whatIf!.find((w) => w.key === "allDigital")!.sentence).toBe("geen verschil met uw keuze");
  });

  it("'alles op papier' switches licences to books; applying again changes nothing", async () => {
    const s = await setup();
    await s.add(s.digital.id, 30, "H2B");
    await s.add(s.print.id, 3, "H2A");
    const promised = (await s.cart()).whatIf!.find((w) => w.key === "allPrint")!;
    await s.post({ intent: "apply", scenario: "allPrint" });
    let after = await s.cart();
    expect(rows(after)).toEqual([
      ["Leerwerkboek", "H2B", 30, "€ 36,47"],
      ["Leerwerkboek", "H2A", 3, "€ 36,47"],
    ]);
    // 33 × 36,47 = 1.203,51 at 6%, shipping free at this amount: VAT round(72,2106) = 72,21; gross 1.275,72
    expect(after.raw).toMatchObject({ net: "1203.51", vat: "72.21", gross: "1275.72" });
    expect(after.totals.gross).toBe(promised.totals.gross);
    expect(after.changed).toBe(false);
    await s.post({ intent: "apply", scenario: "allPrint" });
    after = await s.cart();
    expect(rows(after)).toEqual([
      ["Leerwerkboek", "H2B", 30, "€ 36,47"],
      ["Leerwerkboek", "H2A", 3, "€ 36,47"],
    ]);
  });

  it("refuses an unknown scenario with a Dutch message, not a 500", async () => {
    const s = await setup();
    await s.add(s.print.id, 3, "H2A");
    const refused = answer(await s.post({ intent: "apply", scenario: "allesGratis" }));
    expect(refused.status).toBe(400);
    expect(refused.errors.scenario).toBe("Onbekende keuze.");
    expect(rows(await s.cart())).toEqual([["Leerwerkboek", "H2A", 3, "€ 37,21"]]);
  });
});
