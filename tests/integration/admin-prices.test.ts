import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action as listsAction, loader as listsLoader } from "~/routes/beheer.prijslijsten._index";
import { action as listAction, loader as listLoader } from "~/routes/beheer.prijslijsten.$priceListId";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

const admin = () => cookieFor("admin@leerwinkel.test");

async function postList(fields: Record<string, string>) {
  const cookie = await admin();
  return run(() =>
    listsAction({ request: formRequest("/beheer/prijslijsten", fields, { cookie }), params: {}, context: {} }),
  );
}
async function postEntry(priceListId: string, fields: Record<string, string>) {
  const cookie = await admin();
  return run(() =>
    listAction({
      request: formRequest(`/beheer/prijslijsten/${priceListId}`, { intent: "entry", ...fields }, { cookie }),
      params: { priceListId },
      context: {},
    }),
  );
}
async function newList() {
  const board = await db.organisation.findFirstOrThrow({ where: { kind: "BOARD" } });
  const res = (await postList({
    name: "Contract 2027",
    kind: "CONTRACT",
    organisationId: board.id,
    validFrom: "2027-01-01",
    validTo: "2027-12-31",
  })) as Response;
  expect(res.status).toBe(302);
  return /\/beheer\/prijslijsten\/([^?]+)/.exec(res.headers.get("Location")!)![1]!;
}

describe("price lists", () => {
  it("creates a contract list for a board with its validity dates, audited", async () => {
    const id = await newList();
    const list = await db.priceList.findUniqueOrThrow({ where: { id }, include: { organisation: true } });
    expect(list).toMatchObject({
      kind: "CONTRACT",
      validFrom: "2027-01-01",
      validTo: "2027-12-31",
      pricesIncludeVat: false,
    });
    expect(list.organisation!.kind).toBe("BOARD");
    expect(await db.auditLog.count({ where: { entity: "PriceList", entityId: id } })).toBe(1);
  });

  it("refuses a contract list without a board, with a school as board, and dates in the wrong order", async () => {
    const none = answer(await postList({ name: "X", kind: "CONTRACT", organisationId: "" }));
    expect(none.errors.organisationId).toBe("Kies het schoolbestuur van dit contract.");
    const school = await db.organisation.findFirstOrThrow({ where: { kind: "SCHOOL" } });
    const notBoard = answer(await postList({ name: "X", kind: "CONTRACT", organisationId: school.id }));
    expect(notBoard.errors.organisationId).toBe("Kies een bestaand schoolbestuur.");
    const board = await db.organisation.findFirstOrThrow({ where: { kind: "BOARD" } });
    const dates = answer(
      await postList({
        name: "X",
        kind: "CONTRACT",
        organisationId: board.id,
        validFrom: "2027-02-01",
        validTo: "2027-01-01",
      }),
    );
    expect(dates.errors.validTo).toBe("De einddatum ligt vóór de ingangsdatum.");
  });

  it("stores a consumer list incl. VAT without a board, and refuses a second one", async () => {
    await db.priceList.deleteMany({ where: { kind: "CONSUMER" } });
    const board = await db.organisation.findFirstOrThrow({ where: { kind: "BOARD" } });
    const res = (await postList({
      name: "Consument 2",
      kind: "CONSUMER",
      organisationId: board.id,
      pricesIncludeVat: "on",
    })) as Response;
    const id = /\/beheer\/prijslijsten\/([^?]+)/.exec(res.headers.get("Location")!)![1]!;
    expect(await db.priceList.findUniqueOrThrow({ where: { id } })).toMatchObject({
      kind: "CONSUMER",
      organisationId: null,
      pricesIncludeVat: true,
    });
    const second = answer(await postList({ name: "Consument 3", kind: "CONSUMER", pricesIncludeVat: "on" }));
    expect(second.errors.kind).toBe(
      'Er is al een consumentenprijslijst ("Consument 2"); pas die aan in plaats van een tweede te maken.',
    );
    const defaultList = answer(await postList({ name: "Standaard 2", kind: "DEFAULT" }));
    expect(defaultList.errors.kind).toMatch(/^Er is al een standaardprijslijst/);
    expect(await db.priceList.count({ where: { kind: { in: ["CONSUMER", "DEFAULT"] } } })).toBe(2);
  });
});

