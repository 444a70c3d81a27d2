/**
 * What the entitlements API answers (issue 16 §2, §4), for one API client, i.e. one publisher:
 * - a pupil's licences of the publisher's products, by ECK iD (entitlementsFor) or — only where
 *   the school accepts it for the publisher — by the school's local pseudonym (localEntitlementsFor);
 * - the change feed of those licences, after an opaque cursor (changesFor), mapped by
 *   deliverableChanges, which push delivery uses too.
 * Only schools with a processing agreement with the publisher (the one delivery gate, agreementGate)
 * and only pupils the pseudonym rule allows (deliversPseudonym: an ECK iD always, a school-local
 * pseudonym where the school accepts it). Nothing else about the pupil or school leaves the shop;
 * a school is named (by BRIN) only next to a local pseudonym, which means nothing without it.
 */
import { db, type Db, type Tx } from "~/db.server";
import { Prisma } from "~/generated/sqlite/client";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { isExpired } from "~/modules/licences/licence-validity";
import { agreementGate } from "./agreements.server";
import { deliversPseudonym, pseudonymKind, type PseudonymKind } from "./pseudonym-kind";

export type EntitlementStatus = "active" | "expired" | "revoked";

export interface Entitlement {
  ean: string;
  title: string;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, the last day it is valid */
  validTo: string;
  status: EntitlementStatus;
}

function statusOf(licence: { status: string; validTo: string }, today: string): EntitlementStatus {
  if (licence.status === "REVOKED") return "revoked";
  return isExpired(licence.validTo, today) ? "expired" : "active";
}

type LicenceRow = { ean: string; title: string; validFrom: string; validTo: string; status: string };

function toEntitlements(licences: LicenceRow[], today: string): Entitlement[] {
  return licences
    .map((l) => ({
      ean: l.ean,
      title: l.title,
      validFrom: l.validFrom,
      validTo: l.validTo,
      status: statusOf(l, today),
    }))
    .sort((a, b) => a.ean.localeCompare(b.ean) || a.validFrom.localeCompare(b.validFrom));
}

/**
 * The pupil's licences of the publisher's products at schools with an agreement, by product EAN.
 * A pupil unknown to the shop, or known only elsewhere, gets the same empty list.
 */
export async function entitlementsFor(
  publisherId: string,
  eckId: string,
  options: { client?: Db | Tx; today?: string } = {},
): Promise<Entitlement[]> {
  const client = options.client ?? db;
  const today = options.today ?? todayInAmsterdam();
  return toEntitlements(await pupilLicences(client, publisherId, eckId, Prisma.empty), today);
}

/**
 * The licences of the pupil with this pseudonym, of the publisher's products, at the schools
 * with an agreement with the publisher (narrowed by `agreementCondition`), in one statement (the
 * API's hot path; each Prisma query costs its own round trip): the agreement gate as a join on
 * ProcessingAgreement — the same rule as agreementGate — the pupil through the (schoolId,
 * pseudonym) index, their licences by pseudonymId.
 */
function pupilLicences(
  client: Db | Tx,
  publisherId: string,
  pseudonym: string,
  agreementCondition: Prisma.Sql,
): Promise<LicenceRow[]> {
  return client.$queryRaw<
    LicenceRow[]
  >`SELECT o."ean" AS "ean", t."name" AS "title", l."validFrom" AS "validFrom", l."validTo" AS "validTo", l."status" AS "status"
    FROM "ProcessingAgreement" a
    JOIN "StudentPseudonym" p ON p."schoolId" = a."schoolId" AND p."pseudonym" = ${pseudonym}
    JOIN "Licence" l ON l."pseudonymId" = p."id"
    JOIN "Offer" o ON o."id" = l."offerId"
    JOIN "Title" t ON t."id" = o."titleId"
    WHERE a."publisherId" = ${publisherId} ${agreementCondition} AND t."publisherId" = ${publisherId}`;
}

/**
 * The licences of the pupil known at the school by the local pseudonym, of the publisher's
 * products — only when the school has an agreement with the publisher that accepts local
 * pseudonyms (§4); otherwise, as for an unknown pupil, an empty list.
 */
export async function localEntitlementsFor(
  publisherId: string,
  schoolId: string,
  pseudonym: string,
  options: { client?: Db | Tx; today?: string } = {},
): Promise<Entitlement[]> {
  const client = options.client ?? db;
  const today = options.today ?? todayInAmsterdam();
  // an ECK iD is looked up by entitlementsFor, at every school with an agreement
  if (pseudonymKind(pseudonym) !== "LOCAL") return [];
  const atSchool = Prisma.sql`AND a."schoolId" = ${schoolId} AND a."acceptsLocalPseudonyms" = ${true}`;
  return toEntitlements(await pupilLicences(client, publisherId, pseudonym, atSchool), today);
}

/** The school a client names by BRIN (any case) or by its id, or null. */
export async function schoolByReference(reference: string, client: Db | Tx = db): Promise<{ id: string } | null> {
  return client.organisation.findFirst({
    where: { kind: "SCHOOL", OR: [{ brin: reference.toUpperCase() }, { id: reference }] },
    select: { id: true },
  });
}

// ---------------------------------------------------------------- the change feed

export const CHANGES_PAGE_SIZE = 100;

