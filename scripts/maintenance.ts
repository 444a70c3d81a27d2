/**
 * `npm run maintenance`: runs the maintenance tasks once (scripts/maintenance-tasks.ts: retention,
 * bundle rounds due, licence expiry) and prints what they did. Safe to run from cron on every
 * instance; `npm run worker` runs the same tasks once an hour.
 */
import { db } from "~/db.server";
import { runMaintenanceTasks } from "./maintenance-tasks";

await runMaintenanceTasks();
await db.$disconnect();
