/**
 * The operator's price-list maintenance: lists (default, consumer, contract per board) and their
 * entries with quantity tiers. Each save is one transaction with an audit row; form problems come
 * back as Dutch messages per field.
 */
import { db } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import {
  validateEntry,
  validatePriceList,
  type EntryFormText,
  type FieldErrors,
  type PriceListFormText,
} from "./price-list-admin";
import { isUniqueViolation } from "~/modules/errors/unique-violation";

export const ENTRIES_PER_PAGE = 25;

export type SaveResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };

export async function listPriceLists() {
  return db.priceList.findMany({
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    include: { organisation: { select: { name: true } }, _count: { select: { entries: true } } },
  });
}

export async function boardOptions() {
  return db.organisation.findMany({
    where: { kind: "BOARD" },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}

/** Creates (priceListId null) or updates a price list; a contract list belongs to a school board. */
export async function savePriceList(
  priceListId: string | null,
  form: PriceListFormText,
  userId: string,
): Promise<SaveResult> {
  const checked = validatePriceList(form);
  if (!checked.ok) return checked;
  const v = checked.value;
  return db.$transaction(async (tx): Promise<SaveResult> => {
    if (priceListId && !(await tx.priceList.findUnique({ where: { id: priceListId }, select: { id: true } }))) {
      throw new Response("Prijslijst niet gevonden.", { status: 404 });
    }
    if (v.kind === "DEFAULT" || v.kind === "CONSUMER") {
      // Pricing takes THE default list for schools and THE consumer list for parents: one of each.
      const other = await tx.priceList.findFirst({
        where: { kind: v.kind, ...(priceListId ? { id: { not: priceListId } } : {}) },
        select: { name: true },
      });
      if (other) {
        return {
          ok: false,
          errors: {
            kind: `Er is al een ${v.kind === "DEFAULT" ? "standaardprijslijst" : "consumentenprijslijst"} ("${other.name}"); pas die aan in plaats van een tweede te maken.`,
          },
        };
      }
    }
    if (v.organisationId) {
      const board = await tx.organisation.findFirst({
        where: { id: v.organisationId, kind: "BOARD" },
        select: { id: true },
      });
      if (!board) return { ok: false, errors: { organisationId: "Kies een bestaand schoolbestuur." } };
    }
    const id = priceListId
      ? (await tx.priceList.update({ where: { id: priceListId }, data: v })).id
      : (await tx.priceList.create({ data: v })).id;
    await audit(
      {
        userId,
        action: priceListId ? "price-list.update" : "price-list.create",
        entity: "PriceList",
        entityId: id,
        detail: v,
      },
      tx,
    );
    return { ok: true, id };
  });
}

/** A price list with one page of its entries, searched by EAN or title (case-insensitive via searchText). */
export async function getPriceListForAdmin(priceListId: string, query: { q: string; page: number }) {
  const priceList = await db.priceList.findUnique({
    where: { id: priceListId },
    include: { organisation: { select: { name: true } } },
  });
  if (!priceList) return null;
  const q = query.q.trim().toLowerCase();
  const where = {
    priceListId,
    // Digits only: an EAN (or part of one) — matched on the offer itself, not on its title's other EANs.
    ...(/^\d{4,13}$/.test(q)
      ? { offer: { ean: { contains: q } } }
      : q
        ? { offer: { OR: [{ ean: { contains: q } }, { title: { searchText: { contains: q } } }] } }
        : {}),
  };
  const total = await db.priceListEntry.count({ where });
  const pages = Math.max(1, Math.ceil(total / ENTRIES_PER_PAGE));
  const page = Math.min(Math.max(1, query.page), pages);
  const entries = await db.priceListEntry.findMany({
    where,
    orderBy: [{ offer: { ean: "asc" } }],
    skip: (page - 1) * ENTRIES_PER_PAGE,
    take: ENTRIES_PER_PAGE,
    include: {
      offer: { select: { ean: true, formatLabel: true, title: { select: { name: true } } } },
      tiers: { orderBy: { minQuantity: "asc" } },
    },
  });
  return { priceList, entries, total, page, pages };
}

/**
 * Sets the price of an offer (found by EAN) on a list, replacing its tiers: creates the entry or
 * updates the existing one for that offer. One transaction.
 */
export async function saveEntry(priceListId: string, form: EntryFormText, userId: string): Promise<SaveResult> {
  const checked = validateEntry(form);
  if (!checked.ok) return checked;
  const v = checked.value;
  return db
    .$transaction(async (tx): Promise<SaveResult> => {
      if (!(await tx.priceList.findUnique({ where: { id: priceListId }, select: { id: true } }))) {
        throw new Response("Prijslijst niet gevonden.", { status: 404 });
      }
      const offer = await tx.offer.findUnique({ where: { ean: v.ean }, select: { id: true } });
      if (!offer) return { ok: false, errors: { ean: `Er is geen aanbieding met EAN/ISBN ${v.ean}.` } };
      const entry = await tx.priceListEntry.upsert({
        where: { priceListId_offerId: { priceListId, offerId: offer.id } },
        create: { priceListId, offerId: offer.id, unitPriceE4: v.unitPriceE4 },
        update: { unitPriceE4: v.unitPriceE4 },
      });
      await tx.priceTier.deleteMany({ where: { entryId: entry.id } });
      if (v.tiers.length) await tx.priceTier.createMany({ data: v.tiers.map((t) => ({ ...t, entryId: entry.id })) });
      await audit(
        {
          userId,
          action: "price-entry.save",
          entity: "PriceListEntry",
          entityId: entry.id,
          detail: { priceListId, ...v },
        },
        tx,
      );
      return { ok: true, id: entry.id };
    })
    .catch((error: unknown): SaveResult => {
      // Two saves created the same (list, offer) entry at once; the unique index kept one.
      if (isUniqueViolation(error)) {
        return {
          ok: false,
          errors: {
            ean: "Deze prijs werd tegelijk door iemand anders opgeslagen; controleer de lijst en probeer het opnieuw.",
          },
        };
      }
      throw error;
    });
}

/** Removes an offer's price (and its tiers) from a list. */
export async function deleteEntry(priceListId: string, entryId: string, userId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const entry = await tx.priceListEntry.findFirst({
      where: { id: entryId, priceListId },
      include: { offer: { select: { ean: true } } },
    });
    if (!entry) return false;
    await tx.priceListEntry.delete({ where: { id: entry.id } });
    await audit(
      {
        userId,
        action: "price-entry.delete",
        entity: "PriceListEntry",
        entityId: entry.id,
        detail: { priceListId, ean: entry.offer.ean },
      },
      tx,
    );
    return true;
  });
}
