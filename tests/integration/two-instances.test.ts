/**
 * Issue 10, part 7 — more than one machine (DESIGN.md §6: no state in the server process that
 * another instance would need; several instances over one PostgreSQL is the scale-out path).
 *
 * Two real production processes of the built app (`server.ts`, as `npm start` runs it) on
 * random ports, over this file's one PostgreSQL database, with the same SESSION_SECRET and
 * TRUST_PROXY=1 (so X-Forwarded-For sets the client address, as a load balancer would):
 * - a login on instance A is a session on B; a logout on B ends it on A;
 * - failed logins for one account from one address, alternating A and B, hit the
 *   per-(account, address) limit at 5 in total;
 * - 30 school checkouts through the checkout form, each posted to BOTH instances at once
 *   (60 concurrent requests): 15 carts with a book whose stock covers only 10 of them, 15 with
 *   only a licence (these take no stock row lock, so their numbering really runs in parallel).
 *   Every idempotency key places one order and both posts answer with it, exactly 25 orders are
 *   placed, the stock ends at exactly 0, and invoice and order numbers run on without gaps or
 *   duplicates.
 * PostgreSQL only: SQLite is one machine's embedded database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { hashPassword } from "~/modules/auth/password.server";
import { sessionSecret } from "~/env.server";
import { LOGIN_LIMIT } from "~/modules/auth/users.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { appBuild, startAppProcess, type AppProcess } from "../support/app-server";
import { cookieFor } from "../support/requests";
import { testProvider } from "../support/test-database";

const postgres = testProvider() === "postgres";
const SKIPPED =
  " — skipped: runs only with TEST_DATABASE=postgres (several instances share one PostgreSQL; SQLite is single-machine)";
const PASSWORD = "twee-machines-een-database";
const CHECKOUTS = 30;
const BOOK_CARTS = 15; // the first 15 buyers order 2 books and a licence, the others a licence
const BOOKS_PER_ORDER = 2;
const STOCK = 20; // room for 10 of the 15 book orders
const PLACED = STOCK / BOOKS_PER_ORDER + (CHECKOUTS - BOOK_CARTS);

let a: AppProcess;
let b: AppProcess;
const servers = () => [a, b] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The rate limits use fixed windows: keep one scenario inside one window. */
async function clearOfWindowEdge(windowSeconds: number, marginMs = 20_000) {
  const left = windowSeconds * 1000 - (Date.now() % (windowSeconds * 1000));
  if (left < marginMs) await sleep(left + 100);
}

function post(server: AppProcess, pathname: string, fields: Record<string, string>, headers: Record<string, string>) {
  // What a browser sends for a form on our own page.
  return fetch(`${server.url}${pathname}`, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      "Sec-Fetch-Site": "same-origin",
      ...headers,
    },
  });
}

async function get(server: AppProcess, pathname: string, cookie: string) {
  const response = await fetch(`${server.url}${pathname}`, { redirect: "manual", headers: { cookie } });
  return { status: response.status, location: response.headers.get("location"), body: await response.text() };
}

/** Logs in over HTTP; returns the answer, its body and the session cookie (empty when refused). */
async function login(server: AppProcess, email: string, password: string, address: string) {
  const response = await post(server, "/login", { email, password }, { "X-Forwarded-For": address });
  const body = await response.text();
  return { status: response.status, body, cookie: (response.headers.get("set-cookie") ?? "").split(";")[0]! };
}

async function schoolAdmin(email: string, brin: string) {
  const school = await db.organisation.findFirstOrThrow({ where: { brin } });
  return db.user.create({
    data: {
      email,
      name: email,
      passwordHash: await passwordHash,
      memberships: { create: { role: "SCHOOL_ADMIN", organisationId: school.id } },
    },
  });
}

let passwordHash: Promise<string>;

