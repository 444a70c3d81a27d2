/**
 * Load benchmark of the parent's package page (GET /pakket, issue 13: ≥ 300 req/s at 8 in
 * flight on the demo data) on the BUILT app as `npm start` runs it, on SQLite and on PostgreSQL
 * (a fresh database on the tests' server, scripts/start-test-postgres.sh). The session cookie
 * comes from entering the demo order code once (POST /bestelcode), as a parent does; then 8
 * requests in flight GET the page with that cookie, alternating the plain page and a
 * recalculation with a choice in the query. ROUNDS alternating rounds of ROUND_MS per database.
 * Prints req/s and p50/p95, and beside them the same server's GET /bestelcode (a page without
 * database work: the ceiling of a server-rendered page on this machine in the same run), and the
 * app process's CPU per request (served-app.ts cpuMs: steady on a shared machine, where req/s is
 * not; the primary and all its workers). The servers run as `npm start` runs them
 * (WEB_CONCURRENCY processes, default one per core; WEB_CONCURRENCY=1 and =2 for an A/B); the
 * number of server processes is printed. Figures are printed, never asserted.
 *
 * BENCH_BUILD_DIR (default build-bench) is the build folder, rebuilt when older than app/.
 */
import { pathToFileURL } from "node:url";
import {
  cpuMs,
  describeProcesses,
  ensureBuild,
  load,
  merge,
  percentile,
  request,
  seedPostgres,
  seedSqlite,
  startApp,
  stopApp,
  type Sample,
  type ServedApp,
  warmUp,
} from "./served-app";

const BUILD_DIR = process.env.BENCH_BUILD_DIR ?? "build-bench";
const CONCURRENCY = 8;
const ROUNDS = 3;
const ROUND_MS = 4_000;
const WARMUP_REQUESTS = 400;
const TARGET_RPS = 300;
const DEMO_CODE = "LWDM-7K3Q-9XA2";
/** The same SQLite server's /bestelcode: a server-rendered page without database work. */
const BASELINE = "no-DB page, SQLite";

/** Enters the demo code as a parent would and returns the cookie and the two page URLs to load. */
async function openPackage(app: ServedApp): Promise<{ cookie: string; urls: string[] }> {
  const entered = await request(`${app.origin}/bestelcode`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.origin },
    body: new URLSearchParams({ code: DEMO_CODE }).toString(),
  });
  const setCookie = entered.headers["set-cookie"]?.[0];
  if (entered.status !== 302 || !setCookie)
    throw new Error(`${app.name}: the demo code did not open the package (HTTP ${entered.status})`);
  const cookie = setCookie.split(";")[0]!;
  const page = await request(`${app.origin}/pakket`, { headers: { Cookie: cookie } });
  if (page.status !== 200 || !page.text.includes("Totaal te betalen"))
    throw new Error(`${app.name}: /pakket answered ${page.status}`);
  // A recalculation: the last option of the first item with a choice (radio name keuze-<itemId>).
  const radios = [...page.text.matchAll(/name="(keuze-[^"]+)" value="([^"]+)"/g)];
  const choice = radios.find((r) => r[2] !== "none");
  const urls = [`${app.origin}/pakket`];
  if (choice) urls.push(`${app.origin}/pakket?${new URLSearchParams({ [choice[1]!]: choice[2]! })}`);
  return { cookie, urls };
}

