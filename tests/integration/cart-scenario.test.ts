/*
 * Issue 14 §4 in the cart: "Wat als: ander btw-tarief" re-prices the cart's own document (same
 * lines, price lists, tiers and shipping) under a stored VAT scenario, next to what it costs now,
 * and changes nothing. Seeded contract prices (Getal & Ruimte havo 2, Amstel Lyceum, excl. VAT):
 *   Leerwerkboek (6%): 37,21; from 25: 36,47. Digitale licentie 1 jaar (21%): 33,07; from 25: 32,41.
 */
import { describe, expect, it } from "vitest";
import { action as titleAction } from "~/routes/catalogus.$slug";
import { loader as cartLoader } from "~/routes/winkelwagen._index";
import { db } from "~/db.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";

const EMAIL = "school@leerwinkel.test";
const ctx = { params: {}, context: {} };

async function setup() {
  const cookie = await cookieFor(EMAIL);
  await db.cartItem.deleteMany({ where: { cart: { user: { email: EMAIL } } } });
  await db.offer.updateMany({
    where: { title: { name: "Getal & Ruimte havo 2" }, stock: { not: null } },
    data: { stock: 500 },
  });
  const title = await db.title.findFirstOrThrow({
    where: { name: "Getal & Ruimte havo 2" },
    include: { offers: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  const print = title.offers.find((o) => o.supply === "physical")!;
  const licence = title.offers.find((o) => o.supply === "electronic" && o.licenceMonths === 12)!;
  const add = async (offerId: string, quantity: number) => {
    const added = await run(() =>
      titleAction({
        request: formRequest(
          `/catalogus/${title.slug}`,
          { offerId, quantity: String(quantity), classGroup: "H2A" },
          {
            cookie,
          },
        ),
        params: { slug: title.slug },
        context: {},
      }),
    );
    expect((added as Response).status).toBe(302);
  };
  const page = (query = "") => cartLoader({ request: getRequest(`/winkelwagen${query}`, { cookie }), ...ctx });
  return { print, licence, add, page };
}

/** Everything a scenario must never change: the real rates, the scenarios, the cart, the orders. */
async function snapshot() {
  const [rates, scenarios, items, orders, invoices] = await Promise.all([
    db.vatRate.findMany({ orderBy: { id: "asc" } }),
    db.vatScenario.findMany({ orderBy: { id: "asc" } }),
    db.cartItem.findMany({ where: { cart: { user: { email: EMAIL } } }, orderBy: { id: "asc" } }),
    db.order.count(),
    db.invoice.count(),
  ]);
  return { rates, scenarios, items, orders, invoices };
}

describe("cart: 'Wat als: ander btw-tarief'", () => {
  it("re-prices the cart under a stored scenario beside what it costs now, and changes nothing", async () => {
    const s = await setup();
    await s.add(s.licence.id, 28);
    await s.add(s.print.id, 3);
    const before = await snapshot();

    const plain = await s.page();
    expect(plain.rateScenario!.options.map((o) => o.value)).toEqual(
      expect.arrayContaining(["digitaal-verlaagd", "tarieven-2019"]),
    );
    expect(plain.rateScenario!.comparison).toBeNull();
    expect(plain.rateScenario!.form).toBeNull();

    const data = await s.page("?scenario=digitaal-verlaagd");
    const c = data.rateScenario!.comparison!;
    expect(data.rateScenario!.chosen).toBe("digitaal-verlaagd");
    // Now: 28 licences at the tier from 25: 28 × 32,41 = 907,48 at 21%; 3 books × 37,21 = 111,63
    // at 6%, below 150,00 of physical goods so shipping 7,95 (at the books' 6%): 6% base 119,58.
    // VAT 21%: 907,48 × 0,21 = 190,5708 → 190,57; 6%: 119,58 × 0,06 = 7,1748 → 7,17; Σ 197,74.
    // Net 1.027,06, gross 1.224,80 — exactly the cart's own totals.
    expect(c.raw.now).toEqual({ net: "1027.06", vat: "197.74", gross: "1224.80" });
    expect(c.raw.now).toEqual({ net: data.cart.raw.net, vat: data.cart.raw.vat, gross: data.cart.raw.gross });
    // "Digitaal leermateriaal ook verlaagd tarief": the licences at 6% too, one 6% base of
    // 1.027,06: VAT 61,6236 → 61,62, gross 1.088,68. 136,12 less, all of it VAT.
    expect(c.raw.scenario).toEqual({ net: "1027.06", vat: "61.62", gross: "1088.68" });
    expect(c.raw.differenceGross).toBe("-136.12");
    expect(c.raw.vatPart).toBe("-136.12");
    expect(c.sentence).toBe("€ 136,12 goedkoper, waarvan € 136,12 minder btw");
    expect(c.underScenario.lines).toEqual([{ rate: "6", taxable: "€ 1.027,06", vat: "€ 61,62", gross: "€ 1.088,68" }]);
    expect(c.now.lines.map((l) => [l.rate, l.taxable, l.vat])).toEqual([
      ["6", "€ 119,58", "€ 7,17"],
      ["21", "€ 907,48", "€ 190,57"],
    ]);

    // "9% / 21% (tarieven sinds 2019)": the 6% base at 9%: 119,58 × 0,09 = 10,7622 → 10,76; the
    // licences stay at 21% (190,57). VAT 201,33, gross 1.228,39: 3,59 more, all of it VAT.
    const nine = (await s.page("?scenario=tarieven-2019")).rateScenario!.comparison!;
    expect(nine.raw.scenario).toEqual({ net: "1027.06", vat: "201.33", gross: "1228.39" });
    expect(nine.sentence).toBe("€ 3,59 duurder, waarvan € 3,59 meer btw");

    expect(await snapshot()).toEqual(before);
  });

  it("says an unknown scenario at the field, never a 500", async () => {
    const s = await setup();
    await s.add(s.print.id, 3);
    const before = await snapshot();
    const data = await s.page("?scenario=alles-gratis");
    expect(data.rateScenario!.comparison).toBeNull();
    expect(data.rateScenario!.form?.error?.scenario).toEqual(["Kies een scenario uit de lijst."]);
    expect(data.cart.lines).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps the years-of-use form's values beside a chosen scenario", async () => {
    const s = await setup();
    await s.add(s.print.id, 3);
    const data = await s.page("?jaren=4&vervanging=10&scenario=tarieven-2019");
    expect(data.rateScenario!.keep).toEqual({ jaren: "4", vervanging: "10" });
    expect(data.rateScenario!.chosen).toBe("tarieven-2019");
    // 3 × 37,21 = 111,63 + shipping 7,95 = 119,58 at 9% instead of 6%: 10,7622 → 10,76 against 7,17.
    expect(data.rateScenario!.comparison!.raw.vatPart).toBe("3.59");
    expect(data.overYears).not.toBeNull();
  });

  it("shows no form for an empty cart", async () => {
    const s = await setup();
    const data = await s.page("?scenario=digitaal-verlaagd");
    expect(data.cart.lines).toHaveLength(0);
    expect(data.rateScenario).toBeNull();
  });
});
