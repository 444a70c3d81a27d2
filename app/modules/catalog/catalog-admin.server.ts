/**
 * The operator's catalogue maintenance: titles and their offers. Each save is one transaction
 * that also keeps Title.searchText and the search index current (refreshTitleSearchText) and writes an
 * audit row. Form problems come back as Dutch messages per field, never as thrown errors.
 */
import { db, type Tx } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import {
  titleSearchText,
  slugify,
  validateOffer,
  validateTitle,
  type FieldErrors,
  type OfferFormText,
  type TitleFormText,
} from "./catalog-admin";
import { isUniqueViolation } from "~/modules/errors/unique-violation";
import { bumpCatalogueVersion } from "./search/index.server";
import { titleActiveFormats, titleSearchKey } from "./search/normalize";

export const TITLES_PER_PAGE = 25;

export type SaveResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };

/** Titles for the admin list, newest name order, searched in searchText (case-insensitive by construction). */
export async function listTitlesForAdmin(query: { q: string; page: number }) {
  const q = query.q.trim().toLowerCase();
  const where = q ? { searchText: { contains: q } } : {};
  const total = await db.title.count({ where });
  const pages = Math.max(1, Math.ceil(total / TITLES_PER_PAGE));
  const page = Math.min(Math.max(1, query.page), pages);
  const titles = await db.title.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    skip: (page - 1) * TITLES_PER_PAGE,
    take: TITLES_PER_PAGE,
    select: {
      id: true,
      name: true,
      sector: true,
      reviewed: true,
      publisher: { select: { name: true } },
      subject: { select: { name: true } },
      _count: { select: { offers: true } },
    },
  });
  return { titles, total, page, pages };
}

/** Choices for the title form. */
export async function titleFormOptions() {
  const [publishers, subjects, goals] = await Promise.all([
    db.publisher.findMany({ orderBy: { name: "asc" } }),
    db.subject.findMany({ orderBy: { name: "asc" } }),
    db.learningGoal.findMany({ orderBy: { code: "asc" } }),
  ]);
  return { publishers, subjects, goals };
}

export async function getTitleForAdmin(titleId: string) {
  return db.title.findUnique({
    where: { id: titleId },
    include: {
      publisher: true,
      subject: true,
      levels: true,
      years: { orderBy: { year: "asc" } },
      learningGoals: true,
      offers: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: { components: { orderBy: { position: "asc" } } },
      },
    },
  });
}

/**
 * Recomputes Title.searchText, the word index's searchKey (folded; the SQLite FTS table follows by
 * trigger) and activeFormats from the title's current name, publisher and offers, and bumps the
 * catalogue version so every instance's cached search lists are dropped — in the caller's transaction.
 */
export async function refreshTitleSearchText(tx: Tx, titleId: string): Promise<void> {
  const title = await tx.title.findUniqueOrThrow({
    where: { id: titleId },
    select: {
      name: true,
      publisher: { select: { name: true } },
      offers: { select: { ean: true, format: true, active: true }, orderBy: { createdAt: "asc" } },
    },
  });
  const eans = title.offers.map((o) => o.ean);
  await tx.title.update({
    where: { id: titleId },
    data: {
      searchText: titleSearchText(title.name, title.publisher.name, eans),
      searchKey: titleSearchKey(title.name, title.publisher.name, eans),
      activeFormats: titleActiveFormats(title.offers),
    },
  });
  await bumpCatalogueVersion(tx);
}

async function uniqueSlug(tx: Tx, base: string, exceptId: string | null): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const taken = await tx.title.findUnique({ where: { slug: candidate }, select: { id: true } });
    if (!taken || taken.id === exceptId) return candidate;
  }
}

/**
 * Creates (titleId null) or updates a title with its levels, years and learning goals. A slug
 * left empty is derived from the name (with -2, -3 … when taken); a slug typed in must be free.
 */