describe("price list entries", () => {
  it("saves a unit price with 4 decimals as E4 and tiers, then replaces them on a second save", async () => {
    const id = await newList();
    const offer = await db.offer.findFirstOrThrow({ orderBy: { ean: "asc" } });
    const res = (await postEntry(id, {
      ean: offer.ean,
      unitPrice: "12.3456",
      "tiers[0].minQuantity": "100",
      "tiers[0].unitPrice": "10",
      "tiers[1].minQuantity": "25",
      "tiers[1].unitPrice": "11.5",
    })) as Response;
    expect(res.headers.get("Location")).toBe(`/beheer/prijslijsten/${id}?opgeslagen=regel`);
    const entry = await db.priceListEntry.findUniqueOrThrow({
      where: { priceListId_offerId: { priceListId: id, offerId: offer.id } },
      include: { tiers: { orderBy: { minQuantity: "asc" } } },
    });
    expect(entry.unitPriceE4).toBe(123456);
    expect(entry.tiers.map((t) => [t.minQuantity, t.unitPriceE4])).toEqual([
      [25, 115000],
      [100, 100000],
    ]);
    await postEntry(id, { ean: offer.ean, unitPrice: "9.95" });
    const again = await db.priceListEntry.findMany({ where: { priceListId: id }, include: { tiers: true } });
    expect(again).toHaveLength(1);
    expect(again[0]!.unitPriceE4).toBe(99500);
    expect(again[0]!.tiers).toHaveLength(0);
    expect(await db.auditLog.count({ where: { entity: "PriceListEntry", entityId: entry.id } })).toBe(2);
  });

  it.each([
    [{ unitPrice: "12.34567" }, "unitPrice", "Een prijs heeft hoogstens 4 decimalen."],
    [{ unitPrice: "12,50" }, "unitPrice", "Schrijf de prijs als een getal met een punt, bijvoorbeeld 12.50."],
    [{ unitPrice: "-1" }, "unitPrice", "Een prijs mag niet negatief zijn."],
    [{ unitPrice: "" }, "unitPrice", "Vul een prijs in."],
    [
      { "tiers[0].minQuantity": "25", "tiers[0].unitPrice": "12.51" },
      "tiers[0].unitPrice",
      "Staffel 1: de staffelprijs mag niet hoger zijn dan de basisprijs.",
    ],
    [
      { "tiers[0].minQuantity": "1", "tiers[0].unitPrice": "10" },
      "tiers[0].minQuantity",
      "Staffel 1: het vanaf-aantal is een heel getal van 2 of meer.",
    ],
    [
      {
        "tiers[0].minQuantity": "25",
        "tiers[0].unitPrice": "10",
        "tiers[1].minQuantity": "25",
        "tiers[1].unitPrice": "9",
      },
      "tiers[1].minQuantity",
      "Staffel 2: er is al een staffel vanaf 25 stuks.",
    ],
    [{ "tiers[0].minQuantity": "25", "tiers[0].unitPrice": "" }, "tiers[0].unitPrice", "Staffel 1: vul een prijs in."],
  ])("refuses %o", async (overrides, field, message) => {
    const id = await newList();
    const offer = await db.offer.findFirstOrThrow();
    const res = answer(await postEntry(id, { ean: offer.ean, unitPrice: "12.50", ...overrides }));
    expect(res.errors[field]).toBe(message);
    expect(await db.priceListEntry.count({ where: { priceListId: id } })).toBe(0);
  });

  it("allows a tier equal to the base price and refuses an unknown EAN", async () => {
    const id = await newList();
    const offer = await db.offer.findFirstOrThrow();
    expect(
      (
        (await postEntry(id, {
          ean: offer.ean,
          unitPrice: "12.50",
          "tiers[0].minQuantity": "2",
          "tiers[0].unitPrice": "12.5",
        })) as Response
      ).status,
    ).toBe(302);
    const res = answer(await postEntry(id, { ean: "0000000000000", unitPrice: "1" }));
    expect(res.errors.ean).toBe("Er is geen aanbieding met EAN/ISBN 0000000000000.");
  });

  it("pages and searches the entries of the default list by EAN and title", async () => {
    const cookie = await admin();
    const list = await db.priceList.findFirstOrThrow({ where: { kind: "DEFAULT" } });
    const count = await db.priceListEntry.count({ where: { priceListId: list.id } });
    const load = async (qs: string) =>
      (await listLoader({
        request: getRequest(`/beheer/prijslijsten/${list.id}${qs}`, { cookie }),
        params: { priceListId: list.id },
        context: {},
      })) as {
        total: number;
        pages: number;
        page: number;
        entries: { offer: { ean: string; title: { name: string } } }[];
      };
    const first = await load("");
    expect(first.total).toBe(count);
    expect(first.entries).toHaveLength(Math.min(25, count));
    const last = await load(`?pagina=${first.pages}`);
    expect(last.page).toBe(first.pages);
    expect(last.entries.length).toBe(count - 25 * (first.pages - 1));
    const target = first.entries[3]!;
    const byEan = await load(`?q=${target.offer.ean}`);
    expect(byEan.entries.map((e) => e.offer.ean)).toEqual([target.offer.ean]);
    const byTitle = await load(`?q=${encodeURIComponent(target.offer.title.name.toUpperCase())}`);
    expect(
      byTitle.entries.every((e) => e.offer.title.name.toLowerCase().includes(target.offer.title.name.toLowerCase())),
    ).toBe(true);
    expect(byTitle.entries.map((e) => e.offer.ean)).toContain(target.offer.ean);
  });

  it("deletes an entry with its tiers", async () => {
    const id = await newList();
    const offer = await db.offer.findFirstOrThrow();
    await postEntry(id, { ean: offer.ean, unitPrice: "5", "tiers[0].minQuantity": "10", "tiers[0].unitPrice": "4" });
    const entry = await db.priceListEntry.findFirstOrThrow({ where: { priceListId: id } });
    const cookie = await admin();
    const res = (await run(() =>
      listAction({
        request: formRequest(`/beheer/prijslijsten/${id}`, { intent: "delete-entry", entryId: entry.id }, { cookie }),
        params: { priceListId: id },
        context: {},
      }),
    )) as Response;
    expect(res.status).toBe(302);
    expect(await db.priceListEntry.count({ where: { priceListId: id } })).toBe(0);
    expect(await db.priceTier.count({ where: { entryId: entry.id } })).toBe(0);
  });
});

