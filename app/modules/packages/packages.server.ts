/**
 * Student packages for the school (DESIGN.md §2): a package per class group and school year
 * with items paid by the school or by parents and the offers a parent may choose; the import of
 * student pseudonyms with their order codes. Every query is scoped by the school's id. Order
 * codes are shown once and only their SHA-256 is stored (order-code.ts).
 */
import { db } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { generateOrderCode, hashOrderCode } from "./order-code";
import { PackageDeliveryInput, PackageInput, PAID_STATUSES } from "./package-rules";
import type { PseudonymRow } from "./pseudonym-csv";
import { forgetPricedPackages } from "./parent-package.server";
import { bumpCatalogueVersion } from "~/modules/catalog/search/index.server";

export async function listPackages(schoolId: string) {
  return db.studentPackage.findMany({
    where: { schoolId },
    orderBy: [{ schoolYear: "desc" }, { classGroup: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      classGroup: true,
      schoolYear: true,
      orderFrom: true,
      orderUntil: true,
      allowRepeatOrders: true,
      _count: { select: { items: true, orders: true } },
    },
  });
}

export async function getPackage(schoolId: string, packageId: string) {
  return db.studentPackage.findFirst({
    where: { id: packageId, schoolId },
    include: {
      items: {
        orderBy: { position: "asc" },
        include: {
          offers: { select: { offerId: true } },
          title: {
            include: {
              offers: {
                where: { active: true },
                orderBy: { ean: "asc" },
                select: { id: true, ean: true, formatLabel: true, supply: true },
              },
            },
          },
        },
      },
    },
  });
}

export interface PupilOrderState {
  pseudonym: string;
  classGroup: string;
  ordered: boolean;
  paid: boolean;
}

/**
 * Per pupil pseudonym of a package's class (and any pupil who ordered it): only WHETHER the
 * package was ordered and paid (DESIGN §6: school staff see parents' orders as "ordered / paid"
 * per pseudonym). The query selects nothing else of a parent's order — no parent, no amounts,
 * no invoices. Ordered: an order that is not cancelled or fully refunded; paid: PAID_STATUSES.
 * Null when the package is not the school's.
 */
export async function pupilOrderStates(schoolId: string, packageId: string): Promise<PupilOrderState[] | null> {
  const pkg = await db.studentPackage.findFirst({
    where: { id: packageId, schoolId },
    select: { classGroup: true, schoolYear: true },
  });
  if (!pkg) return null;
  const [pupils, orders] = await Promise.all([
    db.studentPseudonym.findMany({
      where: {
        schoolId,
        OR: [
          { classGroup: pkg.classGroup, schoolYear: pkg.schoolYear },
          { orders: { some: { packageId, schoolId, kind: "PARENT" } } },
        ],
      },
      orderBy: [{ classGroup: "asc" }, { pseudonym: "asc" }],
      select: { id: true, pseudonym: true, classGroup: true },
    }),
    db.order.findMany({
      where: { packageId, schoolId, kind: "PARENT", status: { notIn: ["CANCELLED", "REFUNDED"] } },
      select: { pseudonymId: true, status: true },
    }),
  ]);
  const paid = new Set<string>(PAID_STATUSES);
  return pupils.map((p) => {
    const own = orders.filter((o) => o.pseudonymId === p.id);
    return {
      pseudonym: p.pseudonym,
      classGroup: p.classGroup,
      ordered: own.length > 0,
      paid: own.some((o) => paid.has(o.status)),
    };
  });
}

/** Titles whose name, publisher or an EAN matches `query` (case-insensitive via searchText), with their active offers. */
export async function searchTitles(query: string, take = 15) {
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  return db.title.findMany({
    where: { searchText: { contains: q } },
    orderBy: { name: "asc" },
    take,
    select: {
      id: true,
      name: true,
      publisher: { select: { name: true } },
      offers: {
        where: { active: true },
        orderBy: { ean: "asc" },
        select: { id: true, ean: true, formatLabel: true, supply: true },
      },
    },
  });
}

export type SavePackageResult = { ok: true; packageId: string } | { ok: false; errors: Record<string, string> };

/**
 * Creates (packageId null) or updates a package of the school with its items in ONE
 * transaction. Existing items keep their id (order lines refer to it); items left out are
 * removed. Every chosen offer must belong to the item's title.
 */
export async function savePackage(
  schoolId: string,
  packageId: string | null,
  raw: unknown,
  userId: string,
  itemIds: (string | null)[] = [],
): Promise<SavePackageResult> {
  const parsed = PackageInput.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".")] ??= issue.message;
    return { ok: false, errors };
  }
  const input = parsed.data;
  const titleIds = [...new Set(input.items.map((i) => i.titleId))];
  const offers = await db.offer.findMany({ where: { titleId: { in: titleIds } }, select: { id: true, titleId: true } });
  const titles = await db.title.findMany({ where: { id: { in: titleIds } }, select: { id: true, name: true } });
  const titleName = new Map(titles.map((t) => [t.id, t.name]));
  const errors: Record<string, string> = {};
  input.items.forEach((item, n) => {
    if (!titleName.has(item.titleId)) errors[`items.${n}.titleId`] = "Deze titel bestaat niet.";
    else if (!item.offerIds.every((id) => offers.some((o) => o.id === id && o.titleId === item.titleId)))
      errors[`items.${n}.offerIds`] = "Kies alleen uitvoeringen van deze titel.";
  });
  if (new Set(input.items.map((i) => i.titleId)).size !== input.items.length)
    errors.items = "Een titel staat twee keer in het pakket.";
  if (Object.keys(errors).length) return { ok: false, errors };

  const id = await db.$transaction(async (tx) => {
    const header = {
      name: input.name,
      classGroup: input.classGroup,
      schoolYear: input.schoolYear,
      orderFrom: input.orderFrom,
      orderUntil: input.orderUntil,
      allowRepeatOrders: input.allowRepeatOrders,
    };
    let pkgId: string;
    if (packageId) {
      const changed = await tx.studentPackage.updateMany({ where: { id: packageId, schoolId }, data: header });
      if (changed.count !== 1) throw new Response("Dit pakket bestaat niet.", { status: 404 });
      pkgId = packageId;
    } else {
      pkgId = (await tx.studentPackage.create({ data: { ...header, schoolId } })).id;
    }
    const existing = await tx.packageItem.findMany({ where: { packageId: pkgId }, select: { id: true } });
    const keep = new Set(itemIds.filter((x): x is string => !!x && existing.some((e) => e.id === x)));
    await tx.packageItem.deleteMany({ where: { packageId: pkgId, id: { notIn: [...keep] } } });
    // Two steps so that renumbering never collides with UNIQUE(packageId, position).
    await tx.packageItem.updateMany({ where: { packageId: pkgId }, data: { position: { increment: 100_000 } } });
    for (const [n, item] of input.items.entries()) {
      const data = { titleId: item.titleId, label: titleName.get(item.titleId)!, paidBy: item.paidBy, position: n + 1 };
      const itemId = itemIds[n];
      if (itemId && keep.has(itemId)) {
        await tx.packageItem.update({ where: { id: itemId }, data });
        await tx.packageItemOffer.deleteMany({ where: { itemId } });
        await tx.packageItemOffer.createMany({ data: item.offerIds.map((offerId) => ({ itemId, offerId })) });
      } else {
        await tx.packageItem.create({
          data: { ...data, packageId: pkgId, offers: { create: item.offerIds.map((offerId) => ({ offerId })) } },
        });
      }
    }
    await audit(
      {
        userId,
        action: packageId ? "package.update" : "package.create",
        entity: "StudentPackage",
        entityId: pkgId,
        detail: { items: input.items.length },
      },
      tx,
    );
    // Parents see the change at once here and within a second on every other instance or worker.
    await bumpCatalogueVersion(tx);
    return pkgId;
  });
  forgetPricedPackages();
  return { ok: true, packageId: id };
}

