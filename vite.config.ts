import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    !process.env.VITEST &&
      remix({
        // A separate build folder lets parallel e2e runs on one machine keep their own app.
        buildDirectory: process.env.REMIX_BUILD_DIR ?? "build",
        ignoredRouteFiles: ["**/*.test.ts", "**/*.test.tsx"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          // Off (decision 018): the route manifest is one cached asset instead of a partial manifest
          // matched and serialised into every document (~4% of a title page's server CPU).
          v3_lazyRouteDiscovery: false,
        },
      }),
    tsconfigPaths(),
  ],
  ssr: {
    external: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "pdfkit"],
  },
});
