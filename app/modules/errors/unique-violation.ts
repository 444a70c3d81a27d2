/**
 * A write refused by a unique index (Prisma's P2002), on SQLite and PostgreSQL alike. Callers
 * turn it into the answer that fits ("this slug was just taken", "already processed").
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
