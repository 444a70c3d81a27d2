import { describe, expect, it } from "vitest";
import { loader as catalogueLoader } from "~/routes/catalogus._index";
import { action as titleAction, loader as titleLoader } from "~/routes/catalogus.$slug";
import { db } from "~/db.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

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
    const offer = await db.offer.findFirstOrThrow({
      where: { title: { name: "Getal & Ruimte havo 2" }, supply: "electronic" },
    });
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
    const dbCount = await db.title.count({
      where: {
        subject: { code: "wiskunde" },
        levels: { some: { level: "havo" } },
        years: { some: { year: 2 } },
        offers: { some: { active: true } },
      },
    });
    expect(havo2.search.total).toBe(dbCount);

    const combination = await search("?vorm=combination");
    expect(combination.search.total).toBe(
      await db.title.count({ where: { offers: { some: { format: "combination", active: true } } } }),
    );
    expect(combination.search.results.every((r) => r.formats.includes("combination"))).toBe(true);

    const reviewed = await search("?beoordeeld=1&sector=VO");
    expect(reviewed.search.total).toBe(
      await db.title.count({ where: { reviewed: true, sector: "VO", offers: { some: { active: true } } } }),
    );

    const goal = await search("?leerdoel=KD-ENG-B1");
    expect(goal.search.total).toBe(
      await db.title.count({ where: { learningGoals: { some: { goal: { code: "KD-ENG-B1" } } } } }),
    );
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
    const names = [...first.search.results, ...(await search("?pagina=2")).search.results, ...third.search.results].map(
      (r) => r.id,
    );
    expect(new Set(names).size).toBe(63);
  });

  it("shows the 'vanaf' price for the logged-in school: contract for Amstel Lyceum, default for Vechtdal", async () => {
    // Seed (prisma/seed.ts), "Getal & Ruimte havo 2", quantity 1, prices excl. VAT:
    //   default list: print 40.45, digital 1 year 35.95, combination 46.95, digital 4 years 121.35
    //   contract (Amstel Lyceum's board) = default − round(8%): 37.21, 33.07, 43.19, 111.64
    //   'vanaf' = the cheapest: contract 33.07 (35.95 − round(2.876) = 35.95 − 2.88), default 35.95
    const title = await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" } });
    const amstel = (await search("?q=getal+%26+ruimte+havo+2")).search.results.find((r) => r.id === title.id)!;
    const vechtdal = (await search("?q=getal+%26+ruimte+havo+2", "vechtdal@leerwinkel.test")).search.results.find(
      (r) => r.id === title.id,
    )!;
    expect(amstel.fromPriceE4).toBe(330_700);
    expect(amstel.fromPrice).toMatch(/^€\s33,07$/);
    expect(vechtdal.fromPriceE4).toBe(359_500);
    expect(vechtdal.fromPrice).toMatch(/^€\s35,95$/);
  });

  it("asks for a login and refuses a parent", async () => {
    const anonymous = await run(() => catalogueLoader({ request: getRequest("/catalogus"), params: {}, context: {} }));
    expect((anonymous as Response).status).toBe(302);
    const parent = await run(() => search("", "ouder@leerwinkel.test"));
    expect((parent as Response).status).toBe(403);
  });
});

