import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// One config for unit and integration tests. Every file gets its own copy of a seeded
// database (tests/support/per-file-database.ts), on SQLite or — with TEST_DATABASE=postgres —
// on PostgreSQL; pure unit tests simply do not use it.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "tests/integration/**/*.test.ts", "scripts/**/*.test.ts", "prisma/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/per-file-database.ts"],
  },
});