describe("role guards", () => {
  it("a school admin gets 403 on the price-list pages", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const list = await db.priceList.findFirstOrThrow();
    const responses = await Promise.all([
      run(() => listsLoader({ request: getRequest("/beheer/prijslijsten", { cookie }), params: {}, context: {} })),
      run(() =>
        listsAction({
          request: formRequest("/beheer/prijslijsten", { name: "X", kind: "DEFAULT" }, { cookie }),
          params: {},
          context: {},
        }),
      ),
      run(() =>
        listLoader({
          request: getRequest(`/beheer/prijslijsten/${list.id}`, { cookie }),
          params: { priceListId: list.id },
          context: {},
        }),
      ),
      run(() =>
        listAction({
          request: formRequest(
            `/beheer/prijslijsten/${list.id}`,
            { intent: "entry", ean: "x", unitPrice: "1" },
            { cookie },
          ),
          params: { priceListId: list.id },
          context: {},
        }),
      ),
    ]);
    expect(responses.map((r) => (r as Response).status)).toEqual([403, 403, 403, 403]);
  });

  it("answers 404 for an unknown list", async () => {
    const cookie = await admin();
    const res = await run(() =>
      listLoader({
        request: getRequest("/beheer/prijslijsten/nope", { cookie }),
        params: { priceListId: "nope" },
        context: {},
      }),
    );
    expect((res as Response).status).toBe(404);
  });
});
