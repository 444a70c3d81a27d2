/**
 * API clients of the entitlements API (issue 16 §2): an operator creates one for a publisher (or a
 * learning platform acting for it); its key is shown once and only the key's SHA-256 is stored, so
 * a lost key is revoked and replaced, never recovered. A client sees only its publisher's products.
 */
import { createHash, randomBytes } from "node:crypto";
import { db } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { DomainError } from "~/modules/errors/domain-error";

/** Keys start with this, so a leaked key is recognisable in logs and secret scanners. */
export const API_KEY_PREFIX = "lw_live_";
/** Characters of the key kept for display ("lw_live_Ab3d…"). */
const DISPLAYED_KEY_CHARS = API_KEY_PREFIX.length + 6;

export class ApiClientError extends DomainError<"UNKNOWN_PUBLISHER" | "NOT_FOUND" | "ALREADY_REVOKED"> {
  constructor(code: ApiClientError["code"], message: string, field?: string) {
    super(code, message, { status: code === "ALREADY_REVOKED" ? 409 : 404, field });
  }
}

/** SHA-256 (hex) of a key: what is stored and looked up. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new random key: 256 bits, base64url. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

export interface CreatedApiClient {
  id: string;
  name: string;
  publisherId: string;
  /** The key itself: shown once, never stored. */
  key: string;
}

/** Creates a client for a publisher; audited with the operator. */
export async function createApiClient(
  operatorId: string,
  input: { name: string; publisherId: string },
): Promise<CreatedApiClient> {
  const key = generateApiKey();
  return db.$transaction(async (tx) => {
    const publisher = await tx.publisher.findUnique({ where: { id: input.publisherId }, select: { id: true } });
    if (!publisher) throw new ApiClientError("UNKNOWN_PUBLISHER", "Kies een bestaande uitgever.", "publisherId");
    const client = await tx.apiClient.create({
      data: {
        name: input.name,
        publisherId: input.publisherId,
        keyHash: hashApiKey(key),
        keyPrefix: key.slice(0, DISPLAYED_KEY_CHARS),
      },
    });
    await audit(
      {
        userId: operatorId,
        action: "api-client.create",
        entity: "ApiClient",
        entityId: client.id,
        detail: { name: input.name, publisherId: input.publisherId, keyPrefix: client.keyPrefix },
      },
      tx,
    );
    return { id: client.id, name: client.name, publisherId: client.publisherId, key };
  });
}

/** Revokes a client's key at once; audited. A revoked client stays listed. */
export async function revokeApiClient(operatorId: string, clientId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const client = await tx.apiClient.findUnique({ where: { id: clientId } });
    if (!client) throw new ApiClientError("NOT_FOUND", "Deze API-client bestaat niet.");
    if (client.revokedAt) throw new ApiClientError("ALREADY_REVOKED", "Deze API-client is al ingetrokken.");
    await tx.apiClient.update({ where: { id: clientId }, data: { revokedAt: new Date() } });
    await audit({ userId: operatorId, action: "api-client.revoke", entity: "ApiClient", entityId: clientId }, tx);
  });
}

export interface ApiClientRow {
  id: string;
  name: string;
  publisherName: string;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Every client, newest first, with its publisher's name. */
export async function listApiClients(): Promise<ApiClientRow[]> {
  const rows = await db.apiClient.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    include: { publisher: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    publisherName: r.publisher.name,
    keyPrefix: r.keyPrefix,
    createdAt: r.createdAt,
    revokedAt: r.revokedAt,
  }));
}

export interface AuthenticatedApiClient {
  id: string;
  publisherId: string;
}

/**
 * The client an `Authorization: Bearer <key>` header names, or null for a missing, malformed,
 * unknown or revoked key (one answer for all: the caller cannot tell which).
 */
export async function authenticateApiClient(authorization: string | null): Promise<AuthenticatedApiClient | null> {
  const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(authorization ?? "");
  if (!match) return null;
  const client = await db.apiClient.findUnique({
    where: { keyHash: hashApiKey(match[1]!) },
    select: { id: true, publisherId: true, revokedAt: true },
  });
  if (!client || client.revokedAt) return null;
  return { id: client.id, publisherId: client.publisherId };
}
