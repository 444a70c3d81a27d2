/**
 * The retention schedule (DESIGN §6: "retention periods are documented and enforced"; the why
 * is in docs/decisions/007-privacy-and-retention.md). `runMaintenance` applies it: from
 * `npm run maintenance` (scripts/maintenance.ts) and at server start-up. It only deletes rows
 * past their period, so running it twice, or on two instances at once, does no harm.
 *
 * | what                 | kept until                                                        |
 * |----------------------|-------------------------------------------------------------------|
 * | rate-limit buckets   | the end of their window (`expiresAt`)                             |
 * | sessions             | their idle (2 h) or absolute (12 h) expiry                        |
 * | audit entries        | 2 years; financial ones (invoices, orders, payments, refunds,     |
 * |                      | VAT rates) and erasures 7 years — the fiscal retention (art. 52   |
 * |                      | AWR) of the records they explain                                  |
 * | home delivery address| 30 days after delivery, cancellation or a full refund (erased)    |
 * | webhook delivery log | 90 days for a delivered, given-up or never-to-be-sent event       |
 *
 * Invoices and credit notes themselves are never deleted by the shop (immutable, 7 years).
 */
import { db } from "~/db.server";
import { deleteExpiredRateLimitBuckets } from "~/modules/auth/rate-limit.server";
import { deleteExpiredSessions } from "~/modules/auth/session.server";
import { deleteExpiredPushLog } from "~/modules/delivery/webhooks.server";
import { eraseExpiredDeliveryAddresses } from "~/modules/privacy/delivery-address.server";

export const AUDIT_RETENTION_YEARS = 2;
export const FINANCIAL_AUDIT_RETENTION_YEARS = 7;
/** Audit actions kept for the fiscal period: they document the books or an erasure. */
export const FINANCIAL_AUDIT_PREFIXES = [
  "invoice.",
  "order.",
  "payment.",
  "refund.",
  "vat-rate.",
  "privacy.erase",
] as const;

function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

export interface MaintenanceResult {
  rateLimitBuckets: number;
  sessions: number;
  auditEntries: number;
  financialAuditEntries: number;
  /** Home delivery addresses erased 30 days after delivery (modules/privacy/delivery-address.server.ts). */
  deliveryAddresses: number;
  /** Push events (and their attempts) past the delivery log's 90 days (modules/delivery/webhooks.server.ts). */
  pushEvents: number;
}

/** Deletes what the schedule says has expired at `now`; returns how many rows of each went. */
export async function runMaintenance(now = new Date()): Promise<MaintenanceResult> {
  const financial = FINANCIAL_AUDIT_PREFIXES.map((p) => ({ action: { startsWith: p } }));
  const rateLimitBuckets = await deleteExpiredRateLimitBuckets(now);
  const sessions = await deleteExpiredSessions(now);
  const auditEntries = (
    await db.auditLog.deleteMany({
      where: { at: { lt: yearsBefore(now, AUDIT_RETENTION_YEARS) }, NOT: { OR: financial } },
    })
  ).count;
  const financialAuditEntries = (
    await db.auditLog.deleteMany({
      where: { at: { lt: yearsBefore(now, FINANCIAL_AUDIT_RETENTION_YEARS) }, OR: financial },
    })
  ).count;
  const deliveryAddresses = await eraseExpiredDeliveryAddresses(now);
  const pushEvents = await deleteExpiredPushLog(now);
  return { rateLimitBuckets, sessions, auditEntries, financialAuditEntries, deliveryAddresses, pushEvents };
}
