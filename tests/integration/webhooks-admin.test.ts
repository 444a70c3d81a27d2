/**
 * Issue 16 §3, /beheer/api-clients/:id: the operator adds a webhook (the secret shown once, never
 * in the page's data afterwards), a bad URL is told at its field, the delivery log lists an event
 * with its attempts, "Opnieuw versturen" puts it back in the queue under the same id, the
 * operator disables the webhook; rows of another client are not reachable through this page;
 * other roles are refused.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action, loader } from "~/routes/beheer.api-clients_.$clientId";
import { createApiClient } from "~/modules/delivery/api-clients.server";
import { answer } from "../support/action-result";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";

const ctx = { context: {} };

async function client(name: string) {
  const operator = await db.user.findUniqueOrThrow({ where: { email: "admin@leerwinkel.test" } });
  const publisher = await db.publisher.findFirstOrThrow({ orderBy: { name: "asc" } });
  return createApiClient(operator.id, { name, publisherId: publisher.id });
}

describe("/beheer/api-clients/:id", () => {
  it("adds a webhook (secret once), shows the log, resends an event and disables the webhook", async () => {
    const cookie = await cookieFor("admin@leerwinkel.test");
    const c = await client("Platform W");
    const params = { clientId: c.id };
    const path = `/beheer/api-clients/${c.id}`;
    const post = (fields: Record<string, string>) =>
      run(() => action({ request: formRequest(path, fields, { cookie }), params, ...ctx }));

    const bad = answer(await post({ intent: "create", url: "ftp://example.org/hook" }));
    expect(bad).toMatchObject({ status: 400, errors: { url: "Het adres moet met https:// beginnen." } });
    const empty = answer(await post({ intent: "create", url: " " }));
    expect(empty).toMatchObject({ status: 400, errors: { url: "Vul het adres van de webhook in." } });

    const created = answer<{ secret: string }>(await post({ intent: "create", url: "https://platform.example/hook" }));
    expect(created.status).toBe(200);
    const secret = created.outcome!.secret;
    expect(secret).toMatch(/^whsec_/);
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { apiClientId: c.id } });

    // an event with one failed attempt, as the worker leaves it
    const change = await db.licenceChange.findFirst({ select: { id: true } });
    const changeId =
      change?.id ??
      (
        await db.licenceChange.create({
          data: {
            licenceId: (await db.licence.findFirstOrThrow()).id,
            publisherId: (await db.publisher.findFirstOrThrow()).id,
            schoolId: (await db.organisation.findFirstOrThrow({ where: { kind: "SCHOOL" } })).id,
            kind: "ACTIVATED",
          },
        })
      ).id;
    const event = await db.pushEvent.create({
      data: {
        id: "evt_00000000000000000000000000000001",
        endpointId: endpoint.id,
        changeId,
        type: "licence.activated",
        payload: "{}",
        status: "FAILED",
        attempts: 12,
        nextAttemptAt: new Date(),
        lastStatusCode: 500,
        lastError: "HTTP 500",
        log: { create: [{ at: new Date(), statusCode: 500, error: "HTTP 500", durationMs: 12 }] },
      },
    });

    const page = (await run(() => loader({ request: getRequest(path, { cookie }), params, ...ctx }))) as {
      endpoints: { url: string }[];
      events: { id: string; status: string; log: unknown[] }[];
    };
    expect(page.endpoints.map((e) => e.url)).toEqual(["https://platform.example/hook"]);
    expect(page.events).toMatchObject([{ id: event.id, status: "FAILED", log: [{ statusCode: 500 }] }]);
    expect(JSON.stringify(page)).not.toContain(secret);

    const resent = answer(await post({ intent: "resend", eventId: event.id }));
    expect(resent.success).toMatch(/opnieuw verstuurd, met hetzelfde id/);
    expect(await db.pushEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      status: "PENDING",
      attempts: 0,
      deliveredAt: null,
    });

    // another client's page cannot reach this client's rows
    const other = await client("Platform V");
    const foreign = await run(() =>
      action({
        request: formRequest(`/beheer/api-clients/${other.id}`, { intent: "resend", eventId: event.id }, { cookie }),
        params: { clientId: other.id },
        ...ctx,
      }),
    );
    expect((foreign as Response).status).toBe(404);

    const disabled = answer(await post({ intent: "disable", endpointId: endpoint.id }));
    expect(disabled.success).toMatch(/uitgezet/);
    expect(answer(await post({ intent: "disable", endpointId: endpoint.id })).status).toBe(409);
    const actions = await db.auditLog.findMany({
      where: { entityId: { in: [endpoint.id, event.id] } },
      orderBy: { at: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(["webhook.create", "webhook.resend", "webhook.disable"]);
  });

  it("answers 404 for an unknown client and refuses other roles", async () => {
    const admin = await cookieFor("admin@leerwinkel.test");
    const missing = await run(() =>
      loader({
        request: getRequest("/beheer/api-clients/nope", { cookie: admin }),
        params: { clientId: "nope" },
        ...ctx,
      }),
    );
    expect((missing as Response).status).toBe(404);
    const school = await cookieFor("school@leerwinkel.test");
    const refused = await run(() =>
      loader({ request: getRequest("/beheer/api-clients/x", { cookie: school }), params: { clientId: "x" }, ...ctx }),
    );
    expect((refused as Response).status).toBe(403);
  });
});
