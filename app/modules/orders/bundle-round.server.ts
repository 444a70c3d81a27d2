/**
 * A board's bundled purchase round (issue 15): the coordinator opens it, the participating
 * schools enter quantities until the closing date, and closing places one order per school at the
 * tier of the combined quantity — through the normal order path (prepareOrder / insertPreparedOrder:
 * the school's PO-number rule, invoice, licences, shipment, stock).
 *
 * Closing is exactly once: OPEN → CLOSING (a conditional update; quantities can no longer change)
 * → CLOSED together with every school's order in ONE transaction, so a retried or raced closing
 * either places all orders or finds the round closed; each participant row takes one order
 * (`orderId` unique) and each order's idempotency key names round and school. When stock is short
 * nothing is placed: the round goes back to OPEN with the problem per school (`closeProblem`),
 * and the next closing (coordinator or maintenance) tries again.
 *
 * Every query is scoped in the query itself: a board's rounds by `boardId`, a school's by its
 * participation.
 */
import { db } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { dayInAmsterdam, todayInAmsterdam } from "~/modules/calendar/iso-date";
import {
  loadOffersForPricing,
  pricingLineFor,
  type ApplicableLists,
  type OfferForPricing,
} from "~/modules/catalog/offer-pricing.server";
import { DomainError } from "~/modules/errors/domain-error";
import { formatCents, formatDate, formatEuro, formatNumber } from "~/modules/format";
import { CSV_BOM, CSV_EOL, CSV_SEPARATOR, csvField } from "~/modules/invoices/csv";
import { fromCents, fromE4 } from "~/modules/money/cents";
import { type Decimal } from "~/modules/money/decimal";
import { roundCents } from "~/modules/money/round-cents";
import { loadVatRatesOn } from "~/modules/vat/vat-schedule.server";
import { offerHoldsStock } from "~/modules/vat/supply";
import type { BundleRoundStatus } from "~/db-enums";
import {
  combinedQuantities,
  offerStandings,
  savingWording,
  schoolShares,
  totalSaving,
  type RoundOffer,
  type SchoolQuantities,
} from "./bundle-round";
import type { CreateRoundForm, QuantitiesForm } from "./bundle-round-forms";
import {
  insertPreparedOrder,
  ORDER_STATUS_LABELS,
  OrderError,
  prepareOrder,
  type PreparedOrder,
} from "./orders.server";
import { shippingFor } from "./shipping";

export const ROUND_STATUS_LABELS: Record<BundleRoundStatus, string> = {
  OPEN: "Open",
  CLOSING: "Wordt gesloten",
  CLOSED: "Gesloten",
};

export class BundleRoundError extends DomainError<"NOT_FOUND" | "CLOSED" | "PAST_DEADLINE" | "BAD_INPUT"> {
  constructor(code: BundleRoundError["code"], message: string, field?: string) {
    super(code, message, { field, status: code === "NOT_FOUND" ? 404 : code === "BAD_INPUT" ? 400 : 409 });
  }
}

// ---------------------------------------------------------------- the coordinator's board

/** The board of a BOARD_ADMIN membership, or null. */
export function boardOf(user: {
  roles: { role: string; organisationId: string | null; organisationName: string | null }[];
}): { boardId: string; boardName: string } | null {
  const m = user.roles.find((r) => r.role === "BOARD_ADMIN" && r.organisationId);
  return m ? { boardId: m.organisationId!, boardName: m.organisationName ?? "" } : null;
}

