import { describe, expect, it } from "vitest";
import { loader as catalogueLoader } from "~/routes/catalogus._index";
import { action as titleAction, loader as titleLoader } from "~/routes/catalogus.$slug";
import { db } from "~/db.server";
import { priceItems } from "~/modules/catalog/offer-pricing.server";
import { compareOffers, describeDifference } from "~/modules/pricing";
import { formatEuro } from "~/modules/money/format-euro";
import { fromE4 } from "~/modules/money/cents";
import { todayInAmsterdam } from "~/modules/vat/iso-date";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";

type CatalogueData = Awaited<ReturnType<typeof catalogueLoader>>;
type TitleData = Awaited<ReturnType<typeof titleLoader>>;

async function search(query: string, email = "school@leerwinkel.test"): Promise<CatalogueData> {
  const cookie = await cookieFor(email);
  return catalogueLoader({ request: getRequest(`/catalogus${query}`, { cookie }), params: {}, context: {} });
}

describe("catalogue search", () => {
  it("finds titles by a word of the title, case-insensitively, and counts them", async () => {
    const data = await search("?q=GETAL");
    const expected = await db.title.count({ where: { searchText: { contains: "getal" } } });
    expect(expected).toBeGreaterThan(1);
    expect(data.search.total).toBe(expected);
    expect(data.search.results.every((r) => r.name.toLowerCase().includes("getal"))).toBe(true);
  });

  it("finds by publisher and by an exact EAN", async () => {
    const byPublisher = await search("?q=thiememeulenhoff");
    expect(byPublisher.search.total).toBe(await db.title.count({ where: { publisher: { name: "ThiemeMeulenhoff" } } }));
    const offer = await db.offer.findFirstOrThrow({ where: { title: { name: "Getal & Ruimte havo 2" }, supply: "electronic" } });
    const byEan = await search(`?q=${offer.ean}`);
    expect(byEan.search.total).toBe(1);
    expect(byEan.search.results[0]!.name).toBe("Getal & Ruimte havo 2");
  });

  it("combines filters (subject, level, year, format, reviewed, goal) and each narrows the count", async () => {
    const all = await search("?vak=wiskunde");
    const havo = await search("?vak=wiskunde&niveau=havo");
    const havo2 = await search("?vak=wiskunde&niveau=havo&leerjaar=2");
    expect(all.search.total).toBeGreaterThan(havo.search.total);
    expect(havo.search.total).toBeGreaterThan(havo2.search.total);
    expect(havo2.search.results.map((r) => r.name)).toContain("Getal & Ruimte havo 2");
    expect(havo2.search.results.every((r) => r.levels.includes("havo"))).toBe(true);
    const dbCount = await db.title.count({ where: { subject: { code: "wiskunde" }, levels: { some: { level: "havo" } }, years: { some: { year: 2 } }, offers: { some: { active: true } } } });
    expect(havo2.search.total).toBe(dbCount);

    const combination = await search("?vorm=combination");
    expect(combination.search.total).toBe(await db.title.count({ where: { offers: { some: { format: "combination", active: true } } } }));
    expect(combination.search.results.every((r) => r.formats.includes("combination"))).toBe(true);

    const reviewed = await search("?beoordeeld=1&sector=VO");
    expect(reviewed.search.total).toBe(await db.title.count({ where: { reviewed: true, sector: "VO", offers: { some: { active: true } } } }));

    const goal = await search("?leerdoel=KD-ENG-B1");
    expect(goal.search.total).toBe(await db.title.count({ where: { learningGoals: { some: { goal: { code: "KD-ENG-B1" } } } } }));
    expect(goal.search.total).toBeGreaterThan(0);
  });

  it("pages 24 at a time and clamps a page beyond the end", async () => {
    const first = await search("");
    expect(first.search.total).toBe(63);
    expect(first.search.results).toHaveLength(24);
    expect(first.search.pageCount).toBe(3);
    const third = await search("?pagina=3");
    expect(third.search.results).toHaveLength(63 - 48);
    const beyond = await search("?pagina=99");
    expect(beyond.search.page).toBe(3);
    const names = [...first.search.results, ...(await search("?pagina=2")).search.results, ...third.search.results].map((r) => r.id);
    expect(new Set(names).size).toBe(63);
  });

  it("shows the 'vanaf' price for the logged-in school: contract for Amstel Lyceum, default for Vechtdal", async () => {
    const title = await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" }, include: { offers: true } });
    const amstel = (await search("?q=getal+%26+ruimte+havo+2")).search.results.find((r) => r.id === title.id)!;
    const vechtdal = (await search("?q=getal+%26+ruimte+havo+2", "vechtdal@leerwinkel.test")).search.results.find((r) => r.id === title.id)!;
    const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const priced = await priceItems({ kind: "school", schoolId: school.id }, title.offers.map((o) => ({ key: o.id, offerId: o.id, quantity: 1 })), todayInAmsterdam());
    const min = Math.min(...[...priced.prices.values()].map((p) => p.unitPriceE4));
    expect(amstel.fromPrice).toBe(formatEuro(fromE4(min)));
    expect(amstel.fromPriceE4!).toBeLessThan(vechtdal.fromPriceE4!); // the board's contract is cheaper
  });

  it("asks for a login and refuses a parent", async () => {
    const anonymous = await run(() => catalogueLoader({ request: getRequest("/catalogus"), params: {}, context: {} }));
    expect((anonymous as Response).status).toBe(302);
    const parent = await run(() => search("", "ouder@leerwinkel.test"));
    expect((parent as Response).status).toBe(403);
  });
});

