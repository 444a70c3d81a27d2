/** Builds requests for calling route loaders/actions directly, as the browser would. */
import { sessionStorage, startSession } from "~/modules/auth/session.server";
import { db } from "~/db.server";

export function formRequest(url: string, fields: Record<string, string>, init: { cookie?: string; ip?: string } = {}) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  headers.set("X-Forwarded-For", init.ip ?? "203.0.113.7");
  return new Request(new URL(url, "http://localhost"), { method: "POST", body: new URLSearchParams(fields), headers });
}

export function getRequest(url: string, init: { cookie?: string } = {}) {
  const headers = new Headers();
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(new URL(url, "http://localhost"), { headers });
}

/** A session cookie for a seeded user: a Session row and its cookie, written directly (epic-stack style fixture). */
export async function cookieFor(email: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const session = await sessionStorage.getSession();
  session.set("sid", await startSession(user.id));
  const setCookie = await sessionStorage.commitSession(session);
  return setCookie.split(";")[0]!;
}

/** Runs a loader/action and returns the thrown or returned Response, or the data. */
export async function run<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
