/**
 * `npm run bench [-- <filter> …]`: runs every bench/*.bench.ts that exports
 * `bench(): Promise<void>`, one after another (never in parallel: they measure
 * time), with a header per file. Filters match file names by substring, e.g.
 * `npm run bench -- pricing` runs only bench/pricing.bench.ts.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

interface BenchModule {
  bench?: () => Promise<void> | void;
}

const benchDir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((arg) => arg !== "--");

const files = readdirSync(benchDir)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`No bench/*.bench.ts matches ${filters.map((f) => `"${f}"`).join(", ") || "(no filter)"}.`);
  process.exitCode = 1;
} else {
  let failed = 0;
  for (const name of files) {
    console.log(`\n=== ${name} ${"=".repeat(Math.max(3, 60 - name.length))}`);
    const started = Date.now();
    try {
      const module = (await import(pathToFileURL(join(benchDir, name)).href)) as BenchModule;
      if (typeof module.bench !== "function") {
        throw new Error(`${name} does not export an async function bench().`);
      }
      await module.bench();
      console.log(`--- ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed++;
      console.error(`--- ${name} FAILED:`, error instanceof Error ? (error.stack ?? error.message) : error);
    }
  }
  if (failed > 0) {
    console.error(`\n${failed} of ${files.length} benchmark file(s) failed.`);
    process.exitCode = 1;
  }
}
