/**
 * The catalogue's word index (issue 13) gives the same titles in the same order on SQLite (FTS5
 * trigram) and PostgreSQL (pg_trgm): every query below is checked against one reference written
 * here in plain TypeScript over all titles — words as substrings of the folded name, publisher and
 * EANs, the filters, binary order of name then id — so a pass on both providers means both
 * answer identically. Titles with diacritics and awkward names are added through the catalogue
 * admin, which also proves the index follows title and offer changes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { loader as catalogueLoader } from "~/routes/catalogus._index";
import { saveOffer, saveTitle } from "~/modules/catalog/catalog-admin.server";
import { makeEan13 } from "~/modules/catalog/ean";
import { foldForSearch, searchWords } from "~/modules/catalog/search/normalize";
import { PAGE_SIZE } from "~/modules/catalog/search.server";
import { cookieFor, getRequest } from "../support/requests";

let cookie: string;
let adminId: string;

async function search(query: string) {
  const data = await catalogueLoader({
    request: getRequest(`/catalogus${query}`, { cookie }),
    params: {},
    context: {},
  });
  return { total: data.search.total, page: data.search.page, ids: data.search.results.map((r) => r.id) };
}

async function addTitle(name: string, o: { subject?: string; years?: string; levels?: string; offers: string[] }) {
  const subject = await db.subject.findUniqueOrThrow({ where: { code: o.subject ?? "wiskunde" } });
  const publisher = await db.publisher.findFirstOrThrow({ orderBy: { name: "asc" } });
  const saved = await saveTitle(
    null,
    {
      name,
      slug: "",
      publisherId: publisher.id,
      newPublisher: "",
      subjectId: subject.id,
      sector: "VO",
      levels: o.levels ?? "havo",
      years: o.years ?? "1",
      goalIds: [],
      description: "",
      reviewed: false,
    },
    adminId,
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  for (const ean of o.offers) await addOffer(saved.id, ean);
  return saved.id;
}

async function addOffer(titleId: string, ean: string, active = true, offerId: string | null = null) {
  const saved = await saveOffer(
    titleId,
    offerId,
    { ean, formatLabel: "Licentie", supply: "electronic", licenceMonths: "12", stock: "", active, components: [] },
    adminId,
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  return saved.id;
}

/** The reference: what the search must answer, computed from the rows themselves. */
async function expected(params: Record<string, string>): Promise<{ total: number; ids: string[] }> {
  const titles = await db.title.findMany({
    select: {
      id: true,
      name: true,
      sector: true,
      reviewed: true,
      publisher: { select: { name: true } },
      subject: { select: { code: true } },
      levels: { select: { level: true } },
      years: { select: { year: true } },
      learningGoals: { select: { goal: { select: { code: true } } } },
      offers: { select: { ean: true, format: true, active: true } },
    },
  });
  const words = searchWords(params.q ?? "");
  const found = titles.filter((t) => {
    const key = foldForSearch([t.name, t.publisher.name, ...t.offers.map((o) => o.ean)].join(" "));
    if (!words.every((w) => key.includes(w))) return false;
    if (params.vak && t.subject.code !== params.vak) return false;
    if (params.sector && t.sector !== params.sector) return false;
    if (params.niveau && !t.levels.some((l) => l.level === params.niveau)) return false;
    if (params.leerjaar && !t.years.some((y) => y.year === Number(params.leerjaar))) return false;
    if (params.leerdoel && !t.learningGoals.some((g) => g.goal.code === params.leerdoel)) return false;
    if (params.beoordeeld && !t.reviewed) return false;
    return t.offers.some((o) => o.active && (!params.vorm || o.format === params.vorm));
  });
  // binary order (UTF-8 bytes) of name, then id
  found.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || (a.id < b.id ? -1 : 1));
  const page = Math.min(Number(params.pagina ?? 1), Math.max(1, Math.ceil(found.length / PAGE_SIZE)));
  return { total: found.length, ids: found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((t) => t.id) };
}

const E = {
  een: makeEan13("978951", 1),
  cafe: makeEan13("978951", 2),
  zebra: makeEan13("978951", 3),
  lower: makeEan13("978951", 4),
  gone: makeEan13("978951", 5),
};
const hyphenated = (ean: string) =>
  `${ean.slice(0, 3)}-${ean.slice(3, 5)}-${ean.slice(5, 9)}-${ean.slice(9, 12)}-${ean[12]}`;

