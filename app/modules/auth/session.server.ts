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

/** The user of a live session with their memberships, as one read gives them (users.server.ts makes the SessionUser). */
export interface LiveSessionUser {
  id: string;
  email: string;
  name: string;
  memberships: { role: string; organisationId: string | null; organisationName: string | null }[];
}

/**
 * The user of the request's live session with their memberships, or null. One statement reads the
 * session, its user, their memberships and the organisations' names (issue 13: every page asks
 * this, often twice — the root loader and the page's own). Lookups of the same session that run at
 * the same time (those two loaders, parallel requests of one browser) share that one read: nothing
 * is kept once it has answered, so a session ended a moment ago is never served from memory.
 * An expired session is deleted on sight; a live one has its lastSeenAt moved on when it is more
 * than a minute old.
 */
export async function sessionUser(request: Request): Promise<LiveSessionUser | null> {
  const sid = (await getSession(request)).get(SID);
  if (typeof sid !== "string" || !sid) return null;
  const id = storedId(sid);
  const pending = lookups.get(id);
  if (pending) return pending;
  const lookup = readLiveSession(id).finally(() => lookups.delete(id));
  lookups.set(id, lookup);
  return lookup;
}

/** Lookups under way, per stored session id (removed as soon as they answer). */
const lookups = new Map<string, Promise<LiveSessionUser | null>>();

/** A DateTime column as a raw query gives it: a Date (PostgreSQL) or ISO text (SQLite). */
const instant = (value: Date | string | number) => (value instanceof Date ? value : new Date(value)).getTime();

async function readLiveSession(id: string): Promise<LiveSessionUser | null> {
  const rows = await db.$queryRaw<
    {
      userId: string;
      lastSeenAt: Date | string;
      expiresAt: Date | string;
      email: string;
      name: string;
      role: string | null;
      organisationId: string | null;
      organisationName: string | null;
    }[]
  >`SELECT s."userId", s."lastSeenAt", s."expiresAt", u."email", u."name",
           m."role", m."organisationId", o."name" AS "organisationName"
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    LEFT JOIN "Membership" m ON m."userId" = s."userId"
    LEFT JOIN "Organisation" o ON o."id" = m."organisationId"
    WHERE s."id" = ${id}
    ORDER BY m."id"`;
  const row = rows[0];
  if (!row) return null;
  const now = Date.now();
  const lastSeenAt = instant(row.lastSeenAt);
  if (now >= instant(row.expiresAt) || now >= lastSeenAt + SESSION_IDLE_MS) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now - lastSeenAt >= LAST_SEEN_RESOLUTION_MS) {
    // Conditional on the value read, so concurrent requests write it once.
    await db.session.updateMany({
      where: { id, lastSeenAt: new Date(lastSeenAt) },
      data: { lastSeenAt: new Date(now) },
    });
  }
  return {
    id: row.userId,
    email: row.email,
    name: row.name,
    memberships: rows.flatMap((r) =>
      r.role === null ? [] : [{ role: r.role, organisationId: r.organisationId, organisationName: r.organisationName }],
    ),
  };
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
