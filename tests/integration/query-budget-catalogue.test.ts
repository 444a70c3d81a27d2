/**
 * Query budgets of the catalogue page and the title page (issue 13, point 4), counted at the
 * driver adapter (tests/support/query-counter.ts): every statement really sent, on SQLite and
 * PostgreSQL alike. A budget that is exceeded fails with the statements listed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loader as catalogueLoader } from "~/routes/catalogus._index";
import { loader as titleLoader } from "~/routes/catalogus.$slug";
import { db } from "~/db.server";
import { bumpCatalogueVersion } from "~/modules/catalog/search/index.server";
import { countQueries, describeStatements, type QueryCount } from "../support/query-counter";
import { cookieFor, getRequest } from "../support/requests";

let cookie: string;
let slug: string;

beforeAll(async () => {
  cookie = await cookieFor("school@leerwinkel.test");
  slug = (await db.title.findFirstOrThrow({ where: { name: "Getal & Ruimte havo 2" } })).slug;
});

const catalogue = (query: string) =>
  countQueries(() =>
    catalogueLoader({ request: getRequest(`/catalogus${query}`, { cookie }), params: {}, context: {} }),
  );
const titlePage = (query = "") =>
  countQueries(() =>
    titleLoader({ request: getRequest(`/catalogus/${slug}${query}`, { cookie }), params: { slug }, context: {} }),
  );

/**
 * The signed-in school user: the session with its user, memberships and organisation names in one
 * read (auth/session.server.ts sessionUser; was 4 before issue 13's second round).
 */
const SESSION = 1;

function expectWithin(run: QueryCount<unknown>, budget: number) {
  expect(run.result).not.toBeInstanceOf(Response);
  expect(run.count, describeStatements(run.statements)).toBeLessThanOrEqual(budget);
  expect(run.writes, "a page read writes nothing").toBe(0);
}

describe("query budget of the catalogue page", () => {
  it("a search seen before since the last catalogue change: price lists, prices", async () => {
    await catalogue("?q=wiskunde+havo&vorm=digital");
    // + 1 the price lists that apply with the entries of the 24 shown in them (one raw read; 2
    //   before issue 13's second round) (+ 1 catalogue version, read at most once a second:
    //   VERSION_TRUST_MS)
    expectWithin(await catalogue("?q=wiskunde+havo&vorm=digital"), SESSION + 2);
  });

  it("right after a catalogue change: also the result list, the page's titles and the filter choices", async () => {
    await db.$transaction((tx) => bumpCatalogueVersion(tx));
    // + 1 version + 1 result ids (the word index) + 6 titles of the page (the titles and their
    //   publisher, subject, levels, years, active offers) + 4 filter choices (subjects, levels,
    //   years, goals) + 1 price lists with the prices
    expectWithin(await catalogue("?q=wiskunde+havo&vorm=digital"), SESSION + 13);
  });

  it("another page of a known search reads only that page's titles", async () => {
    await catalogue("?vak=wiskunde");
    // + 1 version + 6 titles of page 2 + 1 price lists with the prices
    expectWithin(await catalogue("?vak=wiskunde&pagina=2"), SESSION + 8);
  });
});

describe("query budget of the title page", () => {
  it("right after a catalogue change: the title and its offers, then the comparison", async () => {
    await db.$transaction((tx) => bumpCatalogueVersion(tx));
    // + 1 version + 8 the title with publisher, subject, levels, years, goals (2), active offers
    // + 3 the offers as priced (offers, their titles, bundle components) + 1 price lists
    // + 1 stock on hand and the offers' entries and tiers in those lists (one raw read; every
    //   quantity of the comparison and of the years of use is resolved from it in memory)
    // + 1 the school's years-of-use defaults + 2 the VAT schedule (rates, supply categories: read
    //   once, then held in memory)
    // (each offer used to be priced with its own reads: 46 statements in all; 21 before issue 13's
    // second round: stock, lists and prices were read apart, and again for the years of use)
    expectWithin(await titlePage("?aantal=28"), SESSION + 17);
  });

  it("a title seen before since the last catalogue change: price lists, stock and prices, defaults", async () => {
    await titlePage("?aantal=28");
    // + 1 price lists + 1 stock and prices + 1 the school's defaults (+ 1 catalogue version, read
    //   at most once a second); the years of use come from memory while prices, settings, the day
    //   and the VAT schedule are the same (10 before issue 13's second round)
    expectWithin(await titlePage("?aantal=5"), SESSION + 4);
  });

  it("years-of-use settings sent with the page: no defaults read", async () => {
    await titlePage("?aantal=28");
    expectWithin(await titlePage("?aantal=28&leerlingen=90&jaren=4&vervanging=10"), SESSION + 3);
  });
});
