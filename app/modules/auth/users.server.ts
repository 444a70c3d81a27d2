/**
 * Accounts and the server-side guards that every route uses: a user sees and changes only what
 * their role and organisation allow. Guards throw redirects (to the login page) or 403/404
 * responses, so a route calls one line and continues with a typed user.
 */
import { redirect } from "@remix-run/node";
import { db } from "~/db.server";
import { getSession } from "./session.server";
import { hashPassword, verifyPassword, dummyPasswordHash } from "./password.server";
import { hitRateLimit, clearRateLimit } from "./rate-limit.server";
import { isRole, type Role } from "./roles";

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
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.memberships
      .filter((m) => isRole(m.role))
      .map((m) => ({ role: m.role as Role, organisationId: m.organisationId, organisationName: m.organisation?.name ?? null })),
  };
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (typeof userId !== "string") return null;
  return getUserById(userId);
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

export class AuthError extends Error {
  constructor(
    public code: "MISSING_FIELDS" | "INVALID_CREDENTIALS" | "RATE_LIMITED" | "EMAIL_TAKEN" | "WEAK_PASSWORD",
    message: string,
  ) {
    super(message);
  }
}

/** Login attempts per account and per IP address within 15 minutes. */
export const LOGIN_LIMIT = { perAccount: 5, perIp: 30, windowSeconds: 15 * 60 };

/**
 * Verifies email + password. Wrong password and unknown user answer the same message (no
 * account enumeration); both are rate-limited per account and per IP in the database.
 */
export async function login(email: string, password: string, ip: string): Promise<SessionUser> {
  const normalised = email.trim().toLowerCase();
  if (!normalised || !password) throw new AuthError("MISSING_FIELDS", "Vul uw e-mailadres en wachtwoord in.");
  const accountOk = await hitRateLimit(`login:account:${normalised}`, LOGIN_LIMIT.perAccount, LOGIN_LIMIT.windowSeconds);
  const ipOk = await hitRateLimit(`login:ip:${ip}`, LOGIN_LIMIT.perIp, LOGIN_LIMIT.windowSeconds);
  if (!accountOk || !ipOk) {
    throw new AuthError("RATE_LIMITED", "Te veel inlogpogingen. Probeer het over een kwartier opnieuw.");
  }
  const user = await db.user.findUnique({ where: { email: normalised } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) throw new AuthError("INVALID_CREDENTIALS", "Onbekend e-mailadres of onjuist wachtwoord.");
  await clearRateLimit(`login:account:${normalised}`);
  return (await getUserById(user.id))!;
}

export async function registerParent(input: { name: string; email: string; password: string }): Promise<SessionUser> {
  const email = input.email.trim().toLowerCase();
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) throw new AuthError("EMAIL_TAKEN", "Er bestaat al een account met dit e-mailadres. Log in of kies een ander adres.");
  const passwordHash = await hashPassword(input.password);
  const user = await db.user.create({
    data: { email, name: input.name.trim(), passwordHash, memberships: { create: { role: "PARENT" } } },
  });
  return (await getUserById(user.id))!;
}