describe.skipIf(!postgres)(`two app instances over one PostgreSQL database${postgres ? "" : SKIPPED}`, () => {
  beforeAll(async () => {
    passwordHash = hashPassword(PASSWORD);
    const buildDir = await appBuild();
    const env = {
      DATABASE_URL: process.env.DATABASE_URL!, // this file's fresh database (per-file-database.ts)
      SESSION_SECRET: sessionSecret(), // the test's own too, so that cookieFor() signs cookies both accept
      PAYMENTS_TEST_MODE: "1",
      TRUST_PROXY: "1",
    };
    [a, b] = await Promise.all([startAppProcess(buildDir, env), startAppProcess(buildDir, env)]);
    expect(a.pid).not.toBe(b.pid);
    expect(a.url).not.toBe(b.url);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it("a login on A is a session on B, and a logout on B ends it on A", async () => {
    const user = await schoolAdmin("sessie@twee.test", "34CD");
    const { status, cookie } = await login(a, user.email, PASSWORD, "198.51.100.1");
    expect(status).toBe(302);
    expect(cookie).toMatch(/^__leerwinkel=/);
    for (const server of servers()) expect((await get(server, "/school", cookie)).status).toBe(200);

    const out = await post(b, "/logout", {}, { cookie, "X-Forwarded-For": "198.51.100.1" });
    expect(out.status).toBe(302);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    for (const server of servers()) {
      const page = await get(server, "/school", cookie);
      expect(page.status).toBe(302);
      expect(page.location).toBe("/login?redirectTo=%2Fschool");
    }
  });

  it(`counts failed logins on both instances together: one account from one address is stopped after ${LOGIN_LIMIT.perAccountAndAddress}`, async () => {
    expect(LOGIN_LIMIT.perAccountAndAddress).toBe(5);
    const user = await schoolAdmin("limiet@twee.test", "34CD");
    await clearOfWindowEdge(LOGIN_LIMIT.windowSeconds);
    const attacker = "203.0.113.66";
    const answers: string[] = [];
    for (let attempt = 0; attempt < LOGIN_LIMIT.perAccountAndAddress + 2; attempt++) {
      const server = attempt % 2 === 0 ? a : b;
      const { status, body, cookie } = await login(server, user.email, "niet-het-wachtwoord", attacker);
      expect(status).not.toBe(302); // the login form again, with its message
      expect(cookie).toBe("");
      answers.push(
        body.includes("Te veel inlogpogingen. Probeer het over een kwartier opnieuw.")
          ? "limited"
          : body.includes("onjuist wachtwoord")
            ? "wrong"
            : "other",
      );
    }
    expect(answers).toEqual(["wrong", "wrong", "wrong", "wrong", "wrong", "limited", "limited"]);
    // Even the right password is refused from that address, on either instance …
    for (const server of servers()) {
      const refused = await login(server, user.email, PASSWORD, attacker);
      expect(refused.cookie).toBe("");
      expect(refused.body).toContain("Te veel inlogpogingen");
    }
    // … while the real user, elsewhere, is not locked out.
    const real = await login(b, user.email, PASSWORD, "198.51.100.2");
    expect(real.status).toBe(302);
    expect(real.cookie).toMatch(/^__leerwinkel=/);
  });

  it(`places ${CHECKOUTS} checkouts posted to both instances at once: one order per key, exact stock, gap-free numbers`, async () => {
    const title = await db.title.findFirstOrThrow({
      where: { name: "Getal & Ruimte havo 2" },
      include: { offers: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
    });
    const book = title.offers.find((o) => o.supply === "physical")!;
    const licence = title.offers.find((o) => o.supply === "electronic" && o.licenceMonths === 12)!;
    await db.offer.update({ where: { id: book.id }, data: { stock: STOCK } });
    const year = Number(todayInAmsterdam().slice(0, 4));
    const lastOf = async (series: string) =>
      (await db.numberSequence.findUnique({ where: { series_year: { series, year } } }))?.last ?? 0;
    const before = { invoices: await lastOf("F"), orders: await lastOf("B") };

    // 30 school admins of two schools (logged in by a session row: logins across instances are
    // the first test); each fills the cart on one instance and opens the checkout page on the
    // other (for the form's idempotency key). A few at a time: the concurrency under test is the
    // checkout below.
    const buyers = await inBatches(CHECKOUTS, 6, async (i) => {
      const user = await schoolAdmin(`koper-${i}@twee.test`, i % 2 === 0 ? "12AB" : "34CD");
      const address = `198.51.100.${10 + i}`;
      const [home, other] = i % 2 === 0 ? [a, b] : [b, a];
      const cookie = await cookieFor(user.email);
      const headers = { cookie, "X-Forwarded-For": address };
      const lines =
        i < BOOK_CARTS
          ? ([
              [book.id, BOOKS_PER_ORDER],
              [licence.id, 1],
            ] as const)
          : ([[licence.id, 1]] as const);
      for (const [offerId, quantity] of lines) {
        const added = await post(
          other,
          `/catalogus/${title.slug}`,
          { offerId, quantity: String(quantity), classGroup: "H2A" },
          headers,
        );
        const body = await added.text();
        expect(
          added.headers.get("location"),
          `add to cart answered ${added.status}: ${body.slice(0, 300)}\n${other.output().slice(-2000)}`,
        ).toBe("/winkelwagen?toegevoegd=1");
      }
      const page = await get(home, "/winkelwagen/afrekenen", cookie);
      const idempotencyKey = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
      expect(idempotencyKey).toBeTruthy();
      return {
        user,
        headers,
        form: { idempotencyKey: idempotencyKey!, poNumber: `PO-${i}`, remark: "", paymentMethod: "INVOICE" },
      };
    });

    // Every form post goes to both instances at the same moment: 60 requests, 30 keys.
    const started = Date.now();
    const answers = await Promise.all(
      buyers.map((buyer) =>
        Promise.all(
          servers().map(async (server) => {
            const response = await post(server, "/winkelwagen/afrekenen", buyer.form, buyer.headers);
            const body = await response.text();
            if (response.status >= 500)
              throw new Error(
                `checkout answered ${response.status} on ${server.url}:\n${body.slice(0, 500)}\n${server.output().slice(-2000)}`,
              );
            const placed = /^\/school\/bestellingen\/([^/?]+)\?geplaatst=1$/.exec(
              response.headers.get("location") ?? "",
            )?.[1];
            return placed
              ? `order:${placed}`
              : body.includes("op voorraad")
                ? "out-of-stock"
                : body.includes("winkelwagen is leeg")
                  ? "empty"
                  : `other:${response.status}`;
          }),
        ),
      ),
    );
    const elapsed = Date.now() - started;
    console.log(
      `two instances: ${CHECKOUTS * 2} checkout posts in ${elapsed} ms; answers ${JSON.stringify(countBy(answers.flat().map((x) => x.split(":")[0]!)))}`,
    );

    const orders = await db.order.findMany({
      where: { idempotencyKey: { in: buyers.map((x) => x.form.idempotencyKey) } },
      include: { lines: true, invoices: { select: { series: true, year: true, sequence: true, number: true } } },
    });
    const placed = PLACED; // 10 book orders + 15 licence orders
    // One order per key, and exactly as many as the stock allowed, none beyond it.
    expect(orders).toHaveLength(placed);
    expect(new Set(orders.map((o) => o.idempotencyKey)).size).toBe(placed);
    expect((await db.offer.findUniqueOrThrow({ where: { id: book.id } })).stock).toBe(0);
    expect(
      orders
        .flatMap((o) => o.lines)
        .filter((l) => l.offerId === book.id)
        .reduce((sum, l) => sum + l.quantity, 0),
    ).toBe(STOCK);
    expect(await db.licence.count({ where: { orderId: { in: orders.map((o) => o.id) } } })).toBe(placed);

    // Each buyer's two answers agree with the database: a placed order is where both posts lead;
    // a refused one was refused for its stock, and its cart is still there.
    const byKey = new Map(orders.map((o) => [o.idempotencyKey, o]));
    for (const [i, buyer] of buyers.entries()) {
      const order = byKey.get(buyer.form.idempotencyKey);
      if (order) {
        expect(order.userId).toBe(buyer.user.id);
        expect(answers[i], `answers of buyer ${i}`).toEqual([`order:${order.id}`, `order:${order.id}`]);
      } else {
        expect(i).toBeLessThan(BOOK_CARTS);
        expect(answers[i], `answers of buyer ${i}`).toEqual(["out-of-stock", "out-of-stock"]);
        expect(await db.cartItem.count({ where: { cart: { userId: buyer.user.id } } })).toBe(2);
      }
    }

    // Invoice numbers (series F) and order numbers (series B) of this year run on without gaps
    // or duplicates: the refused orders' numbers were rolled back with them.
    const invoices = orders.flatMap((o) => o.invoices);
    expect(invoices).toHaveLength(placed);
    expect(invoices.every((i) => i.series === "F" && i.year === year)).toBe(true);
    const range = (from: number) => Array.from({ length: placed }, (_, k) => from + 1 + k);
    expect(invoices.map((i) => i.sequence).sort((x, y) => x - y)).toEqual(range(before.invoices));
    expect(orders.map((o) => Number(o.number.slice(6))).sort((x, y) => x - y)).toEqual(range(before.orders));
    expect({ invoices: await lastOf("F"), orders: await lastOf("B") }).toEqual({
      invoices: before.invoices + placed,
      orders: before.orders + placed,
    });
    const series = (await db.invoice.findMany({ where: { series: "F", year }, select: { sequence: true } }))
      .map((i) => i.sequence)
      .sort((x, y) => x - y);
    expect(series).toEqual(Array.from({ length: series.length }, (_, k) => k + 1));
  }, 120_000); // ~15 s on an idle machine; generous for a loaded CI runner
});

async function inBatches<T>(count: number, size: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += size) {
    results.push(
      ...(await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, k) => task(start + k)))),
    );
  }
  return results;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
