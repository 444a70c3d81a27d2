/**
 * The licence change log behind the change feed (issue 16 §2): every change a learning platform
 * must follow — a licence becomes valid for a pupil (ACTIVATED), stops being valid for them
 * (REVOKED), or passes its last valid day (EXPIRED, once per licence, written by expireLicences in
 * app/modules/licences/licence-expiry.server.ts) — is inserted into LicenceChange in the SAME
 * transaction as the change itself, by the licence module (app/modules/licences/*.server.ts). The
 * autoincrement id is the feed's cursor.
 *
 * No change may be lost behind a reader's cursor: ids must become visible in id order. SQLite
 * serialises writing transactions, so they do. On PostgreSQL a sequence hands out ids at insert
 * time and a later id may commit first; a transaction-scoped advisory lock taken before the insert
 * makes the inserting transactions commit one after the other, in id order (the lock is held until
 * commit). It is taken late — after the licence rows are written — so it is held briefly.
 */
import { DEFAULT_DATABASE_URL, providerOf, type Tx } from "~/db.server";

export type LicenceChangeKind = "ACTIVATED" | "REVOKED" | "EXPIRED";

/** Advisory lock key of the change log (an arbitrary constant, 'LWLC'). */
const CHANGE_LOG_LOCK = 0x4c574c43;

export interface LicenceChangeInput {
  licenceId: string;
  /** The pupil the change is about (for REVOKED after re-assignment: the pupil who lost it). */
  pseudonymId: string;
  kind: LicenceChangeKind;
}

/**
 * Takes the change log's lock for the rest of the caller's transaction: on PostgreSQL the advisory
 * lock every LicenceChange writer takes (re-entrant: recordLicenceChanges may take it again); on
 * SQLite a write that changes nothing, so the transaction holds the database's write lock from here
 * on (as its first statement it cannot fail on a stale snapshot; other writers wait for the busy
 * timeout). For a writer that decides WHAT to record from what it reads (expireLicences): call it
 * first, and the read sees every change committed before.
 */
export async function lockChangeLog(tx: Tx): Promise<void> {
  if (providerOf(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL) === "postgresql") {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`);
  } else {
    await tx.$executeRawUnsafe(`UPDATE "LicenceChange" SET "kind" = "kind" WHERE "id" = -1`);
  }
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
