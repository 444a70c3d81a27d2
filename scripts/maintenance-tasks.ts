/**
 * The maintenance tasks, in one list: `npm run maintenance` runs them once (from cron), the worker
 * (`npm run worker`, scripts/worker.ts) once an hour. Each is safe to run on every instance at once:
 * - the retention schedule (app/modules/audit/retention.server.ts) only deletes expired rows;
 * - bundle rounds whose closing day has passed are placed at the combined tier (issue 15), exactly
 *   once; one that cannot be supplied stays open with its problem and is tried again next time;
 * - licences whose last valid day has passed get their EXPIRED change, once (issue 16).
 */
import { runMaintenance } from "~/modules/audit/retention.server";
import { expireLicences } from "~/modules/licences/licence-expiry.server";
import { closeDueRounds } from "~/modules/orders/bundle-round.server";

export async function runMaintenanceTasks(log: (line: string) => void = console.log): Promise<void> {
  const result = await runMaintenance();
  log(
    `maintenance: ${result.rateLimitBuckets} expired rate-limit buckets, ${result.sessions} expired sessions, ` +
      `${result.auditEntries} audit entries older than 2 years, ${result.financialAuditEntries} financial audit entries older than 7 years deleted, ` +
      `${result.deliveryAddresses} home delivery addresses erased, ${result.pushEvents} webhook events older than 90 days deleted`,
  );
  const rounds = await closeDueRounds();
  log(`maintenance: ${rounds.closed} bundle rounds closed, ${rounds.notPlaced} not placed (stock short)`);
  const expired = await expireLicences();
  log(`maintenance: ${expired} licences expired (EXPIRED change recorded)`);
}
