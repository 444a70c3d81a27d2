import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action as titleAction, loader as titleLoader } from "~/routes/beheer.titels.$titleId";
import { loader as titlesLoader } from "~/routes/beheer.titels._index";
import { makeEan13 } from "~/modules/catalog/ean";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

async function postTitle(titleId: string, fields: Record<string, string>, email = "admin@leerwinkel.test") {
  const cookie = await cookieFor(email);
  return run(() =>
    titleAction({
      request: formRequest(`/beheer/titels/${titleId}`, fields, { cookie }),
      params: { titleId },
      context: {},
    }),
  );
}

async function titleFields(overrides: Record<string, string> = {}) {
  const publisher = await db.publisher.findFirstOrThrow({ orderBy: { name: "asc" } });
  const subject = await db.subject.findFirstOrThrow({ orderBy: { name: "asc" } });
  return {
    intent: "title",
    name: "Wiskunde Één havo 3",
    slug: "",
    publisherId: publisher.id,
    newPublisher: "",
    subjectId: subject.id,
    sector: "VO",
    levels: "havo, vwo",
    years: "3",
    description: "Nieuwe methode.",
    reviewed: "on",
    ...overrides,
  };
}

const offerFields = (overrides: Record<string, string> = {}) => ({
  intent: "offer",
  offerId: "",
  ean: makeEan13("978904", 1),
  formatLabel: "Leerwerkboek",
  supply: "physical",
  licenceMonths: "",
  stock: "40",
  active: "on",
  ...overrides,
});

function locationOf(res: unknown): string {
  expect(res).toBeInstanceOf(Response);
  expect((res as Response).status).toBe(302);
  return (res as Response).headers.get("Location")!;
}

async function createTitle(overrides: Record<string, string> = {}) {
  const location = locationOf(await postTitle("nieuw", await titleFields(overrides)));
  const id = /\/beheer\/titels\/([^?]+)\?opgeslagen=titel$/.exec(location)![1]!;
  return db.title.findUniqueOrThrow({
    where: { id },
    include: { publisher: true, levels: true, years: true, learningGoals: true },
  });
}

describe("titles", () => {
  it("creates a title with a slug from its name, levels, years, goals and searchText, and audits it", async () => {
    const goals = await db.learningGoal.findMany({ take: 2, orderBy: { code: "asc" } });
    const fields = await titleFields();
    const cookie = await cookieFor("admin@leerwinkel.test");
    const body = new URLSearchParams(fields);
    for (const g of goals) body.append("goalIds", g.id);
    const request = new Request("http://localhost/beheer/titels/nieuw", {
      method: "POST",
      body,
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    });
    const location = locationOf(await run(() => titleAction({ request, params: { titleId: "nieuw" }, context: {} })));
    const id = location.split("/")[3]!.split("?")[0]!;
    const title = await db.title.findUniqueOrThrow({
      where: { id },
      include: { publisher: true, levels: true, years: true, learningGoals: true },
    });
    expect(title.slug).toBe("wiskunde-een-havo-3");
    expect(title.levels.map((l) => l.level).sort()).toEqual(["havo", "vwo"]);
    expect(title.years.map((y) => y.year)).toEqual([3]);
    expect(title.learningGoals.map((g) => g.goalId).sort()).toEqual(goals.map((g) => g.id).sort());
    expect(title.reviewed).toBe(true);
    expect(title.searchText).toBe(`wiskunde één havo 3 ${title.publisher.name.toLowerCase()}`);
    expect(await db.auditLog.count({ where: { entity: "Title", entityId: id, action: "title.create" } })).toBe(1);
  });

  it("makes a derived slug unique and refuses a typed slug that is taken", async () => {
    const first = await createTitle({ name: "Dubbel" });
    const second = await createTitle({ name: "Dubbel" });
    expect([first.slug, second.slug]).toEqual(["dubbel", "dubbel-2"]);
    const res = answer(await postTitle("nieuw", await titleFields({ name: "Anders", slug: "dubbel" })));
    expect(res.errors.slug).toBe("Deze slug is al in gebruik bij een andere titel.");
  });

  it("creates a new publisher typed on the form", async () => {
    const title = await createTitle({ publisherId: "", newPublisher: "Uitgeverij Nieuw" });
    expect(title.publisher.name).toBe("Uitgeverij Nieuw");
  });

  it.each([
    [{ name: "" }, "name", "Vul de naam van de titel in."],
    [{ sector: "HBO" }, "sector", "Kies een sector: PO, VO of MBO."],
    [{ levels: " , " }, "levels", "Vul ten minste één niveau in, bijvoorbeeld havo of groep 5."],
    [{ years: "1, 9" }, "years", "Leerjaren zijn hele getallen van 1 tot en met 8, gescheiden door komma's."],
    [{ publisherId: "", newPublisher: "" }, "publisherId", "Kies een uitgever of vul een nieuwe uitgever in."],
    [
      { slug: "Met Spaties" },
      "slug",
      "Een slug bestaat uit kleine letters, cijfers en losse streepjes (bijvoorbeeld getal-ruimte-havo-2).",
    ],
  ])("refuses %o with a Dutch message on %s and keeps the fields", async (overrides, field, message) => {
    const before = await db.title.count();
    const res = answer(await postTitle("nieuw", await titleFields(overrides)));
    expect(res.errors[field]).toBe(message);
    expect(res.values?.description).toBe("Nieuwe methode.");
    expect(await db.title.count()).toBe(before);
  });

  it("updates a title and refreshes its searchText", async () => {
    const title = await createTitle();
    locationOf(await postTitle(title.id, await titleFields({ name: "Hernoemd", slug: title.slug })));
    const after = await db.title.findUniqueOrThrow({ where: { id: title.id } });
    expect(after.name).toBe("Hernoemd");
    expect(after.searchText.startsWith("hernoemd ")).toBe(true);
  });

  it("lists titles with search and pagination", async () => {
    const cookie = await cookieFor("admin@leerwinkel.test");
    const all = (await titlesLoader({
      request: getRequest("/beheer/titels?pagina=2", { cookie }),
      params: {},
      context: {},
    })) as { total: number; pages: number; page: number; titles: unknown[] };
    expect(all.total).toBe(await db.title.count());
    expect(all.page).toBe(2);
    expect(all.titles.length).toBeGreaterThan(0);
    const offer = await db.offer.findFirstOrThrow({ include: { title: true } });
    const byEan = (await titlesLoader({
      request: getRequest(`/beheer/titels?q=${offer.ean}`, { cookie }),
      params: {},
      context: {},
    })) as { titles: { id: string }[] };
    expect(byEan.titles.map((t) => t.id)).toEqual([offer.titleId]);
    const byName = (await titlesLoader({
      request: getRequest(`/beheer/titels?q=${encodeURIComponent(offer.title.name.toUpperCase())}`, { cookie }),
      params: {},
      context: {},
    })) as { titles: { id: string }[] };
    expect(byName.titles.map((t) => t.id)).toContain(offer.titleId);
  });
});

