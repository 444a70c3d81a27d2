import { afterEach, describe, expect, it, vi } from "vitest";
import { action as loginAction } from "~/routes/login";
import { action as registerAction } from "~/routes/registreren";
import { loader as schoolLoader } from "~/routes/school._index";
import { loader as adminLoader } from "~/routes/beheer._index";
import { loader as financeLoader } from "~/routes/financien._index";
import { db } from "~/db.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

const login = (email: string, password: string, ip?: string) =>
  run(() =>
    loginAction({
      request: formRequest("/login", { email, password }, { ip }),
      params: {},
      context: { clientAddress: ip ?? "203.0.113.7" },
    }),
  );

describe("login", () => {
  it.each([
    ["admin@leerwinkel.test", "/beheer"],
    ["financien@leerwinkel.test", "/financien"],
    ["school@leerwinkel.test", "/school"],
    ["administratie@leerwinkel.test", "/financien"],
    ["ouder@leerwinkel.test", "/ouder"],
  ])("%s lands on %s with an httpOnly SameSite=Lax session cookie", async (email, home) => {
    const res = await login(email, "leerwinkel");
    expect(res).toBeInstanceOf(Response);
    const response = res as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(home);
    const cookie = response.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("answers a wrong password and an unknown user with the same Dutch message", async () => {
    const wrong = answer(await login("school@leerwinkel.test", "fout-wachtwoord", "198.51.100.1"));
    const unknown = answer(await login("niemand@leerwinkel.test", "leerwinkel", "198.51.100.1"));
    expect(wrong.formError).toBe("Onbekend e-mailadres of onjuist wachtwoord.");
    expect(unknown.formError).toBe(wrong.formError);
  });

  it("names each missing field", async () => {
    const res = answer(await login("", ""));
    expect(res.errors).toEqual({ email: "Vul uw e-mailadres in.", password: "Vul uw wachtwoord in." });
  });

  // Login limits count per 15-minute window: pin the clock mid-window so a run that happens to
  // cross a quarter hour cannot reset the count halfway (only Date is faked; scrypt runs for real).
  const midWindow = () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-29T10:05:00Z"));
  };
  afterEach(() => vi.useRealTimers());

  // Issue 10: 5 wrong passwords from anywhere used to lock the real user out for 15 minutes.
  it("5 wrong passwords from address A limit A, not the user logging in from address B", async () => {
    midWindow();
    for (let i = 0; i < 5; i++) {
      expect(answer(await login("vechtdal@leerwinkel.test", "fout", "192.0.2.1")).formError).toMatch(
        /Onbekend e-mailadres/,
      );
    }
    const atA = answer(await login("vechtdal@leerwinkel.test", "leerwinkel", "192.0.2.1"));
    expect(atA.formError).toMatch(/Te veel inlogpogingen/);
    const atB = (await login("vechtdal@leerwinkel.test", "leerwinkel", "198.51.100.77")) as Response;
    expect(atB.status).toBe(302);
  });

  it("backs off per account after 50 wrong passwords from many addresses, for every address", async () => {
    midWindow();
    for (let a = 0; a < 10; a++) {
      for (let i = 0; i < 5; i++) await login("school@leerwinkel.test", "fout", `192.0.2.${100 + a}`);
    }
    const fresh = answer(await login("school@leerwinkel.test", "leerwinkel", "203.0.113.250"));
    expect(fresh.formError).toMatch(/Te veel inlogpogingen voor dit e-mailadres/);
    // An hour later the back-off is over.
    vi.setSystemTime(new Date("2026-11-29T11:05:00Z"));
    expect(((await login("school@leerwinkel.test", "leerwinkel", "203.0.113.250")) as Response).status).toBe(302);
  });

  it("a refused address cannot push the account into its global back-off", async () => {
    midWindow();
    for (let i = 0; i < 60; i++) await login("administratie@leerwinkel.test", "fout", "192.0.2.200");
    expect(((await login("administratie@leerwinkel.test", "leerwinkel", "198.51.100.78")) as Response).status).toBe(
      302,
    );
  });

  it("keeps no e-mail address in the rate-limit buckets, and expired buckets can be deleted", async () => {
    midWindow();
    await db.rateLimitBucket.deleteMany();
    await login("vechtdal@leerwinkel.test", "fout", "192.0.2.9");
    const keys = (await db.rateLimitBucket.findMany()).map((b) => b.key);
    expect(keys).toHaveLength(3); // (account, address), address, account
    for (const key of keys) {
      expect(key).not.toMatch(/@|vechtdal|192\.0\.2/);
    }
    const { deleteExpiredRateLimitBuckets } = await import("~/modules/auth/rate-limit.server");
    expect(await deleteExpiredRateLimitBuckets(new Date("2026-11-29T10:10:00Z"))).toBe(0);
    expect(await deleteExpiredRateLimitBuckets(new Date("2026-11-29T11:00:00Z"))).toBe(keys.length);
  });

  it("limits attempts per IP address across accounts", async () => {
    midWindow();
    let last: unknown;
    for (let i = 0; i < 31; i++) last = await login(`onbekend${i}@example.test`, "x", "198.51.100.200");
    expect(answer(last).formError).toMatch(/Te veel inlogpogingen/);
  });
});

describe("parent registration", () => {
  afterEach(() => vi.useRealTimers());
  const register = (fields: Record<string, string>, ip?: string) =>
    run(() =>
      registerAction({
        request: formRequest("/registreren", fields, { ip }),
        params: {},
        context: { clientAddress: ip ?? "203.0.113.7" },
      }),
    );
  const fields = (email: string, password = "paard-batterij-nietje") => ({
    name: "Mila de Boer",
    email,
    password,
    passwordRepeat: password,
  });

  it("creates a PARENT account with a scrypt hash, and the parent then logs in", async () => {
    const res = answer(await register(fields("Mila@Example.test")));
    expect(res).not.toBeInstanceOf(Response); // no session from the form: see the enumeration test
    expect(res.outcome).toBeDefined();
    const user = await db.user.findUniqueOrThrow({
      where: { email: "mila@example.test" },
      include: { memberships: true },
    });
    expect(user.memberships.map((m) => m.role)).toEqual(["PARENT"]);
    // vitest.config.ts sets PASSWORD_SCRYPT_N=1024; the production default is checked in password.server.test.ts
    expect(user.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword("paard-batterij-nietje", user.passwordHash)).toBe(true);
    const loggedIn = (await login("mila@example.test", "paard-batterij-nietje", "198.51.100.90")) as Response;
    expect(loggedIn.headers.get("Location")).toBe("/ouder");
  });

  it("answers an address that already has an account exactly as a new one, and changes nothing", async () => {
    const before = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    const existing = await register(fields("ouder@leerwinkel.test"), "198.51.100.91");
    const fresh = await register(fields("nieuw@example.test"), "198.51.100.91");
    expect(answer(existing)).toEqual({
      ...answer(fresh),
      outcome: { ...answer<object>(fresh).outcome, email: "ouder@leerwinkel.test" },
    });
    expect(existing).not.toBeInstanceOf(Response);
    const after = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.name).toBe(before.name);
  });

  it("refuses an 11-character password, a common password and unequal passwords with field messages", async () => {
    const short = answer(await register(fields("a@example.test", "elf-tekens!")));
    expect(short.errors.password).toMatch(/minstens 12 tekens/);
    const common = answer(await register(fields("b@example.test", "qwerty123456")));
    expect(common.errors.password).toMatch(/veelgebruikte wachtwoorden/);
    const unequal = answer(await register({ ...fields("c@example.test"), passwordRepeat: "anders" }));
    expect(unequal.errors.passwordRepeat).toMatch(/niet gelijk/);
    expect(
      await db.user.count({ where: { email: { in: ["a@example.test", "b@example.test", "c@example.test"] } } }),
    ).toBe(0);
  });

  it("limits registrations per address", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-29T10:05:00Z"));
    for (let i = 0; i < 20; i++)
      expect(answer(await register(fields(`ouder${i}@example.test`), "192.0.2.50")).outcome).toBeDefined();
    const refused = answer(await register(fields("ouder20@example.test"), "192.0.2.50"));
    expect(refused.formError).toMatch(/Te veel aanmeldingen/);
    expect(await db.user.count({ where: { email: "ouder20@example.test" } })).toBe(0);
    expect(answer(await register(fields("ouder21@example.test"), "192.0.2.51")).outcome).toBeDefined();
  });
});

describe("role guards", () => {
  it("sends an anonymous visitor to the login page with a way back", async () => {
    const res = (await run(() =>
      schoolLoader({ request: getRequest("/school"), params: {}, context: {} }),
    )) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fschool");
  });

  it("answers 403 when the role does not fit", async () => {
    const parent = await cookieFor("ouder@leerwinkel.test");
    for (const loader of [schoolLoader, adminLoader, financeLoader] as ((a: {
      request: Request;
      params: object;
      context: object;
    }) => Promise<unknown>)[]) {
      const res = (await run(() =>
        loader({ request: getRequest("/x", { cookie: parent }), params: {}, context: {} }),
      )) as Response;
      expect(res.status).toBe(403);
    }
  });

  it("shows school finance only its own school's invoices", async () => {
    const cookie = await cookieFor("administratie@leerwinkel.test");
    const data = (await financeLoader({ request: getRequest("/financien", { cookie }), params: {}, context: {} })) as {
      scope: string;
    };
    expect(data.scope).toBe("school");
  });
});