/** The cursor as the client sees it: opaque text around the last change id it has seen. */
export function encodeCursor(id: number): string {
  return Buffer.from(`lc1:${id}`, "utf8").toString("base64url");
}

/** The change id a cursor stands for, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const match = /^lc1:(0|[1-9][0-9]{0,14})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
}

export type EntitlementChangeKind = "activated" | "revoked" | "expired";

/** The feed's name of a LicenceChange kind (ACTIVATED, REVOKED, EXPIRED). */
export function changeKindOf(kind: string): EntitlementChangeKind {
  if (kind === "REVOKED") return "revoked";
  if (kind === "EXPIRED") return "expired";
  return "activated";
}

export interface EntitlementChange {
  /** The cursor just after this change. */
  cursor: string;
  kind: EntitlementChangeKind;
  /** How the pupil is identified: by ECK iD, or by the school's local pseudonym (then `school` says which school). */
  pseudonymKind: PseudonymKind;
  /** The pupil's pseudonym as delivered: the ECK iD, or the school-local pseudonym. */
  pseudonym: string;
  /** The ECK iD; null for a school-local pseudonym. */
  eckId: string | null;
  /** The school's BRIN (its id when it has none) for a school-local pseudonym; null for an ECK iD. */
  school: string | null;
  ean: string;
  title: string;
  validFrom: string;
  validTo: string;
  /** ISO 8601 instant of the change */
  at: string;
}

export interface ChangesPage {
  changes: EntitlementChange[];
  /** Pass as `after` for the next page (the same cursor when there was nothing new). */
  next: string;
  /** true when the next page is known to have more changes now */
  hasMore: boolean;
}

/** A LicenceChange row as deliverableChanges needs it. */
export interface LicenceChangeRow {
  id: number;
  kind: string;
  at: Date;
  schoolId: string;
  pseudonymId: string | null;
  licenceId: string;
}

/**
 * The API items of the publisher's change rows that may be delivered to it, in the rows' order:
 * the row's school has an agreement with the publisher and the pupil's pseudonym passes the §4
 * rule (deliversPseudonym). The others are left out. The one mapping of a change for delivery —
 * the change feed and push delivery both use it.
 */
export async function deliverableChanges(
  client: Db | Tx,
  publisherId: string,
  rows: readonly LicenceChangeRow[],
): Promise<{ changeId: number; item: EntitlementChange }[]> {
  const gate = await agreementGate(client, publisherId);
  const gated = rows.filter((r) => gate.has(r.schoolId) && r.pseudonymId);
  if (gated.length === 0) return [];
  const [pupils, licences] = await Promise.all([
    client.studentPseudonym.findMany({
      where: { id: { in: [...new Set(gated.map((r) => r.pseudonymId!))] } },
      select: { id: true, pseudonym: true, school: { select: { id: true, brin: true } } },
    }),
    client.licence.findMany({
      where: { id: { in: [...new Set(gated.map((r) => r.licenceId))] } },
      select: {
        id: true,
        validFrom: true,
        validTo: true,
        offer: { select: { ean: true, title: { select: { name: true } } } },
      },
    }),
  ]);
  const pupilById = new Map(pupils.map((p) => [p.id, p]));
  const licenceById = new Map(licences.map((l) => [l.id, l]));
  const items: { changeId: number; item: EntitlementChange }[] = [];
  for (const r of gated) {
    const pupil = pupilById.get(r.pseudonymId!);
    const licence = licenceById.get(r.licenceId);
    if (!pupil || !licence) continue;
    if (!deliversPseudonym(pupil.pseudonym, gate.get(r.schoolId)!.acceptsLocalPseudonyms)) continue;
    const kind = pseudonymKind(pupil.pseudonym);
    items.push({
      changeId: r.id,
      item: {
        cursor: encodeCursor(r.id),
        kind: changeKindOf(r.kind),
        pseudonymKind: kind,
        pseudonym: pupil.pseudonym,
        eckId: kind === "ECK_ID" ? pupil.pseudonym : null,
        school: kind === "LOCAL" ? (pupil.school.brin ?? pupil.school.id) : null,
        ean: licence.offer.ean,
        title: licence.offer.title.name,
        validFrom: licence.validFrom,
        validTo: licence.validTo,
        at: r.at.toISOString(),
      },
    });
  }
  return items;
}

/**
 * The publisher's changes after the cursor's change id, in id order, at most `pageSize`. Changes
 * that may not be delivered (deliverableChanges) are skipped but still move the cursor on, so a
 * page may hold fewer than `pageSize` changes while `hasMore` is true.
 */
export async function changesFor(
  publisherId: string,
  afterId: number,
  options: { client?: Db | Tx; pageSize?: number } = {},
): Promise<ChangesPage> {
  const client = options.client ?? db;
  const pageSize = options.pageSize ?? CHANGES_PAGE_SIZE;
  const rows = await client.licenceChange.findMany({
    where: { publisherId, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: pageSize + 1,
    select: { id: true, kind: true, at: true, schoolId: true, pseudonymId: true, licenceId: true },
  });
  const page = rows.slice(0, pageSize);
  const changes = (await deliverableChanges(client, publisherId, page)).map((c) => c.item);
  const lastId = page.length ? page[page.length - 1]!.id : afterId;
  return { changes, next: encodeCursor(lastId), hasMore: rows.length > pageSize };
}