export interface IssuedCode {
  pseudonymId: string;
  pseudonym: string;
  classGroup: string;
  schoolYear: string;
  code: string;
}

/** When a code expires: the end of the ordering window of its package, else 31 July of the school year's second year. */
function expiryFor(
  packages: { classGroup: string; schoolYear: string; orderUntil: string }[],
  classGroup: string,
  schoolYear: string,
): string {
  const matching = packages
    .filter((p) => p.classGroup === classGroup && p.schoolYear === schoolYear)
    .map((p) => p.orderUntil)
    .sort();
  return matching.at(-1) ?? `${schoolYear.slice(5)}-07-31`;
}

/**
 * Imports parsed pseudonym rows for a school in ONE transaction. New pseudonyms get an order
 * code (returned once, stored only as its hash); known pseudonyms keep their code and get
 * the class group and year of the file.
 */
export async function importPseudonyms(
  schoolId: string,
  rows: PseudonymRow[],
  userId: string,
): Promise<{ created: IssuedCode[]; updated: number }> {
  const packages = await db.studentPackage.findMany({
    where: { schoolId },
    select: { classGroup: true, schoolYear: true, orderUntil: true },
  });
  return db.$transaction(
    async (tx) => {
      const known = await tx.studentPseudonym.findMany({
        where: { schoolId, pseudonym: { in: rows.map((r) => r.pseudonym) } },
        select: { id: true, pseudonym: true },
      });
      const knownBy = new Map(known.map((k) => [k.pseudonym, k.id]));
      const created: IssuedCode[] = [];
      let updated = 0;
      for (const row of rows) {
        const existingId = knownBy.get(row.pseudonym);
        if (existingId) {
          await tx.studentPseudonym.updateMany({
            where: { id: existingId, schoolId },
            data: { classGroup: row.classGroup, schoolYear: row.schoolYear },
          });
          updated++;
          continue;
        }
        const code = generateOrderCode();
        const p = await tx.studentPseudonym.create({
          data: {
            schoolId,
            pseudonym: row.pseudonym,
            classGroup: row.classGroup,
            schoolYear: row.schoolYear,
            orderCodeHash: hashOrderCode(code),
            codeExpiresOn: expiryFor(packages, row.classGroup, row.schoolYear),
          },
        });
        created.push({
          pseudonymId: p.id,
          pseudonym: p.pseudonym,
          classGroup: p.classGroup,
          schoolYear: p.schoolYear,
          code,
        });
      }
      await audit(
        {
          userId,
          action: "pseudonyms.import",
          entity: "Organisation",
          entityId: schoolId,
          detail: { created: created.length, updated },
        },
        tx,
      );
      return { created, updated };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** Replaces a pseudonym's order code (the old one stops working at once); the new code is returned once. */
export async function regenerateOrderCode(
  schoolId: string,
  pseudonymId: string,
  userId: string,
): Promise<IssuedCode | null> {
  const pseudonym = await db.studentPseudonym.findFirst({ where: { id: pseudonymId, schoolId } });
  if (!pseudonym) return null;
  const packages = await db.studentPackage.findMany({
    where: { schoolId },
    select: { classGroup: true, schoolYear: true, orderUntil: true },
  });
  const code = generateOrderCode();
  const expires = expiryFor(packages, pseudonym.classGroup, pseudonym.schoolYear);
  await db.$transaction(async (tx) => {
    await tx.studentPseudonym.updateMany({
      where: { id: pseudonymId, schoolId },
      data: {
        orderCodeHash: hashOrderCode(code),
        codeExpiresOn: expires > todayInAmsterdam() ? expires : pseudonym.codeExpiresOn,
      },
    });
    await audit({ userId, action: "pseudonym.new-code", entity: "StudentPseudonym", entityId: pseudonymId }, tx);
  });
  return {
    pseudonymId,
    pseudonym: pseudonym.pseudonym,
    classGroup: pseudonym.classGroup,
    schoolYear: pseudonym.schoolYear,
    code,
  };
}

export async function listPseudonyms(schoolId: string, filter: { classGroup?: string; schoolYear?: string } = {}) {
  return db.studentPseudonym.findMany({
    where: {
      schoolId,
      ...(filter.classGroup ? { classGroup: filter.classGroup } : {}),
      ...(filter.schoolYear ? { schoolYear: filter.schoolYear } : {}),
    },
    orderBy: [{ schoolYear: "desc" }, { classGroup: "asc" }, { createdAt: "asc" }],
    take: 500,
    select: {
      id: true,
      pseudonym: true,
      classGroup: true,
      schoolYear: true,
      codeExpiresOn: true,
      _count: { select: { orders: true } },
    },
  });
}

export interface LetterData {
  schoolName: string;
  pseudonym: string;
  classGroup: string;
  schoolYear: string;
  packageName: string | null;
  orderFrom: string | null;
  orderUntil: string | null;
  code: string;
}

/**
 * The parent letters for codes the school holds right now (posted back from the page that
 * showed them once). Each code must hash to a pseudonym of THIS school — a forged or foreign
 * code yields null and no letter is printed.
 */
export async function lettersForCodes(schoolId: string, codes: string[]): Promise<LetterData[] | null> {
  if (codes.length === 0 || codes.length > 5000) return null;
  const hashes = codes.map((c) => hashOrderCode(c));
  const [school, pseudonyms, packages] = await Promise.all([
    db.organisation.findUniqueOrThrow({ where: { id: schoolId }, select: { name: true } }),
    db.studentPseudonym.findMany({ where: { schoolId, orderCodeHash: { in: hashes } } }),
    db.studentPackage.findMany({
      where: { schoolId },
      select: { name: true, classGroup: true, schoolYear: true, orderFrom: true, orderUntil: true },
    }),
  ]);
  if (pseudonyms.length !== new Set(hashes).size) return null;
  const byHash = new Map(pseudonyms.map((p) => [p.orderCodeHash, p]));
  return codes.map((code, i) => {
    const p = byHash.get(hashes[i]!)!;
    const pkg = packages.find((x) => x.classGroup === p.classGroup && x.schoolYear === p.schoolYear);
    return {
      schoolName: school.name,
      pseudonym: p.pseudonym,
      classGroup: p.classGroup,
      schoolYear: p.schoolYear,
      packageName: pkg?.name ?? null,
      orderFrom: pkg?.orderFrom ?? null,
      orderUntil: pkg?.orderUntil ?? null,
      code,
    };
  });
}

// --- Editing one part of a package at a time (each page form posts one intent; the whole
// package is re-validated and saved by savePackage in one transaction).

async function currentInput(schoolId: string, packageId: string) {
  const pkg = await db.studentPackage.findFirst({
    where: { id: packageId, schoolId },
    include: { items: { orderBy: { position: "asc" }, include: { offers: { select: { offerId: true } } } } },
  });
  if (!pkg) return null;
  return {
    input: {
      name: pkg.name,
      classGroup: pkg.classGroup,
      schoolYear: pkg.schoolYear,
      orderFrom: pkg.orderFrom,
      orderUntil: pkg.orderUntil,
      allowRepeatOrders: pkg.allowRepeatOrders,
      items: pkg.items.map((i) => ({
        titleId: i.titleId ?? "",
        paidBy: i.paidBy,
        offerIds: i.offers.map((o) => o.offerId),
      })),
    },
    itemIds: pkg.items.map((i) => i.id as string | null),
  };
}

export interface PackageHeader {
  name: string;
  classGroup: string;
  schoolYear: string;
  orderFrom: string;
  orderUntil: string;
  allowRepeatOrders: boolean;
}

export async function createPackage(
  schoolId: string,
  header: PackageHeader,
  userId: string,
): Promise<SavePackageResult> {
  return savePackage(schoolId, null, { ...header, items: [] }, userId);
}

export async function updatePackageHeader(
  schoolId: string,
  packageId: string,
  header: PackageHeader,
  userId: string,
): Promise<SavePackageResult | null> {
  const current = await currentInput(schoolId, packageId);
  if (!current) return null;
  return savePackage(schoolId, packageId, { ...header, items: current.input.items }, userId, current.itemIds);
}

export async function addPackageItem(
  schoolId: string,
  packageId: string,
  item: { titleId: string; paidBy: string; offerIds: string[] },
  userId: string,
): Promise<SavePackageResult | null> {
  const current = await currentInput(schoolId, packageId);
  if (!current) return null;
  return savePackage(schoolId, packageId, { ...current.input, items: [...current.input.items, item] }, userId, [
    ...current.itemIds,
    null,
  ]);
}

export async function updatePackageItem(
  schoolId: string,
  packageId: string,
  itemId: string,
  change: { paidBy: string; offerIds: string[] },
  userId: string,
): Promise<SavePackageResult | null> {
  const current = await currentInput(schoolId, packageId);
  const index = current?.itemIds.indexOf(itemId) ?? -1;
  if (!current || index < 0) return null;
  const items = current.input.items.map((it, n) => (n === index ? { ...it, ...change } : it));
  return savePackage(schoolId, packageId, { ...current.input, items }, userId, current.itemIds);
}

export async function removePackageItem(
  schoolId: string,
  packageId: string,
  itemId: string,
  userId: string,
): Promise<SavePackageResult | null> {
  const current = await currentInput(schoolId, packageId);
  const index = current?.itemIds.indexOf(itemId) ?? -1;
  if (!current || index < 0) return null;
  return savePackage(
    schoolId,
    packageId,
    { ...current.input, items: current.input.items.filter((_, n) => n !== index) },
    userId,
    current.itemIds.filter((_, n) => n !== index),
  );
}

/**
 * Sets where the physical items of parents' orders of the package are delivered, and what
 * parents are told (issue 12). Orders placed before keep their delivery (their snapshot).
 */
export async function updatePackageDelivery(
  schoolId: string,
  packageId: string,
  raw: unknown,
  userId: string,
): Promise<SavePackageResult | null> {
  const parsed = PackageDeliveryInput.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".")] ??= issue.message;
    return { ok: false, errors };
  }
  const { mode, note, date } = parsed.data;
  const saved = await db.$transaction(async (tx) => {
    const changed = await tx.studentPackage.updateMany({
      where: { id: packageId, schoolId },
      data: { deliveryMode: mode, deliveryNote: note, deliveryDate: date },
    });
    if (changed.count !== 1) return null;
    await audit(
      { userId, action: "package.delivery", entity: "StudentPackage", entityId: packageId, detail: { mode } },
      tx,
    );
    await bumpCatalogueVersion(tx);
    return { ok: true as const, packageId };
  });
  if (saved) forgetPricedPackages();
  return saved;
}
