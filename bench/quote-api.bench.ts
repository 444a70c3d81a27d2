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
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { pathToFileURL } from "node:url";
import {
  APP_READY,
  appEnv,
  describeProcesses,
  ensureBuild,
  percentile,
  seedPostgres,
  seedSqlite,
  startProcess,
  stopProcess,
  warmUp,
} from "./served-app";

const BUILD_DIR = process.env.BENCH_BUILD_DIR ?? "build-bench";
const DB_FILE = "data/bench-quote.db";
const PG_DATABASE = "leerwinkel_bench_quote";
const CONCURRENCY = 8;
const ROUNDS = 3;
const ROUND_MS = 3_000;
const WARMUP_REQUESTS = 300;
const REQUEST_TIMEOUT_MS = 10_000;

interface Served {
  name: string;
  url: string;
  child: ChildProcess;
}

async function start(name: string, script: string, env: Record<string, string>, ready: RegExp): Promise<Served> {
  const { port, child, processes } = await startProcess(name, script, env, ready);
  console.log(`  ${name}: ${describeProcesses(processes)}`);
  return { name, url: `http://127.0.0.1:${port}/api/vat/quote`, child };
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
  ensureBuild(BUILD_DIR);
  const sqliteUrl = seedSqlite(DB_FILE);
  const postgres = await seedPostgres(PG_DATABASE);
  const quoteEnv = (databaseUrl: string) => ({
    ...appEnv(BUILD_DIR, databaseUrl),
    QUOTE_RATE_LIMIT_PER_MINUTE: "100000000",
  });
  const servers: Served[] = [];
  try {
    servers.push(await start("minimal node:http", "bench/quote-minimal-server.ts", {}, /minimal quote server on/));
    servers.push(await start("app, SQLite", "server.ts", quoteEnv(sqliteUrl), APP_READY));
    if (postgres) servers.push(await start("app, PostgreSQL", "server.ts", quoteEnv(postgres.url), APP_READY));
    const body = quoteBody();
    // One checked request each: the figures mean nothing if an answer is an error or differs.
    const answers = new Set<string>();
    for (const server of servers) {
      const { status, text } = await post(server.url, body);
      if (status !== 200) throw new Error(`${server.name} answered ${status}: ${text.slice(0, 300)}`);
      answers.add(text);
      await warmUp(() => post(server.url, body), CONCURRENCY, WARMUP_REQUESTS);
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
    await Promise.all(servers.map((s) => stopProcess(s.child)));
    await postgres?.drop().catch(() => undefined);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench();
}