/** Runs the package page benchmark (the `npm run bench` contract). */
export async function bench(): Promise<void> {
  console.log(
    `package page: GET /pakket with a package session, ${CONCURRENCY} in flight (keep-alive), ` +
      `${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s per database`,
  );
  ensureBuild(BUILD_DIR);
  const sqliteUrl = seedSqlite("data/bench-package.db");
  const postgres = await seedPostgres("leerwinkel_bench_package");
  const apps: ServedApp[] = [];
  try {
    apps.push(await startApp("app, SQLite", BUILD_DIR, sqliteUrl));
    if (postgres) apps.push(await startApp("app, PostgreSQL", BUILD_DIR, postgres.url));
    for (const app of apps) console.log(`  ${app.name}: ${describeProcesses(app.processes)}`);
    const sessions = new Map<string, { cookie: string; urls: string[] }>();
    for (const app of apps) {
      const session = await openPackage(app);
      sessions.set(app.name, session);
      await warmUp(
        (i) => request(session.urls[i % session.urls.length]!, { headers: { Cookie: session.cookie } }),
        CONCURRENCY,
        WARMUP_REQUESTS,
      );
    }
    const samples = new Map<string, Sample[]>([...apps.map((a) => [a.name, []] as [string, Sample[]]), [BASELINE, []]]);
    /** CPU ms the app's process used while its page was loaded (the baseline: the SQLite app's). */
    const cpu = new Map<string, number | null>([...samples.keys()].map((name) => [name, 0]));
    const measured = async (name: string, pid: number | undefined, run: () => Promise<Sample>) => {
      const before = cpuMs(pid);
      samples.get(name)!.push(await run());
      const after = cpuMs(pid);
      const total = cpu.get(name) ?? null;
      cpu.set(name, before === null || after === null || total === null ? null : total + after - before);
    };
    const perRequest = (name: string, r: Sample) => {
      const total = cpu.get(name);
      return total === null || total === undefined || r.ok === 0
        ? ""
        : `  server CPU ${(total / r.ok).toFixed(2)} ms/req`;
    };
    const baselineUrl = `${apps[0]!.origin}/bestelcode`;
    for (let round = 0; round < ROUNDS; round++) {
      await measured(BASELINE, apps[0]!.child.pid, () =>
        load(
          async (agent) => {
            const answer = await request(baselineUrl, { agent });
            return answer.status === 200 ? true : `HTTP ${answer.status}`;
          },
          CONCURRENCY,
          ROUND_MS,
        ),
      );
      for (const app of round % 2 === 0 ? apps : [...apps].reverse()) {
        const { cookie, urls } = sessions.get(app.name)!;
        let n = 0;
        await measured(app.name, app.child.pid, () =>
          load(
            async (agent) => {
              const answer = await request(urls[n++ % urls.length]!, { headers: { Cookie: cookie }, agent });
              return answer.status === 200 ? true : `HTTP ${answer.status}`;
            },
            CONCURRENCY,
            ROUND_MS,
          ),
        );
      }
    }
    console.log(`  ${"server".padEnd(18)} ${"req/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)}`);
    const rates: number[] = [];
    for (const app of apps) {
      const r = merge(samples.get(app.name)!);
      const rate = r.ok / r.seconds;
      rates.push(rate);
      const failed = [...r.failed].map(([k, v]) => `${k} × ${v}`).join(", ");
      console.log(
        `  ${app.name.padEnd(18)} ${rate.toFixed(0).padStart(7)} ${percentile(r.latencies, 50).toFixed(2).padStart(7)} ` +
          `${percentile(r.latencies, 95).toFixed(2).padStart(7)}  (target ≥ ${TARGET_RPS} req/s: ` +
          `${rate >= TARGET_RPS ? "OK" : "MISSED"})${perRequest(app.name, r)}${failed ? ` | failed: ${failed}` : ""}`,
      );
    }
    const base = merge(samples.get(BASELINE)!);
    const baseRate = base.ok / base.seconds;
    console.log(
      `  ${BASELINE.padEnd(18)} ${baseRate.toFixed(0).padStart(7)} ${percentile(base.latencies, 50).toFixed(2).padStart(7)} ` +
        `${percentile(base.latencies, 95).toFixed(2).padStart(7)}  (the package page on SQLite: ` +
        `${((100 * rates[0]!) / baseRate).toFixed(0)}% of it)${perRequest(BASELINE, base)}`,
    );
    if (rates.length === 2)
      console.log(
        `  PostgreSQL / SQLite: ${(rates[1]! / rates[0]!).toFixed(2)} (issue 13: PostgreSQL no slower than 2× SQLite)`,
      );
    console.log("  (one shared machine: the load generator runs in this process, next to the servers)");
  } finally {
    await Promise.all(apps.map(stopApp));
    await postgres?.drop().catch(() => undefined);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench();
}
