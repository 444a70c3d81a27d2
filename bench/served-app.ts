/**
 * The built app under load, for benchmarks of its pages (bench/package-page.bench.ts): build it
 * once (when older than app/), seed a SQLite file and a fresh PostgreSQL database the way the
 * tests start it (scripts/start-test-postgres.sh), start `server.ts` as `npm start` does in its
 * own process group — WEB_CONCURRENCY worker processes (default one per core; WEB_CONCURRENCY=1
 * the single process: docs/decisions/017) — and drive N requests in flight over
 * keep-alive connections for a while. The CPU figures are the whole group's (primary and workers).
 * bench/quote-api.bench.ts and bench/catalog.bench.ts build, start and stop their servers with
 * the same functions (ensureBuild, startProcess, stopProcess, percentile).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const START_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 10_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/**
 * Builds into `buildDir` unless it is newer than app/; a failed build measures the earlier one,
 * loudly. BENCH_KEEP_BUILD=1 measures `buildDir` as it is (an A/B against a build of an earlier
 * commit: `git worktree` + `remix vite:build`, or a copy of a build folder made before a change).
 */
export function ensureBuild(buildDir: string): void {
  const serverEntry = path.join(ROOT, buildDir, "server", "index.js");
  if (process.env.BENCH_KEEP_BUILD === "1" && existsSync(serverEntry)) {
    console.log(`  measuring ${buildDir}/ as it is (${new Date(statSync(serverEntry).mtimeMs).toISOString()})`);
    return;
  }
  const sources = Math.max(newestMtime(path.join(ROOT, "app")), statSync(path.join(ROOT, "vite.config.ts")).mtimeMs);
  if (existsSync(serverEntry) && statSync(serverEntry).mtimeMs >= sources) {
    console.log(`  ${buildDir}/ is up to date`);
    return;
  }
  console.log(`  building into ${buildDir}/ (remix vite:build) …`);
  const started = Date.now();
  try {
    execFileSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["vite:build"], {
      cwd: ROOT,
      env: { ...process.env, REMIX_BUILD_DIR: buildDir, NODE_ENV: "production" },
      stdio: "pipe",
      timeout: 600_000,
    });
  } catch (error) {
    const output =
      String((error as { stdout?: Buffer }).stdout ?? "") + String((error as { stderr?: Buffer }).stderr ?? "");
    const reason = output
      .split("\n")
      .filter((line) => /failed|error|depend on|Error:/i.test(line) && !/^\s*'/.test(line))
      .slice(0, 6)
      .join("\n    ");
    if (!existsSync(serverEntry))
      throw new Error(`remix vite:build failed and there is no earlier ${buildDir}/:\n    ${reason}`);
    // A shared working tree can be mid-edit; say so loudly and measure the last good build.
    console.warn(
      `  WARNING: remix vite:build failed; measuring the EARLIER build in ${buildDir}/ ` +
        `(${new Date(statSync(serverEntry).mtimeMs).toISOString()}):\n    ${reason}`,
    );
    return;
  }
  console.log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function setup(databaseUrl: string): void {
  execFileSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/setup.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, SEED_CODES_FILE: path.join(ROOT, "data", "bench-codes.csv") },
    stdio: "pipe",
    timeout: 300_000,
  });
}

/**
 * `file` (under data/), seeded afresh unless newer than every migration and the seed. A file kept
 * still gets the migrations it lacks (setup leaves its data alone): a database written to since
 * (WAL, sessions) is newer than a migration it never had.
 */
export function seedSqlite(file: string): string {
  const full = path.join(ROOT, file);
  if (existsSync(full) && statSync(full).mtimeMs > newestMtime(path.join(ROOT, "prisma"))) {
    setup(`file:./${file}`);
    console.log(`  ${file} is kept (migrations applied)`);
    return `file:./${file}`;
  }
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(full + suffix, { force: true });
  setup(`file:./${file}`);
  return `file:./${file}`;
}

/** A fresh, seeded database `name` on the tests' PostgreSQL server; null (reason printed) when there is none. */
export async function seedPostgres(name: string): Promise<{ url: string; drop: () => Promise<void> } | null> {
  let server: string;
  try {
    server = execFileSync("bash", [path.join(ROOT, "scripts", "start-test-postgres.sh")], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    })
      .toString()
      .trim()
      .split("\n")
      .pop()!;
  } catch (error) {
    console.log(`  PostgreSQL: not measured (scripts/start-test-postgres.sh failed: ${String(error).slice(0, 200)})`);
    return null;
  }
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  setup(url.toString());
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface ServedApp {
  name: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  child: ChildProcess;
  /** how many processes serve (server.ts: its workers, or 1) */
  processes: number;
}

/** The environment of `server.ts` as `npm start` runs it for a benchmark (production, test payments). */
export function appEnv(buildDir: string, databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    REMIX_BUILD_DIR: buildDir,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: "bench-only-secret",
    INSECURE_COOKIES: "1",
    PAYMENTS_TEST_MODE: "1",
    STRIPE_SECRET_KEY: "",
  };
}

