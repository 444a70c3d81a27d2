/**
 * `npm start` (production, the built app) and `npm run dev` (Vite in middleware mode, the same
 * Express stack, so loaders see the same load context in both). PORT default 3000; TRUST_PROXY
 * see server/app.ts and the README.
 *
 * In production the server runs on every core (server/cluster.ts, docs/decisions/017): a
 * primary process starts WEB_CONCURRENCY workers (default: one per core, on either database),
 * each running `serve()` below on the same port; with 1, `serve()` runs in this process, without
 * a primary. Development is always one process (Vite's module graph and HMR live in it).
 */
import cluster from "node:cluster";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createApp, parseTrustProxy } from "./server/app";
import {
  closeOnSignals,
  defaultWebConcurrency,
  parseWebConcurrency,
  runPrimary,
  runsStartUpTasks,
} from "./server/cluster";

const mode = process.env.NODE_ENV === "production" ? "production" : "development";
const port = Number(process.env.PORT ?? 3000);
const trustProxy = parseTrustProxy(process.env.TRUST_PROXY);
const buildDir = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");
const readyLine = `Leerwinkel (${mode}) on http://localhost:${port}${trustProxy ? `, trusting ${trustProxy} proxy hop(s)` : ""}`;

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

/** One server process: the app on PORT (a cluster worker shares the port with its siblings). */
async function serve() {
  const app = await start();
  const server = app.listen(port, () => {
    if (cluster.isWorker) console.log(`worker pid ${process.pid} serves`);
    else console.log(`${readyLine}${mode === "production" ? ", 1 process" : ""}`);
    // Retention on start-up (docs/decisions/007): expired rate-limit buckets, sessions and audit
    // entries go; `npm run maintenance` does the same on a schedule. Never blocks serving. Once
    // per start: in a cluster only the first worker runs it.
    if (!runsStartUpTasks()) return;
    void import("./app/modules/audit/retention.server")
      .then(({ runMaintenance }) => runMaintenance())
      .then((removed) => console.log(`maintenance: ${JSON.stringify(removed)}`))
      .catch((error: unknown) => console.error("maintenance on start-up failed:", error));
  });
  if (mode === "production") closeOnSignals(server);
}

const workers = mode === "production" ? parseWebConcurrency(process.env.WEB_CONCURRENCY, defaultWebConcurrency()) : 1;
if (workers > 1 && cluster.isPrimary) runPrimary({ workers, readyLine });
else await serve();
