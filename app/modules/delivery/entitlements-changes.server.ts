/**
 * The licence change log behind the change feed (issue 16 §2): every change a learning platform
 * must follow — a licence becomes valid for a pupil (ACTIVATED) or stops being valid for them
 * (REVOKED) — is inserted into LicenceChange in the SAME transaction as the change itself, by the
 * licence module (app/modules/licences/*.server.ts). The autoincrement id is the feed's cursor.
 *
 * No change may be lost behind a reader's cursor: ids must become visible in id order. SQLite
 * serialises writing transactions, so they do. On PostgreSQL a sequence hands out ids at insert
 * time and a later id may commit first; a transaction-scoped advisory lock taken before the insert
 * makes the inserting transactions commit one after the other, in id order (the lock is held until
 * commit). It is taken late — after the licence rows are written — so it is held briefly.
 */
import { DEFAULT_DATABASE_URL, providerOf, type Tx } from "~/db.server";

export type LicenceChangeKind = "ACTIVATED" | "REVOKED";

/** Advisory lock key of the change log (an arbitrary constant, 'LWLC'). */
const CHANGE_LOG_LOCK = 0x4c574c43;

export interface LicenceChangeInput {
  licenceId: string;
  /** The pupil the change is about (for REVOKED after re-assignment: the pupil who lost it). */
  pseudonymId: string;
  kind: LicenceChangeKind;
}

/** Records the changes in the caller's transaction (nothing for an empty list). */
export async function recordLicenceChanges(tx: Tx, changes: readonly LicenceChangeInput[]): Promise<void> {
  if (changes.length === 0) return;
  const licences = await tx.licence.findMany({
    where: { id: { in: [...new Set(changes.map((c) => c.licenceId))] } },
    select: { id: true, schoolId: true, offer: { select: { title: { select: { publisherId: true } } } } },
  });
  const byId = new Map(licences.map((l) => [l.id, l]));
  if (providerOf(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL) === "postgresql") {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`);
  }
  await tx.licenceChange.createMany({
    data: changes.map((c) => {
      const licence = byId.get(c.licenceId);
      if (!licence) throw new Error(`recordLicenceChanges: licence ${c.licenceId} not found`);
      return {
        licenceId: c.licenceId,
        publisherId: licence.offer.title.publisherId,
        schoolId: licence.schoolId,
        pseudonymId: c.pseudonymId,
        kind: c.kind,
      };
    }),
  });
}
