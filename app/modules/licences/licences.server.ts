/**
 * Licences (DESIGN.md §2): one per unit of a digital part, with an activation code, valid for
 * the offer's licence duration from the day it is made, bound to a student pseudonym (never a
 * name) — at once for a parent's order, later by the school administrator for a class order.
 */
import { randomInt } from "node:crypto";
import { db, type Tx } from "~/db.server";
import { parseFrozen } from "~/modules/pricing/frozen-pricing";
import type { LicenceStatus } from "~/db-enums";
import { offerCarriesLicence, type Supply } from "~/modules/vat/supply";
import { DomainError } from "~/modules/errors/domain-error";
import { recordLicenceChanges } from "~/modules/delivery/entitlements-changes.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { isExpired, licenceValidTo } from "./licence-validity";

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** 16 symbols of 32 (80 bits), printed in groups of four. */
export function generateLicenceCode(): string {
  let raw = "";
  for (let i = 0; i < 16; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return raw.match(/.{4}/g)!.join("-");
}

/** Creates the order's licences once (a second call finds them and does nothing). */
export async function createLicencesForOrder(tx: Tx, orderId: string, today: string): Promise<number> {
  if ((await tx.licence.count({ where: { orderId } })) > 0) return 0;
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: true } });
  const frozen = parseFrozen(order.breakdownJson);
  const rows: {
    code: string;
    offerId: string;
    orderId: string;
    orderLineId: string;
    schoolId: string;
    pseudonymId: string | null;
    classGroup: string;
    validFrom: string;
    validTo: string;
    status: LicenceStatus;
    assignedAt: Date | null;
  }[] = [];
  for (const line of order.lines) {
    const frozenLine = frozen.input.lines.find((l) => l.id === String(line.position));
    const digital = offerCarriesLicence({
      supply: line.supply as Supply,
      components: frozenLine?.components as { supply: Supply }[] | undefined,
    });
    const units = line.quantity - line.refundedQuantity;
    if (!digital || units <= 0) continue;
    for (let i = 0; i < units; i++) {
      rows.push({
        code: generateLicenceCode(),
        offerId: line.offerId,
        orderId,
        orderLineId: line.id,
        schoolId: order.schoolId,
        pseudonymId: order.pseudonymId,
        classGroup: line.classGroup,
        validFrom: today,
        validTo: licenceValidTo(today, line.licenceMonths ?? 12),
        status: "ACTIVE",
        assignedAt: order.pseudonymId ? new Date() : null,
      });
    }
  }
  if (rows.length) await tx.licence.createMany({ data: rows });
  // A parent's order binds its licences to the pupil at once: valid for them from now (change feed).
  if (rows.length && order.pseudonymId) {
    const pseudonymId = order.pseudonymId;
    const made = await tx.licence.findMany({ where: { orderId }, select: { id: true } });
    await recordLicenceChanges(
      tx,
      made.map((l) => ({ licenceId: l.id, pseudonymId, kind: "ACTIVATED" as const })),
    );
  }
  return rows.length;
}

/** Revokes up to `quantity` active licences of an order line (unassigned ones first). */
export async function revokeLicences(tx: Tx, orderLineId: string, quantity: number | "ALL"): Promise<number> {
  const active = await tx.licence.findMany({
    where: { orderLineId, status: "ACTIVE" },
    orderBy: [{ assignedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }],
    select: { id: true, pseudonymId: true },
  });
  const chosen = (quantity === "ALL" ? active : active.slice(0, quantity)).map((l) => l.id);
  // Conditional on ACTIVE and returning the rows it changed: a concurrent revocation of the same
  // licences (PostgreSQL, read committed) changes them once and records them once (change feed).
  const revoked = chosen.length
    ? await tx.licence.updateManyAndReturn({
        where: { id: { in: chosen }, status: "ACTIVE" },
        data: { status: "REVOKED", revokedAt: new Date() },
        select: { id: true, pseudonymId: true },
      })
    : [];
  await recordLicenceChanges(
    tx,
    revoked.flatMap((l) =>
      l.pseudonymId ? [{ licenceId: l.id, pseudonymId: l.pseudonymId, kind: "REVOKED" as const }] : [],
    ),
  );
  return revoked.length;
}

type LicenceErrorCode =
  "NOT_FOUND" | "PSEUDONYM_NOT_FOUND" | "REVOKED" | "EXPIRED" | "PARENT_PAID" | "ALREADY_HOLDS" | "ORDER_CANCELLED";

