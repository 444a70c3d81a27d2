/**
 * What the entitlements API answers (issue 16 §2), for one API client, i.e. one publisher:
 * - a pupil's licences of the publisher's products, by ECK iD;
 * - the change feed of those licences, after an opaque cursor.
 * Both only for schools with a processing agreement with the publisher (schoolsWithAgreement,
 * the one delivery gate) and only for pupils known by an ECK iD: a school-local pseudonym is not
 * delivered through this API. Nothing else about the pupil or school leaves the shop.
 */
import { db, type Db, type Tx } from "~/db.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { schoolsWithAgreement } from "./agreements.server";
import { pseudonymKind } from "./pseudonym-kind";

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
  return licence.validTo < today ? "expired" : "active";
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
  // One statement (the lookup is the API's hot path; each Prisma query costs its own round trip):
  // the agreement gate as a join on ProcessingAgreement — the same rule as schoolsWithAgreement —
  // the pupil through the (schoolId, pseudonym) index, their licences by pseudonymId, and only the
  // publisher's products.
  const licences = await client.$queryRaw<
    { ean: string; title: string; validFrom: string; validTo: string; status: string }[]
  >`SELECT o."ean" AS "ean", t."name" AS "title", l."validFrom" AS "validFrom", l."validTo" AS "validTo", l."status" AS "status"
    FROM "ProcessingAgreement" a
    JOIN "StudentPseudonym" p ON p."schoolId" = a."schoolId" AND p."pseudonym" = ${eckId}
    JOIN "Licence" l ON l."pseudonymId" = p."id"
    JOIN "Offer" o ON o."id" = l."offerId"
    JOIN "Title" t ON t."id" = o."titleId"
    WHERE a."publisherId" = ${publisherId} AND t."publisherId" = ${publisherId}`;
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

export interface EntitlementChange {
  /** The cursor just after this change. */
  cursor: string;
  kind: "activated" | "revoked";
  eckId: string;
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

/**
 * The publisher's changes after the cursor's change id, in id order, at most `pageSize`. Changes
 * at schools without an agreement, or of pupils without an ECK iD, are skipped but still move the
 * cursor on, so a page may hold fewer than `pageSize` changes while `hasMore` is true.
 */
export async function changesFor(
  publisherId: string,
  afterId: number,
  options: { client?: Db | Tx; pageSize?: number } = {},
): Promise<ChangesPage> {
  const client = options.client ?? db;
  const pageSize = options.pageSize ?? CHANGES_PAGE_SIZE;
  const [schools, rows] = await Promise.all([
    schoolsWithAgreement(client, publisherId),
    client.licenceChange.findMany({
      where: { publisherId, id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: pageSize + 1,
      select: { id: true, kind: true, at: true, schoolId: true, pseudonymId: true, licenceId: true },
    }),
  ]);
  const page = rows.slice(0, pageSize);
  const wanted = page.filter((r) => schools.has(r.schoolId) && r.pseudonymId);
  const [pupils, licences] = await Promise.all([
    client.studentPseudonym.findMany({
      where: { id: { in: [...new Set(wanted.map((r) => r.pseudonymId!))] } },
      select: { id: true, pseudonym: true },
    }),
    client.licence.findMany({
      where: { id: { in: [...new Set(wanted.map((r) => r.licenceId))] } },
      select: {
        id: true,
        validFrom: true,
        validTo: true,
        offer: { select: { ean: true, title: { select: { name: true } } } },
      },
    }),
  ]);
  const pupilById = new Map(pupils.map((p) => [p.id, p.pseudonym]));
  const licenceById = new Map(licences.map((l) => [l.id, l]));
  const changes: EntitlementChange[] = [];
  for (const r of wanted) {
    const eckId = pupilById.get(r.pseudonymId!);
    const licence = licenceById.get(r.licenceId);
    if (!eckId || !licence || pseudonymKind(eckId) !== "ECK_ID") continue;
    changes.push({
      cursor: encodeCursor(r.id),
      kind: r.kind === "REVOKED" ? "revoked" : "activated",
      eckId,
      ean: licence.offer.ean,
      title: licence.offer.title.name,
      validFrom: licence.validFrom,
      validTo: licence.validTo,
      at: r.at.toISOString(),
    });
  }
  const lastId = page.length ? page[page.length - 1]!.id : afterId;
  return { changes, next: encodeCursor(lastId), hasMore: rows.length > pageSize };
}
