/**
 * The title page's cost over the years of use is held in memory between views (issue 13), keyed
 * by the title, the settings, the day, the VAT schedule and the prices the school's lists hold for
 * the title's offers, under the catalogue's version. Each change that moves a figure must show on
 * the very next view: a price, a tier, a contract list, the school's defaults, a VAT rate, an
 * offer. A title of its own with one reusable leerboek (4 school years a copy), priced in the
 * default list at 50,00 and in Amstel Lyceum's board contract at 40,00 with a tier of 38,00 from
 * 25; the school's defaults 30 pupils, 4 years, 10% replacements.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as titleLoader } from "~/routes/catalogus.$slug";
import { db } from "~/db.server";
import { addMonths, dayBefore, todayInAmsterdam } from "~/modules/calendar/iso-date";
import { vatSchedule, addVatRate } from "~/modules/vat/vat-schedule.server";
import { saveOffer } from "~/modules/catalog/catalog-admin.server";
import { saveYearsOfUseDefaults } from "~/modules/organisations/years-of-use-defaults.server";
import { makeEan13 } from "~/modules/catalog/ean";
import { countQueries } from "../support/query-counter";
import { cookieFor, getRequest } from "../support/requests";

const SLUG = "cache-testmethode-havo-4";
let cookie: string;
let schoolId: string;
let adminId: string;
let titleId: string;
let offerId: string;
let ean: string;
let contractEntryId: string;
let contractListId: string;

beforeAll(async () => {
  cookie = await cookieFor("school@leerwinkel.test");
  schoolId = (await db.organisation.findFirstOrThrow({ where: { name: { contains: "Amstel Lyceum" } } })).id;
  adminId = (await db.user.findUniqueOrThrow({ where: { email: "admin@leerwinkel.test" } })).id;
  const contract = await db.priceList.findFirstOrThrow({
    where: { kind: "CONTRACT", name: "Contract Onderwijsgroep Amstelland 2026" },
  });
  contractListId = contract.id;
  const standard = await db.priceList.findFirstOrThrow({ where: { kind: "DEFAULT" } });
  const any = await db.title.findFirstOrThrow({ where: { sector: "VO" } });
  const title = await db.title.create({
    data: {
      slug: SLUG,
      name: "Cache Testmethode havo 4",
      publisherId: any.publisherId,
      subjectId: any.subjectId,
      sector: "VO",
      description: "",
      reviewed: true,
      searchText: "cache testmethode",
    },
  });
  titleId = title.id;
  ean = makeEan13("978911", 1);
  const offer = await db.offer.create({
    data: {
      titleId,
      ean,
      formatLabel: "Leerboek",
      supply: "physical",
      format: "print",
      reuseYears: 4,
      stock: 500,
    },
  });
  offerId = offer.id;
  await db.priceListEntry.create({ data: { priceListId: standard.id, offerId, unitPriceE4: 500_000 } });
  contractEntryId = (
    await db.priceListEntry.create({
      data: {
        priceListId: contract.id,
        offerId,
        unitPriceE4: 400_000,
        tiers: { create: { minQuantity: 25, unitPriceE4: 380_000 } },
      },
    })
  ).id;
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

/** The leerboek over the years of use as the page shows it now, and the statements the view sent. */
async function leerboek() {
  const counted = await countQueries(() =>
    titleLoader({ request: getRequest(`/catalogus/${SLUG}`, { cookie }), params: { slug: SLUG }, context: {} }),
  );
  const data = counted.result;
  if (data instanceof Response) throw new Error(`title page answered ${data.status}`);
  const row = data.overYears!.rows.find((r) => r.label === "Leerboek")!;
  return { quantities: row.quantities, net: row.raw.net, vat: row.raw.vat, statements: counted.count };
}

/** 30 × 38,00 (tier) in year 1, then 3 replacements × 40,00 a year; 6% VAT. */
const BASE = { quantities: [30, 3, 3, 3], net: "1500.00", vat: "90.00" };

/** The page as it was at the start: figures and served from memory on the second view. */
async function expectBase() {
  expect(await leerboek()).toMatchObject(BASE);
}

