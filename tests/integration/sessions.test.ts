/**
 * Issue 10 §3: server-side sessions. The cookie used to hold only {userId}: identical at every
 * login and still valid after logout. Now it holds a random id of a Session row with idle (2 h)
 * and absolute (12 h) expiry, ended at logout, by a password change and by an operator.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as passwordAction } from "~/routes/wachtwoord";
import { action as usersAction, loader as usersLoader } from "~/routes/beheer.gebruikers";
import { loader as parentLoader } from "~/routes/ouder._index";
import { db } from "~/db.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

const context = { clientAddress: "203.0.113.40" };
const cookieOf = (res: Response) => res.headers.get("Set-Cookie")!.split(";")[0]!;

async function logIn(email = "ouder@leerwinkel.test", password = "leerwinkel"): Promise<string> {
  const res = (await run(() =>
    loginAction({ request: formRequest("/login", { email, password }), params: {}, context }),
  )) as Response;
  expect(res.status).toBe(302);
  return cookieOf(res);
}

/** Whether the cookie still opens the parent's page (a redirect to /login when it does not). */
async function works(cookie: string): Promise<boolean> {
  const res = await run(() => parentLoader({ request: getRequest("/ouder", { cookie }), params: {}, context }));
  if (res instanceof Response && res.status === 302) {
    expect(res.headers.get("Location")).toMatch(/^\/login/);
    return false;
  }
  return true;
}

const at = (iso: string) => vi.setSystemTime(new Date(iso));
afterEach(() => vi.useRealTimers());