describe("title page comparison", () => {
  it("shows each offer's figures for 28 on the contract list's 25+ tier, worked out by hand", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const title = await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" } });
    const data = (await titleLoader({
      request: getRequest(`/catalogus/${title.slug}?aantal=28`, { cookie }),
      params: { slug: title.slug },
      context: {},
    })) as TitleData;
    const c = data.comparison;
    expect(c.quantity).toBe(28);
    // Contract list of Amstel Lyceum's board, tier from 25 (base − round(2%)), prices excl. VAT;
    // each offer priced on its own (DESIGN §3): line = unit × 28, VAT per rate = round(taxable × rate/100).
    //   print 36.47 × 28 = 1021.16; 6%: round(61.2696) = 61.27; gross 1082.43 (the cheapest)
    //   digital 1 year 32.41 × 28 = 907.48; 21%: round(190.5708) = 190.57; gross 1098.05
    //   combination 42.33 × 28 = 1185.24, split 55/45 over book and licence: 651.882 → 651.88,
    //     533.358 → 533.35, the missing cent to the larger remainder (.008): 533.36;
    //     6%: round(39.1128) = 39.11, 21%: round(112.0056) = 112.01; VAT 151.12; gross 1336.36
    //   digital 4 years 109.41 × 28 = 3063.48; 21%: round(643.3308) = 643.33; gross 3706.81
    // difference = gross − 1082.43; of which VAT = difference − (net − 1021.16) = VAT − 61.27
    // (licence 1 year: 15.62 more, but 907.48 − 1021.16 = 113.68 less excl. VAT and 129.30 more VAT)
    const expected = [
      {
        label: "Leerwerkboek",
        unit: "36.4700",
        net: "1021.16",
        vat: "61.27",
        gross: "1082.43",
        diff: "0.00",
        vatPart: "0.00",
        rates: "6%",
        cheapest: true,
        sentence: /^Dit is de goedkoopste keuze$/,
      },
      {
        label: "Digitale licentie 1 jaar",
        unit: "32.4100",
        net: "907.48",
        vat: "190.57",
        gross: "1098.05",
        diff: "15.62",
        vatPart: "129.30",
        rates: "21%",
        cheapest: false,
        // two digital offers (1 and 4 years) on this title: the sentence names the offer itself
        sentence: /^Digitale licentie 1 jaar kost €\s15,62 meer: €\s113,68 minder excl. btw, maar €\s129,30 meer btw$/,
      },
      {
        label: "Combinatie: boek + licentie 1 jaar",
        unit: "42.3300",
        net: "1185.24",
        vat: "151.12",
        gross: "1336.36",
        diff: "253.93",
        vatPart: "89.85",
        rates: "6% / 21%",
        cheapest: false,
        sentence: /^Combinatie kost €\s253,93 meer, waarvan €\s89,85 meer btw$/,
      },
      {
        label: "Digitale licentie 4 jaar",
        unit: "109.4100",
        net: "3063.48",
        vat: "643.33",
        gross: "3706.81",
        diff: "2624.38",
        vatPart: "582.06",
        rates: "21%",
        cheapest: false,
        sentence: /^Digitale licentie 4 jaar kost €\s2\.624,38 meer, waarvan €\s582,06 meer btw$/,
      },
    ];
    expect(c.rows.map((r) => r.label)).toEqual(expected.map((e) => e.label));
    for (const [i, row] of c.rows.entries()) {
      const e = expected[i]!;
      expect({ label: row.label, ...row.raw }).toEqual({
        label: e.label,
        unitPrice: e.unit,
        net: e.net,
        vat: e.vat,
        gross: e.gross,
        differenceGross: e.diff,
        vatPartOfDifference: e.vatPart,
      });
      expect(row.vatRates, e.label).toBe(e.rates);
      expect(row.isCheapest, e.label).toBe(e.cheapest);
      expect(row.sentence, e.label).toMatch(e.sentence);
      expect(row.contract, e.label).toBe(true);
      expect(row.tierMinQuantity, e.label).toBe(25);
      expect(row.priceListName, e.label).toBe("Contract Onderwijsgroep Amstelland 2026");
    }
    expect(c.rows[0]!.gross).toMatch(/^€\s1\.082,43$/);
    expect(c.rows[3]!.gross).toMatch(/^€\s3\.706,81$/);
    expect(c.title.levels).toEqual(["havo"]);
    expect(c.title.years).toEqual([2]);
    expect(c.title.goals.map((g) => g.code)).toEqual(["KD-WIS-ALG", "KD-WIS-MEET"]);
  });

  it.each([
    // Print book of "Getal & Ruimte havo 2", 6%, excl. VAT (prisma/seed.ts):
    //   default list 40.45; tiers 25+: 40.45 − round(1.2135) = 39.24, 100+: 40.45 − round(2.427) = 38.02
    //   contract 37.21; tiers 25+: 37.21 − round(0.7442) = 36.47, 100+: 37.21 − round(1.8605) = 35.35
    // net = unit × quantity; VAT = round(net × 6/100); gross = net + VAT
    {
      school: "Amstel Lyceum (contract)",
      email: "school@leerwinkel.test",
      quantity: 24,
      unit: "37.2100",
      tier: null,
      net: "893.04",
      vat: "53.58",
      gross: "946.62",
    }, // 53.5824
    {
      school: "Amstel Lyceum (contract)",
      email: "school@leerwinkel.test",
      quantity: 25,
      unit: "36.4700",
      tier: 25,
      net: "911.75",
      vat: "54.71",
      gross: "966.46",
    }, // 54.705, half up
    {
      school: "Amstel Lyceum (contract)",
      email: "school@leerwinkel.test",
      quantity: 99,
      unit: "36.4700",
      tier: 25,
      net: "3610.53",
      vat: "216.63",
      gross: "3827.16",
    }, // 216.6318
    {
      school: "Amstel Lyceum (contract)",
      email: "school@leerwinkel.test",
      quantity: 100,
      unit: "35.3500",
      tier: 100,
      net: "3535.00",
      vat: "212.10",
      gross: "3747.10",
    },
    {
      school: "Vechtdal College (default)",
      email: "vechtdal@leerwinkel.test",
      quantity: 24,
      unit: "40.4500",
      tier: null,
      net: "970.80",
      vat: "58.25",
      gross: "1029.05",
    }, // 58.248
    {
      school: "Vechtdal College (default)",
      email: "vechtdal@leerwinkel.test",
      quantity: 25,
      unit: "39.2400",
      tier: 25,
      net: "981.00",
      vat: "58.86",
      gross: "1039.86",
    },
    {
      school: "Vechtdal College (default)",
      email: "vechtdal@leerwinkel.test",
      quantity: 99,
      unit: "39.2400",
      tier: 25,
      net: "3884.76",
      vat: "233.09",
      gross: "4117.85",
    }, // 233.0856
    {
      school: "Vechtdal College (default)",
      email: "vechtdal@leerwinkel.test",
      quantity: 100,
      unit: "38.0200",
      tier: 100,
      net: "3802.00",
      vat: "228.12",
      gross: "4030.12",
    },
  ])(
    "prices $quantity print books for $school at $unit each (tier boundaries 24/25/99/100)",
    async ({ email, quantity, unit, tier, net, vat, gross }) => {
      const cookie = await cookieFor(email);
      const title = await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" } });
      const data = (await titleLoader({
        request: getRequest(`/catalogus/${title.slug}?aantal=${quantity}`, { cookie }),
        params: { slug: title.slug },
        context: {},
      })) as TitleData;
      const print = data.comparison.rows.find((r) => r.label === "Leerwerkboek")!;
      const contract = email === "school@leerwinkel.test";
      expect(print.priceListName).toBe(
        contract ? "Contract Onderwijsgroep Amstelland 2026" : "Standaardprijslijst scholen 2026",
      );
      expect(print.contract).toBe(contract);
      expect(print.tierMinQuantity).toBe(tier);
      expect([print.raw.unitPrice, print.raw.net, print.raw.vat, print.raw.gross]).toEqual([unit, net, vat, gross]);
    },
  );

  it("answers 404 for an unknown title and keeps an invalid quantity from breaking the page", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const missing = await run(() =>
      titleLoader({
        request: getRequest("/catalogus/bestaat-niet", { cookie }),
        params: { slug: "bestaat-niet" },
        context: {},
      }),
    );
    expect((missing as Response).status).toBe(404);
    const title = await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" } });
    const odd = (await titleLoader({
      request: getRequest(`/catalogus/${title.slug}?aantal=-3`, { cookie }),
      params: { slug: title.slug },
      context: {},
    })) as TitleData;
    expect(odd.comparison.quantity).toBe(1);
  });

  it("adds an offer to the cart from the title page and returns a form error for a bad quantity", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const title = await db.title.findFirstOrThrow({
      where: { name: "Getal & Ruimte havo 2" },
      include: { offers: true },
    });
    const print = title.offers.find((o) => o.supply === "physical")!;
    const bad = answer(
      await titleAction({
        request: formRequest(
          `/catalogus/${title.slug}`,
          { offerId: print.id, quantity: "0", classGroup: "H2A" },
          { cookie },
        ),
        params: { slug: title.slug },
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.errors.quantity).toBe("Vul minstens 1 in.");
    expect(bad.values).toMatchObject({ offerId: print.id, quantity: "0", classGroup: "H2A" });
    const ok = await run(() =>
      titleAction({
        request: formRequest(
          `/catalogus/${title.slug}`,
          { offerId: print.id, quantity: "28", classGroup: "H2A" },
          { cookie },
        ),
        params: { slug: title.slug },
        context: {},
      }),
    );
    expect((ok as Response).headers.get("Location")).toBe("/winkelwagen?toegevoegd=1");
    const item = await db.cartItem.findFirstOrThrow({
      where: { offerId: print.id, cart: { user: { email: "school@leerwinkel.test" } } },
    });
    expect(item.quantity).toBe(28);
    expect(item.classGroup).toBe("H2A");
    expect(item.seenVatRates).toBe("6");
  });
});
