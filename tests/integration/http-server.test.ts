/**
 * The HTTP layer of issue 10, through the real server stack (server/app.ts) around a real build
 * of the app, on this file's database: client address and TRUST_PROXY, bounded bodies, 400/404
 * for oversized input, security headers, Cache-Control behind a login, the safe redirect after
 * login and the same-origin check on /logout.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../server/app";
import { API_CONTENT_SECURITY_POLICY } from "../../server/security-headers";
import { QUOTE_EXAMPLE } from "../fixtures/quote-example";
import { appBuild } from "../support/app-server";

let buildDir = "";
const servers: Server[] = [];
let direct = ""; // TRUST_PROXY=0
let proxied = ""; // TRUST_PROXY=1

async function listen(trustProxy: number, build: ServerBuild): Promise<string> {
  const app = createApp({ build, mode: "production", trustProxy, clientDir: path.join(buildDir, "client") });
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // A build of the current source, shared with the other HTTP-level tests of this run.
  buildDir = await appBuild();
  const build = (await import(
    /* @vite-ignore */ pathToFileURL(path.join(buildDir, "server", "index.js")).href
  )) as ServerBuild;
  direct = await listen(0, build);
  proxied = await listen(1, build);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

afterEach(() => {
  vi.useRealTimers();
  delete process.env.QUOTE_RATE_LIMIT_PER_MINUTE;
});

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

async function loginCookie(
  email: string,
  extra: Record<string, string> = {},
): Promise<{ response: Response; cookie: string }> {
  const response = await post(
    `${direct}/login`,
    new URLSearchParams({ email, password: "leerwinkel", ...extra }).toString(),
  );
  const setCookie = response.headers.get("set-cookie") ?? "";
  return { response, cookie: setCookie.split(";")[0]! };
}

/**
 * Sends the head of a POST and only `sent` bytes of its body, then waits for the answer: a 413
 * that arrives while the rest was never sent shows the server did not wait to read it all.
 */
function partialPost(url: string, headers: Record<string, string>, sent: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on("error", (error) => reject(error));
    const chunk = Buffer.alloc(64 * 1024, "a");
    for (let written = 0; written < sent; written += chunk.length) request.write(chunk);
    setTimeout(() => reject(new Error("no answer while the body was still open")), 10_000);
  });
}

describe("client address and TRUST_PROXY", () => {
  it("TRUST_PROXY=0 keys on the socket: two forged X-Forwarded-For values share one bucket", async () => {
    process.env.QUOTE_RATE_LIMIT_PER_MINUTE = "1";
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-30T10:00:05Z")); // early in a one-minute window
    const first = await post(`${direct}/api/vat/quote`, "{}", {
      "Content-Type": "application/json",
      "X-Forwarded-For": "198.51.100.1",
    });
    const second = await post(`${direct}/api/vat/quote`, "{}", {
      "Content-Type": "application/json",
      "X-Forwarded-For": "198.51.100.2",
    });
    expect(first.status).toBe(400); // counted, then refused for its empty document
    expect(second.status).toBe(429);
  });

  it("TRUST_PROXY=1 takes the address our proxy appended (the rightmost), not the client's own claim", async () => {
    process.env.QUOTE_RATE_LIMIT_PER_MINUTE = "1";
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-30T10:01:05Z"));
    const headers = (xff: string) => ({ "Content-Type": "application/json", "X-Forwarded-For": xff });
    expect((await post(`${proxied}/api/vat/quote`, "{}", headers("203.0.113.10"))).status).toBe(400);
    expect((await post(`${proxied}/api/vat/quote`, "{}", headers("203.0.113.11"))).status).toBe(400);
    // A client forging a first entry still arrives as 203.0.113.10 through our proxy.
    expect((await post(`${proxied}/api/vat/quote`, "{}", headers("192.0.2.99, 203.0.113.10"))).status).toBe(429);
  });
});