/** The line `server.ts` prints once it serves (in a cluster: once every worker serves). */
export const APP_READY = /Leerwinkel \(production\) on /;

/** How many processes serve, from server.ts's ready line ("…, 2 worker processes (pids …)" or "…, 1 process"); 1 otherwise. */
export function servingProcesses(output: string): number {
  return Number(/, (\d+) worker processes/.exec(output)?.[1] ?? 1);
}

/** "1 process" or "N worker processes (WEB_CONCURRENCY …)", for a bench's header. */
export function describeProcesses(processes: number): string {
  const setting = process.env.WEB_CONCURRENCY
    ? `WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY}`
    : "WEB_CONCURRENCY unset: one per core";
  return processes === 1 ? `1 server process (${setting})` : `${processes} server worker processes (${setting})`;
}

/**
 * Starts `script` (run with tsx) on a free port in its own process group, so stopping it stops
 * everything it started, and resolves once its output matches `ready`; `processes` is how many
 * processes serve (servingProcesses).
 */
export async function startProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ port: number; child: ChildProcess; processes: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it served:\n${output}`));
    });
  });
  return { port, child, processes: servingProcesses(output) };
}

/** Starts server.ts on `buildDir` and `databaseUrl` (production, test payments) and resolves once it serves. */
export async function startApp(name: string, buildDir: string, databaseUrl: string): Promise<ServedApp> {
  const { port, child, processes } = await startProcess(name, "server.ts", appEnv(buildDir, databaseUrl), APP_READY);
  return { name, origin: `http://127.0.0.1:${port}`, child, processes };
}

/** Stops a process started by startProcess and its group: SIGTERM, SIGKILL after 5 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      resolve();
    }, 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

export function stopApp(app: ServedApp): Promise<void> {
  return stopProcess(app.child);
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request (keep-alive when `agent` is given). */
export function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: init.method ?? "GET", agent: init.agent, headers: init.headers, timeout: REQUEST_TIMEOUT_MS },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        response.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(init.body);
  });
}

export interface Sample {
  ok: number;
  failed: Map<string, number>;
  latencies: number[];
  seconds: number;
}

/** `concurrency` workers repeat `once` (true = the expected answer) for `durationMs` over fresh keep-alive sockets. */
export async function load(
  once: (agent: http.Agent) => Promise<boolean | string>,
  concurrency: number,
  durationMs: number,
): Promise<Sample> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const failed = new Map<string, number>();
  const started = performance.now();
  const deadline = started + durationMs;
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      let outcome: boolean | string;
      try {
        outcome = await once(agent);
      } catch (error) {
        outcome = error instanceof Error ? error.message.slice(0, 40) : "error";
      }
      if (outcome === true) latencies.push(performance.now() - t0);
      else {
        const key = outcome === false ? "unexpected answer" : outcome;
        failed.set(key, (failed.get(key) ?? 0) + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { ok: latencies.length, failed, latencies, seconds: (performance.now() - started) / 1000 };
}

/**
 * Unmeasured requests over `connections` connections at once, before a load is measured: `total`
 * requests, or as many as fit in `{ ms }`. One keep-alive connection reaches one worker of a
 * cluster, so every worker warms up (JIT, its own caches) before the measurement instead of inside
 * it. `once(i)` makes the i-th request.
 */
export async function warmUp(
  once: (i: number) => Promise<unknown>,
  connections: number,
  total: number | { ms: number },
): Promise<void> {
  const deadline = typeof total === "number" ? Infinity : performance.now() + total.ms;
  const count = typeof total === "number" ? total : Infinity;
  await Promise.all(
    Array.from({ length: connections }, async (_, k) => {
      for (let i = k; i < count && performance.now() < deadline; i += connections) await once(i);
    }),
  );
}

export function merge(samples: Sample[]): Sample {
  const failed = new Map<string, number>();
  for (const s of samples) for (const [k, v] of s.failed) failed.set(k, (failed.get(k) ?? 0) + v);
  return {
    ok: samples.reduce((a, s) => a + s.ok, 0),
    failed,
    latencies: samples.flatMap((s) => s.latencies).sort((a, b) => a - b),
    seconds: samples.reduce((a, s) => a + s.seconds, 0),
  };
}

/**
 * CPU time (user + system, ms) used so far by the process `pid` and every live process of the
 * group it leads (startProcess starts each server as a group leader: the cluster's primary and
 * its workers), from /proc (Linux); null elsewhere. The difference over a load divided by the
 * requests answered is the server's CPU per request: unlike req/s it hardly moves with what else
 * runs on a shared machine, so an A/B of two builds is read from it (issue 13). A worker that
 * exits during the load takes its CPU time with it (none does in a bench).
 */
export function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    let total = 0;
    let found = false;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // ended meanwhile
      }
      // fields after "(comm) ": state 0, ppid 1, pgrp 2, …, utime 11, stime 12 (clock ticks, 100 per second)
      const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      if (Number(entry) !== pid && Number(fields[2]) !== pid) continue;
      total += (Number(fields[11]) + Number(fields[12])) * 10;
      found = true;
    }
    return found ? total : null;
  } catch {
    return null;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
