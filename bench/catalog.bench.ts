/**
 * Catalogue search and the title page through the real HTTP server (issue 13), on SQLite and on
 * PostgreSQL. Builds the app into build-bench-catalog/ when that is missing or older than app/,
 * builds (once, then reuses) a 200,000-offer catalogue per provider (data/bench-catalog-200k.db;
 * the PostgreSQL database leerwinkel_bench_catalog on the test server, started the way the tests
 * start it) and a demo-sized one for the title page, serves each with server.ts as in production,
 * logs in as the school administrator and fires each page with 1 and with 8 requests in flight
 * for a few seconds: p50/p95 latency, requests/second and, at 8 in flight, the server's CPU per
 * request (served-app.ts cpuMs, the primary and all its workers: steady on a shared machine, where
 * req/s is not; PostgreSQL's own CPU is not in it). The server runs as `npm start` runs it
 * (WEB_CONCURRENCY processes, default one per core; WEB_CONCURRENCY=1 and =2 for an A/B); the
 * number of server processes is printed. The first request of each search (its result list not
 * yet cached) is printed apart as "cold"; then each server serves all its cases for
 * SERVER_WARMUP_MS and each case a few more requests over 8 connections, unmeasured (every worker
 * optimised and with its own caches filled), and the loads are measured. Figures are printed, never
 * asserted.
 *   npx tsx bench/catalog.bench.ts [sqlite|postgres]
 */
import { type ChildProcess, execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import {
  APP_READY,
  ROOT,
  appEnv,
  cpuMs,
  describeProcesses,
  ensureBuild as ensureBuiltApp,
  percentile,
  startProcess,
  stopProcess,
  warmUp,
} from "./served-app";

/** CATALOG_BENCH_BUILD names an existing build to measure instead (e.g. while app/ is mid-edit). */
const BUILD_DIR = process.env.CATALOG_BENCH_BUILD ?? "build-bench-catalog";
const OFFERS = 200_000;
const SECONDS = { 1: 3, 8: 5 } as const;
const TIMEOUT_MS = 10_000;
const WARMUP_PER_CONNECTION = 10;
/**
 * A freshly started server is slow for its first thousands of requests (V8 optimises the hot paths
 * as they run; measured: the first search after 5 s of warm-up served 245 req/s, the same search
 * 20 s later 342): each server first serves its pages for this long, unmeasured, so every figure
 * is of a warm server — as in production — and not of whichever case comes first.
 */
const SERVER_WARMUP_MS = 15_000;
const SCHOOL = { email: "school@leerwinkel.test", password: "leerwinkel" };

type Provider = "sqlite" | "postgres";

function ensureBuild(): void {
  const entry = path.join(ROOT, BUILD_DIR, "server", "index.js");
  if (process.env.CATALOG_BENCH_BUILD) {
    if (!existsSync(entry)) throw new Error(`${BUILD_DIR}/ has no server build`);
    console.log(`  measuring the build in ${BUILD_DIR}/ (${new Date(statSync(entry).mtimeMs).toISOString()})`);
    return;
  }
  ensureBuiltApp(BUILD_DIR);
}

/** server.ts as `npm start` runs it, on `url`. */
async function serve(url: string): Promise<{ base: string; child: ChildProcess }> {
  const { port, child, processes } = await startProcess("server", "server.ts", appEnv(BUILD_DIR, url), APP_READY);
  console.log(`  server.ts: ${describeProcesses(processes)}`);
  return { base: `http://127.0.0.1:${port}`, child };
}

function setup(url: string, catalogueSize?: number): void {
  const started = Date.now();
  execFileSync(
    path.join(ROOT, "node_modules", ".bin", "tsx"),
    ["scripts/setup.ts", ...(catalogueSize ? [`--catalogue-size=${catalogueSize}`] : [])],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, SEED_CODES_FILE: path.join(ROOT, "data", "bench-catalog-codes.csv") },
      stdio: "pipe",
      timeout: 1_800_000,
    },
  );
  console.log(`  seeded ${url.replace(/\/\/[^@]*@/, "//")} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function offerCount(url: string): Promise<number> {
  try {
    if (url.startsWith("file:")) {
      const file = url.slice("file:".length);
      if (!existsSync(file)) return 0;
      const database = new Database(file, { readonly: true });
      try {
        return (database.prepare(`SELECT count(*) n FROM "Offer"`).get() as { n: number }).n;
      } finally {
        database.close();
      }
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>(`SELECT count(*) n FROM "Offer"`)).rows[0]!.n);
    } finally {
      await client.end();
    }
  } catch {
    return 0;
  }
}

/** The database for a provider and size, built when missing (a database that is not complete is rebuilt). */
async function database(provider: Provider, size: "large" | "demo"): Promise<string> {
  const name = size === "large" ? "bench-catalog-200k" : "bench-catalog-demo";
  let url: string;
  if (provider === "sqlite") {
    url = `file:${path.join(ROOT, "data", `${name}.db`)}`;
  } else {
    const server = execFileSync("bash", [path.join(ROOT, "scripts", "start-test-postgres.sh")], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    const dbName = `leerwinkel_${name.replace(/-/g, "_")}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    try {
      const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${dbName}"`);
    } finally {
      await admin.end();
    }
    const u = new URL(server);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const want = size === "large" ? OFFERS : 1;
  if ((await offerCount(url)) < want) {
    if (provider === "sqlite") {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) {
        const file = url.slice("file:".length) + suffix;
        if (existsSync(file)) execFileSync("rm", ["-f", file]);
      }
    } else {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
      await client.end();
    }
    console.log(`  building the ${size === "large" ? "200,000-offer" : "demo"} catalogue on ${provider} (minutes) …`);
    setup(url, size === "large" ? OFFERS : undefined);
  } else {
    // A catalogue built by an earlier version: apply the migrations added since (setup leaves the data alone).
    setup(url);
  }
  return url;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function request(
  url: string,
  init: { method?: string; cookie?: string; body?: string } = {},
): Promise<{ status: number; text: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (init.cookie) headers.Cookie = init.cookie;
    if (init.body) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers["Content-Length"] = String(Buffer.byteLength(init.body));
    }
    const req = http.request(url, { method: init.method ?? "GET", agent, headers, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString(),
          setCookie: res.headers["set-cookie"] ?? [],
        }),
      );
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(init.body);
  });
}