describe("the quote API, served by Express in front of Remix (server/quote-api.ts)", () => {
  it("prices a quote: 200, JSON with its length, no-store, the API's security headers", async () => {
    const response = await post(`${direct}/api/vat/quote`, JSON.stringify(QUOTE_EXAMPLE), {
      "Content-Type": "application/json",
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toBe(API_CONTENT_SECURITY_POLICY);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=/);
    expect(JSON.parse(text)).toMatchObject({ currency: "EUR", totals: { gross: "412.97" } });
  });

  it("answers other methods with 405 and bad JSON with 400, both as JSON errors", async () => {
    const get = await fetch(`${direct}/api/vat/quote`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(await get.json()).toEqual({ error: "Use POST with a JSON body.", field: null });
    const bad = await post(`${direct}/api/vat/quote`, "{not json", { "Content-Type": "application/json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "body", error: expect.stringMatching(/not valid JSON/) });
  });
});

describe("the quote API and a client that goes away", () => {
  it("drops a quote whose client closed before the end of its body, and answers the next one", async () => {
    await new Promise<void>((resolve, reject) => {
      const request = http.request(`${direct}/api/vat/quote`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": "1000" },
      });
      request.on("error", () => resolve()); // the socket we destroy ourselves
      request.write('{"date":');
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 100);
      setTimeout(() => reject(new Error("no close")), 5_000);
    });
    const next = await post(`${direct}/api/vat/quote`, JSON.stringify(QUOTE_EXAMPLE), {
      "Content-Type": "application/json",
    });
    expect(next.status).toBe(200);
  });
});

describe("bounded request bodies", () => {
  it("answers a declared 3 MB quote with 413 before the body has even been sent", async () => {
    const status = await partialPost(
      `${direct}/api/vat/quote`,
      { "Content-Type": "application/json", "Content-Length": String(3_000_000) },
      64 * 1024,
    );
    expect(status).toBe(413);
  });

  it("cuts off a chunked quote body at 2 MB with 413 while the client is still sending", async () => {
    const status = await partialPost(
      `${direct}/api/vat/quote`,
      { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
      2 * 1024 * 1024 + 128 * 1024,
    );
    expect(status).toBe(413);
  });

  it("refuses a 200 KB login form with 413, declared or chunked", async () => {
    const body = `email=${"a".repeat(200_000)}&password=x`;
    expect((await post(`${direct}/login`, body)).status).toBe(413);
    const status = await partialPost(
      `${direct}/login`,
      { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
      200 * 1024,
    );
    expect(status).toBe(413);
  });

  it("still takes an ordinary login form", async () => {
    const { response } = await loginCookie("school@leerwinkel.test");
    expect(response.status).toBe(302);
  });
});

describe("oversized input in URLs", () => {
  it("answers a catalogue search of 201 characters with 400 and a 65-character id with 404", async () => {
    const { cookie } = await loginCookie("school@leerwinkel.test");
    expect((await fetch(`${direct}/catalogus?q=${"x".repeat(200)}`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${direct}/catalogus?q=${"x".repeat(201)}`, { headers: { cookie } })).status).toBe(400);
    expect((await fetch(`${direct}/catalogus?q=${encodeURIComponent("%_%_%")}`, { headers: { cookie } })).status).toBe(
      200,
    );
    expect((await fetch(`${direct}/school/bestellingen/${"a".repeat(65)}`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${direct}/school/pakketten/${"a".repeat(65)}`, { headers: { cookie } })).status).toBe(404);
    const parent = (await loginCookie("ouder@leerwinkel.test")).cookie;
    expect((await fetch(`${direct}/betalen/${"a".repeat(65)}`, { headers: { cookie: parent } })).status).toBe(404);
    expect(
      (await fetch(`${direct}/ouder/bestellingen/${"a".repeat(65)}`, { headers: { cookie: parent } })).status,
    ).toBe(404);
    const finance = (await loginCookie("financien@leerwinkel.test")).cookie;
    expect(
      (await fetch(`${direct}/financien/betalingen/${"a".repeat(65)}`, { headers: { cookie: finance } })).status,
    ).toBe(404);
    expect(
      (await fetch(`${direct}/financien/terugbetalingen/${"a".repeat(65)}`, { headers: { cookie: finance } })).status,
    ).toBe(404);
  });
});

describe("security headers", () => {
  it("sends a CSP whose nonce every script of the page carries, and the other headers", async () => {
    const response = await fetch(`${direct}/`);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = (await fetch(`${direct}/`)).headers.get("content-security-policy");
    expect(again).not.toBe(csp); // a fresh nonce per response
  });

  it("marks pages behind a login private, no-store", async () => {
    const { cookie } = await loginCookie("school@leerwinkel.test");
    const page = await fetch(`${direct}/school`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const data = await fetch(`${direct}/school.data`, { headers: { cookie } });
    expect(data.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("static files", () => {
  it("serves public/ files and hashed assets with their cache lifetimes; other paths go to the app", async () => {
    const icon = await fetch(`${direct}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    const html = await (await fetch(`${direct}/`)).text();
    const asset = /\/assets\/[\w.-]+\.js/.exec(html)![0];
    const script = await fetch(`${direct}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    // not a file: the app answers (its own 404 page, with the site's security headers)
    const missing = await fetch(`${direct}/favicon.svg.bak`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^text\/html/);
    expect(missing.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("redirects and logout", () => {
  it.each(["/\\evil.example/", "//evil.example/", "/\t/evil.example/", "https://evil.example/"])(
    "does not follow redirectTo %j after a real login",
    async (redirectTo) => {
      const { response } = await loginCookie("ouder@leerwinkel.test", { redirectTo });
      expect(response.status).toBe(302);
      expect(new URL(response.headers.get("location")!, direct).origin).toBe(direct);
      expect(response.headers.get("location")).toMatch(/^\/ouder$|^\/$/);
    },
  );

  it("follows a same-site redirectTo after login", async () => {
    const { response } = await loginCookie("ouder@leerwinkel.test", { redirectTo: "/pakket?keuze=1" });
    expect(response.headers.get("location")).toBe("/pakket?keuze=1");
  });

  it("refuses a cross-site logout with 403 and accepts our own", async () => {
    const { cookie } = await loginCookie("ouder@leerwinkel.test");
    expect((await post(`${direct}/logout`, "", { cookie, "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await post(`${direct}/logout`, "", { cookie, Origin: "https://evil.example" })).status).toBe(403);
    expect((await fetch(`${direct}/ouder`, { headers: { cookie }, redirect: "manual" })).status).toBe(200);
    const own = await post(`${direct}/logout`, "", { cookie, Origin: direct, "Sec-Fetch-Site": "same-origin" });
    expect(own.status).toBe(302);
  });
});