describe("title page comparison", () => {
  it("shows each offer's figures exactly as priceItems + compareOffers give them, with tiers for 28", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const title = await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" }, include: { offers: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } } });
    const data = (await titleLoader({ request: getRequest(`/catalogus/${title.slug}?aantal=28`, { cookie }), params: { slug: title.slug }, context: {} })) as TitleData;
    const c = data.comparison;
    expect(c.quantity).toBe(28);
    expect(c.rows).toHaveLength(title.offers.length);
    const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const options = [];
    for (const offer of title.offers) {
      const doc = await priceItems({ kind: "school", schoolId: school.id }, [{ key: offer.id, offerId: offer.id, quantity: 28 }], todayInAmsterdam());
      options.push({ key: offer.id, label: offer.formatLabel, breakdown: doc.breakdown, price: doc.prices.get(offer.id)! });
    }
    const expected = compareOffers(options);
    const cheapest = expected.find((r) => r.isCheapest)!;
    for (const [i, row] of c.rows.entries()) {
      const e = expected[i]!;
      expect(row.offerId).toBe(e.key);
      expect(row.raw.net).toBe(e.net.toFixed(2));
      expect(row.raw.vat).toBe(e.vat.toFixed(2));
      expect(row.raw.gross).toBe(e.gross.toFixed(2));
      expect(row.raw.differenceGross).toBe(e.differenceGross.toFixed(2));
      expect(row.raw.vatPartOfDifference).toBe(e.vatPartOfDifference.toFixed(2));
      expect(row.gross).toBe(formatEuro(e.gross));
      expect(row.contract).toBe(true);
      expect(row.tierMinQuantity).toBe(25);
      expect(row.priceListName).toBe("Contract Onderwijsgroep Amstelland 2026");
      expect(row.isCheapest).toBe(e.isCheapest);
      // the sentence is describeDifference's, with the row's own label
      expect(row.sentence).toBe(describeDifference({ ...e, label: row.formatName }, cheapest));
    }
    const digital = c.rows.find((r) => r.format === "digital" && r.licenceMonths === 12)!;
    expect(digital.vatRates).toBe("21%");
    // two digital offers (1 and 4 years) on this title: the sentence names the offer itself
    expect(digital.sentence).toBe(`Digitale licentie 1 jaar kost ${digital.differenceGross} meer, waarvan ${digital.vatPartOfDifference} door het hogere btw-tarief`);
    expect(c.rows.find((r) => r.format === "combination")!.vatRates).toBe("6% / 21%");
    expect(c.title.levels).toEqual(["havo"]);
    expect(c.title.years).toEqual([2]);
    expect(c.title.goals.map((g) => g.code)).toEqual(["KD-WIS-ALG", "KD-WIS-MEET"]);
  });

  it("answers 404 for an unknown title and keeps an invalid quantity from breaking the page", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const missing = await run(() => titleLoader({ request: getRequest("/catalogus/bestaat-niet", { cookie }), params: { slug: "bestaat-niet" }, context: {} }));
    expect((missing as Response).status).toBe(404);
    const title = await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" } });
    const odd = (await titleLoader({ request: getRequest(`/catalogus/${title.slug}?aantal=-3`, { cookie }), params: { slug: title.slug }, context: {} })) as TitleData;
    expect(odd.comparison.quantity).toBe(1);
  });

  it("adds an offer to the cart from the title page and returns a form error for a bad quantity", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const title = await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" }, include: { offers: true } });
    const print = title.offers.find((o) => o.supply === "physical")!;
    const bad = (await titleAction({ request: formRequest(`/catalogus/${title.slug}`, { offerId: print.id, quantity: "0", classGroup: "H2A" }, { cookie }), params: { slug: title.slug }, context: {} })) as { error: string };
    expect(bad.error).toBe("Vul minstens 1 in.");
    const ok = await run(() => titleAction({ request: formRequest(`/catalogus/${title.slug}`, { offerId: print.id, quantity: "28", classGroup: "H2A" }, { cookie }), params: { slug: title.slug }, context: {} }));
    expect((ok as Response).headers.get("Location")).toBe("/winkelwagen?toegevoegd=1");
    const item = await db.cartItem.findFirstOrThrow({ where: { offerId: print.id, cart: { user: { email: "school@leerwinkel.test" } } } });
    expect(item.quantity).toBe(28);
    expect(item.classGroup).toBe("H2A");
    expect(item.seenVatRates).toBe("6");
  });
});
