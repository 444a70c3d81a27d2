/**
 * "Verdeel over klas H2A": binds the unassigned active licences of one order line to the class's
 * pseudonyms that do not hold an active licence of that product (offer) yet, from this order or
 * another — in one transaction, everything scoped by the school in the query. Only the school's
 * own purchases: a parent-paid line is refused (PARENT_PAID), and so is a cancelled order
 * (ORDER_CANCELLED: its licences are revoked, there is nothing to hand out). Returns how many
 * licences were assigned.
 */
import { db } from "~/db.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { recordLicenceChanges } from "~/modules/delivery/entitlements-changes.server";
import { LicenceError, PARENT_PAID_MESSAGE } from "./licences.server";

export async function distributeLicencesOverClass(
  schoolId: string,
  orderLineId: string,
  classGroup: string,
): Promise<number> {
  return db.$transaction(async (tx) => {
    const line = await tx.orderLine.findFirst({
      where: { id: orderLineId, order: { schoolId } },
      select: { id: true, offerId: true, order: { select: { kind: true, status: true } } },
    });
    if (!line) throw new LicenceError("NOT_FOUND", "Deze bestelregel bestaat niet.");
    // A parent's licences stay on the pupil they were bought for (DESIGN §6).
    if (line.order.kind !== "SCHOOL") throw new LicenceError("PARENT_PAID", PARENT_PAID_MESSAGE);
    if (line.order.status === "CANCELLED")
      throw new LicenceError(
        "ORDER_CANCELLED",
        "Deze bestelling is geannuleerd: haar licenties zijn ingetrokken en kunnen niet worden verdeeld.",
      );
    // Writes the class's pupil rows (unchanged) first, as assignLicence writes its pupil's: a
    // concurrent assignment or distribution waits, then sees these licences.
    await tx.studentPseudonym.updateMany({ where: { schoolId, classGroup }, data: { schoolId } });
    const [free, pupils, holders] = await Promise.all([
      tx.licence.findMany({
        // not an expired one (its last valid day has passed: licence-expiry.server.ts)
        where: { orderLineId, schoolId, status: "ACTIVE", pseudonymId: null, validTo: { gte: todayInAmsterdam() } },
        orderBy: [{ createdAt: "asc" }, { code: "asc" }],
        select: { id: true },
      }),
      tx.studentPseudonym.findMany({
        where: { schoolId, classGroup },
        orderBy: { pseudonym: "asc" },
        select: { id: true },
      }),
      tx.licence.findMany({
        where: { offerId: line.offerId, schoolId, status: "ACTIVE", pseudonymId: { not: null } },
        select: { pseudonymId: true },
      }),
    ]);
    if (pupils.length === 0)
      throw new LicenceError("PSEUDONYM_NOT_FOUND", `Klas ${classGroup} heeft geen leerlingen bij uw school.`, {
        field: "classGroup",
      });
    const has = new Set(holders.map((h) => h.pseudonymId));
    const waiting = pupils.filter((p) => !has.has(p.id));
    const now = new Date();
    const activated: { licenceId: string; pseudonymId: string; kind: "ACTIVATED" }[] = [];
    for (let i = 0; i < Math.min(free.length, waiting.length); i++) {
      const changed = await tx.licence.updateMany({
        where: { id: free[i]!.id, schoolId, pseudonymId: null },
        data: { pseudonymId: waiting[i]!.id, assignedAt: now },
      });
      if (changed.count) activated.push({ licenceId: free[i]!.id, pseudonymId: waiting[i]!.id, kind: "ACTIVATED" });
    }
    await recordLicenceChanges(tx, activated);
    return activated.length;
  });
}