/** What a new round may hold: the board's contract lists, their offers, the board's schools. */
export async function roundChoices(boardId: string, today = todayInAmsterdam()) {
  const [priceLists, schools] = await Promise.all([
    db.priceList.findMany({
      where: {
        organisationId: boardId,
        kind: "CONTRACT",
        OR: [{ validTo: null }, { validTo: { gte: today } }],
      },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        entries: {
          where: { offer: { active: true } },
          select: {
            offerId: true,
            unitPriceE4: true,
            tiers: { select: { minQuantity: true }, orderBy: { minQuantity: "asc" } },
            offer: { select: { formatLabel: true, ean: true, title: { select: { name: true } } } },
          },
        },
      },
    }),
    db.organisation.findMany({
      where: { parentId: boardId, kind: "SCHOOL" },
      orderBy: { name: "asc" },
      select: { id: true, name: true, brin: true },
    }),
  ]);
  return {
    priceLists: priceLists.map((l) => ({
      id: l.id,
      name: l.name,
      offers: l.entries
        .map((e) => ({
          offerId: e.offerId,
          label: `${e.offer.title.name} — ${e.offer.formatLabel}`,
          ean: e.offer.ean,
          unitPriceE4: e.unitPriceE4,
          tiers: e.tiers.map((t) => t.minQuantity),
        }))
        .sort((a, b) => a.label.localeCompare(b.label, "nl")),
    })),
    schools,
  };
}

/** Opens a round (one transaction). Refuses a list, offer or school that is not the board's. */
export async function createRound(
  boardId: string,
  userId: string,
  form: CreateRoundForm,
  today = todayInAmsterdam(),
): Promise<string> {
  if (form.closesOn < today)
    throw new BundleRoundError("BAD_INPUT", "De sluitingsdatum kan niet in het verleden liggen.", "closesOn");
  const list = await db.priceList.findFirst({
    where: { id: form.priceListId, organisationId: boardId, kind: "CONTRACT" },
    select: {
      id: true,
      validTo: true,
      entries: { where: { offerId: { in: form.offerIds } }, select: { offerId: true } },
    },
  });
  if (!list) throw new BundleRoundError("BAD_INPUT", "Kies een prijslijst van uw bestuur.", "priceListId");
  if (list.validTo && list.validTo < form.closesOn)
    throw new BundleRoundError(
      "BAD_INPUT",
      `Deze prijslijst geldt tot ${formatDate(list.validTo)}; kies een eerdere sluitingsdatum.`,
      "closesOn",
    );
  const offerIds = [...new Set(form.offerIds)];
  if (list.entries.length !== offerIds.length)
    throw new BundleRoundError("BAD_INPUT", "Kies alleen artikelen uit deze prijslijst.", "offerIds");
  const schoolIds = [...new Set(form.schoolIds)];
  const schools = await db.organisation.count({ where: { id: { in: schoolIds }, parentId: boardId, kind: "SCHOOL" } });
  if (schools !== schoolIds.length)
    throw new BundleRoundError("BAD_INPUT", "Kies alleen scholen van uw bestuur.", "schoolIds");
  return db.$transaction(async (tx) => {
    const round = await tx.bundleRound.create({
      data: {
        boardId,
        name: form.name,
        priceListId: list.id,
        closesOn: form.closesOn,
        createdById: userId,
        offers: { create: offerIds.map((offerId, index) => ({ offerId, position: index + 1 })) },
        schools: { create: schoolIds.map((schoolId) => ({ schoolId })) },
      },
    });
    await audit(
      { userId, action: "bundle-round.create", entity: "BundleRound", entityId: round.id, detail: { name: form.name } },
      tx,
    );
    return round.id;
  });
}

/** The board's rounds, newest first. */
export async function listBoardRounds(boardId: string) {
  const rounds = await db.bundleRound.findMany({
    where: { boardId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      closesOn: true,
      status: true,
      closeProblem: true,
      _count: { select: { schools: true, offers: true } },
    },
  });
  return rounds.map((r) => ({
    id: r.id,
    name: r.name,
    closesOn: r.closesOn,
    status: r.status,
    statusLabel: ROUND_STATUS_LABELS[r.status],
    problem: r.closeProblem,
    schools: r._count.schools,
    offers: r._count.offers,
  }));
}

/** The rounds a school takes part in, open ones first. */
export async function listSchoolRounds(schoolId: string) {
  const rows = await db.bundleRoundSchool.findMany({
    where: { schoolId },
    select: {
      orderId: true,
      round: { select: { id: true, name: true, closesOn: true, status: true, board: { select: { name: true } } } },
      _count: { select: { quantities: true } },
    },
  });
  return rows
    .map((r) => ({
      id: r.round.id,
      name: r.round.name,
      boardName: r.round.board.name,
      closesOn: r.round.closesOn,
      status: r.round.status,
      statusLabel: ROUND_STATUS_LABELS[r.round.status],
      entered: r._count.quantities > 0,
      ordered: r.orderId !== null,
    }))
    .sort(
      (a, b) => Number(a.status === "CLOSED") - Number(b.status === "CLOSED") || a.closesOn.localeCompare(b.closesOn),
    );
}

