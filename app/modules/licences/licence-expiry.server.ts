/**
 * Licence expiry (issue 16 §2, docs/decisions/016-licence-expiry.md). A licence is expired when its
 * last valid day (validTo, inclusive) lies before today in Amsterdam. That is derived — the stored
 * status stays ACTIVE or REVOKED — but the change feed must say it once: `expireLicences(today)`
 * records one EXPIRED LicenceChange per active licence bound to a pupil whose validTo has passed,
 * for the pupil holding it. Run by `npm run maintenance` and the worker; idempotent (a licence with
 * an EXPIRED change is not chosen again), one transaction per batch, under the change log's lock.
 */
import { db } from "~/db.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { lockChangeLog, recordLicenceChanges } from "~/modules/delivery/entitlements-changes.server";

/** Licences recorded per transaction: the change log's lock is held for one batch at a time. */
export const EXPIRY_BATCH_SIZE = 500;

/**
 * Records the EXPIRED change of every licence that expired before `today` and has none yet; returns
 * how many it recorded. Revoked licences are skipped (their REVOKED change ended them), and so are
 * unbound ones (there is no pupil to tell; an expired licence cannot be bound afterwards).
 * Safe to run at the same time as itself and as licence changes: each batch takes the change log's
 * lock before it reads, so a concurrent run sees this one's changes and never records a licence twice.
 */
export async function expireLicences(
  today: string = todayInAmsterdam(),
  options: { batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? EXPIRY_BATCH_SIZE;
  let recorded = 0;
  // Keyset over the licence id: each batch goes on after the last one, so a run reads each licence
  // once (starting from the first id again would re-read every licence just recorded).
  let afterId = "";
  for (;;) {
    const batch = await db.$transaction(async (tx) => {
      await lockChangeLog(tx);
      const due = await tx.licence.findMany({
        where: {
          id: { gt: afterId },
          status: "ACTIVE",
          validTo: { lt: today },
          pseudonymId: { not: null },
          changes: { none: { kind: "EXPIRED" } },
        },
        orderBy: { id: "asc" },
        take: batchSize,
        select: { id: true, pseudonymId: true },
      });
      await recordLicenceChanges(
        tx,
        due.map((l) => ({ licenceId: l.id, pseudonymId: l.pseudonymId!, kind: "EXPIRED" as const })),
      );
      return due;
    });
    recorded += batch.length;
    if (batch.length < batchSize) return recorded;
    afterId = batch[batch.length - 1]!.id;
  }
}
