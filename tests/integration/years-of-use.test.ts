/**
 * The title page's "Over de gebruiksduur" (issue 14 §2) through its loader, and the school's
 * defaults through the school page's action, on the real database. A title of its own with a
 * reusable leerboek and two licences, priced in the default list and (lower, with a tier from 25)
 * in Amstel Lyceum's contract list, so every figure below is worked by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as titleAction, loader as titleLoader } from "~/routes/catalogus.$slug";
import { loader as cartLoader } from "~/routes/winkelwagen._index";
import { action as schoolAction, loader as schoolLoader } from "~/routes/school._index";
import { action as adminTitleAction } from "~/routes/beheer.titels.$titleId";
import { db } from "~/db.server";
import { addMonths, dayBefore, todayInAmsterdam } from "~/modules/calendar/iso-date";
import { vatSchedule } from "~/modules/vat/vat-schedule.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";
import { makeEan13 } from "~/modules/catalog/ean";

type TitleData = Exclude<Awaited<ReturnType<typeof titleLoader>>, Response>;

const SLUG = "gebruiksduur-testmethode-vwo-3";
let cookie: string;
let schoolId: string;

beforeAll(async () => {
  cookie = await cookieFor("school@leerwinkel.test");
  const amstel = await db.organisation.findFirstOrThrow({ where: { name: { contains: "Amstel Lyceum" } } });
  schoolId = amstel.id;
  const contract = await db.priceList.findFirstOrThrow({
    where: { kind: "CONTRACT", name: "Contract Onderwijsgroep Amstelland 2026" },
  });
  const standard = await db.priceList.findFirstOrThrow({ where: { kind: "DEFAULT" } });
  const any = await db.title.findFirstOrThrow({ where: { sector: "VO" } });
  const title = await db.title.create({
    data: {
      slug: SLUG,
      name: "Gebruiksduur Testmethode vwo 3",
      publisherId: any.publisherId,
      subjectId: any.subjectId,
      sector: "VO",
      description: "",
      reviewed: true,
      searchText: "gebruiksduur testmethode",
    },
  });
  // [label, supply, licence months, reuse years, default price, contract price, contract tier from 25] (E4)
  const offers = [
    ["Leerboek", "physical", null, 4, 500_000, 400_000, 380_000],
    ["Digitale licentie 1 jaar", "electronic", 12, null, 350_000, 300_000, 285_000],
    ["Digitale licentie 4 jaar", "electronic", 48, null, 1_000_000, 900_000, 855_000],
  ] as const;
  let ean = 1;
  for (const [label, supply, months, reuseYears, standardE4, contractE4, tierE4] of offers) {
    const offer = await db.offer.create({
      data: {
        titleId: title.id,
        ean: makeEan13("978909", ean++),
        formatLabel: label,
        supply,
        format: supply === "physical" ? "print" : "digital",
        licenceMonths: months,
        reuseYears,
        stock: supply === "physical" ? 500 : null,
      },
    });
    await db.priceListEntry.create({ data: { priceListId: standard.id, offerId: offer.id, unitPriceE4: standardE4 } });
    await db.priceListEntry.create({
      data: {
        priceListId: contract.id,
        offerId: offer.id,
        unitPriceE4: contractE4,
        tiers: { create: { minQuantity: 25, unitPriceE4: tierE4 } },
      },
    });
  }
  await db.organisation.update({
    where: { id: schoolId },
    data: { pupilsPerYear: 30, yearsOfUse: 4, replacementShareBp: 1000 },
  });
});

afterAll(async () => {
  await db.organisation.update({
    where: { id: schoolId },
    data: { pupilsPerYear: 28, yearsOfUse: 4, replacementShareBp: 1000 },
  });
});

async function titlePageAsIs(query = ""): Promise<TitleData> {
  const data = await titleLoader({
    request: getRequest(`/catalogus/${SLUG}${query}`, { cookie }),
    params: { slug: SLUG },
    context: {},
  });
  if (data instanceof Response) throw new Error(`title page answered ${data.status}`);
  return data;
}

async function titlePage(query = "") {
  const data = await titlePageAsIs(query);
  expect(data.yearsProblem).toBeNull();
  return { ...data, overYears: data.overYears! };
}

const figures = (data: Awaited<ReturnType<typeof titlePage>>, label: string) => {
  const row = data.overYears.rows.find((r) => r.label === label)!;
  return { quantities: row.quantities, ...row.raw };
};

describe("the title page over the years of use", () => {
  it("starts from the school's own defaults and prices each yearly order on the contract list with its tiers", async () => {
    const data = await titlePage();
    expect(data.yearsForm).toBeNull();
    expect(data.yearsText).toEqual({ leerlingen: "30", jaren: "4", vervanging: "10" });
    expect([data.overYears.pupils, data.overYears.years, data.overYears.replacements]).toEqual([30, 4, 3]);
    // Leerboek: year 1 30 × 38,00 (contract tier from 25) = 1.140,00, 6% 68,40; years 2–4 the
    // replacements ceil(30 × 10%) = 3 × 40,00 (contract, below the tier) = 120,00, 6% 7,20.
    // Σ 1.500,00 + 90,00 = 1.590,00; per pupil per year 1.590,00 / 120 = 13,25.
    expect(figures(data, "Leerboek")).toMatchObject({
      quantities: [30, 3, 3, 3],
      net: "1500.00",
      vat: "90.00",
      gross: "1590.00",
      perPupilPerYear: "13.25",
      differenceGross: "0.00",
    });
    // Licence 1 year: 30 × 28,50 = 855,00 a year, 21% 179,55; × 4 = 3.420,00 + 718,20 = 4.138,20.
    // Difference 2.548,20, of which VAT 718,20 − 90,00 = 628,20.
    expect(figures(data, "Digitale licentie 1 jaar")).toMatchObject({
      quantities: [30, 30, 30, 30],
      net: "3420.00",
      vat: "718.20",
      gross: "4138.20",
      differenceGross: "2548.20",
      vatPartOfDifference: "628.20",
    });
    // Licence 4 years: once, 30 × 85,50 = 2.565,00, 21% 538,65 = 3.103,65.
    expect(figures(data, "Digitale licentie 4 jaar")).toMatchObject({
      quantities: [30, 0, 0, 0],
      net: "2565.00",
      vat: "538.65",
      gross: "3103.65",
      differenceGross: "1513.65",
      vatPartOfDifference: "448.65",
    });
    const licence4 = data.overYears.rows.find((r) => r.label === "Digitale licentie 4 jaar")!;
    expect(licence4.sentence).toBe("Digitale licentie 4 jaar kost € 1.513,65 meer, waarvan € 448,65 meer btw");
    expect(licence4.cumulative.map((c) => c.gross)).toEqual(["€ 3.103,65", "€ 3.103,65", "€ 3.103,65", "€ 3.103,65"]);
  });

  it("takes the form's values (below the tier: the contract's base price)", async () => {
    // 20 pupils, 2 years, no replacements: Leerboek 20 × 40,00 = 800,00 (6%: 48,00) once.
    const data = await titlePage("?leerlingen=20&jaren=2&vervanging=0");
    expect(data.yearsText).toEqual({ leerlingen: "20", jaren: "2", vervanging: "0" });
    expect(figures(data, "Leerboek")).toMatchObject({ quantities: [20, 0], net: "800.00", gross: "848.00" });
    // the quantity comparison above is untouched
    expect(data.comparison.quantity).toBe(1);
  });

  it("refuses bad input with a Dutch message per field and compares with the school's defaults meanwhile", async () => {
    const data = await titlePage("?leerlingen=0&jaren=13&vervanging=tien");
    const errors = data.yearsForm?.error ?? {};
    expect(errors.leerlingen?.[0]).toBe(
      "Vul voor het aantal leerlingen per schooljaar een getal van 1 tot en met 10000 in.",
    );
    expect(errors.jaren?.[0]).toBe("Vul voor het aantal schooljaren een getal van 1 tot en met 12 in.");
    expect(errors.vervanging?.[0]).toMatch(/^Vul het vervangingspercentage in als getal/);
    expect([data.overYears.pupils, data.overYears.years]).toEqual([30, 4]);
    const huge = await titlePage("?leerlingen=99999999999&jaren=4&vervanging=10");
    expect(huge.yearsForm?.error?.leerlingen?.[0]).toMatch(/heel getal|van 1 tot en met 10000/);
  });

  it("applies a VAT rate change inside the period from its date on", async () => {
    const today = todayInAmsterdam();
    const from = addMonths(today, 12); // the second school year's order date
    const reduced = await db.vatRate.findFirstOrThrow({ where: { category: "reduced", validTo: null } });
    await db.vatRate.update({ where: { id: reduced.id }, data: { validTo: dayBefore(from) } });
    const added = await db.vatRate.create({
      data: { category: "reduced", percent: "9", validFrom: from, validTo: null },
    });
    vatSchedule.clear(); // written behind the schedule's back: read it again
    try {
      const data = await titlePage();
      // Leerboek: year 1 at 6% (68,40), years 2–4 at 9%: 120,00 × 9% = 10,80 each → 100,80
      const leerboek = data.overYears.rows.find((r) => r.label === "Leerboek")!;
      expect(leerboek.raw.vat).toBe("100.80");
      expect(leerboek.vatPerRate).toEqual([
        { rate: "6%", taxable: "€ 1.140,00", vat: "€ 68,40" },
        { rate: "9%", taxable: "€ 360,00", vat: "€ 32,40" },
      ]);
      // the licences keep 21%
      expect(figures(data, "Digitale licentie 1 jaar").vat).toBe("718.20");
    } finally {
      await db.vatRate.delete({ where: { id: added.id } });
      await db.vatRate.update({ where: { id: reduced.id }, data: { validTo: null } });
      vatSchedule.clear();
    }
  });

  it("says so, instead of failing, when a school year has no VAT rate in force", async () => {
    const ends = addMonths(todayInAmsterdam(), 24); // the third school year's order date
    const standard = await db.vatRate.findFirstOrThrow({ where: { category: "standard", validTo: null } });
    await db.vatRate.update({ where: { id: standard.id }, data: { validTo: dayBefore(ends) } });
    vatSchedule.clear();
    try {
      const data = await titlePageAsIs("?leerlingen=28&jaren=4&vervanging=10");
      expect(data.overYears).toBeNull();
      expect(data.yearsProblem).toBe(
        "Voor een van deze schooljaren is geen btw-tarief bekend. Kies minder schooljaren.",
      );
      expect(data.comparison.rows.length).toBe(3); // the one-order comparison is still there
      expect((await titlePage("?leerlingen=28&jaren=2&vervanging=10")).overYears.years).toBe(2);
    } finally {
      await db.vatRate.update({ where: { id: standard.id }, data: { validTo: null } });
      vatSchedule.clear();
    }
  });
});

describe("the school's defaults", () => {
  it("are saved by the school admin and prefill the title page", async () => {
    const saved = answer(
      await schoolAction({
        request: formRequest("/school", { leerlingen: "25", jaren: "6", vervanging: "7,5" }, { cookie }),
        params: {},
        context: {},
      }),
    );
    expect(saved.status).toBe(200);
    expect(saved.success).toBe("De standaardwaarden zijn opgeslagen.");
    expect(
      await db.organisation.findUniqueOrThrow({
        where: { id: schoolId },
        select: { pupilsPerYear: true, yearsOfUse: true, replacementShareBp: true },
      }),
    ).toEqual({ pupilsPerYear: 25, yearsOfUse: 6, replacementShareBp: 750 });
    const page = await schoolLoader({ request: getRequest("/school", { cookie }), params: {}, context: {} });
    expect((page as { yearsOfUse: unknown }).yearsOfUse).toEqual({ leerlingen: "25", jaren: "6", vervanging: "7,5" });
    const data = await titlePage();
    // ceil(25 × 7,5%) = ceil(1,875) = 2 replacements; the leerboek is bought anew in year 5 (4 years per copy)
    expect(figures(data, "Leerboek").quantities).toEqual([25, 2, 2, 2, 25, 2]);
  });

  it("refuses bad values with Dutch messages and keeps what was stored", async () => {
    const refused = answer(
      await schoolAction({
        request: formRequest("/school", { leerlingen: "", jaren: "0", vervanging: "150" }, { cookie }),
        params: {},
        context: {},
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.errors).toEqual({
      leerlingen: "Vul het aantal leerlingen per schooljaar in, bijvoorbeeld 28.",
      jaren: "Vul voor het aantal schooljaren een getal van 1 tot en met 12 in.",
      vervanging: "Het vervangingspercentage ligt tussen 0 en 100.",
    });
    expect((await db.organisation.findUniqueOrThrow({ where: { id: schoolId } })).pupilsPerYear).toBe(25);
  });
});

describe("the operator sets an offer's reuse period", () => {
  async function postOffer(fields: Record<string, string>) {
    const title = await db.title.findUniqueOrThrow({ where: { slug: SLUG }, include: { offers: true } });
    const offer = title.offers.find((o) => o.formatLabel === fields.formatLabel)!;
    const request = formRequest(
      `/beheer/titels/${title.id}`,
      {
        intent: "offer",
        offerId: offer.id,
        ean: offer.ean,
        licenceMonths: offer.licenceMonths === null ? "" : String(offer.licenceMonths),
        stock: offer.stock === null ? "" : String(offer.stock),
        active: "on",
        ...fields,
      },
      { cookie: await cookieFor("admin@leerwinkel.test") },
    );
    return {
      offer,
      result: await run(() => adminTitleAction({ request, params: { titleId: title.id }, context: {} })),
    };
  }

  it("stores a leerboek's school years and clears them for a consumable", async () => {
    const saved = await postOffer({ formatLabel: "Leerboek", supply: "physical", reuseYears: "5" });
    expect(saved.result, JSON.stringify(saved.result)).toBeInstanceOf(Response);
    expect((saved.result as Response).status).toBe(302);
    expect((await db.offer.findUniqueOrThrow({ where: { id: saved.offer.id } })).reuseYears).toBe(5);
    await postOffer({ formatLabel: "Leerboek", supply: "physical", reuseYears: "" });
    expect((await db.offer.findUniqueOrThrow({ where: { id: saved.offer.id } })).reuseYears).toBeNull();
    await postOffer({ formatLabel: "Leerboek", supply: "physical", reuseYears: "4" });
  });

  it("refuses a reuse period on a licence and one out of range, in Dutch at the field", async () => {
    const licence = answer(
      (await postOffer({ formatLabel: "Digitale licentie 1 jaar", supply: "electronic", reuseYears: "4" })).result,
    );
    expect(licence.status).toBe(400);
    expect(licence.errors.reuseYears).toMatch(/^Alleen fysiek drukwerk of goederen zijn herbruikbaar/);
    const tooLong = answer((await postOffer({ formatLabel: "Leerboek", supply: "physical", reuseYears: "40" })).result);
    expect(tooLong.errors.reuseYears).toMatch(/heel getal van 1 tot en met 12/);
  });
});

describe("the cart's what-if over the years of use", () => {
  it("gives an 'over 4 schooljaren' line per alternative, each year's order with its tier and shipping", async () => {
    const licence = await db.offer.findFirstOrThrow({
      where: { title: { slug: SLUG }, formatLabel: "Digitale licentie 1 jaar" },
    });
    const added = await run(() =>
      titleAction({
        request: formRequest(`/catalogus/${SLUG}`, { offerId: licence.id, quantity: "30", classGroup: "" }, { cookie }),
        params: { slug: SLUG },
        context: {},
      }),
    );
    expect((added as Response).status).toBe(302);
    const data = await cartLoader({
      request: getRequest("/winkelwagen?jaren=4&vervanging=10", { cookie }),
      params: {},
      context: {},
    });
    expect(data.yearsForm).toBeNull();
    expect(data.yearsText).toEqual({ jaren: "4", vervanging: "10" });
    const scenarios = Object.fromEntries(
      data.overYears!.scenarios.map((s) => [s.key, [s.raw.net, s.raw.vat, s.raw.gross, s.sentence]]),
    );
    // As chosen: 30 licences a year × 28,50 = 855,00, 21% 179,55; × 4 = 3.420,00 / 718,20 / 4.138,20.
    expect(scenarios.chosen).toEqual(["3420.00", "718.20", "4138.20", "geen verschil met uw keuze"]);
    // All print: the reusable leerboek, 30 × 38,00 = 1.140,00 (free shipping from 150,00), 6% 68,40;
    // years 2–4 3 × 40,00 = 120,00 + shipping 7,95 = 127,95, 6% 7,677 → 7,68.
    // Σ 1.523,85 / 91,44 / 1.615,29: 2.522,91 less, of which 626,76 less VAT.
    expect(scenarios.allPrint).toEqual([
      "1523.85",
      "91.44",
      "1615.29",
      "€ 2.522,91 goedkoper, waarvan € 626,76 minder btw",
    ]);
    // All digital: the 1-year licence is the title's shortest licence, as chosen.
    expect(scenarios.allDigital).toEqual(["3420.00", "718.20", "4138.20", "geen verschil met uw keuze"]);

    const refused = await cartLoader({
      request: getRequest("/winkelwagen?jaren=0&vervanging=10", { cookie }),
      params: {},
      context: {},
    });
    expect(refused.yearsForm?.error?.jaren?.[0]).toBe(
      "Vul voor het aantal schooljaren een getal van 1 tot en met 12 in.",
    );
    expect(refused.overYears).not.toBeNull();
    // a school year beyond the VAT schedule: said beside the form
    const standard = await db.vatRate.findFirstOrThrow({ where: { category: "standard", validTo: null } });
    await db.vatRate.update({
      where: { id: standard.id },
      data: { validTo: dayBefore(addMonths(todayInAmsterdam(), 24)) },
    });
    vatSchedule.clear();
    try {
      const beyond = await cartLoader({
        request: getRequest("/winkelwagen?jaren=4&vervanging=10", { cookie }),
        params: {},
        context: {},
      });
      expect(beyond.overYears).toBeNull();
      expect(beyond.yearsProblem).toBe(
        "Voor een van deze schooljaren is geen btw-tarief bekend. Kies minder schooljaren.",
      );
    } finally {
      await db.vatRate.update({ where: { id: standard.id }, data: { validTo: null } });
      vatSchedule.clear();
    }
    await db.cartItem.deleteMany({ where: { offerId: licence.id } });
  });
});