beforeAll(async () => {
  cookie = await cookieFor("school@leerwinkel.test");
  adminId = (await db.user.findUniqueOrThrow({ where: { email: "admin@leerwinkel.test" } })).id;
  await addTitle("Één keer rekenen havo 1", { offers: [E.een] });
  await addTitle("Café Wiskunde", { years: "2", offers: [E.cafe] });
  await addTitle("Zebra wiskunde", { offers: [E.zebra] });
  await addTitle("zebra wiskunde", { offers: [E.lower] }); // lower case sorts after upper case in binary order
  await addTitle("Ångström natuurkunde", { subject: "natuurkunde", offers: [] }); // nothing on sale: never found
});

describe("catalogue search, the same answers on SQLite and PostgreSQL", () => {
  const queries: Record<string, string>[] = [
    { q: "wiskunde" },
    { q: "WISK" },
    { q: "isku" },
    { q: "getal ruimte" },
    { q: "ruimte getal" },
    { q: "een" },
    { q: "één" },
    { q: "cafe" },
    { q: "CAFÉ" },
    { q: "angstrom" },
    { q: E.cafe },
    { q: hyphenated(E.cafe) },
    { q: ` ${E.zebra.slice(0, 6)} ${E.zebra.slice(6)} ` },
    { q: "97895" },
    { q: "ne" },
    { q: "2" },
    { q: "% _" },
    { q: "zzzzqqq" },
    { vak: "wiskunde" },
    { vak: "wiskunde", niveau: "havo", leerjaar: "2" },
    { q: "wiskunde", sector: "VO", beoordeeld: "1" },
    { vorm: "combination" },
    { vorm: "digital", q: "zebra" },
    { leerdoel: "KD-ENG-B1" },
    { q: "havo", pagina: "2" },
    {},
    { pagina: "2" },
    { pagina: "99" },
  ];
  for (const params of queries) {
    it(`?${new URLSearchParams(params).toString() || "(nothing)"}`, async () => {
      const got = await search(`?${new URLSearchParams(params).toString()}`);
      expect({ total: got.total, ids: got.ids }).toEqual(await expected(params));
    });
  }

  it("matches prefixes, two words in any order and folded diacritics", async () => {
    const wisk = await search("?q=wisk");
    expect(wisk.total).toBeGreaterThan(3);
    const een = await search("?q=een+rekenen");
    const eenIds = await db.title.findMany({ where: { name: "Één keer rekenen havo 1" }, select: { id: true } });
    expect(een.ids).toEqual(eenIds.map((t) => t.id));
    const cafe = await search("?q=cafe");
    expect(cafe.total).toBe(1);
  });

  it("finds a title by its EAN typed with hyphens or spaces", async () => {
    const cafeId = (await db.offer.findUniqueOrThrow({ where: { ean: E.cafe } })).titleId;
    for (const typed of [E.cafe, hyphenated(E.cafe), E.cafe.replace(/(\d{3})(\d{2})/, "$1 $2 ")]) {
      const got = await search(`?q=${encodeURIComponent(typed)}`);
      expect(got.ids, typed).toEqual([cafeId]);
    }
  });

  it("follows renames and offers going off sale at once (the catalogue version drops cached lists)", async () => {
    const id = await addTitle("Kwispel rekenen", { offers: [] });
    expect((await search("?q=kwispel")).total).toBe(0); // nothing on sale yet
    const offerId = await addOffer(id, E.gone);
    expect((await search("?q=kwispel")).ids).toEqual([id]);
    const title = await db.title.findUniqueOrThrow({ where: { id }, include: { subject: true } });
    const renamed = await saveTitle(
      id,
      {
        name: "Kwartel rekenen",
        slug: title.slug,
        publisherId: title.publisherId,
        newPublisher: "",
        subjectId: title.subjectId,
        sector: "VO",
        levels: "havo",
        years: "1",
        goalIds: [],
        description: "",
        reviewed: false,
      },
      adminId,
    );
    expect(renamed.ok).toBe(true);
    expect((await search("?q=kwispel")).total).toBe(0);
    expect((await search("?q=kwartel")).ids).toEqual([id]);
    expect((await search(`?q=${E.gone}`)).ids).toEqual([id]);
    await addOffer(id, E.gone, false, offerId);
    expect((await search("?q=kwartel")).total).toBe(0);
  });
});
