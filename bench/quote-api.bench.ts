/**
 * Load benchmark of POST /api/vat/quote (DESIGN §4, issue 13) on the BUILT app as `npm start`
 * runs it (server.ts: Express, the app's handlers, Remix), next to the minimal node:http server
 * of bench/quote-minimal-server.ts on the same engine with the rates in memory — in the same run,
 * so that the ratio holds on a shared machine. The app runs once on SQLite (data/bench-quote.db,
 * freshly seeded) and once on PostgreSQL (a fresh database on the server the tests use, started
 * the way they start it: scripts/start-test-postgres.sh), with the quote rate limit raised.
 * A realistic 20-line quote, 8 requests in flight over keep-alive connections, each server
 * measured twice in alternation (ROUND_MS each). Prints req/s, p50/p95 and the ratio to the
 * minimal server; the target (issue 13) is ≥ 50%. Figures are printed, never asserted.
 *
 * BENCH_BUILD_DIR (default build-bench) is the build folder, rebuilt when older than app/ or server/.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILD_DIR = process.env.BENCH_BUILD_DIR ?? "build-bench";
const DB_FILE = "data/bench-quote.db";
const PG_DATABASE = "leerwinkel_bench_quote";
const CONCURRENCY = 8;
const ROUNDS = 3;
const ROUND_MS = 3_000;
const WARMUP_REQUESTS = 300;
const REQUEST_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 60_000;

/** Newest modification time (ms) of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function ensureBuild(): void {
  const serverEntry = path.join(ROOT, BUILD_DIR, "server", "index.js");
  const sources = Math.max(newestMtime(path.join(ROOT, "app")), statSync(path.join(ROOT, "vite.config.ts")).mtimeMs);
  if (existsSync(serverEntry) && statSync(serverEntry).mtimeMs >= sources) {
    console.log(`  ${BUILD_DIR}/ is up to date`);
    return;
  }
  console.log(`  building into ${BUILD_DIR}/ (remix vite:build) …`);
  const started = Date.now();
  try {
    execFileSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["vite:build"], {
      cwd: ROOT,
      env: { ...process.env, REMIX_BUILD_DIR: BUILD_DIR, NODE_ENV: "production" },
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
      throw new Error(`remix vite:build failed and there is no earlier ${BUILD_DIR}/:\n    ${reason}`);
    // A shared working tree can be mid-edit; say so loudly and measure the last good build.
    console.warn(
      `  WARNING: remix vite:build failed; measuring the EARLIER build in ${BUILD_DIR}/ ` +
        `(${new Date(statSync(serverEntry).mtimeMs).toISOString()}):\n    ${reason}`,
    );
    return;
  }
  console.log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function setup(databaseUrl: string): void {
  execFileSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/setup.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
    timeout: 300_000,
  });
}

/** data/bench-quote.db, seeded afresh unless it is newer than every migration and the seed. */
function seedSqlite(): string {
  const url = `file:./${DB_FILE}`;
  const file = path.join(ROOT, DB_FILE);
  if (existsSync(file) && statSync(file).mtimeMs > newestMtime(path.join(ROOT, "prisma"))) {
    console.log(`  ${DB_FILE} is up to date`);
    return url;
  }
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  setup(url);
  return url;
}

/** A fresh, seeded database on the tests' PostgreSQL server; null (with the reason printed) when there is none. */
async function seedPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
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
  await admin(`DROP DATABASE IF EXISTS "${PG_DATABASE}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${PG_DATABASE}"`);
  const url = new URL(server);
  url.pathname = `/${PG_DATABASE}`;
  setup(url.toString());
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${PG_DATABASE}" WITH (FORCE)`) };
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

interface Served {
  name: string;
  url: string;
  child: ChildProcess;
}

/** Starts `script` (run with tsx) as its own process group and resolves once it prints `ready`. */
async function start(name: string, script: string, env: Record<string, string>, ready: RegExp): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stopping it stops everything it started
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within 60 s:\n${output}`)),
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
  return { name, url: `http://127.0.0.1:${port}/api/vat/quote`, child };
}

