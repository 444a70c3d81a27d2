/**
 * Query budgets per main page (issue 13, point 4): the SQL statements one page request sends,
 * counted over HTTP against the real server stack (server/app.ts around a build of the app, in
 * this process, so tests/support/query-counter.ts sees every statement of every loader). Each
 * page is requested once first: that request may read the VAT schedule into memory and write a
 * session's lastSeenAt (at most once a minute); the budget is for the steady state, the second.
 *
 * A budget is the figure measured when it was pinned. A change that needs more queries raises it
 * here, with the reason; a change that saves some lowers it. The catalogue and title-page budgets
 * are in their own file.
 */
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createApp } from "../../server/app";
import { appBuild } from "../support/app-server";
import { countQueries, describeStatements } from "../support/query-counter";
import { cookieFor, formRequest, run } from "../support/requests";
import { action as titleAction } from "~/routes/catalogus.$slug";
import { DEMO_ORDER_CODE } from "../../prisma/seed";

let server: Server;
let base = "";

beforeAll(async () => {
  const buildDir = await appBuild();
  const build = (await import(
    /* @vite-ignore */ pathToFileURL(path.join(buildDir, "server", "index.js")).href
  )) as ServerBuild;
  const app = createApp({ build, mode: "production", trustProxy: 0, clientDir: path.join(buildDir, "client") });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** GETs `pathname` twice with `cookie`; the second request's status and statements. */
async function steadyState(pathname: string, cookie: string) {
  const get = async () => {
    const response = await fetch(`${base}${pathname}`, { headers: { cookie }, redirect: "manual" });
    await response.text();
    return response.status;
  };
  await get();
  const counted = await countQueries(get);
  return { status: counted.result, count: counted.count, writes: counted.writes, statements: counted.statements };
}

describe("query budgets per page request", () => {
  it("the cart (winkelwagen) with three lines", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    await db.cartItem.deleteMany({ where: { cart: { user: { email: "school@leerwinkel.test" } } } });
    const title = await db.title.findFirstOrThrow({
      where: { name: "Getal & Ruimte havo 2" },
      include: { offers: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
    });
    // Three lines as the title page adds them: the book, a licence and the bundle.
    for (const supply of ["physical", "electronic", "bundle"]) {
      const offer = title.offers.find((o) => o.supply === supply)!;
      const added = await run(() =>
        titleAction({
          request: formRequest(
            `/catalogus/${title.slug}`,
            { offerId: offer.id, quantity: "3", classGroup: "" },
            { cookie },
          ),
          params: { slug: title.slug },
          context: {},
        }),
      );
      expect((added as Response).status).toBe(302);
    }

    const page = await steadyState("/winkelwagen", cookie);
    expect(page.status).toBe(200);
    expect(page.writes, describeStatements(page.statements)).toBe(0);
    expect(page.count, describeStatements(page.statements)).toBeLessThanOrEqual(CART_BUDGET);
  });

  it("the package page (pakket) with a package session", async () => {
    const entered = await fetch(`${base}/bestelcode`, {
      method: "POST",
      body: new URLSearchParams({ code: DEMO_ORDER_CODE }).toString(),
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: base,
        "Sec-Fetch-Site": "same-origin",
      },
    });
    expect(entered.status).toBe(302);
    const cookie = (entered.headers.get("set-cookie") ?? "").split(";")[0]!;
    const page = await steadyState("/pakket", cookie);
    expect(page.status).toBe(200);
    expect(page.writes, describeStatements(page.statements)).toBe(0);
    expect(page.count, describeStatements(page.statements)).toBeLessThanOrEqual(PACKAGE_BUDGET);
  });

  it("the finance list (financien) for operator finance", async () => {
    const cookie = await cookieFor("financien@leerwinkel.test");
    const page = await steadyState("/financien", cookie);
    expect(page.status).toBe(200);
    expect(page.writes, describeStatements(page.statements)).toBe(0);
    expect(page.count, describeStatements(page.statements)).toBeLessThanOrEqual(FINANCE_BUDGET);
  });
});

/**
 * Cart, 20 (pinned 2026-12-01, SQLite and PostgreSQL alike): the login (session, user, memberships,
 * organisations: 4, now 1); the cart with its items, offers and titles (4, Prisma's includes); pricing
 * (price lists, offers, titles, bundle components, prices: 5); the what-if of the contract/tier
 * suggestions (7). The footer's VAT rates come from memory (0). Pinned before loadCart stopped
 * reading the price lists, offers and prices a second time to add the shipping (priceItems'
 * shippingFor prices both from one set of reads), which saves about 5 of these. + 1 (issue 14 §2):
 * the school's years-of-use defaults that prefill the "over de gebruiksduur" form (its figures are
 * read only when that form is sent). + 1 − 1 (issue 14 §4): the stored "Wat als" VAT scenarios for
 * the cart's "ander btw-tarief" form (the cart is re-priced only when it is sent), while the
 * what-if now reuses the cart's price lists instead of reading them a second time. − 3 (issue 13):
 * the login is one read (session, user, memberships and organisation names joined).
 */
const CART_BUDGET = 18;
/**
 * Package page, 1: the pupil behind the code and its latest order, one raw read (2 Prisma queries
 * before issue 13's second round). The priced package (school,
 * package, items, offers, price lists and prices) comes from memory for 30 s per class and day
 * (PRICED_PACKAGE_TTL_MS in packages/parent-package.server.ts) — an order is always priced afresh. No login (an anonymous parent), the
 * footer's rates from memory. Before the cache: 17.
 */
const PACKAGE_BUDGET = 1;
/**
 * Finance list, 8: the login (1); the school filter's options (1); the totals, the count and one
 * page of invoices (3); the page's buyers' names (1); the "Btw per tarief" chart (issue 14 §5):
 * the selection's VAT lines summed per rate in the database, one GROUP BY for invoices and one for
 * credit notes (2). Before the chart: 9. − 3 (issue 13): the login is one read, not 4.
 */
const FINANCE_BUDGET = 8;
