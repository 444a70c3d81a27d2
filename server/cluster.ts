/**
 * `npm start` on every core (docs/decisions/017-server-on-every-core.md): a primary process forks
 * WEB_CONCURRENCY workers, each a full server (server.ts) on the same port; Node's cluster module
 * hands new connections to the workers in turn. The primary loads none of the app: it starts the
 * workers, restarts one that dies (with a back-off), and stops them all on SIGTERM/SIGINT.
 * WEB_CONCURRENCY=1 is the single process of before, without a primary. Default: one worker per
 * core (defaultWebConcurrency says why).
 */
import cluster, { type Worker } from "node:cluster";
import type { Server } from "node:http";
import os from "node:os";

/** How long a worker must have served before its death counts as a fresh failure (no back-off). */
export const STABLE_AFTER_MS = 30_000;
/** The first restart waits this long; each further quick failure doubles it … */
export const RESTART_BASE_MS = 500;
/** … up to this. */
export const RESTART_MAX_MS = 30_000;
/** How long a stopping server waits for its requests in progress before it drops their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Set by the primary for its workers only (internal, not configuration). */
const START_UP_TASKS_ENV = "LEERWINKEL_START_UP_TASKS";

/**
 * How many server processes `npm start` runs when WEB_CONCURRENCY is not set: one per core the
 * process may use (`os.availableParallelism()`), on PostgreSQL and on SQLite alike (decision 017:
 * on this 2-core machine two workers served the package page 159 → 243 req/s on SQLite at the same
 * CPU per request). Each worker keeps its own caches; what a change must reach at once is kept
 * under the catalogue version, which every worker rereads within a second. Several processes on
 * SQLite are safe: transactions begin IMMEDIATE (app/db.server.ts).
 */
export function defaultWebConcurrency(cores: number = os.availableParallelism()): number {
  return Math.max(1, cores);
}

/**
 * WEB_CONCURRENCY: how many server processes `npm start` runs, a positive whole number; unset or
 * empty means `fallback` (defaultWebConcurrency).
 */
export function parseWebConcurrency(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value.trim()) < 1)
    throw new Error(`WEB_CONCURRENCY must be a positive whole number of server processes, got "${value}"`);
  return Number(value.trim());
}

/**
 * INSTANCE_COUNT as app/modules/auth/rate-limit.server.ts `instanceCount()` reads it (a positive
 * whole number; 1 when unset or invalid): here, how many `npm start` servers share the traffic.
 */
function configuredInstances(value: string | undefined): number {
  const configured = Number(value);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : 1;
}

/**
 * The wait before restarting a worker: RESTART_BASE_MS after a worker that had served a while,
 * doubled for each death in a row within STABLE_AFTER_MS of its start, at most RESTART_MAX_MS.
 */
export function restartDelayMs(quickFailures: number): number {
  return Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** Math.min(quickFailures, 16));
}

/**
 * Whether this process runs the start-up tasks that must run once per `npm start` (maintenance):
 * a single process does; in a cluster only the first worker the primary starts (not a restart).
 */
export function runsStartUpTasks(): boolean {
  return process.env[START_UP_TASKS_ENV] !== "0";
}

interface Slot {
  index: number;
  worker?: Worker;
  startedAt: number;
  listening: boolean;
  /** deaths in a row, each before the worker had served STABLE_AFTER_MS */
  quickFailures: number;
  restart?: NodeJS.Timeout;
}

export interface PrimaryOptions {
  workers: number;
  /** The line printed once every worker serves ("Leerwinkel (production) on …"); the worker count is appended. */
  readyLine: string;
}

/**
 * The primary: forks the workers, prints `readyLine` once all of them serve, restarts a worker
 * that dies (after restartDelayMs), and on SIGTERM/SIGINT stops them (each finishes its requests
 * in progress) and exits 0. A worker that dies before the server ever served (no build, port in
 * use, bad configuration) stops the whole start with exit status 1, as a single process would.
 */
