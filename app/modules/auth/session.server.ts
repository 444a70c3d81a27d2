/**
 * Cookie sessions: signed, httpOnly, SameSite=Lax, Secure in production; the secret comes from
 * SESSION_SECRET. The cookie holds only the user id and the chosen organisation.
 */
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { env, sessionSecret } from "~/env.server";

export const sessionStorage = createCookieSessionStorage({
  cookie: {
    name: "__leerwinkel",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env().NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1",
    secrets: [sessionSecret()],
    maxAge: 60 * 60 * 12,
  },
});

export async function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

export async function createUserSession(request: Request, userId: string, redirectTo: string) {
  const session = await getSession(request);
  session.set("userId", userId);
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage.commitSession(session) } });
}

export async function destroyUserSession(request: Request, redirectTo = "/") {
  const session = await getSession(request);
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}
