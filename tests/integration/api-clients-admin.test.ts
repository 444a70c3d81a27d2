/**
 * Issue 16 §2, /beheer/api-clients: the operator creates a client for a publisher (the key shown
 * once, only its hash stored), the key works on the API, the operator revokes it and it stops
 * working; both audited; a wrong form is told at its field; other roles are refused.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action, loader } from "~/routes/beheer.api-clients";
import { loader as entitlementsLoader } from "~/routes/api.v1.entitlements";
import { hashApiKey } from "~/modules/delivery/api-clients.server";
import { answer } from "../support/action-result";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";

const ctx = { context: {}, params: {} };
const ECK = "https://ketenid.nl/201703/00112233445566778899aabbccddeeff";

async function lookup(key: string) {
  const request = new Request(`http://localhost/api/v1/entitlements?eckId=${encodeURIComponent(ECK)}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  return (await entitlementsLoader({ request, ...ctx })).status;
}

describe("/beheer/api-clients", () => {
  it("creates a client with a key shown once, lists it, and revokes it — audited", async () => {
    const cookie = await cookieFor("admin@leerwinkel.test");
    const publisher = await db.publisher.findFirstOrThrow({ orderBy: { name: "asc" } });
    const created = answer<{ key: string }>(
      await run(() =>
        action({
          request: formRequest(
            "/beheer/api-clients",
            { intent: "create", name: "Leerplatform X", publisherId: publisher.id },
            { cookie },
          ),
          ...ctx,
        }),
      ),
    );
    expect(created.status).toBe(200);
    const key = created.outcome!.key;
    expect(key).toMatch(/^lw_live_[A-Za-z0-9_-]{43}$/);
    const stored = await db.apiClient.findFirstOrThrow({ where: { name: "Leerplatform X" } });
    expect(stored.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(await lookup(key)).toBe(200);

    const page = (await run(() => loader({ request: getRequest("/beheer/api-clients", { cookie }), ...ctx }))) as {
      clients: { id: string; publisherName: string; keyPrefix: string }[];
    };
    const row = page.clients.find((c) => c.id === stored.id)!;
    expect(row).toMatchObject({ publisherName: publisher.name, keyPrefix: key.slice(0, row.keyPrefix.length) });
    expect(JSON.stringify(page)).not.toContain(key);

    const revoked = answer(
      await run(() =>
        action({
          request: formRequest("/beheer/api-clients", { intent: "revoke", clientId: stored.id }, { cookie }),
          ...ctx,
        }),
      ),
    );
    expect(revoked.success).toMatch(/ingetrokken/);
    // a revoked key is refused as revoked (403), not as unknown (401)
    expect(await lookup(key)).toBe(403);
    const again = answer(
      await run(() =>
        action({
          request: formRequest("/beheer/api-clients", { intent: "revoke", clientId: stored.id }, { cookie }),
          ...ctx,
        }),
      ),
    );
    expect(again.status).toBe(409);
    const actions = await db.auditLog.findMany({ where: { entityId: stored.id }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["api-client.create", "api-client.revoke"]));
  });

  it("tells a missing name or unknown publisher at its field", async () => {
    const cookie = await cookieFor("admin@leerwinkel.test");
    const post = (fields: Record<string, string>) =>
      run(() => action({ request: formRequest("/beheer/api-clients", fields, { cookie }), ...ctx }));
    const noName = answer(await post({ intent: "create", name: " ", publisherId: "x" }));
    expect(noName).toMatchObject({ status: 400, errors: { name: "Geef de client een naam." } });
    const unknown = answer(await post({ intent: "create", name: "Y", publisherId: "bestaat-niet" }));
    expect(unknown).toMatchObject({ status: 404, errors: { publisherId: "Kies een bestaande uitgever." } });
  });

  it("is the operator's only", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const refused = await run(() => loader({ request: getRequest("/beheer/api-clients", { cookie }), ...ctx }));
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
  });
});