async function login(base: string): Promise<string> {
  const res = await request(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ email: SCHOOL.email, password: SCHOOL.password }).toString(),
  });
  const cookie = res.setCookie.map((c) => c.split(";")[0]).find((c) => c && !c.endsWith("="));
  if (!cookie || res.status !== 302) throw new Error(`login failed: ${res.status}`);
  return cookie;
}

interface Load {
  p50: number;
  p95: number;
  rps: number;
  n: number;
  /** the server's CPU per request (ms), null without /proc */
  cpu: number | null;
}

async function load(url: string, cookie: string, inFlight: 1 | 8, pid: number | undefined): Promise<Load> {
  const cpuBefore = cpuMs(pid);
  const times: number[] = [];
  const until = Date.now() + SECONDS[inFlight] * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < until) {
        const t0 = process.hrtime.bigint();
        const res = await request(url, { cookie });
        if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const cpuAfter = cpuMs(pid);
  const cpu = cpuBefore === null || cpuAfter === null || !times.length ? null : (cpuAfter - cpuBefore) / times.length;
  return { p50: percentile(times, 50), p95: percentile(times, 95), rps: times.length / seconds, n: times.length, cpu };
}

const f = (ms: number) => ms.toFixed(1).padStart(6);
const line = (label: string, one: Load, eight: Load, cold?: number) =>
  `  ${label.padEnd(24)}${cold === undefined ? "".padStart(12) : `cold ${f(cold)}`}` +
  `  1: p50 ${f(one.p50)} p95 ${f(one.p95)} ${one.rps.toFixed(0).padStart(5)}/s` +
  `  8: p50 ${f(eight.p50)} p95 ${f(eight.p95)} ${eight.rps.toFixed(0).padStart(5)}/s` +
  (eight.cpu === null ? "" : `  server CPU ${eight.cpu.toFixed(2)} ms/req`);