export function runPrimary({ workers, readyLine }: PrimaryOptions): void {
  // Each worker is one of INSTANCE_COUNT × workers processes sharing the traffic: the in-memory
  // per-instance limits (rate-limit.server.ts perInstanceLimit) divide by that product.
  const processes = configuredInstances(process.env.INSTANCE_COUNT) * workers;
  const slots: Slot[] = Array.from({ length: workers }, (_, index) => ({
    index,
    startedAt: 0,
    listening: false,
    quickFailures: 0,
  }));
  let ready = false;
  let stopping = false;
  let exitCode = 0;

  const fork = (slot: Slot, startUpTasks: boolean) => {
    slot.restart = undefined;
    slot.listening = false;
    slot.startedAt = Date.now();
    const worker = cluster.fork({ INSTANCE_COUNT: String(processes), [START_UP_TASKS_ENV]: startUpTasks ? "1" : "0" });
    slot.worker = worker;
    worker.once("listening", () => {
      slot.listening = true;
      if (ready) {
        console.log(`worker ${slot.index + 1} (pid ${worker.process.pid}) serves again`);
      } else if (slots.every((s) => s.listening)) {
        ready = true;
        const pids = slots.map((s) => s.worker?.process.pid).join(", ");
        console.log(`${readyLine}, ${workers} worker processes (pids ${pids})`);
      }
    });
    worker.once("exit", (code, signal) => {
      if (slot.worker === worker) slot.worker = undefined;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (stopping) return finishIfAllStopped();
      if (!ready) {
        console.error(`worker ${slot.index + 1} (pid ${worker.process.pid}) exited (${how}) before the server served`);
        exitCode = 1;
        return stop();
      }
      slot.quickFailures = Date.now() - slot.startedAt < STABLE_AFTER_MS ? slot.quickFailures + 1 : 0;
      const delay = restartDelayMs(slot.quickFailures);
      console.error(
        `worker ${slot.index + 1} (pid ${worker.process.pid}) exited (${how}); a new one starts in ${(delay / 1000).toFixed(1)} s`,
      );
      slot.restart = setTimeout(() => fork(slot, false), delay);
    });
  };

  let forceTimer: NodeJS.Timeout | undefined;
  const finishIfAllStopped = () => {
    if (slots.some((s) => s.worker)) return;
    if (forceTimer) clearTimeout(forceTimer);
    process.exit(exitCode);
  };

  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const slot of slots) {
      if (slot.restart) clearTimeout(slot.restart);
      slot.worker?.process.kill("SIGTERM");
    }
    // A worker that does not finish within its grace period (plus a margin) is killed.
    forceTimer = setTimeout(() => {
      for (const slot of slots) {
        if (!slot.worker) continue;
        console.error(`worker ${slot.index + 1} (pid ${slot.worker.process.pid}) did not stop; killed`);
        slot.worker.process.kill("SIGKILL");
      }
      exitCode = 1;
    }, SHUTDOWN_GRACE_MS + 5_000);
    forceTimer.unref();
    finishIfAllStopped();
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C: do not wait any longer.
      for (const slot of slots) slot.worker?.process.kill("SIGKILL");
      process.exit(1);
    }
    console.log(`${signal}: stopping ${workers} worker processes`);
    stop();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  for (const slot of slots) fork(slot, slot.index === 0);
}

/**
 * A server process's own shutdown (a worker, or the single process): on SIGTERM/SIGINT it stops
 * accepting connections, closes idle keep-alive connections, lets requests in progress finish and
 * exits 0; after SHUTDOWN_GRACE_MS it drops what is left and exits 1.
 */
export function closeOnSignals(server: Server): void {
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // A keep-alive connection whose response was still being sent becomes idle afterwards.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    setTimeout(() => {
      console.error(`pid ${process.pid}: requests still open after ${SHUTDOWN_GRACE_MS / 1000} s; dropped`);
      server.closeAllConnections();
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on("SIGTERM", close);
  process.on("SIGINT", close);
}