export async function saveTitle(titleId: string | null, form: TitleFormText, userId: string): Promise<SaveResult> {
  const checked = validateTitle(form);
  if (!checked.ok) return checked;
  const v = checked.value;
  return db
    .$transaction(async (tx): Promise<SaveResult> => {
      const errors: FieldErrors = {};
      if (titleId && !(await tx.title.findUnique({ where: { id: titleId }, select: { id: true } }))) {
        throw new Response("Titel niet gevonden.", { status: 404 });
      }
      let slug: string;
      if (v.slug) {
        const taken = await tx.title.findUnique({ where: { slug: v.slug }, select: { id: true } });
        if (taken && taken.id !== titleId) errors.slug = "Deze slug is al in gebruik bij een andere titel.";
        slug = v.slug;
      } else {
        slug = await uniqueSlug(tx, slugify(v.name), titleId);
      }
      if (!(await tx.subject.findUnique({ where: { id: v.subjectId }, select: { id: true } })))
        errors.subjectId = "Kies een bestaand vak.";
      let publisherId: string | null = null;
      if ("id" in v.publisher) {
        const found = await tx.publisher.findUnique({ where: { id: v.publisher.id }, select: { id: true } });
        if (!found) errors.publisherId = "Kies een bestaande uitgever.";
        else publisherId = found.id;
      }
      const goals = await tx.learningGoal.findMany({ where: { id: { in: v.goalIds } }, select: { id: true } });
      if (goals.length !== v.goalIds.length) errors.goalIds = "Een gekozen leerdoel bestaat niet meer.";
      if (Object.keys(errors).length) return { ok: false, errors };
      if (!publisherId && "newName" in v.publisher) {
        const name = v.publisher.newName;
        publisherId =
          (await tx.publisher.findUnique({ where: { name } }))?.id ??
          (await tx.publisher.create({ data: { name } })).id;
      }
      const data = {
        name: v.name,
        slug,
        publisherId: publisherId!,
        subjectId: v.subjectId,
        sector: v.sector,
        description: v.description,
        reviewed: v.reviewed,
      };
      const id = titleId
        ? (await tx.title.update({ where: { id: titleId }, data })).id
        : (await tx.title.create({ data })).id;
      await tx.titleLevel.deleteMany({ where: { titleId: id } });
      await tx.titleYear.deleteMany({ where: { titleId: id } });
      await tx.titleLearningGoal.deleteMany({ where: { titleId: id } });
      if (v.levels.length) await tx.titleLevel.createMany({ data: v.levels.map((level) => ({ titleId: id, level })) });
      if (v.years.length) await tx.titleYear.createMany({ data: v.years.map((year) => ({ titleId: id, year })) });
      if (v.goalIds.length)
        await tx.titleLearningGoal.createMany({ data: v.goalIds.map((goalId) => ({ titleId: id, goalId })) });
      await refreshTitleSearchText(tx, id);
      await audit(
        {
          userId,
          action: titleId ? "title.update" : "title.create",
          entity: "Title",
          entityId: id,
          detail: { ...v, slug },
        },
        tx,
      );
      return { ok: true, id };
    })
    .catch((error: unknown): SaveResult => {
      if (isUniqueViolation(error))
        return {
          ok: false,
          errors: { slug: "Deze slug is zojuist door een andere titel in gebruik genomen; sla opnieuw op." },
        };
      throw error;
    });
}

/**
 * Creates (offerId null) or updates an offer of a title, replacing its bundle components.
 * The EAN must be unique over all offers; format is derived from the supply.
 */
export async function saveOffer(
  titleId: string,
  offerId: string | null,
  form: OfferFormText,
  userId: string,
): Promise<SaveResult> {
  const checked = validateOffer(form);
  if (!checked.ok) return checked;
  const v = checked.value;
  return db
    .$transaction(async (tx): Promise<SaveResult> => {
      if (offerId) {
        const existing = await tx.offer.findFirst({ where: { id: offerId, titleId }, select: { id: true } });
        if (!existing) throw new Response("Aanbieding niet gevonden.", { status: 404 });
      } else if (!(await tx.title.findUnique({ where: { id: titleId }, select: { id: true } }))) {
        throw new Response("Titel niet gevonden.", { status: 404 });
      }
      const clash = await tx.offer.findUnique({
        where: { ean: v.ean },
        select: { id: true, title: { select: { name: true } } },
      });
      if (clash && clash.id !== offerId) {
        return { ok: false, errors: { ean: `Deze EAN/ISBN is al in gebruik bij “${clash.title.name}”.` } };
      }
      const data = {
        ean: v.ean,
        formatLabel: v.formatLabel,
        supply: v.supply,
        format: v.format,
        licenceMonths: v.licenceMonths,
        stock: v.stock,
        active: v.active,
        reuseYears: v.reuseYears,
      };
      const id = offerId
        ? (await tx.offer.update({ where: { id: offerId }, data })).id
        : (await tx.offer.create({ data: { ...data, titleId } })).id;
      await tx.bundleComponent.deleteMany({ where: { offerId: id } });
      if (v.components.length) {
        await tx.bundleComponent.createMany({ data: v.components.map((c) => ({ ...c, offerId: id })) });
      }
      await refreshTitleSearchText(tx, titleId);
      await audit(
        { userId, action: offerId ? "offer.update" : "offer.create", entity: "Offer", entityId: id, detail: v },
        tx,
      );
      return { ok: true, id };
    })
    .catch((error: unknown): SaveResult => {
      if (isUniqueViolation(error))
        return { ok: false, errors: { ean: "Deze EAN/ISBN is al in gebruik bij een andere aanbieding." } };
      throw error;
    });
}

/** Counts for the admin start page. */
export async function adminOverview() {
  const [titles, offers, schools, priceLists] = await Promise.all([
    db.title.count(),
    db.offer.count(),
    db.organisation.count({ where: { kind: "SCHOOL" } }),
    db.priceList.count(),
  ]);
  return { titles, offers, schools, priceLists };
}