async function measure(provider: Provider): Promise<Map<string, Load>> {
  const figures = new Map<string, Load>();
  const largeUrl = await database(provider, "large");
  const large = await serve(largeUrl);
  try {
    const cookie = await login(large.base);
    const anEan = await (async () => {
      const res = await request(`${large.base}/catalogus?q=kompas&pagina=3`, { cookie });
      const slug = /href="\/catalogus\/([^"?]+)"/.exec(res.text)?.[1];
      const page = await request(`${large.base}/catalogus/${slug}`, { cookie });
      const ean = /EAN (?:<!-- -->)?(\d{13})/.exec(page.text)?.[1];
      if (!ean) throw new Error("no EAN found on a title page");
      return `${ean.slice(0, 3)}-${ean.slice(3, 5)}-${ean.slice(5, 9)}-${ean.slice(9, 12)}-${ean[12]}`;
    })();
    const total = /([\d.]+) titels gevonden/.exec((await request(`${large.base}/catalogus`, { cookie })).text)?.[1];
    console.log(`\n  ${provider}: ${total} titles on sale, ${OFFERS.toLocaleString("en")}+ offers; times in ms`);
    const searches: [string, string][] = [
      ["one word 'wiskunde'", "q=wiskunde"],
      ["two words 'kompas havo'", "q=kompas+havo"],
      ["filter only", "vak=wiskunde&niveau=havo&leerjaar=2&vorm=digital"],
      ["EAN with hyphens", `q=${encodeURIComponent(anEan)}`],
      ["no filter, page 50", "pagina=50"],
    ];
    const urls = searches.map(([, qs]) => `${large.base}/catalogus?${qs}`);
    // cold: each search's first request (nothing of it in memory yet), before the server warms up
    const cold: number[] = [];
    for (const url of urls) {
      const t0 = process.hrtime.bigint();
      await request(url, { cookie });
      cold.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await warmUp((i) => request(urls[i % urls.length]!, { cookie }), 8, { ms: SERVER_WARMUP_MS });
    for (const [index, [label]] of searches.entries()) {
      const url = urls[index]!;
      await warmUp(() => request(url, { cookie }), 8, 8 * WARMUP_PER_CONNECTION);
      const one = await load(url, cookie, 1, large.child.pid);
      const eight = await load(url, cookie, 8, large.child.pid);
      figures.set(label, eight);
      console.log(line(label, one, eight, cold[index]));
    }
  } finally {
    await stopProcess(large.child);
  }
  const demo = await serve(await database(provider, "demo"));
  try {
    const cookie = await login(demo.base);
    const found = await request(`${demo.base}/catalogus?q=${encodeURIComponent("Getal & Ruimte havo 2")}`, { cookie });
    const slug = /href="\/catalogus\/([^"?]+)"/.exec(found.text)?.[1];
    const url = `${demo.base}/catalogus/${slug}?aantal=28`;
    const check = await request(url, { cookie });
    if (check.status !== 200) throw new Error(`title page: HTTP ${check.status}`);
    await warmUp(() => request(url, { cookie }), 8, { ms: SERVER_WARMUP_MS });
    const one = await load(url, cookie, 1, demo.child.pid);
    const eight = await load(url, cookie, 8, demo.child.pid);
    figures.set("title page (demo data)", eight);
    console.log(line("title page (demo data)", one, eight));
  } finally {
    await stopProcess(demo.child);
  }
  return figures;
}

export async function bench(): Promise<void> {
  const only = process.argv.slice(2).find((a) => a === "sqlite" || a === "postgres") as Provider | undefined;
  ensureBuild();
  console.log("  (the machine is shared: figures move with whatever else runs)");
  const lite = only === "postgres" ? undefined : await measure("sqlite");
  const postgres = only === "sqlite" ? undefined : await measure("postgres");
  if (lite && postgres) {
    console.log("\n  PostgreSQL vs SQLite, 8 in flight (p95 ratio, throughput ratio):");
    for (const [label, l] of lite) {
      const p = postgres.get(label)!;
      console.log(
        `  ${label.padEnd(24)} p95 ×${(p.p95 / l.p95).toFixed(2)}  req/s ×${(p.rps / l.rps).toFixed(2)}${p.p95 > 2 * l.p95 ? "  SLOWER THAN 2×" : ""}`,
      );
    }
  }
  agent.destroy();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench();
}
