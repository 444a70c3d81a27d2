/**
 * Load benchmark of POST /api/vat/quote (DESIGN §4) on the BUILT app: builds into
 * build-bench/ when that is missing or older than app/, seeds a fresh SQLite database
 * (data/bench-quote.db), serves the build with remix-serve on a free localhost port with
 * the quote rate limit raised (QUOTE_RATE_LIMIT_PER_MINUTE), then fires a realistic
 * 20-line quote with at most 8 requests in flight for about 10 seconds (and at most
 * MAX_REQUESTS) and prints requests/second and p50/p95 latency. The server is always
 * stopped at the end. Figures are printed, never asserted.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILD_DIR = "build-bench";
const DB_FILE = "data/bench-quote.db";
const CONCURRENCY = 8;
const DURATION_MS = 10_000;
const MAX_REQUESTS = 50_000;
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

function seedDatabase(): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(path.join(ROOT, DB_FILE + suffix), { force: true });
  execFileSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/setup.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:./${DB_FILE}` },
    stdio: "pipe",
    timeout: 300_000,
  });
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

function startServer(port: number): ChildProcess {
  const child = spawn(path.join(ROOT, "node_modules", ".bin", "remix-serve"), [`${BUILD_DIR}/server/index.js`], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      DATABASE_URL: `file:./${DB_FILE}`,
      SESSION_SECRET: "bench-only-secret",
      QUOTE_RATE_LIMIT_PER_MINUTE: "100000000",
      STRIPE_SECRET_KEY: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stopping it stops everything it started
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", (code) => {
    if (code !== null && code !== 0) console.error(`  remix-serve exited with ${code}:\n${output}`);
  });
  return child;
}

function stopServer(child: ChildProcess): Promise<void> {
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

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("remix-serve stopped before it served");
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 405) return; // GET on the quote API: it is up
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`remix-serve did not answer within ${START_TIMEOUT_MS / 1000} s`);
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

async function load(url: string, body: string): Promise<void> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let sent = 0;
  const started = performance.now();
  const deadline = started + DURATION_MS;
  async function worker(): Promise<void> {
    while (performance.now() < deadline && sent < MAX_REQUESTS) {
      sent++;
      const t0 = performance.now();
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        if (response.status === 200) latencies.push(performance.now() - t0);
        else failures.set(`HTTP ${response.status}`, (failures.get(`HTTP ${response.status}`) ?? 0) + 1);
      } catch (error) {
        const key = error instanceof Error ? error.name : "error";
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const failed = [...failures.values()].reduce((a, b) => a + b, 0);
  console.log(
    `  ${latencies.length} × 200 in ${seconds.toFixed(1)} s at concurrency ${CONCURRENCY}: ` +
      `${(latencies.length / seconds).toFixed(0)} requests/s | latency p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${(latencies[latencies.length - 1] ?? Number.NaN).toFixed(1)} ms` +
      (failed > 0 ? ` | ${failed} failed: ${[...failures].map(([k, v]) => `${k} × ${v}`).join(", ")}` : ""),
  );
}

/** Runs the quote API load benchmark (the `npm run bench` contract). */
export async function bench(): Promise<void> {
  console.log(`quote API: POST /api/vat/quote, 20-line document, ${CONCURRENCY} in flight, ~${DURATION_MS / 1000} s`);
  ensureBuild();
  seedDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api/vat/quote`;
  const server = startServer(port);
  try {
    await waitUntilServing(url, server);
    const body = quoteBody();
    // One checked request first: the figures mean nothing if the answer is an error.
    const check = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    const answer = (await check.json()) as { totals?: { gross?: string }; error?: string };
    if (check.status !== 200) throw new Error(`the quote API answered ${check.status}: ${JSON.stringify(answer)}`);
    console.log(`  served by remix-serve on port ${port}; a check quote totals € ${answer.totals?.gross} gross`);
    // Warm up the server's JIT before measuring.
    for (let i = 0; i < 50; i++) {
      const warm = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
      await warm.arrayBuffer();
    }
    await load(url, body);
  } finally {
    await stopServer(server);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench();
}