// ---------------------------------------------------------------- reading a round

type Scope = { boardId: string } | { schoolId: string };

function scopedWhere(roundId: string, scope: Scope) {
  return "boardId" in scope
    ? { id: roundId, boardId: scope.boardId }
    : { id: roundId, schools: { some: { schoolId: scope.schoolId } } };
}

/** Everything the round's figures are computed from: offers with the list's entry, schools' quantities. */
async function loadRound(roundId: string, scope: Scope) {
  const round = await db.bundleRound.findFirst({
    where: scopedWhere(roundId, scope),
    include: {
      board: { select: { name: true } },
      priceList: { select: { id: true, name: true, kind: true, pricesIncludeVat: true } },
      offers: { orderBy: { position: "asc" }, select: { id: true, offerId: true } },
      schools: {
        orderBy: { school: { name: "asc" } },
        include: {
          school: { select: { id: true, name: true, brin: true, poNumberRequired: true } },
          quantities: { orderBy: [{ roundOfferId: "asc" }, { classGroup: "asc" }] },
          order: { select: { id: true, number: true, status: true, netCents: true, vatCents: true, grossCents: true } },
        },
      },
    },
  });
  if (!round) throw new BundleRoundError("NOT_FOUND", "Deze bundelronde bestaat niet.");
  const offerIds = round.offers.map((o) => o.offerId);
  const [offers, entries] = await Promise.all([
    loadOffersForPricing(offerIds),
    db.priceListEntry.findMany({
      where: { priceListId: round.priceListId, offerId: { in: offerIds } },
      select: { offerId: true, unitPriceE4: true, tiers: { select: { minQuantity: true, unitPriceE4: true } } },
    }),
  ]);
  const entryOf = new Map(entries.map((e) => [e.offerId, e]));
  const roundOfferIdOf = new Map(round.offers.map((o) => [o.id, o.offerId]));
  const roundOffers: RoundOffer[] = [];
  for (const offerId of offerIds) {
    const offer = offers.get(offerId);
    const entry = entryOf.get(offerId);
    if (!offer || !entry) continue; // an offer taken off the list after opening: shown as missing
    const { id: _id, unitPrice: _u, quantity: _q, ...line } = pricingLineFor(offer, entry.unitPriceE4, 1, offerId);
    roundOffers.push({ offerId, line, unitPriceE4: entry.unitPriceE4, tiers: entry.tiers });
  }
  const schools: SchoolQuantities[] = round.schools.map((p) => ({
    schoolId: p.schoolId,
    lines: p.quantities
      .filter((q) => q.quantity > 0)
      .map((q) => ({ offerId: roundOfferIdOf.get(q.roundOfferId)!, classGroup: q.classGroup, quantity: q.quantity })),
  }));
  return { round, offers, roundOffers, schools, missing: offerIds.filter((id) => !entryOf.has(id)) };
}

type LoadedRound = Awaited<ReturnType<typeof loadRound>>;

/** The day a round is priced on: its closing day once closed, today while open. */
function pricingDate(round: { closedAt: Date | null }, today: string): string {
  return round.closedAt ? dayInAmsterdam(round.closedAt) : today;
}

function offerLabel(offers: Map<string, OfferForPricing>, offerId: string): string {
  const o = offers.get(offerId);
  return o ? `${o.titleName} — ${o.formatLabel}` : "Onbekend artikel";
}

/**
 * The round as its pages show it: per offer the combined quantity, the tier reached and the
 * next; per school its quantities, its share at the round's tier against alone, its order.
 * Scoped: a board sees its own rounds, a school the rounds it takes part in (and only its own
 * quantities and figures; the combined quantity per offer is the round's).
 */