function stop(child: ChildProcess): Promise<void> {
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

/** A school's order as another system would quote it: 20 lines, all supplies, discount and shipping. */
export function quoteBody(): string {
  const supplies = ["physical", "electronic", "physical", "goods", "bundle"] as const;
  const lines = Array.from({ length: 20 }, (_, i) => {
    const supply = supplies[i % supplies.length];
    const cents = 995 + ((i * 3_571) % 6_000);
    const line: Record<string, unknown> = {
      id: `L${i + 1}`,
      description: `Leermiddel ${i + 1}`,
      supply,
      unitPrice: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}${i % 3 === 0 ? "25" : ""}`,
      quantity: 1 + ((i * 7) % 30),
    };
    if (supply === "bundle")
      line.components = [
        { supply: "physical", share: "0.65" },
        { supply: "electronic", share: "0.35" },
      ];
    return line;
  });
  return JSON.stringify({
    date: "2026-09-01",
    pricesIncludeVat: false,
    lines,
    discountPercent: "7.5",
    shipping: "6.95",
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

let agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** One POST over the keep-alive agent: status and body. */
function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", reject);
    request.end(body);
  });
}

interface Sample {
  ok: number;
  failed: Map<string, number>;
  latencies: number[];
  seconds: number;
}

async function load(url: string, body: string, durationMs: number): Promise<Sample> {
  const latencies: number[] = [];
  const failed = new Map<string, number>();
  const started = performance.now();
  const deadline = started + durationMs;
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const { status } = await post(url, body);
        if (status === 200) latencies.push(performance.now() - t0);
        else failed.set(`HTTP ${status}`, (failed.get(`HTTP ${status}`) ?? 0) + 1);
      } catch (error) {
        const key = error instanceof Error ? error.message.slice(0, 40) : "error";
        failed.set(key, (failed.get(key) ?? 0) + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Fresh connections for the next round: a server closes keep-alive sockets idle for 5 s.
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  return { ok: latencies.length, failed, latencies, seconds: (performance.now() - started) / 1000 };
}

function merge(samples: Sample[]): Sample {
  const failed = new Map<string, number>();
  for (const s of samples) for (const [k, v] of s.failed) failed.set(k, (failed.get(k) ?? 0) + v);
  return {
    ok: samples.reduce((a, s) => a + s.ok, 0),
    failed,
    latencies: samples.flatMap((s) => s.latencies).sort((a, b) => a - b),
    seconds: samples.reduce((a, s) => a + s.seconds, 0),
  };
}

/** Runs the quote API load benchmark (the `npm run bench` contract). */
export async function bench(): Promise<void> {
  console.log(
    `quote API: POST /api/vat/quote, 20-line document, ${CONCURRENCY} in flight (keep-alive), ` +
      `${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s per server`,
  );
  ensureBuild();
  const sqliteUrl = seedSqlite();
  const postgres = await seedPostgres();
  const appEnv = (databaseUrl: string) => ({
    NODE_ENV: "production",
    REMIX_BUILD_DIR: BUILD_DIR,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: "bench-only-secret",
    QUOTE_RATE_LIMIT_PER_MINUTE: "100000000",
    STRIPE_SECRET_KEY: "",
  });
  const servers: Served[] = [];
  try {
    servers.push(await start("minimal node:http", "bench/quote-minimal-server.ts", {}, /minimal quote server on/));
    servers.push(await start("app, SQLite", "server.ts", appEnv(sqliteUrl), /Leerwinkel \(production\) on /));
    if (postgres)
      servers.push(await start("app, PostgreSQL", "server.ts", appEnv(postgres.url), /Leerwinkel \(production\) on /));
    const body = quoteBody();
    // One checked request each: the figures mean nothing if an answer is an error or differs.
    const answers = new Set<string>();
    for (const server of servers) {
      const { status, text } = await post(server.url, body);
      if (status !== 200) throw new Error(`${server.name} answered ${status}: ${text.slice(0, 300)}`);
      answers.add(text);
      for (let i = 0; i < WARMUP_REQUESTS; i++) await post(server.url, body);
      agent.destroy();
      agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    }
    if (answers.size !== 1) throw new Error("the servers priced the same quote differently");
    const gross = (JSON.parse([...answers][0]!) as { totals: { gross: string } }).totals.gross;
    console.log(`  every server prices the check quote identically (€ ${gross} gross)`);
    const samples = new Map<string, Sample[]>(servers.map((s) => [s.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) samples.get(server.name)!.push(await load(server.url, body, ROUND_MS));
    }
    const results = servers.map((s) => ({ name: s.name, ...merge(samples.get(s.name)!) }));
    const baseline = results[0]!.ok / results[0]!.seconds;
    console.log(
      `  ${"server".padEnd(20)} ${"req/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)}  share of minimal`,
    );
    for (const r of results) {
      const rate = r.ok / r.seconds;
      const failed = [...r.failed].map(([k, v]) => `${k} × ${v}`).join(", ");
      const share =
        r === results[0]
          ? ""
          : `${((100 * rate) / baseline).toFixed(0)}%${rate >= baseline / 2 ? " (target ≥ 50%: OK)" : " (target ≥ 50%: MISSED)"}`;
      console.log(
        `  ${r.name.padEnd(20)} ${rate.toFixed(0).padStart(7)} ${percentile(r.latencies, 50).toFixed(2).padStart(7)} ` +
          `${percentile(r.latencies, 95).toFixed(2).padStart(7)}  ${share}${failed ? ` | failed: ${failed}` : ""}`,
      );
    }
    console.log("  (one shared machine: the load generator runs in this process, next to the servers)");
  } finally {
    agent.destroy();
    await Promise.all(servers.map((s) => stop(s.child)));
    await postgres?.drop().catch(() => undefined);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench();
}
