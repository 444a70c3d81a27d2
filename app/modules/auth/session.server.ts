/**
 * Server-side sessions (DESIGN.md §6: sessions in the database, the cookie holds a random id).
 *
 * The cookie (signed, httpOnly, SameSite=Lax, Secure in production; secret SESSION_SECRET) holds
 * `sid`, 256 random bits, and, for a parent who opened a package with an order code before
 * logging in, that package's pseudonym id. The Session row is keyed by sha256(sid): a copy of
 * the table (a backup, a log of queries) logs nobody in, and a 256-bit random value needs no
 * salt or slow hash. A login always gets a new id (no session fixation); logout deletes the row,
 * so a copied cookie stops working too.
 *
 * Lifetimes: idle 2 hours (sliding: lastSeenAt moves on, written at most once a minute so that
 * reading pages does not write on every request) and absolute 12 hours from login.
 */
import { createHash, randomBytes } from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { db } from "~/db.server";
import { env, sessionSecret } from "~/env.server";

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often per session. */
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;
const SID = "sid";

export const sessionStorage = createCookieSessionStorage({
  cookie: {
    name: "__leerwinkel",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env().NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1",
    secrets: [sessionSecret()],
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  },
});

export async function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

const storedId = (sid: string) => createHash("sha256").update(sid).digest("hex");

/** Starts a session for `userId` and returns the cookie's random id. */
export async function startSession(userId: string, userAgent?: string | null): Promise<string> {
  const sid = randomBytes(32).toString("base64url");
  const now = new Date();
  await db.session.create({
    data: {
      id: storedId(sid),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      userAgent: userAgent ? userAgent.slice(0, 300) : null,
    },
  });
  return sid;
}

/**
 * The user id of the request's live session, or null. An expired session is deleted on sight;
 * a live one has its lastSeenAt moved on when it is more than a minute old.
 */
export async function sessionUserId(request: Request): Promise<string | null> {
  const sid = (await getSession(request)).get(SID);
  if (typeof sid !== "string" || !sid) return null;
  const row = await db.session.findUnique({ where: { id: storedId(sid) } });
  if (!row) return null;
  const now = Date.now();
  if (now >= row.expiresAt.getTime() || now >= row.lastSeenAt.getTime() + SESSION_IDLE_MS) {
    await db.session.deleteMany({ where: { id: row.id } });
    return null;
  }
  if (now - row.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    // Conditional on the value read, so concurrent requests write it once.
    await db.session.updateMany({
      where: { id: row.id, lastSeenAt: row.lastSeenAt },
      data: { lastSeenAt: new Date(now) },
    });
  }
  return row.userId;
}

/** Logs `userId` in: a new session (ending the one the request carried) and its cookie. */
export async function createUserSession(request: Request, userId: string, redirectTo: string) {
  const session = await getSession(request);
  const previous = session.get(SID);
  if (typeof previous === "string") await db.session.deleteMany({ where: { id: storedId(previous) } });
  session.unset("userId"); // the cookie of before server-side sessions
  session.set(SID, await startSession(userId, request.headers.get("User-Agent")));
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage.commitSession(session) } });
}

export async function destroyUserSession(request: Request, redirectTo = "/") {
  const session = await getSession(request);
  const sid = session.get(SID);
  if (typeof sid === "string") await db.session.deleteMany({ where: { id: storedId(sid) } });
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } });
}

/** Ends every session of `userId` ("log out everywhere"); returns how many were live. */
export async function endUserSessions(userId: string): Promise<number> {
  return (await db.session.deleteMany({ where: { userId } })).count;
}

/** Sessions of `userId` that have not expired, idle or absolute. */
export async function countLiveSessions(userId: string, now = new Date()): Promise<number> {
  return db.session.count({
    where: { userId, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_MS) } },
  });
}

/** Deletes sessions past their idle or absolute expiry. */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - SESSION_IDLE_MS) } }] },
  });
  return count;
}
