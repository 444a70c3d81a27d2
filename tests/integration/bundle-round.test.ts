/**
 * Issue 15: a board's bundled purchase round. Two schools of Onderwijsgroep Amstelland (Amstel
 * Lyceum, which works with PO numbers, and De Regenboog) each order fewer than 25 copies; together
 * they reach the contract list's 25+ tier, and each gets its own order at that tier — exactly once.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import {
  closeDueRounds,
  closeRound,
  createRound,
  roundView,
  saveQuantities,
  BundleRoundError,
} from "~/modules/orders/bundle-round.server";
import { loader as boardRound, action as boardRoundAction } from "~/routes/bestuur.bundelrondes.$roundId";
import { loader as boardCsv } from "~/routes/bestuur.bundelrondes.$roundId_.csv";
import { loader as schoolRound, action as schoolRoundAction } from "~/routes/school.bundelrondes.$roundId";
import { answer } from "../support/action-result";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";

const TODAY = "2026-12-01";

async function setup(closesOn = "2026-12-10") {
  const board = await db.organisation.findFirstOrThrow({ where: { name: "Stichting Onderwijsgroep Amstelland" } });
  const amstel = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const regenboog = await db.organisation.findFirstOrThrow({ where: { brin: "23BC" } });
  const coordinator = await db.user.findUniqueOrThrow({ where: { email: "bestuur@leerwinkel.test" } });
  const amstelAdmin = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
  const regenboogAdmin = await db.user.findUniqueOrThrow({ where: { email: "po@leerwinkel.test" } });
  const list = await db.priceList.findFirstOrThrow({ where: { organisationId: board.id, kind: "CONTRACT" } });
  const title = await db.title.findFirstOrThrow({
    where: { name: "Getal & Ruimte havo 2" },
    include: { offers: true },
  });
  const print = title.offers.find((o) => o.supply === "physical")!;
  const digital = title.offers.find((o) => o.supply === "electronic" && o.licenceMonths === 12)!;
  const roundId = await createRound(
    board.id,
    coordinator.id,
    {
      name: "Bundelronde wiskunde",
      priceListId: list.id,
      closesOn,
      offerIds: [print.id, digital.id],
      schoolIds: [amstel.id, regenboog.id],
    },
    TODAY,
  );
  return { board, amstel, regenboog, coordinator, amstelAdmin, regenboogAdmin, print, digital, roundId };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function enter(s: Setup, amstelPrint = 15, regenboogPrint = 12, day = TODAY) {
  await saveQuantities(
    s.roundId,
    { schoolId: s.amstel.id, userId: s.amstelAdmin.id },
    {
      poNumber: "PO-2026-88",
      lines: [
        { offerId: s.print.id, classGroup: "H2A", quantity: amstelPrint - 5 },
        { offerId: s.print.id, classGroup: "H2B", quantity: 5 },
      ],
    },
    day,
  );
  await saveQuantities(
    s.roundId,
    { schoolId: s.regenboog.id, userId: s.regenboogAdmin.id },
    { lines: [{ offerId: s.print.id, classGroup: "", quantity: regenboogPrint }] },
    day,
  );
}

async function ordersOf(roundId: string) {
  return db.order.findMany({
    where: { idempotencyKey: { startsWith: `bundelronde:${roundId}:` } },
    include: { lines: { orderBy: { position: "asc" } }, invoices: true, shipments: true },
    orderBy: { number: "asc" },
  });
}

describe("a bundle round reaches the tier together", () => {
  it("shows each school its share at the combined tier against ordering alone", async () => {
    const s = await setup();
    await enter(s);
    const view = await roundView(s.roundId, { schoolId: s.amstel.id }, TODAY);
    // print: 15 + 12 = 27 copies → the contract list's 25+ tier, 36.47 (base 37.21, next tier 100)
    expect(view.offers[0]).toMatchObject({ combinedQuantity: 27, tierMinQuantity: 25, unitPriceE4: 364_700 });
    expect(view.offers[0]!.next).toMatchObject({ minQuantity: 100, missing: 73 });
    expect(view.schools.map((x) => x.name)).toEqual(["Amstel Lyceum"]); // a school sees only itself
    const plain = (t: string) => t.replace(/\u00a0/g, " ");
    // Amstel at the round: 15 × 36.47 = 547.05, 6% VAT 32.823 → 32.82 = 579.87 (≥ 150: no shipping);
    // alone: 15 × 37.21 = 558.15, VAT 33.489 → 33.49 = 591.64; saving 11.77 of which 0.67 VAT
    expect(plain(view.schools[0]!.share!.atRound.gross)).toBe("€ 579,87");
    expect(plain(view.schools[0]!.share!.alone.gross)).toBe("€ 591,64");
    expect(plain(view.schools[0]!.share!.words)).toBe(
      "€ 11,77 goedkoper dan alleen bestellen, waarvan € 0,67 minder btw",
    );
  });

  it("closing twice at once places one order per school, at the combined tier, exactly once", async () => {
    const s = await setup();
    await enter(s);
    const stockBefore = (await db.offer.findUniqueOrThrow({ where: { id: s.print.id } })).stock!;
    const results = await Promise.all([
      closeRound(s.roundId, { boardId: s.board.id }, s.coordinator.id, TODAY),
      closeRound(s.roundId, { boardId: s.board.id }, s.coordinator.id, TODAY),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["ALREADY_CLOSED", "CLOSED"]);
    expect(await closeRound(s.roundId, { boardId: s.board.id }, s.coordinator.id, TODAY)).toEqual({
      outcome: "ALREADY_CLOSED",
    });
    // the maintenance run's closing of the same round (no board scope) finds it closed too
    expect(await closeRound(s.roundId, null, null, "2026-12-20")).toEqual({ outcome: "ALREADY_CLOSED" });

    const orders = await ordersOf(s.roundId);
    expect(orders).toHaveLength(2);
    const bySchool = new Map(orders.map((o) => [o.schoolId, o]));
    const amstel = bySchool.get(s.amstel.id)!;
    const regenboog = bySchool.get(s.regenboog.id)!;
    // both at the 25+ tier although each ordered fewer than 25
    expect(orders.flatMap((o) => o.lines.map((l) => l.unitPriceE4))).toEqual([364_700, 364_700, 364_700]);
    expect(amstel.lines.map((l) => [l.classGroup, l.quantity])).toEqual([
      ["H2A", 10],
      ["H2B", 5],
    ]);
    // Amstel: 10 × 36.47 = 364.70 and 5 × 36.47 = 182.35 → 547.05, VAT 32.82, gross 579.87
    expect([amstel.netCents, amstel.vatCents, amstel.grossCents]).toEqual([54_705, 3_282, 57_987]);
    expect(amstel.poNumber).toBe("PO-2026-88");
    // Regenboog: 12 × 36.47 = 437.64, VAT 26.2584 → 26.26, gross 463.90
    expect([regenboog.netCents, regenboog.vatCents, regenboog.grossCents]).toEqual([43_764, 2_626, 46_390]);
    for (const o of orders) {
      expect(o.status).toBe("PLACED");
      expect(o.paymentMethod).toBe("INVOICE");
      expect(o.invoices).toHaveLength(1);
      expect(o.shipments).toHaveLength(1);
    }
    expect((await db.offer.findUniqueOrThrow({ where: { id: s.print.id } })).stock).toBe(stockBefore - 27);
    const coordinatorView = await roundView(s.roundId, { boardId: s.board.id }, TODAY);
    expect(coordinatorView.status).toBe("CLOSED");
    expect(coordinatorView.schools.map((x) => x.order?.number)).toEqual([amstel.number, regenboog.number]);
    // the total saving: Amstel 11.77 + Regenboog (alone 12 × 37.21 = 446.52 + 26.79 = 473.31) 9.41
    expect(coordinatorView.saving.gross.replace(/\u00a0/g, " ")).toBe("€ 21,18");
  });
});

describe("quantities until the closing date", () => {
  it("accepts a change on the closing day, refuses it the day after and once closed", async () => {
    const s = await setup("2026-12-10");
    await enter(s, 15, 12, "2026-12-10");
    const late = saveQuantities(
      s.roundId,
      { schoolId: s.regenboog.id, userId: s.regenboogAdmin.id },
      { lines: [{ offerId: s.print.id, classGroup: "", quantity: 30 }] },
      "2026-12-11",
    );
    await expect(late).rejects.toMatchObject({ code: "PAST_DEADLINE", status: 409 });
    // the maintenance run closes it (and any other round of this file's database that is due)
    expect((await closeDueRounds("2026-12-11")).closed).toBeGreaterThanOrEqual(1);
    expect((await db.bundleRound.findUniqueOrThrow({ where: { id: s.roundId } })).status).toBe("CLOSED");
    const closed = saveQuantities(
      s.roundId,
      { schoolId: s.regenboog.id, userId: s.regenboogAdmin.id },
      { lines: [{ offerId: s.print.id, classGroup: "", quantity: 30 }] },
      "2026-12-10",
    );
    await expect(closed).rejects.toMatchObject({ code: "CLOSED" });
    const orders = await ordersOf(s.roundId);
    expect(orders.find((o) => o.schoolId === s.regenboog.id)!.lines[0]!.quantity).toBe(12);
  });

  it("a change racing the closing is either in the order or refused, never lost", async () => {
    const s = await setup();
    await enter(s);
    const [saved, closed] = await Promise.allSettled([
      saveQuantities(
        s.roundId,
        { schoolId: s.regenboog.id, userId: s.regenboogAdmin.id },
        { lines: [{ offerId: s.print.id, classGroup: "", quantity: 14 }] },
        TODAY,
      ),
      closeRound(s.roundId, { boardId: s.board.id }, s.coordinator.id, TODAY),
    ]);
    expect(closed.status).toBe("fulfilled");
    const order = (await ordersOf(s.roundId)).find((o) => o.schoolId === s.regenboog.id)!;
    if (saved.status === "fulfilled") expect(order.lines[0]!.quantity).toBe(14);
    else {
      expect(saved.reason).toBeInstanceOf(BundleRoundError);
      expect(order.lines[0]!.quantity).toBe(12);
    }
    const stored = await db.bundleRoundQuantity.findFirstOrThrow({
      where: { participant: { roundId: s.roundId, schoolId: s.regenboog.id } },
    });
    expect(stored.quantity).toBe(order.lines[0]!.quantity);
  });

  it("refuses a school that works with PO numbers without one, and an offer outside the round", async () => {
    const s = await setup();
    const noPo = saveQuantities(
      s.roundId,
      { schoolId: s.amstel.id, userId: s.amstelAdmin.id },
      { lines: [{ offerId: s.print.id, classGroup: "", quantity: 3 }] },
      TODAY,
    );
    await expect(noPo).rejects.toMatchObject({ field: "poNumber" });
    const other = await db.offer.findFirstOrThrow({ where: { id: { notIn: [s.print.id, s.digital.id] } } });
    const outside = saveQuantities(
      s.roundId,
      { schoolId: s.regenboog.id, userId: s.regenboogAdmin.id },
      { lines: [{ offerId: other.id, classGroup: "", quantity: 3 }] },
      TODAY,
    );
    await expect(outside).rejects.toMatchObject({ code: "BAD_INPUT" });
    const twice = saveQuantities(
      s.roundId,
      { schoolId: s.regenboog.id, userId: s.regenboogAdmin.id },
      {
        lines: [
          { offerId: s.print.id, classGroup: "g5", quantity: 3 },
          { offerId: s.print.id, classGroup: "G5", quantity: 4 },
        ],
      },
      TODAY,
    );
    await expect(twice).rejects.toMatchObject({ code: "BAD_INPUT", status: 400 });
    const vechtdal = await db.organisation.findFirstOrThrow({ where: { brin: "34CD" } });
    const notIn = saveQuantities(
      s.roundId,
      { schoolId: vechtdal.id, userId: s.regenboogAdmin.id },
      { lines: [{ offerId: s.print.id, classGroup: "", quantity: 3 }] },
      TODAY,
    );
    await expect(notIn).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
  });
});

describe("stock running out at closing", () => {
  it("places nothing, reports per school, keeps the round open, and closes once stock is back", async () => {
    const s = await setup();
    await enter(s);
    await db.offer.update({ where: { id: s.print.id }, data: { stock: 20 } });
    // two closings at once: neither places anything, both say why
    const [result, raced] = await Promise.all([
      closeRound(s.roundId, { boardId: s.board.id }, s.coordinator.id, TODAY),
      closeRound(s.roundId, null, null, TODAY),
    ]);
    expect([result.outcome, raced.outcome]).toEqual(["NOT_PLACED", "NOT_PLACED"]);
    const problems = result.outcome === "NOT_PLACED" ? result.problems.join("\n") : "";
    expect(problems).toContain("samen 27 besteld, nog 20 op voorraad");
    expect(problems).toContain("Amstel Lyceum 15");
    expect(problems).toContain("Basisschool De Regenboog 12");
    expect(await ordersOf(s.roundId)).toHaveLength(0);
    expect((await db.offer.findUniqueOrThrow({ where: { id: s.print.id } })).stock).toBe(20);
    const round = await db.bundleRound.findUniqueOrThrow({ where: { id: s.roundId } });
    expect([round.status, round.closeProblem?.includes("nog 20 op voorraad")]).toEqual(["OPEN", true]);

    await db.offer.update({ where: { id: s.print.id }, data: { stock: 30 } });
    expect((await closeRound(s.roundId, { boardId: s.board.id }, s.coordinator.id, TODAY)).outcome).toBe("CLOSED");
    expect(await ordersOf(s.roundId)).toHaveLength(2);
    expect((await db.offer.findUniqueOrThrow({ where: { id: s.print.id } })).stock).toBe(3);
    expect((await db.bundleRound.findUniqueOrThrow({ where: { id: s.roundId } })).closeProblem).toBeNull();
  });
});

describe("opening a round", () => {
  it("refuses a closing date in the past or after the list ends, and another board's list or school", async () => {
    const s = await setup();
    const list = await db.priceList.findFirstOrThrow({ where: { organisationId: s.board.id, kind: "CONTRACT" } });
    const form = {
      name: "Nog een ronde",
      priceListId: list.id,
      closesOn: "2026-12-20",
      offerIds: [s.print.id],
      schoolIds: [s.amstel.id],
    };
    const refusal = (changes: Partial<typeof form>) =>
      createRound(s.board.id, s.coordinator.id, { ...form, ...changes }, TODAY);
    await expect(refusal({ closesOn: "2026-11-30" })).rejects.toMatchObject({ field: "closesOn", status: 400 });
    await expect(refusal({ closesOn: "2028-01-01" })).rejects.toThrow("Deze prijslijst geldt tot 31 december 2027");
    const vechtdal = await db.organisation.findFirstOrThrow({ where: { brin: "34CD" } });
    await expect(refusal({ schoolIds: [s.amstel.id, vechtdal.id] })).rejects.toMatchObject({ field: "schoolIds" });
    const defaultList = await db.priceList.findFirstOrThrow({ where: { kind: "DEFAULT" } });
    await expect(refusal({ priceListId: defaultList.id })).rejects.toMatchObject({ field: "priceListId" });
    const unlisted = await db.offer.findFirstOrThrow({
      where: { priceEntries: { none: { priceListId: list.id } } },
    });
    await expect(refusal({ offerIds: [s.print.id, unlisted.id] })).rejects.toMatchObject({ field: "offerIds" });
    expect(await db.bundleRound.count({ where: { name: "Nog een ronde" } })).toBe(0);
  });
});

describe("scoping", () => {
  it("another board neither sees nor closes the round", async () => {
    const s = await setup();
    const other = await db.organisation.findFirstOrThrow({
      where: { name: "Stichting Primair en Voortgezet Onderwijs Vechtstreek" },
    });
    await expect(roundView(s.roundId, { boardId: other.id }, TODAY)).rejects.toMatchObject({ status: 404 });
    await expect(closeRound(s.roundId, { boardId: other.id }, s.coordinator.id, TODAY)).rejects.toMatchObject({
      status: 404,
    });
    const vechtdal = await db.organisation.findFirstOrThrow({ where: { brin: "34CD" } });
    await expect(roundView(s.roundId, { schoolId: vechtdal.id }, TODAY)).rejects.toMatchObject({ status: 404 });
  });
});

describe("the pages, through the route handlers", () => {
  const ctx = { context: {} };

  async function otherBoardAdmin() {
    const other = await db.organisation.findFirstOrThrow({
      where: { name: "Stichting Primair en Voortgezet Onderwijs Vechtstreek" },
    });
    await db.user.upsert({
      where: { email: "bestuur.vechtstreek@leerwinkel.test" },
      update: {},
      create: {
        email: "bestuur.vechtstreek@leerwinkel.test",
        name: "Vechtstreek Bestuur",
        passwordHash: "x",
        memberships: { create: { role: "BOARD_ADMIN", organisationId: other.id } },
      },
    });
    return cookieFor("bestuur.vechtstreek@leerwinkel.test");
  }

  it("another board's coordinator and another board's school get a 404; a school admin is no coordinator (403)", async () => {
    const s = await setup();
    const params = { roundId: s.roundId };
    const foreign = await otherBoardAdmin();
    const page = await run(() =>
      boardRound({ request: getRequest(`/bestuur/bundelrondes/${s.roundId}`, { cookie: foreign }), params, ...ctx }),
    );
    expect((page as Response).status).toBe(404);
    const close = await run(() =>
      boardRoundAction({
        request: formRequest(`/bestuur/bundelrondes/${s.roundId}`, { intent: "close" }, { cookie: foreign }),
        params,
        ...ctx,
      }),
    );
    expect(answer(close).status).toBe(404);
    expect((await db.bundleRound.findUniqueOrThrow({ where: { id: s.roundId } })).status).toBe("OPEN");
    const csv = await run(() =>
      boardCsv({ request: getRequest(`/bestuur/bundelrondes/${s.roundId}/csv`, { cookie: foreign }), params, ...ctx }),
    );
    expect((csv as Response).status).toBe(404);
    const vechtdal = await cookieFor("vechtdal@leerwinkel.test");
    const schoolPage = await run(() =>
      schoolRound({ request: getRequest(`/school/bundelrondes/${s.roundId}`, { cookie: vechtdal }), params, ...ctx }),
    );
    expect((schoolPage as Response).status).toBe(404);
    const schoolAdmin = await cookieFor("school@leerwinkel.test");
    const notCoordinator = await run(() =>
      boardRound({
        request: getRequest(`/bestuur/bundelrondes/${s.roundId}`, { cookie: schoolAdmin }),
        params,
        ...ctx,
      }),
    );
    expect((notCoordinator as Response).status).toBe(403);
  });

  it("a school posts its quantities as a plain form; bad input comes back in Dutch; the coordinator closes and exports", async () => {
    const s = await setup("2027-12-31");
    await db.offer.update({ where: { id: s.print.id }, data: { stock: 500 } }); // earlier tests here used it up
    const params = { roundId: s.roundId };
    const po = await cookieFor("po@leerwinkel.test");
    const bad = await schoolRoundAction({
      request: formRequest(
        `/school/bundelrondes/${s.roundId}`,
        { "lines[0].offerId": s.print.id, "lines[0].classGroup": "groep 5!", "lines[0].quantity": "-2" },
        { cookie: po },
      ),
      params,
      ...ctx,
    });
    const refused = answer(bad);
    expect(refused.status).toBe(400);
    expect(refused.errors["lines[0].quantity"]).toBe("Het aantal kan niet negatief zijn.");
    expect(refused.errors["lines[0].classGroup"]).toContain("Een klas is een code");
    const ok = await run(() =>
      schoolRoundAction({
        request: formRequest(
          `/school/bundelrondes/${s.roundId}`,
          {
            "lines[0].offerId": s.print.id,
            "lines[0].classGroup": "g5",
            "lines[0].quantity": "12",
            "lines[1].offerId": s.digital.id,
            "lines[1].classGroup": "",
            "lines[1].quantity": "",
          },
          { cookie: po },
        ),
        params,
        ...ctx,
      }),
    );
    expect((ok as Response).status).toBe(302);
    const amstel = await cookieFor("school@leerwinkel.test");
    const noPo = answer(
      await schoolRoundAction({
        request: formRequest(
          `/school/bundelrondes/${s.roundId}`,
          { "lines[0].offerId": s.print.id, "lines[0].quantity": "13" },
          { cookie: amstel },
        ),
        params,
        ...ctx,
      }),
    );
    expect(noPo.errors.poNumber).toBe("Uw school werkt met inkoopordernummers: vul het inkoopordernummer in.");
    await schoolRoundAction({
      request: formRequest(
        `/school/bundelrondes/${s.roundId}`,
        { poNumber: "PO-1", "lines[0].offerId": s.print.id, "lines[0].quantity": "13" },
        { cookie: amstel },
      ),
      params,
      ...ctx,
    }).catch((r: unknown) => r);
    const coordinator = await cookieFor("bestuur@leerwinkel.test");
    const view = (await boardRound({
      request: getRequest(`/bestuur/bundelrondes/${s.roundId}`, { cookie: coordinator }),
      params,
      ...ctx,
    })) as { round: Awaited<ReturnType<typeof roundView>> };
    expect(view.round.offers[0]).toMatchObject({ combinedQuantity: 25, tierMinQuantity: 25 });
    expect(view.round.schools.flatMap((x) => x.quantities.map((q) => q.classGroup))).toEqual(["", "G5"]);
    const closed = answer(
      await boardRoundAction({
        request: formRequest(`/bestuur/bundelrondes/${s.roundId}`, { intent: "close" }, { cookie: coordinator }),
        params,
        ...ctx,
      }),
    );
    expect([closed.formError, closed.success]).toEqual([
      undefined,
      "De bundelronde is gesloten: 2 bestellingen geplaatst.",
    ]);
    const csv = (await boardCsv({
      request: getRequest(`/bestuur/bundelrondes/${s.roundId}/csv`, { cookie: coordinator }),
      params,
      ...ctx,
    })) as Response;
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 with BOM, for Excel
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("Bundelronde;School;BRIN;Artikel")).toBe(true);
    // Regenboog: 12 × 36.47 = 437.64 at the round (the 25+ tier: 13 + 12 = 25)
    expect(text).toContain(";G5;12;25;25;36.4700;437.64;");
    expect(await db.auditLog.count({ where: { action: "read.bundle-round-csv", entityId: s.roundId } })).toBe(1);
  });
});
