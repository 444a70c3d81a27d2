#!/usr/bin/env node
// Applies the project's small, reviewed patches to installed dependencies (run by `postinstall`,
// so `npm ci` and `npm install` apply them; running it again changes nothing). Decision 018 says
// why each exists and when to drop it.
//
// A patch is text replacement on one file of one exact package version. Another version is left
// untouched with a warning (an upgrade may already carry the fix); `scripts/patch-dependencies.test.ts`
// then fails, so an upgrade cannot drop a patch unnoticed.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Backport of react-router's "cache flattened/ranked route branches" (remix-run/react-router#14967,
 * React Router 7) to @remix-run/router 1.23, the router under Remix v2 on the server: `matchRoutes`
 * flattened and ranked all routes and compiled a regular expression per route segment on every call
 * (~4 calls per document request). Both are pure functions of their inputs, so they are kept: the
 * branches per routes array (a WeakMap; the server's route arrays are built once; `patchRoutes`,
 * which adds routes in place, starts a new map), the compiled patterns per path (bounded).
 * Only the CommonJS build is patched: that is what Node loads; the browser bundle uses `router.js`.
 */
export const ROUTE_MATCH_CACHE = {
  name: "route-match-cache",
  packageName: "@remix-run/router",
  version: "1.23.3",
  file: "dist/router.cjs.js",
  marker: "/* leerwinkel-patch: route-match-cache */",
  replacements: [
    {
      from: "function matchRoutesImpl(routes, locationArg, basename, allowPartial) {",
      to: [
        "/* leerwinkel-patch: route-match-cache */",
        "var leerwinkelBranchCache = new WeakMap();",
        "var leerwinkelPathCache = new Map();",
        "function matchRoutesImpl(routes, locationArg, basename, allowPartial) {",
      ].join("\n"),
    },
    {
      from: "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n  let matches = null;",
      to: [
        "  let branches = leerwinkelBranchCache.get(routes);",
        "  if (!branches) {",
        "    branches = flattenRoutes(routes);",
        "    rankRouteBranches(branches);",
        "    leerwinkelBranchCache.set(routes, branches);",
        "  }",
        "  let matches = null;",
      ].join("\n"),
    },
    {
      from: "function compilePath(path, caseSensitive, end) {",
      to: [
        "function compilePath(path, caseSensitive, end) {",
        '  let key = (caseSensitive ? "1" : "0") + (end === false ? "0" : "1") + path;',
        "  let compiled = leerwinkelPathCache.get(key);",
        "  if (!compiled) {",
        "    if (leerwinkelPathCache.size >= 2000) leerwinkelPathCache.clear();",
        "    compiled = compilePathUncached(path, caseSensitive, end);",
        "    leerwinkelPathCache.set(key, compiled);",
        "  }",
        "  return compiled;",
        "}",
        "function compilePathUncached(path, caseSensitive, end) {",
      ].join("\n"),
    },
    {
      from: "function patchRoutesImpl(routeId, children, routesToUse, manifest, mapRouteProperties) {",
      to: [
        "function patchRoutesImpl(routeId, children, routesToUse, manifest, mapRouteProperties) {",
        "  leerwinkelBranchCache = new WeakMap();",
      ].join("\n"),
    },
  ],
};

/**
 * The document render's route tree, built once instead of per request. Remix's `RemixServer`
 * builds React Router's route objects from the build's route manifest for every document
 * (`createServerRoutes`), and React Router's `createStaticRouter` converts them again
 * (`convertRoutesToDataRoutes`): new arrays each time, so route matching's branch cache
 * (ROUTE_MATCH_CACHE) never hit for the render's two matches, and ~150 objects were made per
 * request. Both are pure functions of inputs that stay the same while the server runs (the
 * manifest, the route modules, the future flags): kept per manifest and rebuilt when a route
 * module is another (a development rebuild).
 */
