/**
 * The HTTP server around Remix (DESIGN.md §6, docs/decisions/005-own-server-entry.md): Express
 * with @remix-run/express, security headers, bounded request bodies, and the client's address
 * in the load context. `server.ts` starts it; the HTTP tests start it on a random port.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { limitBodies } from "./body-limits";
import { QUOTE_PATH, quoteApi } from "./quote-api";
import { apiSecurityHeaders, securityHeaders } from "./security-headers";

export interface AppOptions {
  /** The built app, or (development) a function that loads it afresh from Vite. */
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  /** How many proxies in front of us to believe in X-Forwarded-For (Express's `trust proxy` hop count). */
  trustProxy: number;
  /** Production: the build's client folder (hashed assets under /assets). */
  clientDir?: string;
  /** Development: Vite's middleware (modules, HMR, assets). */
  viteMiddleware?: express.RequestHandler;
}

/**
 * Reads TRUST_PROXY: the number of proxy hops to believe, default 0 (the socket's address only,
 * X-Forwarded-For ignored). With N, the client is the Nth address from the right of
 * X-Forwarded-For — the one the outermost of our own N proxies saw.
 */
export function parseTrustProxy(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return 0;
  if (!/^\d+$/.test(value.trim()))
    throw new Error(`TRUST_PROXY must be a number of proxy hops (0, 1, 2 …), got "${value}"`);
  return Number(value.trim());
}

export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // A number n makes req.ip the (n)th address from the right of X-Forwarded-For, 0 the socket's.
  app.set("trust proxy", options.trustProxy);

  // The public quote API, in front of everything else (server/quote-api.ts): a JSON answer needs
  // no per-request CSP nonce, static files or Remix.
  app.all(QUOTE_PATH, apiSecurityHeaders(options.mode), limitBodies(quoteApi()));

  app.use(securityHeaders(options.mode));
  if (options.viteMiddleware) {
    app.use(options.viteMiddleware);
  } else if (options.clientDir) {
    // Vite-hashed files never change; the rest of the client folder only briefly.
    app.use("/assets", express.static(path.join(options.clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    // The other files of the client folder (public/: favicon.svg, …) are known at start: only their
    // paths reach the file system, not every page request (a stat each, ~3% of a page's CPU).
    const publicFiles = filesBelow(options.clientDir, ["assets"]);
    const servePublic = express.static(options.clientDir, { maxAge: "1h", index: false, redirect: false });
    app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
  }

  const remix = createRequestHandler({
    build: options.build,
    mode: options.mode,
    getLoadContext: (req: Request, res: Response): AppLoadContext => ({
      clientAddress: req.ip,
      cspNonce: String(res.locals.cspNonce),
    }),
  });
  app.all("*", limitBodies(remix));

  // A body cut off at its limit has been answered (413) already; Remix's error for the broken
  // body then arrives here with nothing left to say.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      if (!res.writableEnded) res.destroy();
      return;
    }
    next(error);
  });
  return app;
}

/** The URL paths (/name, /dir/name) of the files below `dir`, leaving out the top-level folders `skip`. */
function filesBelow(dir: string, skip: string[]): Set<string> {
  const paths = new Set<string>();
  const visit = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (prefix === "" && skip.includes(entry.name)) continue;
      if (entry.isDirectory()) visit(path.join(folder, entry.name), `${prefix}/${entry.name}`);
      else if (entry.isFile()) paths.add(encodeURI(`${prefix}/${entry.name}`)); // req.path is not decoded
    }
  };
  if (existsSync(dir)) visit(dir, "");
  return paths;
}
