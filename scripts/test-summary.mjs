// Adds up the JSON reports of the test runs into one closing line: "N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

let passed = 0,
  failed = 0,
  skipped = 0,
  missing = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    missing++;
    console.log(`(no report: ${file})`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  if (r.stats && "expected" in r.stats) {
    // Playwright
    passed += r.stats.expected;
    failed += r.stats.unexpected + (r.stats.flaky ?? 0);
    skipped += r.stats.skipped;
    console.log(`${file}: ${r.stats.expected} passed, ${r.stats.unexpected} failed`);
  } else {
    // Vitest
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
console.log("");
console.log(`${passed} passed, ${failed + missing} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed + missing > 0 || passed === 0 ? 1 : 0);
