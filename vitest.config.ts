import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

/**
 * Two Vitest projects (scripts/test-all.sh runs `unit` once and `integration` on SQLite and on
 * PostgreSQL; `npx vitest run` runs both on SQLite):
 *  - unit: pure tests next to the code. No global setup, no database: DATABASE_URL points
 *    nowhere, so a unit test that reaches app/db.server.ts fails at once ("DATABASE_URL must
 *    start with file: or postgres://") — such a test belongs in `integration`.
 *  - integration: tests/integration and the app/ tests listed in DB_TESTS. Every file gets its
 *    own copy of a seeded database (tests/support/per-file-database.ts), on SQLite or — with
 *    TEST_DATABASE=postgres — on PostgreSQL.
 * Slow tests (Saxon-run EN 16931 / Peppol / NLCIUS validation, one JVM per rule set) carry
 * "[slow]" in their describe name; they stay in `npm test`, and `npx vitest run -t` can leave
 * them out while working (e.g. `--testNamePattern '^(?!.*\[slow\])'`).
 * scrypt runs at PASSWORD_SCRYPT_N=1024 (production: 2^15): hashes carry their cost, so the
 * seeded users' hashes verify either way.
 *
 * Each of the two worker processes runs one file after another (`isolate: false`): a new process
 * and module graph per file cost ~0.4 s each. Integration files share the loaded modules; what a
 * file leaves behind (process.env, timers, spies, the app's in-memory state and Prisma client) is
 * reset by tests/support/per-file-database.ts through app/app-state.server.ts. Unit files get a
 * fresh module graph each (cheap: no Prisma). TEST_ISOLATE=1 runs every file in its own process,
 * to rule out a leak between files.
 */
const DB_TESTS: string[] = [];
const isolate = process.env.TEST_ISOLATE === "1";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { PASSWORD_SCRYPT_N: "1024" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts"],
          exclude: DB_TESTS,
          env: { DATABASE_URL: "no-database-in-unit-tests" },
          poolOptions: { forks: { isolate: true } },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", ...DB_TESTS],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/per-file-database.ts"],
        },
      },
    ],
  },
});
