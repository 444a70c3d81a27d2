/**
 * Catalogue search at 50,000 offers (issue 4): builds — or reuses — data/bench-catalog.db, a
 * migrated SQLite database with the demo seed grown to ~50,000 offers, and times typical
 * searches through app/modules/catalog/search.server.ts (count + one page of 24 + pricing of
 * that page for a school with a contract list). Prints median and p95 per search, in ms.
 *   npx tsx bench/catalog.bench.ts
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createDb, type Db } from "../app/db.server";
import { parseCatalogQuery, searchCatalogue } from "../app/modules/catalog/search.server";
import { setupDatabase } from "../scripts/setup";

const TARGET_OFFERS = 50_000;
const FILE = path.resolve("data", "bench-catalog.db");
const URL_ = `file:${FILE}`;
const WARMUP = 3;
const RUNS = 25;
const DATE = "2026-09-01";

async function openBenchDb(): Promise<Db> {
  if (existsSync(FILE)) {
    const existing = createDb(URL_);
    try {
      if ((await existing.offer.count()) >= TARGET_OFFERS) return existing;
    } catch {
      // not a usable database: rebuild below
    }
    await existing.$disconnect();
    rmSync(FILE, { force: true });
  }
  console.log(
    `catalog: building ${path.relative(process.cwd(), FILE)} with ${TARGET_OFFERS.toLocaleString("en")} offers (takes a minute)…`,
  );
  await setupDatabase(URL_, { catalogueSize: TARGET_OFFERS, quiet: true });
  return createDb(URL_);
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export async function bench(): Promise<void> {
  const client = await openBenchDb();
  try {
    const school = await client.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const anEan = (
      await client.offer.findFirstOrThrow({
        where: { id: { startsWith: "go" } },
        orderBy: { id: "desc" },
        select: { ean: true },
      })
    ).ean;
    const offers = await client.offer.count();
    const titles = await client.title.count();
    const searches: [string, string][] = [
      ["text 'wiskunde'", "q=wiskunde"],
      ["text 'kompas havo' (2 words)", "q=kompas+havo"],
      ["exact EAN", `q=${anEan}`],
      ["subject + level + year", "vak=wiskunde&niveau=havo&leerjaar=2"],
      ["digital + reviewed + sector", "vorm=digital&beoordeeld=1&sector=VO"],
      ["learning goal + combination", "leerdoel=KD-TAAL-2F&vorm=combination"],
      ["no filter, page 50", "pagina=50"],
    ];
    console.log(
      `catalog: ${titles.toLocaleString("en")} titles, ${offers.toLocaleString("en")} offers; ${WARMUP} warm-up + ${RUNS} runs per search, times in ms (count + page of 24 + prices)`,
    );
    const all: number[] = [];
    for (const [label, qs] of searches) {
      const query = parseCatalogQuery(new URLSearchParams(qs));
      let total = 0;
      const times: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const start = process.hrtime.bigint();
        const result = await searchCatalogue(query, { kind: "school", schoolId: school.id }, DATE, client);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        total = result.total;
        if (i >= WARMUP) times.push(ms);
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      console.log(
        `  ${label.padEnd(30)} ${String(total).padStart(6)} hits  median ${percentile(times, 50).toFixed(1).padStart(6)}  p95 ${percentile(times, 95).toFixed(1).padStart(6)}`,
      );
    }
    all.sort((a, b) => a - b);
    console.log(
      `  ${"all searches".padEnd(30)} ${"".padStart(11)}  median ${percentile(all, 50).toFixed(1).padStart(6)}  p95 ${percentile(all, 95).toFixed(1).padStart(6)}`,
    );
  } finally {
    await client.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench();
}
