/**
 * Accounts and the server-side guards that every route uses: a user sees and changes only what
 * their role and organisation allow. Guards throw redirects (to the login page) or 403/404
 * responses, so a route calls one line and continues with a typed user.
 */
import { redirect } from "@remix-run/node";
import { db } from "~/db.server";
import { countLiveSessions, endUserSessions, sessionUser, type LiveSessionUser } from "./session.server";
import { hashPassword, verifyPassword, dummyPasswordHash } from "./password.server";
import { hitRateLimit, clearRateLimit, isRateLimited, rateLimitKey } from "./rate-limit.server";
import { isRole, type Role } from "./roles";
import { audit } from "~/modules/audit/audit-log.server";
import { DomainError } from "~/modules/errors/domain-error";
import { isUniqueViolation } from "~/modules/errors/unique-violation";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: { role: Role; organisationId: string | null; organisationName: string | null }[];
}

export async function getUserById(id: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id },
    include: { memberships: { include: { organisation: { select: { name: true } } } } },
  });
  if (!user) return null;
  return toSessionUser({
    ...user,
    memberships: user.memberships.map((m) => ({ ...m, organisationName: m.organisation?.name ?? null })),
  });
}

function toSessionUser(user: LiveSessionUser): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.memberships
      .filter((m) => isRole(m.role))
      .map((m) => ({ role: m.role as Role, organisationId: m.organisationId, organisationName: m.organisationName })),
  };
}

/** The signed-in user: session, user and memberships in one read (session.server.ts sessionUser). */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const user = await sessionUser(request);
  return user ? toSessionUser(user) : null;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export function hasRole(user: SessionUser, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r.role));
}

/** Requires one of `roles`; 403 otherwise. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!hasRole(user, ...roles)) {
    throw new Response("U heeft geen toegang tot deze pagina.", { status: 403 });
  }
  return user;
}

/**
 * A school user's school: the organisation of their SCHOOL_ADMIN / SCHOOL_FINANCE membership.
 * Every query that reads a school's data takes this id (STYLE.md: scope in the query itself).
 */
export async function requireSchoolUser(
  request: Request,
  ...roles: Extract<Role, "SCHOOL_ADMIN" | "SCHOOL_FINANCE">[]
): Promise<{ user: SessionUser; schoolId: string; schoolName: string }> {
  const wanted = roles.length ? roles : (["SCHOOL_ADMIN", "SCHOOL_FINANCE"] as const);
  const user = await requireUser(request);
  const membership = user.roles.find((r) => (wanted as readonly Role[]).includes(r.role) && r.organisationId);
  if (!membership) throw new Response("U heeft geen toegang tot deze pagina.", { status: 403 });
  return { user, schoolId: membership.organisationId!, schoolName: membership.organisationName ?? "" };
}

export class AuthError extends DomainError<"MISSING_FIELDS" | "INVALID_CREDENTIALS" | "RATE_LIMITED"> {
  constructor(code: AuthError["code"], message: string) {
    super(code, message, { status: code === "RATE_LIMITED" ? 429 : 400 });
  }
}

/**
 * Login limits after OWASP's authentication cheat sheet ("account lockout"): an attacker must not
 * be able to lock a user out. So the tight limit is per (account, address): 5 attempts in 15
 * minutes, cleared by a successful login; per address 30 attempts in 15 minutes over all
 * accounts; and per account a slow global back-off, 50 failed passwords an hour from all
 * addresses together, which bounds guessing from many addresses while a single attacker
 * address can never reach it alone (5 per 15 minutes is 20 an hour).
 */
export const LOGIN_LIMIT = {
  perAccountAndAddress: 5,
  perAddress: 30,
  windowSeconds: 15 * 60,
  perAccount: 50,
  accountWindowSeconds: 60 * 60,
};

const tooManyAttempts = () =>
  new AuthError("RATE_LIMITED", "Te veel inlogpogingen. Probeer het over een kwartier opnieuw.");

/**
 * Verifies email + password. Wrong password and unknown user answer the same message and cost
 * the same scrypt (no account enumeration); both are rate-limited in the database, under
 * HMAC'ed keys (no e-mail address in the buckets).
 */
