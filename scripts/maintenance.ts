/**
 * `npm run maintenance`: applies the retention schedule once (app/modules/audit/retention.server.ts)
 * and prints what it deleted. Safe to run from cron on every instance: it only deletes expired rows.
 */
import { db } from "~/db.server";
import { runMaintenance } from "~/modules/audit/retention.server";

const result = await runMaintenance();
console.log(
  `maintenance: ${result.rateLimitBuckets} expired rate-limit buckets, ${result.sessions} expired sessions, ` +
    `${result.auditEntries} audit entries older than 2 years, ${result.financialAuditEntries} financial audit entries older than 7 years deleted, ` +
    `${result.deliveryAddresses} home delivery addresses erased`,
);
await db.$disconnect();