export async function roundView(roundId: string, scope: Scope, today = todayInAmsterdam()) {
  const loaded = await loadRound(roundId, scope);
  const { round, offers, roundOffers, schools } = loaded;
  const context = await loadVatRatesOn(pricingDate(round, today));
  const combined = combinedQuantities(schools);
  const standings = offerStandings(roundOffers, combined);
  const shares = schoolShares({
    offers: roundOffers,
    schools,
    context,
    pricesIncludeVat: round.priceList.pricesIncludeVat,
    shipping: (b) => shippingFor("SCHOOL", b),
  });
  const shareOf = new Map(shares.map((s) => [s.schoolId, s]));
  const visible = "boardId" in scope ? round.schools : round.schools.filter((p) => p.schoolId === scope.schoolId);
  const saving = totalSaving(shares);
  const open = round.status === "OPEN";
  return {
    id: round.id,
    name: round.name,
    boardName: round.board.name,
    priceListName: round.priceList.name,
    pricesIncludeVat: round.priceList.pricesIncludeVat,
    closesOn: round.closesOn,
    status: round.status,
    statusLabel: ROUND_STATUS_LABELS[round.status],
    /** Schools may still change their quantities (open and the closing day not past). */
    editable: open && today <= round.closesOn,
    closeProblem: round.closeProblem,
    missingOffers: loaded.missing.map((id) => offerLabel(offers, id)),
    offers: standings.map((s) => {
      const roundOffer = round.offers.find((o) => o.offerId === s.offerId)!;
      return {
        roundOfferId: roundOffer.id,
        offerId: s.offerId,
        label: offerLabel(offers, s.offerId),
        ean: offers.get(s.offerId)?.ean ?? "",
        combinedQuantity: s.combinedQuantity,
        tierMinQuantity: s.tierMinQuantity,
        unitPriceE4: s.unitPriceE4,
        next: s.next,
      };
    }),
    saving: {
      gross: formatEuro(saving.gross),
      net: formatEuro(saving.net),
      vat: formatEuro(saving.vat),
      words: savingWording(saving),
    },
    schools: visible.map((p) => {
      const share = shareOf.get(p.schoolId);
      return {
        schoolId: p.schoolId,
        name: p.school.name,
        brin: p.school.brin,
        poNumberRequired: p.school.poNumberRequired,
        poNumber: p.poNumber,
        quantities: p.quantities.map((q) => ({
          offerId: roundOfferIdOf(round, q.roundOfferId),
          classGroup: q.classGroup,
          quantity: q.quantity,
        })),
        share: share
          ? {
              atRound: totalsOf(share.atRound.totals),
              alone: totalsOf(share.alone.totals),
              saving: formatEuro(share.saving.gross),
              /** for the CSV: a plain decimal, never a float */
              savingGross: share.saving.gross.toFixed(2),
              words: savingWording(share.saving),
            }
          : null,
        order: p.order
          ? {
              id: p.order.id,
              number: p.order.number,
              statusLabel: ORDER_STATUS_LABELS[p.order.status],
              net: formatCents(p.order.netCents),
              vat: formatCents(p.order.vatCents),
              gross: formatCents(p.order.grossCents),
              grossAmount: fromCents(p.order.grossCents).toFixed(2),
            }
          : null,
      };
    }),
  };
}

function roundOfferIdOf(round: LoadedRound["round"], roundOfferId: string): string {
  return round.offers.find((o) => o.id === roundOfferId)?.offerId ?? "";
}

function totalsOf(totals: { net: Decimal; vat: Decimal; gross: Decimal }) {
  return { net: formatEuro(totals.net), vat: formatEuro(totals.vat), gross: formatEuro(totals.gross) };
}

// ---------------------------------------------------------------- a school's quantities

/**
 * Replaces a school's quantities (and its PO number) while the round is open and its closing
 * day has not passed. The first statement is a conditional update of the round row: it refuses a
 * closed (or closing) round and, on PostgreSQL, holds the row so a closing waits for this change
 * (or this change finds the round closing) — a change is in the orders or refused, never lost.
 */