describe("offers", () => {
  it("creates a physical offer, derives its format and adds the EAN to searchText", async () => {
    const title = await createTitle();
    const ean = makeEan13("978904", 11);
    expect(locationOf(await postTitle(title.id, offerFields({ ean: `${ean.slice(0, 3)}-${ean.slice(3)}` })))).toBe(
      `/beheer/titels/${title.id}?opgeslagen=aanbieding`,
    );
    const offer = await db.offer.findUniqueOrThrow({ where: { ean } });
    expect(offer).toMatchObject({
      titleId: title.id,
      supply: "physical",
      format: "print",
      stock: 40,
      licenceMonths: null,
      active: true,
    });
    expect((await db.title.findUniqueOrThrow({ where: { id: title.id } })).searchText).toContain(ean);
    expect(await db.auditLog.count({ where: { entity: "Offer", entityId: offer.id } })).toBe(1);
  });

  it.each([
    ["1234", "Een EAN/ISBN bestaat uit precies 13 cijfers."],
    [
      `${makeEan13("978904", 2).slice(0, 12)}${(Number(makeEan13("978904", 2)[12]) + 1) % 10}`,
      "Het controlecijfer van deze EAN/ISBN klopt niet; controleer het nummer.",
    ],
    ["", "Vul de EAN/ISBN in."],
  ])("refuses EAN %s", async (ean, message) => {
    const title = await createTitle();
    const res = answer(await postTitle(title.id, offerFields({ ean })));
    expect(res.errors.ean).toBe(message);
  });

  it("refuses an EAN that another offer already has", async () => {
    const title = await createTitle();
    const existing = await db.offer.findFirstOrThrow({ include: { title: true } });
    const res = answer(await postTitle(title.id, offerFields({ ean: existing.ean })));
    expect(res.errors.ean).toBe(`Deze EAN/ISBN is al in gebruik bij “${existing.title.name}”.`);
  });

  it("lets exactly one of two simultaneous saves with the same new EAN through", async () => {
    const title = await createTitle();
    const ean = makeEan13("978904", 30);
    const results = await Promise.all([
      postTitle(title.id, offerFields({ ean })),
      postTitle(title.id, offerFields({ ean, formatLabel: "Tweede" })),
    ]);
    const refused = results.filter((r) => !(r instanceof Response)).map((r) => answer(r));
    expect(results.filter((r) => r instanceof Response && r.status === 302)).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.errors.ean).toMatch(/^Deze EAN\/ISBN is al in gebruik bij /);
    expect(await db.offer.count({ where: { ean } })).toBe(1);
  });

  it("requires licence months for an electronic offer and stock for a physical one", async () => {
    const title = await createTitle();
    const electronic = answer(await postTitle(title.id, offerFields({ supply: "electronic", stock: "" })));
    expect(electronic.errors.licenceMonths).toBe(
      "Vul de licentieduur in maanden in (deze aanbieding bevat een online licentie).",
    );
    const physical = answer(await postTitle(title.id, offerFields({ stock: "" })));
    expect(physical.errors.stock).toBe("Vul de voorraad in (een heel getal, 0 of meer).");
    locationOf(await postTitle(title.id, offerFields({ supply: "electronic", licenceMonths: "12", stock: "5" })));
    const offer = await db.offer.findFirstOrThrow({ where: { titleId: title.id } });
    expect(offer).toMatchObject({ supply: "electronic", format: "digital", licenceMonths: 12, stock: null });
  });

  const bundle = (a: string, b: string, ean = makeEan13("978904", 20)) =>
    offerFields({
      ean,
      supply: "bundle",
      formatLabel: "Boek + licentie",
      licenceMonths: "12",
      stock: "10",
      "components[0].supply": "physical",
      "components[0].description": "Leerwerkboek",
      "components[0].share": a,
      "components[1].supply": "electronic",
      "components[1].description": "Online licentie",
      "components[1].share": b,
    });

  it("refuses bundle shares that do not sum to exactly 1 and saves nothing", async () => {
    const title = await createTitle();
    const res = answer(await postTitle(title.id, bundle("0.6", "0.3")));
    expect(res.errors.components).toBe("De aandelen van de onderdelen moeten samen precies 1 zijn; nu is dat 0.9.");
    expect((res.values?.components as { share: string }[]).map((c) => c.share).slice(0, 2)).toEqual(["0.6", "0.3"]);
    expect(await db.offer.count({ where: { titleId: title.id } })).toBe(0);
    // Shares are summed with Decimal: 0.1 + 0.2 + 0.7 is exactly 1 (as JS floats it is 0.9999999999999999).
    const floaty = await postTitle(title.id, {
      ...bundle("0.1", "0.2", makeEan13("978904", 21)),
      "components[2].supply": "goods",
      "components[2].share": "0.7",
    });
    locationOf(floaty);
    const saved = await db.offer.findUniqueOrThrow({
      where: { ean: makeEan13("978904", 21) },
      include: { components: { orderBy: { position: "asc" } } },
    });
    expect(saved.components.map((c) => c.shareE6)).toEqual([100000, 200000, 700000]);
  });

  it("refuses a share that is not a decimal between 0 and 1, and a bundle of one component", async () => {
    const title = await createTitle();
    const res = answer(await postTitle(title.id, bundle("0,6", "0.4")));
    expect(res.errors["components[0].share"]).toMatch(/^Het aandeel van onderdeel 1 is een decimaal getal/);
    const single = answer(
      await postTitle(title.id, { ...bundle("1", ""), "components[1].supply": "", "components[1].description": "" }),
    );
    expect(single.errors.components).toBe(
      "Een bundel heeft ten minste twee onderdelen, elk met een leveringsvorm en een aandeel.",
    );
  });

  it("saves a bundle 0.6/0.4 as millionths with format combination, and edits it in one go", async () => {
    const title = await createTitle();
    locationOf(await postTitle(title.id, bundle("0.6", "0.4")));
    const offer = await db.offer.findFirstOrThrow({
      where: { titleId: title.id },
      include: { components: { orderBy: { position: "asc" } } },
    });
    expect(offer.format).toBe("combination");
    expect(offer.components.map((c) => [c.position, c.supply, c.shareE6])).toEqual([
      [1, "physical", 600000],
      [2, "electronic", 400000],
    ]);
    locationOf(await postTitle(title.id, { ...bundle("0.75", "0.25", offer.ean), offerId: offer.id }));
    const edited = await db.bundleComponent.findMany({ where: { offerId: offer.id }, orderBy: { position: "asc" } });
    expect(edited.map((c) => c.shareE6)).toEqual([750000, 250000]);
  });

  it("answers 404 for an offer of another title", async () => {
    const title = await createTitle();
    const other = await db.offer.findFirstOrThrow();
    const res = await postTitle(title.id, offerFields({ offerId: other.id, ean: other.ean }));
    expect((res as Response).status).toBe(404);
  });
});

describe("role guards", () => {
  it.each(["school@leerwinkel.test", "financien@leerwinkel.test"])("%s gets 403 on the title pages", async (email) => {
    const cookie = await cookieFor(email);
    const title = await db.title.findFirstOrThrow();
    const list = await run(() =>
      titlesLoader({ request: getRequest("/beheer/titels", { cookie }), params: {}, context: {} }),
    );
    expect((list as Response).status).toBe(403);
    const page = await run(() =>
      titleLoader({
        request: getRequest(`/beheer/titels/${title.id}`, { cookie }),
        params: { titleId: title.id },
        context: {},
      }),
    );
    expect((page as Response).status).toBe(403);
    const post = await postTitle("nieuw", await titleFields(), email);
    expect((post as Response).status).toBe(403);
  });

  it("answers 404 for an unknown title", async () => {
    const cookie = await cookieFor("admin@leerwinkel.test");
    const res = await run(() =>
      titleLoader({
        request: getRequest("/beheer/titels/bestaat-niet", { cookie }),
        params: { titleId: "bestaat-niet" },
        context: {},
      }),
    );
    expect((res as Response).status).toBe(404);
  });
});