export async function login(email: string, password: string, ip: string): Promise<SessionUser> {
  const normalised = email.trim().toLowerCase();
  if (!normalised || !password) throw new AuthError("MISSING_FIELDS", "Vul uw e-mailadres en wachtwoord in.");
  const pairKey = rateLimitKey("login:account-address", normalised, ip);
  const accountKey = rateLimitKey("login:account", normalised);
  // Every attempt counts for the pair and the address (one atomic upsert each, no race).
  const pairOk = await hitRateLimit(pairKey, LOGIN_LIMIT.perAccountAndAddress, LOGIN_LIMIT.windowSeconds);
  const addressOk = await hitRateLimit(
    rateLimitKey("login:address", ip),
    LOGIN_LIMIT.perAddress,
    LOGIN_LIMIT.windowSeconds,
  );
  if (!pairOk || !addressOk) throw tooManyAttempts();
  // The account's global count holds only passwords actually tried and found wrong: attempts
  // already refused above do not count, so one address hammering away cannot lock the account.
  if (await isRateLimited(accountKey, LOGIN_LIMIT.perAccount, LOGIN_LIMIT.accountWindowSeconds)) {
    throw new AuthError(
      "RATE_LIMITED",
      "Te veel inlogpogingen voor dit e-mailadres. Probeer het over een uur opnieuw.",
    );
  }
  const user = await db.user.findUnique({ where: { email: normalised } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) {
    await hitRateLimit(accountKey, LOGIN_LIMIT.perAccount, LOGIN_LIMIT.accountWindowSeconds);
    throw new AuthError("INVALID_CREDENTIALS", "Onbekend e-mailadres of onjuist wachtwoord.");
  }
  await clearRateLimit(pairKey);
  return (await getUserById(user.id))!;
}

/** Registrations per address: a school's parents evening may share one address. */
export const REGISTRATION_LIMIT = { perAddress: 20, windowSeconds: 60 * 60 };

/**
 * Creates a PARENT account unless the e-mail address already has one, and answers the same in
 * both cases (no account enumeration): the caller shows one message that tells a new parent to
 * log in with the password just chosen and an existing account holder to log in with theirs.
 * Both paths hash the password, so they also take the same time. The password has passed
 * `passwordProblem` (password-policy.ts) in the route.
 */
export async function registerParent(
  input: { name: string; email: string; password: string },
  ip: string,
): Promise<void> {
  if (
    !(await hitRateLimit(
      rateLimitKey("register:address", ip),
      REGISTRATION_LIMIT.perAddress,
      REGISTRATION_LIMIT.windowSeconds,
    ))
  ) {
    throw new AuthError("RATE_LIMITED", "Te veel aanmeldingen vanaf dit adres. Probeer het over een uur opnieuw.");
  }
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return;
  try {
    await db.user.create({
      data: { email, name: input.name.trim(), passwordHash, memberships: { create: { role: "PARENT" } } },
    });
  } catch (error) {
    // Two registrations of one address at once: the second meets the unique e-mail; same answer.
    if (isUniqueViolation(error)) return;
    throw error;
  }
}

/** Current-password attempts per user within 15 minutes on the password-change page. */
export const PASSWORD_CHANGE_LIMIT = { perUser: 5, windowSeconds: 15 * 60 };

/**
 * Changes a logged-in user's password after checking the current one, and ends ALL the user's
 * sessions ("log out everywhere": whoever knew the old password is out); the caller starts a new
 * session for the browser that made the change. The new password has passed `passwordProblem`.
 */
export async function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
  const key = rateLimitKey("password-change:user", userId);
  if (!(await hitRateLimit(key, PASSWORD_CHANGE_LIMIT.perUser, PASSWORD_CHANGE_LIMIT.windowSeconds))) {
    throw new AuthError("RATE_LIMITED", "Te veel pogingen. Probeer het over een kwartier opnieuw.");
  }
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new AuthError("INVALID_CREDENTIALS", "Uw huidige wachtwoord klopt niet.");
  }
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash } }),
    db.session.deleteMany({ where: { userId } }),
  ]);
  await clearRateLimit(key);
}

/** An operator ends every session of a user (a lost laptop, a departed employee); audited. */
export async function endSessionsOfUser(operatorId: string, userId: string): Promise<number> {
  const ended = await endUserSessions(userId);
  await audit({ userId: operatorId, action: "user.end-sessions", entity: "User", entityId: userId, detail: { ended } });
  return ended;
}

/** Accounts whose e-mail address contains `query` (lower case, as stored), with live sessions. */
export async function findUsersForAdmin(
  query: string,
): Promise<{ id: string; email: string; name: string; roles: Role[]; liveSessions: number }[]> {
  const users = await db.user.findMany({
    where: { email: { contains: query.trim().toLowerCase() } },
    orderBy: { email: "asc" },
    take: 50,
    select: { id: true, email: true, name: true, memberships: { select: { role: true } } },
  });
  return Promise.all(
    users.map(async (u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      roles: u.memberships.map((m) => m.role).filter(isRole),
      liveSessions: await countLiveSessions(u.id),
    })),
  );
}