describe("the years of use on the title page, held in memory", () => {
  it("gives the same figures on a second view, from memory (no more reads than the page's own)", async () => {
    const first = await leerboek();
    const second = await leerboek();
    expect(first).toMatchObject(BASE);
    expect(second).toMatchObject(BASE);
    expect(second.statements).toBeLessThanOrEqual(first.statements);
  });

  it("shows a changed contract price at once", async () => {
    await leerboek();
    await db.priceListEntry.update({ where: { id: contractEntryId }, data: { unitPriceE4: 500_000 } });
    try {
      // 30 × 38,00 + 3 × 3 × 50,00 = 1.140,00 + 450,00
      expect(await leerboek()).toMatchObject({ net: "1590.00", vat: "95.40" });
    } finally {
      await db.priceListEntry.update({ where: { id: contractEntryId }, data: { unitPriceE4: 400_000 } });
    }
    await expectBase();
  });

  it("shows a changed tier at once", async () => {
    await leerboek();
    await db.priceTier.updateMany({ where: { entryId: contractEntryId }, data: { unitPriceE4: 360_000 } });
    try {
      // 30 × 36,00 + 9 × 40,00 = 1.080,00 + 360,00
      expect(await leerboek()).toMatchObject({ net: "1440.00" });
    } finally {
      await db.priceTier.updateMany({ where: { entryId: contractEntryId }, data: { unitPriceE4: 380_000 } });
    }
    await expectBase();
  });

  it("falls back to the default list at once when the contract list has ended", async () => {
    await leerboek();
    const before = await db.priceList.findUniqueOrThrow({ where: { id: contractListId } });
    await db.priceList.update({
      where: { id: contractListId },
      data: { validTo: dayBefore(todayInAmsterdam()) },
    });
    try {
      // 30 × 50,00 + 9 × 50,00
      expect(await leerboek()).toMatchObject({ net: "1950.00", vat: "117.00" });
    } finally {
      await db.priceList.update({ where: { id: contractListId }, data: { validTo: before.validTo } });
    }
    await expectBase();
  });

  it("follows the school's saved defaults at once", async () => {
    await leerboek();
    await saveYearsOfUseDefaults(schoolId, { pupilsPerYear: 20, yearsOfUse: 2, replacementShareBp: 0 }, adminId);
    try {
      // 20 × 40,00 (below the tier), once
      expect(await leerboek()).toMatchObject({ quantities: [20, 0], net: "800.00" });
    } finally {
      await saveYearsOfUseDefaults(schoolId, { pupilsPerYear: 30, yearsOfUse: 4, replacementShareBp: 1000 }, adminId);
    }
    await expectBase();
  });

  it("uses a VAT rate added for a later school year at once", async () => {
    await leerboek();
    const reduced = await db.vatRate.findFirstOrThrow({ where: { category: "reduced", validTo: null } });
    const from = addMonths(todayInAmsterdam(), 12); // the second school year's order date
    const added = await addVatRate({ category: "reduced", percent: "9", validFrom: from, validTo: null }, adminId);
    expect(added).toEqual({ ok: true });
    try {
      // year 1 at 6%: 68,40; years 2–4 at 9%: 360,00 × 9% = 32,40
      expect(await leerboek()).toMatchObject({ net: "1500.00", vat: "100.80" });
    } finally {
      await db.vatRate.deleteMany({ where: { category: "reduced", validFrom: from } });
      await db.vatRate.update({ where: { id: reduced.id }, data: { validTo: null } });
      vatSchedule.clear();
    }
    await expectBase();
  });

  it("follows an offer changed by the operator at once", async () => {
    await leerboek();
    const form = (reuseYears: string) => ({
      ean,
      formatLabel: "Leerboek",
      supply: "physical",
      licenceMonths: "",
      stock: "500",
      active: true,
      components: [],
      reuseYears,
    });
    expect(await saveOffer(titleId, offerId, form("2"), adminId)).toMatchObject({ ok: true });
    try {
      // a copy serves 2 school years: bought anew in year 3
      expect(await leerboek()).toMatchObject({ quantities: [30, 3, 30, 3], net: "2520.00" });
    } finally {
      expect(await saveOffer(titleId, offerId, form("4"), adminId)).toMatchObject({ ok: true });
    }
    await expectBase();
  });
});
