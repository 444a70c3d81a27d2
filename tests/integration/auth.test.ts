import { afterEach, describe, expect, it, vi } from "vitest";
import { action as loginAction } from "~/routes/login";
import { action as registerAction } from "~/routes/registreren";
import { loader as schoolLoader } from "~/routes/school._index";
import { loader as adminLoader } from "~/routes/beheer._index";
import { loader as financeLoader } from "~/routes/financien._index";
import { db } from "~/db.server";
import { verifyPassword } from "~/modules/auth/password.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";

const login = (email: string, password: string, ip?: string) =>
  run(() => loginAction({ request: formRequest("/login", { email, password }, { ip }), params: {}, context: {} }));

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
    const wrong = (await login("school@leerwinkel.test", "fout-wachtwoord", "198.51.100.1")) as { formError: string };
    const unknown = (await login("niemand@leerwinkel.test", "leerwinkel", "198.51.100.1")) as { formError: string };
    expect(wrong.formError).toBe("Onbekend e-mailadres of onjuist wachtwoord.");
    expect(unknown.formError).toBe(wrong.formError);
  });

  it("names each missing field", async () => {
    const res = (await login("", "")) as { errors: Record<string, string> };
    expect(res.errors).toEqual({ email: "Vul uw e-mailadres in.", password: "Vul uw wachtwoord in." });
  });

  // Login limits count per 15-minute window: pin the clock mid-window so a run that happens to
  // cross a quarter hour cannot reset the count halfway (only Date is faked; scrypt runs for real).
  const midWindow = () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-29T10:05:00Z"));
  };
  afterEach(() => vi.useRealTimers());

  it("locks an account after 5 failed attempts, even with the right password, from any IP", async () => {
    midWindow();
    for (let i = 0; i < 5; i++) await login("vechtdal@leerwinkel.test", "fout", `192.0.2.${i}`);
    const res = (await login("vechtdal@leerwinkel.test", "leerwinkel", "192.0.2.99")) as { formError: string };
    expect(res.formError).toMatch(/Te veel inlogpogingen/);
    const bucket = await db.rateLimitBucket.findUnique({ where: { key: "login:account:vechtdal@leerwinkel.test" } });
    expect(bucket!.count).toBe(6);
  });

  it("limits attempts per IP address across accounts", async () => {
    midWindow();
    let last: unknown;
    for (let i = 0; i < 31; i++) last = await login(`onbekend${i}@example.test`, "x", "198.51.100.200");
    expect((last as { formError: string }).formError).toMatch(/Te veel inlogpogingen/);
  });
});

describe("parent registration", () => {
  const register = (fields: Record<string, string>) =>
    run(() => registerAction({ request: formRequest("/registreren", fields), params: {}, context: {} }));

  it("creates a PARENT account with a scrypt hash and logs in", async () => {
    const res = (await register({ name: "Mila de Boer", email: "Mila@Example.test", password: "geheim-wachtwoord", passwordRepeat: "geheim-wachtwoord" })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/ouder");
    const user = await db.user.findUniqueOrThrow({ where: { email: "mila@example.test" }, include: { memberships: true } });
    expect(user.memberships.map((m) => m.role)).toEqual(["PARENT"]);
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("geheim-wachtwoord", user.passwordHash)).toBe(true);
  });

  it("refuses a taken e-mail address, a short password and unequal passwords with field messages", async () => {
    const taken = (await register({ name: "X", email: "ouder@leerwinkel.test", password: "0123456789", passwordRepeat: "0123456789" })) as { errors: Record<string, string> };
    expect(taken.errors.email).toMatch(/bestaat al een account/);
    const weak = (await register({ name: "X", email: "x@example.test", password: "kort", passwordRepeat: "anders" })) as { errors: Record<string, string> };
    expect(weak.errors.password).toMatch(/minstens 10 tekens/);
    expect(weak.errors.passwordRepeat).toMatch(/niet gelijk/);
  });
});

describe("role guards", () => {
  it("sends an anonymous visitor to the login page with a way back", async () => {
    const res = (await run(() => schoolLoader({ request: getRequest("/school"), params: {}, context: {} }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fschool");
  });

  it("answers 403 when the role does not fit", async () => {
    const parent = await cookieFor("ouder@leerwinkel.test");
    for (const loader of [schoolLoader, adminLoader, financeLoader] as ((a: { request: Request; params: object; context: object }) => Promise<unknown>)[]) {
      const res = (await run(() => loader({ request: getRequest("/x", { cookie: parent }), params: {}, context: {} }))) as Response;
      expect(res.status).toBe(403);
    }
  });

  it("shows school finance only its own school's invoices", async () => {
    const cookie = await cookieFor("administratie@leerwinkel.test");
    const data = (await financeLoader({ request: getRequest("/financien", { cookie }), params: {}, context: {} })) as { scope: string };
    expect(data.scope).toBe("school");
  });
});