/**
 * HTTP status of a licence refusal: a parent's licence is not the school's to move, a pupil who
 * already holds the product and a cancelled order are conflicts with the stored state (409).
 */
export const LICENCE_ERROR_STATUS: Record<LicenceErrorCode, number> = {
  NOT_FOUND: 404,
  PSEUDONYM_NOT_FOUND: 400,
  REVOKED: 409,
  EXPIRED: 409,
  PARENT_PAID: 409,
  ALREADY_HOLDS: 409,
  ORDER_CANCELLED: 409,
};

export class LicenceError extends DomainError<LicenceErrorCode> {
  constructor(code: LicenceErrorCode, message: string, options: { field?: string } = {}) {
    super(code, message, { status: LICENCE_ERROR_STATUS[code], field: options.field });
  }
}

export const PARENT_PAID_MESSAGE =
  "Deze licentie is door een ouder betaald en hoort bij de leerling voor wie die besteld is. De school kan haar niet aan een andere leerling geven.";

/**
 * Binds a school's licence to one of that school's pseudonyms (or unbinds it with null). Only
 * licences of the school's own purchases move: one a parent paid for stays on its pupil
 * (refused with PARENT_PAID), and the update itself is conditional on Order.kind SCHOOL. A pupil
 * holds at most one active licence of a product (offer): a second one is refused (ALREADY_HOLDS,
 * naming the code the pupil has) rather than spent on someone who cannot use it.
 */
export async function assignLicence(schoolId: string, licenceId: string, pseudonymId: string | null): Promise<void> {
  await db.$transaction(async (tx) => {
    const licence = await tx.licence.findFirst({
      where: { id: licenceId, schoolId },
      include: { order: { select: { kind: true } } },
    });
    if (!licence) throw new LicenceError("NOT_FOUND", "Deze licentie bestaat niet.");
    if (licence.order.kind !== "SCHOOL") throw new LicenceError("PARENT_PAID", PARENT_PAID_MESSAGE);
    if (licence.status !== "ACTIVE") throw new LicenceError("REVOKED", "Deze licentie is ingetrokken.");
    // An expired licence is not handed to a pupil any more (its EXPIRED change is recorded once).
    if (pseudonymId && isExpired(licence.validTo, todayInAmsterdam()))
      throw new LicenceError("EXPIRED", `Deze licentie is verlopen (geldig tot en met ${licence.validTo}).`);
    if (pseudonymId) {
      // Writes the pupil's row (unchanged) first: on PostgreSQL a concurrent assignment to the same
      // pupil waits here and then sees this one's licence (no two of one product); SQLite
      // serialises writers anyway.
      await tx.studentPseudonym.updateMany({ where: { id: pseudonymId, schoolId }, data: { schoolId } });
      const pseudonym = await tx.studentPseudonym.findFirst({ where: { id: pseudonymId, schoolId } });
      if (!pseudonym)
        throw new LicenceError("PSEUDONYM_NOT_FOUND", "Deze leerling hoort niet bij uw school.", {
          field: "pseudonymId",
        });
      const held = await heldLicence(tx, schoolId, licence.offerId, pseudonymId, licence.id);
      if (held)
        throw new LicenceError(
          "ALREADY_HOLDS",
          `Deze leerling heeft al een licentie voor dit product (${held.code}). Hef die toewijzing eerst op of kies een andere leerling.`,
          { field: "pseudonymId" },
        );
    }
    const moved = await tx.licence.updateMany({
      where: { id: licence.id, schoolId, order: { kind: "SCHOOL" } },
      data: { pseudonymId, assignedAt: pseudonymId ? new Date() : null },
    });
    // The pupil who had it loses it, the new one gains it (change feed); nothing for an unchanged binding.
    if (moved.count && licence.pseudonymId !== pseudonymId) {
      await recordLicenceChanges(tx, [
        ...(licence.pseudonymId
          ? [{ licenceId: licence.id, pseudonymId: licence.pseudonymId, kind: "REVOKED" as const }]
          : []),
        ...(pseudonymId ? [{ licenceId: licence.id, pseudonymId, kind: "ACTIVATED" as const }] : []),
      ]);
    }
  });
}

/** The pupil's active licence of the same product (offer), other than `exceptId`, if there is one. */
function heldLicence(tx: Tx, schoolId: string, offerId: string, pseudonymId: string, exceptId: string) {
  return tx.licence.findFirst({
    where: { schoolId, offerId, pseudonymId, status: "ACTIVE", id: { not: exceptId } },
    select: { code: true },
  });
}
