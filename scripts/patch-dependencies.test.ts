import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { PATCHES, ROUTE_MATCH_CACHE, installedFile, patchText } from "./patch-dependencies.mjs";

const require = createRequire(import.meta.url);

describe("dependency patches (decision 018)", () => {
  it.each(PATCHES.map((patch) => [patch.name, patch] as const))(
    "%s is applied to the installed version it was written for",
    (_name, patch) => {
      const installed = installedFile(patch);
      expect(installed?.version).toBe(patch.version);
      expect(fs.readFileSync(installed!.file, "utf8")).toContain(patch.marker);
    },
  );

  it("refuses a file whose text it does not know, and leaves a patched text as it is", () => {
    expect(() => patchText(ROUTE_MATCH_CACHE, "function somethingElse() {}")).toThrow(/exactly one occurrence/);
    const patched = `${ROUTE_MATCH_CACHE.marker}\nfunction matchRoutesImpl() {}`;
    expect(patchText(ROUTE_MATCH_CACHE, patched)).toBe(patched);
  });

  describe("React Router's static router with the cache", () => {
    const { createStaticRouter } = require("react-router-dom/server") as typeof import("react-router-dom/server");
    const context = (routeId: string) =>
      ({
        basename: "/",
        location: { pathname: "/", search: "", hash: "", state: null, key: "default" },
        matches: [{ route: { id: routeId }, params: {}, pathname: "/", pathnameBase: "/" }],
        loaderData: {},
        actionData: null,
        errors: null,
        statusCode: 200,
        loaderHeaders: {},
        actionHeaders: {},
        activeDeferreds: null,
      }) as unknown as Parameters<typeof createStaticRouter>[1];
    const tree = () => [{ id: "root", path: "/", children: [{ id: "home", index: true }] }];

    it("converts a routes array once and gives each render's matches its converted routes", () => {
      const routes = tree();
      const first = createStaticRouter(routes, context("root"));
      const second = createStaticRouter(routes, context("root"));
      expect(second.routes).toBe(first.routes);
      expect(second.state.matches[0]!.route).toBe(first.routes[0]);
      expect(second.state.matches[0]!.route.id).toBe("root");
    });

    it("converts another routes array on its own", () => {
      const a = createStaticRouter(tree(), context("root"));
      const other = tree();
      other[0]!.children.push({ id: "page", index: false, path: "pagina" } as never);
      const b = createStaticRouter(other, context("root"));
      expect(b.routes).not.toBe(a.routes);
      expect(b.routes[0]!.children!.map((r) => r.id)).toEqual(["home", "page"]);
      expect(a.routes[0]!.children!.map((r) => r.id)).toEqual(["home"]);
    });
  });

  describe("route matching with the cache", () => {
    // The package Node loads on the server (CommonJS), as the server runtime and React Router do.
    const { matchRoutes, matchPath } = require("@remix-run/router") as typeof import("@remix-run/router");
    const routes = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "catalogue", path: "catalogus" },
          { id: "title", path: "catalogus/:slug" },
          { id: "home", index: true },
        ],
      },
    ];
    const ids = (pathname: string, table = routes) => matchRoutes(table, pathname)?.map((m) => m.route.id) ?? null;

    it("matches the same way on every call over the same routes", () => {
      for (let round = 0; round < 3; round++) {
        expect(ids("/catalogus/getal-ruimte")).toEqual(["root", "title"]);
        expect(ids("/catalogus")).toEqual(["root", "catalogue"]);
        expect(ids("/")).toEqual(["root", "home"]);
        expect(ids("/bestaat-niet")).toBeNull();
        expect(matchRoutes(routes, "/catalogus/abc")?.[1]?.params).toEqual({ slug: "abc" });
      }
    });

    it("keeps each routes array's own branches: another array with other routes matches by its own", () => {
      expect(ids("/pakket")).toBeNull();
      const more = [{ ...routes[0]!, children: [...routes[0]!.children, { id: "package", path: "pakket" }] }];
      expect(ids("/pakket", more)).toEqual(["root", "package"]);
      expect(ids("/pakket")).toBeNull();
    });

    it("keeps case sensitivity and end matching apart for the same path", () => {
      expect(matchPath({ path: "/Pakket", caseSensitive: true }, "/pakket")).toBeNull();
      expect(matchPath({ path: "/Pakket", caseSensitive: false }, "/pakket")).not.toBeNull();
      expect(matchPath({ path: "/Pakket", caseSensitive: true }, "/pakket")).toBeNull();
      expect(matchPath({ path: "/catalogus", end: false }, "/catalogus/x")).not.toBeNull();
      expect(matchPath({ path: "/catalogus", end: true }, "/catalogus/x")).toBeNull();
      expect(matchPath({ path: "/catalogus", end: false }, "/catalogus/x")).not.toBeNull();
    });
  });
});
