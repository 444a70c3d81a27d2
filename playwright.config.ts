import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_BASE_PORT, E2E_WORKERS } from "./tests/e2e/support";

// Debian's Chromium in its headless shell (package chromium-headless-shell, the "old" headless mode
// that Playwright itself runs headless tests in) when installed: the same Chromium build without the
// full browser's window and compositor work — the e2e suite ran in ~25% less CPU time than in
// /usr/bin/chromium's new headless mode. CHROMIUM_PATH picks another binary (/usr/bin/chromium, say).
const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
const chromium = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium");

// End-to-end tests drive Debian's Chromium (`npx playwright install` cannot download a browser
// here) against the BUILT app. Each of the E2E_WORKERS workers (default 2) has a server of its own,
// served by scripts/e2e-server.sh on port E2E_PORT + i (default 3100, 3101) with its own freshly
// seeded SQLite database, so that no test sees another worker's writes (tests/e2e/support.ts,
// e2ePort(); tests/e2e/fixtures.ts sets each worker's baseURL). Spec files are spread over the
// workers; the tests of one file run in order, in one worker.
if (!Number.isInteger(E2E_WORKERS) || E2E_WORKERS < 1) throw new Error("E2E_WORKERS must be a whole number ≥ 1");
const ports = Array.from({ length: E2E_WORKERS }, (_, i) => E2E_BASE_PORT + i);

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: E2E_WORKERS,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    locale: "nl-NL",
    timezoneId: "Europe/Amsterdam",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // Started one after the other: the first seeds its database, the others start from a copy of that
  // fresh seed (scripts/e2e-server.sh's second argument) instead of seeding again.
  webServer: ports.map((port, i) => ({
    command: i === 0 ? `bash scripts/e2e-server.sh ${port}` : `bash scripts/e2e-server.sh ${port} ${ports[0]}`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  })),
});
