/**
 * Issue 16's audit actions (processing agreements, API clients, API calls, webhooks) each carry a
 * Dutch label on the operator's audit page: every action string the delivery module writes is in
 * the label map, and listAuditLog (the /beheer/audit loader's source) returns it with the row.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { audit, auditActionLabel, DELIVERY_ACTIONS, listAuditLog } from "~/modules/audit/audit-log.server";

const DELIVERY_DIR = path.resolve("app/modules/delivery");

/** The audit actions written in the delivery module's source: `action: "…"` and the API's `api.${endpoint}`. */
function deliveryActions(): string[] {
  const found = new Set<string>();
  for (const file of readdirSync(DELIVERY_DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    const source = readFileSync(path.join(DELIVERY_DIR, file), "utf8");
    for (const m of source.matchAll(/action:\s*"([a-z0-9.-]+)"/g)) found.add(m[1]!);
    const endpoints = /type Endpoint = ((?:\s*\|?\s*"[a-z-]+")+);/.exec(source);
    if (endpoints) for (const e of endpoints[1]!.matchAll(/"([a-z-]+)"/g)) found.add(`api.${e[1]}`);
  }
  return [...found].sort();
}

describe("audit labels of issue 16's actions", () => {
  it("labels every action the delivery module writes, in Dutch", () => {
    const actions = deliveryActions();
    expect(actions).toEqual(
      expect.arrayContaining([
        "api-client.create",
        "api-client.revoke",
        "api.entitlements",
        "api.entitlements-changes",
        "processing-agreement.conclude",
        "processing-agreement.local-pseudonyms",
      ]),
    );
    for (const action of actions) expect(auditActionLabel(action), action).toMatch(/\S/);
    expect(auditActionLabel("api.entitlements")).toBe("Licenties van een leerling opgevraagd (API)");
    expect(auditActionLabel("no.such-action")).toBeNull();
  });

  it("shows the label beside the action on the audit page", async () => {
    const entityId = randomUUID();
    for (const action of Object.keys(DELIVERY_ACTIONS))
      await audit({ action, entity: "ApiClient", entityId, detail: { test: true } });
    const page = await listAuditLog({ entityId }, 100);
    expect(page.rows).toHaveLength(Object.keys(DELIVERY_ACTIONS).length);
    for (const row of page.rows) expect(row.label).toBe((DELIVERY_ACTIONS as Record<string, string>)[row.action]);
  });
});