export async function saveQuantities(
  roundId: string,
  school: { schoolId: string; userId: string },
  form: QuantitiesForm,
  today = todayInAmsterdam(),
): Promise<void> {
  const participant = await db.bundleRoundSchool.findFirst({
    where: { roundId, schoolId: school.schoolId },
    include: { school: { select: { poNumberRequired: true } }, round: { include: { offers: true } } },
  });
  if (!participant) throw new BundleRoundError("NOT_FOUND", "Deze bundelronde bestaat niet.");
  const roundOfferOf = new Map(participant.round.offers.map((o) => [o.offerId, o.id]));
  const lines = form.lines
    .filter((l) => (l.quantity ?? 0) > 0)
    .map((l) => {
      const roundOfferId = roundOfferOf.get(l.offerId);
      if (!roundOfferId) throw new BundleRoundError("BAD_INPUT", "Dit artikel hoort niet bij deze bundelronde.");
      return { roundOfferId, classGroup: l.classGroup.toUpperCase(), quantity: l.quantity! };
    });
  const keys = new Set(lines.map((l) => `${l.roundOfferId} ${l.classGroup}`));
  if (keys.size !== lines.length)
    throw new BundleRoundError("BAD_INPUT", "Een klas staat twee keer bij hetzelfde artikel; tel de aantallen samen.");
  const poNumber = form.poNumber?.trim() || null;
  if (lines.length > 0 && participant.school.poNumberRequired && !poNumber)
    throw new BundleRoundError(
      "BAD_INPUT",
      "Uw school werkt met inkoopordernummers: vul het inkoopordernummer in.",
      "poNumber",
    );
  await db.$transaction(async (tx) => {
    const changed = await tx.bundleRound.updateMany({
      where: { id: roundId, status: "OPEN", closesOn: { gte: today } },
      data: { changeCount: { increment: 1 } },
    });
    if (changed.count !== 1) {
      const round = await tx.bundleRound.findUniqueOrThrow({ where: { id: roundId } });
      if (round.status !== "OPEN")
        throw new BundleRoundError(
          "CLOSED",
          "Deze bundelronde is gesloten; de aantallen kunnen niet meer worden gewijzigd.",
        );
      throw new BundleRoundError(
        "PAST_DEADLINE",
        `De sluitingsdatum (${formatDate(round.closesOn)}) is voorbij; de aantallen kunnen niet meer worden gewijzigd.`,
      );
    }
    await tx.bundleRoundQuantity.deleteMany({ where: { participantId: participant.id } });
    if (lines.length)
      await tx.bundleRoundQuantity.createMany({ data: lines.map((l) => ({ ...l, participantId: participant.id })) });
    await tx.bundleRoundSchool.update({
      where: { id: participant.id },
      data: { poNumber, enteredById: school.userId },
    });
    await audit(
      {
        userId: school.userId,
        action: "bundle-round.quantities",
        entity: "BundleRound",
        entityId: roundId,
        detail: { schoolId: school.schoolId, lines: lines.length },
      },
      tx,
    );
  });
}

// ---------------------------------------------------------------- closing

export type CloseResult =
  { outcome: "CLOSED"; orders: number } | { outcome: "ALREADY_CLOSED" } | { outcome: "NOT_PLACED"; problems: string[] };

class AlreadyClosed extends Error {}

/**
 * Closes a round and places each school's order at the round's tiers — exactly once (see the
 * header). `scope` is the coordinator's board, or null for the maintenance run. The orders are
 * placed in the name of the school admin who last entered the school's quantities (or the
 * coordinator), dated `today`, on invoice, with the school's PO number.
 */
