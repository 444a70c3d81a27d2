/**
 * `npm run worker`: the app's background worker, started next to `npm start` (README, "Run it").
 * Every WORKER_INTERVAL_MS (default 5 s) one delivery pass — licence changes become webhook events
 * (enqueueEvents) and the events due are sent (deliverDue; app/modules/delivery/webhooks.server.ts)
 * — and once an hour, starting at once, the maintenance tasks (scripts/maintenance-tasks.ts).
 * One worker is enough; several (on several machines) never send one event twice at the same time
 * (each event is claimed with a lease). SIGTERM/SIGINT: the current pass finishes, then it exits.
 *
 *   npm run worker              runs until stopped
 *   tsx scripts/worker.ts --once one delivery pass (no maintenance), then exits (tests, cron)
 */
import { db } from "~/db.server";
import { deliverDue, enqueueEvents } from "~/modules/delivery/webhooks.server";
import { runMaintenanceTasks } from "./maintenance-tasks";

const MAINTENANCE_EVERY_MS = 60 * 60 * 1000;
const configured = Number(process.env.WORKER_INTERVAL_MS);
const intervalMs = Number.isSafeInteger(configured) && configured > 0 ? configured : 5000;
const log = (line: string) => console.log(`${new Date().toISOString()} worker: ${line}`);

async function deliveryPass(report: boolean): Promise<void> {
  const enqueued = await enqueueEvents();
  const sent = await deliverDue();
  if (report || enqueued.created > 0 || sent.attempts > 0)
    log(
      `${enqueued.created} events created, ${sent.attempts} sent: ${sent.delivered} delivered, ` +
        `${sent.failed} given up`,
    );
}

if (process.argv.includes("--once")) {
  await deliveryPass(true);
  await db.$disconnect();
} else {
  let stopping = false;
  let wake: (() => void) | null = null;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping after the current pass`);
    wake?.();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  log(`started (every ${intervalMs} ms; maintenance every hour)`);
  let nextMaintenance = 0;
  while (!stopping) {
    try {
      if (Date.now() >= nextMaintenance) {
        nextMaintenance = Date.now() + MAINTENANCE_EVERY_MS;
        await runMaintenanceTasks(log);
      }
      await deliveryPass(false);
    } catch (error) {
      // a database hiccup must not end the worker: log it and try again on the next round
      log(`pass failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (stopping) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = null;
  }
  await db.$disconnect();
  log("stopped");
}