describe("server-side sessions", () => {
  it("gives every login its own cookie, holding no user id", async () => {
    const a = await logIn();
    const b = await logIn();
    expect(a).not.toBe(b);
    const user = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    expect(decodeURIComponent(a)).not.toContain(user.id);
    expect(Buffer.from(decodeURIComponent(a.split("=")[1]!).split(".")[0]!, "base64").toString()).not.toContain(
      user.id,
    );
    expect(await works(a)).toBe(true);
    expect(await works(b)).toBe(true);
  });

  it("stores only a hash of the cookie's id", async () => {
    const cookie = await logIn("school@leerwinkel.test");
    const user = await db.user.findUniqueOrThrow({
      where: { email: "school@leerwinkel.test" },
      include: { sessions: true },
    });
    expect(user.sessions.length).toBeGreaterThan(0);
    for (const s of user.sessions) expect(decodeURIComponent(cookie)).not.toContain(s.id);
  });

  it("a cookie stops working after logout, also when replayed", async () => {
    const cookie = await logIn();
    const other = await logIn();
    const request = new Request("http://localhost/logout", {
      method: "POST",
      headers: { Cookie: cookie, Origin: "http://localhost" },
    });
    const res = (await run(async () => logoutAction({ request, params: {}, context }))) as Response;
    expect(res.status).toBe(302);
    expect(await works(cookie)).toBe(false);
    expect(await works(other)).toBe(true); // logout ends this browser's session only
  });

  it("ends after 2 hours without a request, and slides while the user is active", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at("2026-11-29T08:00:00Z");
    const idle = await logIn();
    const active = await logIn();
    at("2026-11-29T09:30:00Z");
    expect(await works(active)).toBe(true);
    at("2026-11-29T10:00:01Z"); // idle: 2 h and 1 s since its login
    expect(await works(idle)).toBe(false);
    at("2026-11-29T11:29:00Z"); // active: 1 h 59 min since its last request
    expect(await works(active)).toBe(true);
  });

  it("writes lastSeenAt at most once a minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at("2026-11-29T08:00:00Z");
    const cookie = await logIn("financien@leerwinkel.test");
    const user = await db.user.findUniqueOrThrow({ where: { email: "financien@leerwinkel.test" } });
    const lastSeen = async () =>
      (
        await db.session.findFirstOrThrow({ where: { userId: user.id }, orderBy: { createdAt: "desc" } })
      ).lastSeenAt.toISOString();
    const { loader: financeLoader } = await import("~/routes/financien._index");
    const visit = () => financeLoader({ request: getRequest("/financien", { cookie }), params: {}, context });
    at("2026-11-29T08:00:59Z");
    await visit();
    expect(await lastSeen()).toBe("2026-11-29T08:00:00.000Z");
    at("2026-11-29T08:01:00Z");
    await visit();
    expect(await lastSeen()).toBe("2026-11-29T08:01:00.000Z");
  });

  it("ends 12 hours after login however active the user is", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at("2026-11-29T07:00:00Z");
    const cookie = await logIn();
    for (let hour = 8; hour <= 18; hour++) {
      at(`2026-11-29T${String(hour).padStart(2, "0")}:59:00Z`);
      expect(await works(cookie)).toBe(true);
    }
    at("2026-11-29T19:00:00Z");
    expect(await works(cookie)).toBe(false);
  });

  it("a password change ends every other session and keeps this browser logged in", async () => {
    const here = await logIn();
    const elsewhere = await logIn();
    const res = (await run(() =>
      passwordAction({
        request: formRequest(
          "/wachtwoord",
          { currentPassword: "leerwinkel", password: "paard-batterij-nietje", passwordRepeat: "paard-batterij-nietje" },
          { cookie: here },
        ),
        params: {},
        context,
      }),
    )) as Response;
    expect(res.status).toBe(302);
    const renewed = cookieOf(res);
    expect(await works(elsewhere)).toBe(false);
    expect(await works(here)).toBe(false);
    expect(await works(renewed)).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    expect(await verifyPassword("paard-batterij-nietje", user.passwordHash)).toBe(true);
  });

  it("a password change follows the password policy and needs the current password", async () => {
    const cookie = await cookieFor("vechtdal@leerwinkel.test");
    const change = async (fields: Record<string, string>) =>
      answer(
        await run(() =>
          passwordAction({ request: formRequest("/wachtwoord", fields, { cookie }), params: {}, context }),
        ),
      );
    expect(
      (await change({ currentPassword: "leerwinkel", password: "elf-tekens!", passwordRepeat: "elf-tekens!" })).errors
        .password,
    ).toMatch(/minstens 12 tekens/);
    expect(
      (await change({ currentPassword: "leerwinkel", password: "qwerty123456", passwordRepeat: "qwerty123456" })).errors
        .password,
    ).toMatch(/veelgebruikte/);
    expect(
      (
        await change({
          currentPassword: "fout-fout-fout",
          password: "paard-batterij-nietje",
          passwordRepeat: "paard-batterij-nietje",
        })
      ).formError,
    ).toMatch(/huidige wachtwoord klopt niet/);
    expect(await works(cookie)).toBe(true);
  });

  it("an operator ends all sessions of a user from the user admin page", async () => {
    const parent1 = await cookieFor("ouder@leerwinkel.test"); // (its password changed above)
    const parent2 = await cookieFor("ouder@leerwinkel.test");
    const admin = await cookieFor("admin@leerwinkel.test");
    const parent = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    const list = (await usersLoader({
      request: getRequest("/beheer/gebruikers?q=ouder@", { cookie: admin }),
      params: {},
      context,
    })) as { users: { id: string; liveSessions: number }[] };
    expect(list.users.find((u) => u.id === parent.id)!.liveSessions).toBeGreaterThanOrEqual(2);
    const done = await usersAction({
      request: formRequest("/beheer/gebruikers", { intent: "end-sessions", userId: parent.id }, { cookie: admin }),
      params: {},
      context,
    });
    expect(answer<{ ended: number }>(done).outcome!.ended).toBeGreaterThanOrEqual(2);
    expect(await works(parent1)).toBe(false);
    expect(await works(parent2)).toBe(false);
    expect(await db.auditLog.count({ where: { action: "user.end-sessions", entityId: parent.id } })).toBe(1);
  });

  it("only an operator admin may end sessions", async () => {
    const school = await cookieFor("school@leerwinkel.test");
    const parent = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    const res = (await run(() =>
      usersAction({
        request: formRequest("/beheer/gebruikers", { intent: "end-sessions", userId: parent.id }, { cookie: school }),
        params: {},
        context,
      }),
    )) as Response;
    expect(res.status).toBe(403);
  });
});
