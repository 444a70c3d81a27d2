import { expect, test } from "./fixtures";
import { expectNoHorizontalOverflow, loginAs, PHONE } from "./support";

// The entitlements API over real HTTP (issue 16 §2): every answer under /api/v1 is JSON — an unknown
// path a 404, not the shop's HTML page; a missing key 401 with WWW-Authenticate; another method 405 —
// and the OpenAPI description is served. (Keys, scoping and the feed: tests/integration/entitlements-api.test.ts.)
test("answers JSON under /api/v1: 404 for an unknown path, 401 without a key, 405 for POST; serves openapi.json", async ({
  request,
}) => {
  const unknown = await request.get("/api/v1/entitlement?eckId=x");
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["content-type"]).toMatch(/application\/json/);
  expect(await unknown.json()).toMatchObject({ error: expect.stringContaining("/api/v1/openapi.json"), field: null });
  const deeper = await request.get("/api/v1/entitlements/changes/extra");
  expect(deeper.status()).toBe(404);
  expect(deeper.headers()["content-type"]).toMatch(/application\/json/);

  const noKey = await request.get("/api/v1/entitlements?eckId=https://ketenid.nl/201703/0123456789abcdef");
  expect(noKey.status()).toBe(401);
  expect(noKey.headers()["www-authenticate"]).toMatch(/Bearer/);
  expect(await noKey.json()).toMatchObject({ error: expect.stringMatching(/API key/), field: null });

  const post = await request.post("/api/v1/entitlements", { data: {} });
  expect(post.status()).toBe(405);
  expect(post.headers()["allow"]).toBe("GET");
  expect(post.headers()["content-type"]).toMatch(/application\/json/);

  const openapi = await request.get("/api/v1/openapi.json");
  expect(openapi.status()).toBe(200);
  const document = (await openapi.json()) as { openapi: string; components: { schemas: Record<string, unknown> } };
  expect(document.openapi).toBe("3.1.0");
  expect(JSON.stringify(document.components.schemas.Change)).toContain('"expired"');
});

test("the operator sees API calls in the audit log with their Dutch label, on a phone", async ({ page, request }) => {
  expect((await request.get("/api/v1/entitlements/changes")).status()).toBe(401);
  await page.setViewportSize(PHONE);
  await loginAs(page, "admin@leerwinkel.test");
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto("/beheer/audit?action=api.entitlements-changes");
  const row = page.getByRole("row").filter({ hasText: "api.entitlements-changes" }).first();
  await expect(row).toContainText("Licentiewijzigingen opgevraagd (API)");
  await expectNoHorizontalOverflow(page);
});