export async function closeRound(
  roundId: string,
  scope: { boardId: string } | null,
  userId: string | null,
  today = todayInAmsterdam(),
): Promise<CloseResult> {
  const found = await db.bundleRound.findFirst({
    where: scope ? { id: roundId, boardId: scope.boardId } : { id: roundId },
    select: { id: true, status: true },
  });
  if (!found) throw new BundleRoundError("NOT_FOUND", "Deze bundelronde bestaat niet.");
  if (found.status === "CLOSED") return { outcome: "ALREADY_CLOSED" };
  // No more changes from here on (a change in flight finishes first: it holds the row).
  await db.bundleRound.updateMany({ where: { id: roundId, status: "OPEN" }, data: { status: "CLOSING" } });

  const loaded = await loadRound(roundId, scope ?? { boardId: (await boardIdOf(roundId))! });
  const { round, offers, schools } = loaded;
  if (round.status === "CLOSED") return { outcome: "ALREADY_CLOSED" };
  const problems: string[] = loaded.missing.map(
    (id) => `${offerLabel(offers, id)} staat niet meer in de prijslijst ${round.priceList.name}.`,
  );
  const combined = combinedQuantities(schools);
  const lists: ApplicableLists = {
    lists: [{ id: round.priceList.id, name: round.priceList.name, kind: round.priceList.kind }],
    pricesIncludeVat: round.priceList.pricesIncludeVat,
  };
  const prepared: { participantId: string; order: PreparedOrder }[] = [];
  for (const participant of round.schools) {
    const lines = schools.find((s) => s.schoolId === participant.schoolId)?.lines ?? [];
    if (lines.length === 0 || participant.orderId) continue;
    try {
      const order = await prepareOrder(
        {
          kind: "SCHOOL",
          schoolId: participant.schoolId,
          userId: participant.enteredById ?? round.createdById,
          idempotencyKey: `bundelronde:${round.id}:${participant.schoolId}`,
          paymentMethod: "INVOICE",
          poNumber: participant.poNumber,
          remark: `Bundelronde ${round.name}`,
          items: lines.map((l) => ({ offerId: l.offerId, quantity: l.quantity, classGroup: l.classGroup })),
          date: today,
        },
        { lists, tierQuantities: combined },
      );
      prepared.push({ participantId: participant.id, order });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push(`${participant.school.name}: ${error.message}`);
    }
  }
  problems.push(...stockProblems(round, offers, schools, combined));
  if (problems.length) return reopen(roundId, userId, problems);

  try {
    const placed = await db.$transaction(
      async (tx) => {
        const closed = await tx.bundleRound.updateMany({
          where: { id: roundId, status: "CLOSING" },
          data: { status: "CLOSED", closedAt: new Date(), closeProblem: null },
        });
        if (closed.count !== 1) throw new AlreadyClosed();
        for (const { participantId, order } of prepared) {
          const { orderId } = await insertPreparedOrder(tx, order);
          const linked = await tx.bundleRoundSchool.updateMany({
            where: { id: participantId, orderId: null },
            data: { orderId },
          });
          if (linked.count !== 1) throw new AlreadyClosed();
        }
        await audit(
          {
            userId,
            action: "bundle-round.close",
            entity: "BundleRound",
            entityId: roundId,
            detail: { orders: prepared.length, by: userId ? "coordinator" : "maintenance" },
          },
          tx,
        );
        return prepared.length;
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
    return { outcome: "CLOSED", orders: placed };
  } catch (error) {
    if (error instanceof AlreadyClosed) {
      // Another closing finished first: it placed the orders, or it found stock short and reopened.
      const now = await db.bundleRound.findUniqueOrThrow({ where: { id: roundId } });
      if (now.status === "CLOSED") return { outcome: "ALREADY_CLOSED" };
      return { outcome: "NOT_PLACED", problems: now.closeProblem?.split("\n") ?? [] };
    }
    // Stock taken by another order since the check above: nothing was placed.
    if (error instanceof OrderError && error.code === "OUT_OF_STOCK") return reopen(roundId, userId, [error.message]);
    throw error;
  }
}

async function boardIdOf(roundId: string): Promise<string | undefined> {
  return (await db.bundleRound.findUnique({ where: { id: roundId }, select: { boardId: true } }))?.boardId;
}

/** Per offer that holds stock and is short for the combined quantity: each school that orders it. */
function stockProblems(
  round: LoadedRound["round"],
  offers: Map<string, OfferForPricing>,
  schools: SchoolQuantities[],
  combined: Map<string, number>,
): string[] {
  const problems: string[] = [];
  for (const [offerId, quantity] of combined) {
    const offer = offers.get(offerId);
    if (!offer || !offerHoldsStock(offer) || offer.stock === null || offer.stock >= quantity) continue;
    const per = schools
      .map((s) => ({
        name: round.schools.find((p) => p.schoolId === s.schoolId)!.school.name,
        quantity: s.lines.filter((l) => l.offerId === offerId).reduce((sum, l) => sum + l.quantity, 0),
      }))
      .filter((s) => s.quantity > 0);
    problems.push(
      `${offerLabel(offers, offerId)}: samen ${formatNumber(quantity)} besteld, nog ${formatNumber(offer.stock)} op voorraad — ` +
        per.map((s) => `${s.name} ${formatNumber(s.quantity)}`).join(", ") +
        ".",
    );
  }
  return problems;
}

/** Nothing placed: back to OPEN with the problems for the coordinator. */
async function reopen(roundId: string, userId: string | null, problems: string[]): Promise<CloseResult> {
  await db.$transaction(async (tx) => {
    await tx.bundleRound.updateMany({
      where: { id: roundId, status: "CLOSING" },
      data: { status: "OPEN", closeProblem: problems.join("\n") },
    });
    await audit(
      { userId, action: "bundle-round.close-refused", entity: "BundleRound", entityId: roundId, detail: { problems } },
      tx,
    );
  });
  return { outcome: "NOT_PLACED", problems };
}

/**
 * The maintenance run: closes every round whose closing day has passed (and any left CLOSING by
 * an interrupted run). A round that cannot be placed stays open with its problem and is tried
 * again on the next run.
 */
export async function closeDueRounds(today = todayInAmsterdam()): Promise<{ closed: number; notPlaced: number }> {
  const due = await db.bundleRound.findMany({
    where: { OR: [{ status: "OPEN", closesOn: { lt: today } }, { status: "CLOSING" }] },
    select: { id: true },
    orderBy: { closesOn: "asc" },
  });
  let closed = 0;
  let notPlaced = 0;
  for (const { id } of due) {
    const result = await closeRound(id, null, null, today);
    if (result.outcome === "CLOSED") closed++;
    if (result.outcome === "NOT_PLACED") notPlaced++;
  }
  return { closed, notPlaced };
}

// ---------------------------------------------------------------- export

/**
 * The round for the board's administration, one row per school, offer and class group: the
 * round's unit price, the line amount at it and alone, and the school's order (`;`, UTF-8 with
 * BOM, amounts with a decimal point, as the finance CSV).
 */
export async function roundCsv(roundId: string, boardId: string, today = todayInAmsterdam()): Promise<string> {
  const view = await roundView(roundId, { boardId }, today);
  const header = [
    "Bundelronde",
    "School",
    "BRIN",
    "Artikel",
    "EAN",
    "Klas",
    "Aantal",
    "Aantal samen",
    "Staffel vanaf",
    "Prijs per stuk",
    "Bedrag",
    "Besparing school (incl. btw)",
    "Bestelling",
    "Inkoopordernummer",
    "Totaal bestelling (incl. btw)",
  ];
  const rows = [header.join(CSV_SEPARATOR)];
  for (const school of view.schools) {
    for (const q of school.quantities) {
      const offer = view.offers.find((o) => o.offerId === q.offerId);
      if (!offer) continue;
      const unitPrice = fromE4(offer.unitPriceE4);
      // the line amount as the engine rounds it: round(unit price × quantity) (DESIGN.md §3.1)
      const amount = roundCents(unitPrice.times(q.quantity));
      rows.push(
        [
          view.name,
          school.name,
          school.brin ?? "",
          offer.label,
          offer.ean,
          q.classGroup,
          String(q.quantity),
          String(offer.combinedQuantity),
          offer.tierMinQuantity === null ? "" : String(offer.tierMinQuantity),
          unitPrice.toFixed(4),
          amount.toFixed(2),
          school.share?.savingGross ?? "",
          school.order?.number ?? "",
          school.poNumber ?? "",
          school.order?.grossAmount ?? "",
        ]
          .map((v) => csvField(v, { text: true }))
          .join(CSV_SEPARATOR),
      );
    }
  }
  return CSV_BOM + rows.join(CSV_EOL) + CSV_EOL;
}