export const SERVER_ROUTES_CACHE = {
  name: "server-routes-cache",
  packageName: "@remix-run/react",
  version: "2.17.5",
  file: "dist/server.js",
  marker: "/* leerwinkel-patch: server-routes-cache */",
  replacements: [
    {
      from: "function RemixServer({",
      to: [
        "/* leerwinkel-patch: server-routes-cache */",
        "var leerwinkelServerRoutes = new WeakMap();",
        "function leerwinkelRoutesOf(manifest, routeModules, future, isSpaMode) {",
        "  let cached = leerwinkelServerRoutes.get(manifest.routes);",
        "  if (cached && cached.future === future && cached.isSpaMode === isSpaMode) {",
        "    let same = true;",
        "    for (let id in cached.modules) if (cached.modules[id] !== routeModules[id]) { same = false; break; }",
        "    if (same) return cached.routes;",
        "  }",
        "  let built = routes.createServerRoutes(manifest.routes, routeModules, future, isSpaMode);",
        "  leerwinkelServerRoutes.set(manifest.routes, { routes: built, modules: { ...routeModules }, future, isSpaMode });",
        "  return built;",
        "}",
        "function RemixServer({",
      ].join("\n"),
    },
    {
      from: "  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);",
      to: "  let routes$1 = leerwinkelRoutesOf(manifest, routeModules, context.future, context.isSpaMode);",
    },
  ],
};

/** React Router's half of SERVER_ROUTES_CACHE: the data routes per routes array. */
export const STATIC_ROUTER_ROUTES_CACHE = {
  name: "static-router-routes-cache",
  packageName: "react-router-dom",
  version: "6.30.4",
  file: "server.js",
  marker: "/* leerwinkel-patch: static-router-routes-cache */",
  replacements: [
    {
      from: "function createStaticRouter(routes, context, opts = {}) {\n  let manifest = {};\n  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);",
      to: [
        "/* leerwinkel-patch: static-router-routes-cache */",
        "var leerwinkelDataRoutes = new WeakMap();",
        "function createStaticRouter(routes, context, opts = {}) {",
        "  let converted = leerwinkelDataRoutes.get(routes);",
        "  if (!converted) {",
        "    let manifest = {};",
        "    converted = { manifest, dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest) };",
        "    leerwinkelDataRoutes.set(routes, converted);",
        "  }",
        "  let { manifest, dataRoutes } = converted;",
      ].join("\n"),
    },
  ],
};

export const PATCHES = [ROUTE_MATCH_CACHE, SERVER_ROUTES_CACHE, STATIC_ROUTER_ROUTES_CACHE];

/** The installed file of a patch, and the version of its package; null when not installed. */
export function installedFile(patch) {
  let manifestPath;
  try {
    manifestPath = require.resolve(`${patch.packageName}/package.json`);
  } catch {
    return null;
  }
  const version = JSON.parse(fs.readFileSync(manifestPath, "utf8")).version;
  return { file: path.join(path.dirname(manifestPath), patch.file), version };
}

/** The text of a file with a patch's replacements made; throws when a text to replace is not there exactly once. */
export function patchText(patch, text) {
  if (text.includes(patch.marker)) return text;
  for (const { from, to } of patch.replacements) {
    const first = text.indexOf(from);
    if (first < 0 || text.indexOf(from, first + 1) >= 0) {
      throw new Error(`${patch.name}: expected exactly one occurrence of: ${from.split("\n")[0]}`);
    }
    text = text.slice(0, first) + to + text.slice(first + from.length);
  }
  return text;
}

/** Applies one patch to the installed package; returns what happened, in words. */
export function applyPatch(patch) {
  const installed = installedFile(patch);
  if (!installed) return `${patch.name}: ${patch.packageName} is not installed, skipped`;
  if (installed.version !== patch.version) {
    return `${patch.name}: written for ${patch.packageName} ${patch.version}, found ${installed.version}; skipped (review the patch)`;
  }
  const text = fs.readFileSync(installed.file, "utf8");
  if (text.includes(patch.marker)) return `${patch.name}: already applied`;
  fs.writeFileSync(installed.file, patchText(patch, text));
  return `${patch.name}: applied to ${patch.packageName} ${installed.version}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const patch of PATCHES) console.log(`patch-dependencies: ${applyPatch(patch)}`);
}
