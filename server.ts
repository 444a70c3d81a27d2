/**
 * `npm start` (production, the built app) and `npm run dev` (Vite in middleware mode, the same
 * Express stack, so loaders see the same load context in both). PORT default 3000; TRUST_PROXY
 * see server/app.ts and the README.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createApp, parseTrustProxy } from "./server/app";

const mode = process.env.NODE_ENV === "production" ? "production" : "development";
const port = Number(process.env.PORT ?? 3000);
const trustProxy = parseTrustProxy(process.env.TRUST_PROXY);
const buildDir = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");

async function start() {
  if (mode === "development") {
    const vite = await import("vite");
    const viteDevServer = await vite.createServer({ server: { middlewareMode: true } });
    const build = () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    return createApp({ build, mode, trustProxy, viteMiddleware: viteDevServer.middlewares });
  }
  const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
  return createApp({ build, mode, trustProxy, clientDir: path.join(buildDir, "client") });
}

const app = await start();
app.listen(port, () => {
  console.log(
    `Leerwinkel (${mode}) on http://localhost:${port}${trustProxy ? `, trusting ${trustProxy} proxy hop(s)` : ""}`,
  );
  // Retention on start-up (docs/decisions/007): expired rate-limit buckets, sessions and audit
  // entries go; `npm run maintenance` does the same on a schedule. Never blocks serving.
  void import("./app/modules/audit/retention.server")
    .then(({ runMaintenance }) => runMaintenance())
    .then((removed) => console.log(`maintenance: ${JSON.stringify(removed)}`))
    .catch((error: unknown) => console.error("maintenance on start-up failed:", error));
});
