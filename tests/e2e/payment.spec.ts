import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import Stripe from "stripe";
import { loginAs, logout, unusedOrderCode } from "./support";

// The e2e server runs without STRIPE_SECRET_KEY: the clearly labelled test-payment mode, whose
// buttons deliver signed events to the same webhook handler Stripe would call. It uses a code
// of its own (not the README's demo code, which the package journey uses).

async function orderPackageAsParent(page: Page): Promise<{ total: string; orderNumber: string }> {
  await loginAs(page, "ouder@leerwinkel.test");
  await expect(page.getByRole("heading", { level: 1, name: "Mijn bestellingen" })).toBeVisible();
  await page.goto("/bestelcode");
  await page.getByLabel("Bestelcode").fill(unusedOrderCode());
  await page.getByRole("button", { name: "Pakket openen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Boekenpakket havo 2" })).toBeVisible();
  await page
    .getByRole("group", { name: "Getal & Ruimte havo 2" })
    .getByLabel(/Digitale licentie 1 jaar/)
    .check();
  await page
    .getByRole("group", { name: "Stepping Stones havo 2" })
    .getByLabel(/Digitale licentie 1 jaar/)
    .check();
  // Nothing else: every other item of the package (another spec may have added one) not ordered.
  const items = page.locator("fieldset").filter({ has: page.getByRole("radio", { name: "Niet bestellen" }) });
  for (const item of await items.all()) {
    const name = (await item.locator("legend").innerText()).trim();
    if (name !== "Getal & Ruimte havo 2" && name !== "Stepping Stones havo 2")
      await item.getByLabel("Niet bestellen").check();
  }
  await page.getByRole("button", { name: "Bereken" }).click();
  const summary = page.getByRole("region", { name: "Uw keuze" });
  await expect(summary).toContainText("Stepping Stones havo 2");
  await expect(summary).toContainText("Getal & Ruimte havo 2");
  await expect(summary).not.toContainText("Biologie");
  await expect(summary).not.toContainText("Rekenmachine");
  const totalRow = page.getByRole("row", { name: /Totaal te betalen/ });
  const total = (await totalRow.getByRole("cell").last().innerText()).trim();
  expect(total).toMatch(/^€\s?\d+,\d{2}$/);
  await page.getByRole("button", { name: "Bestellen en betalen" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Betalen" })).toBeVisible();
  await expect(page).toHaveURL(/\/betalen\/[^/]+$/);
  await expect(page.getByText("Te betalen:")).toContainText(total);
  const orderNumber = (await page.getByText(/^Bestelling B\d{4}-\d{6}/).innerText()).match(/B\d{4}-\d{6}/)![0];
  return { total, orderNumber };
}

test.describe("without JavaScript (every step is a plain form post or link)", () => {
  test.use({ javaScriptEnabled: false });

  test("a parent pays the package in test-payment mode and sees the paid order with licences; finance refunds it", async ({
    page,
  }) => {
    const { total, orderNumber } = await orderPackageAsParent(page);

    // First attempt fails: the order stays payable.
    await page.getByRole("button", { name: "Betalen met iDEAL of creditcard" }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: "Testbetaling — er wordt geen geld afgeschreven" }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/betalen\/test\/cs_test_local_[0-9a-f]+$/);
    await expect(page.getByText(`bedrag ${total}`)).toBeVisible();
    await page.getByRole("button", { name: "Betaling mislukt" }).click();
    await expect(page.getByRole("alert")).toContainText("De betaling is mislukt");

    // Second attempt: cancel on the payment page, come back, then pay.
    await page.getByRole("button", { name: "Betalen met iDEAL of creditcard" }).click();
    await page.getByRole("button", { name: "Annuleren" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Betaling geannuleerd" })).toBeVisible();
    await page.getByRole("link", { name: "Opnieuw betalen" }).click();
    await page.getByRole("button", { name: "Betalen met iDEAL of creditcard" }).click();
    await page.getByRole("button", { name: "Betaling gelukt" }).click();

    // The thank-you says what happens next (issue 12): two licences active now, nothing to deliver.
    await expect(page.getByRole("heading", { level: 1, name: "Bedankt voor uw betaling" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText(
      `Wij hebben ${total} ontvangen voor bestelling ${orderNumber}`,
    );
    await expect(page.getByText("De 2 digitale licenties zijn nu actief.")).toBeVisible();
    await expect(page.getByRole("region", { name: "Boeken en hulpmiddelen" })).toContainText(
      "alleen digitale licenties; er wordt niets geleverd",
    );
    await page.getByRole("link", { name: "Naar uw bestelling" }).click();
    await expect(page).toHaveURL(/\/ouder\/bestellingen\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1, name: `Bestelling ${orderNumber}` })).toBeVisible();
    await expect(page.getByText("status: Betaald")).toBeVisible();
    const licences = page.getByRole("region", { name: "Licenties" });
    await expect(licences.getByText(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/)).toHaveCount(2);
    await expect(page.getByRole("region", { name: "Bon" }).getByRole("row", { name: /Totaal/ })).toContainText(total);
    await expect(page.getByRole("link", { name: /^Factuur \d{4}-\d{6}/ })).toBeVisible();

    // Operator finance refunds it in full (test mode: booked locally, no money moves).
    await logout(page);
    await loginAs(page, "financien@leerwinkel.test");
    await expect(page).toHaveURL(/\/financien$/);
    await page.goto("/financien/betalingen");
    await expect(
      page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Betalingen" }),
    ).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Betalingen" })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(`${orderNumber}.*Mislukt`) })).toBeVisible(); // the first attempt
    const row = page.getByRole("row", { name: new RegExp(`${orderNumber}.*Betaald`) });
    await expect(row).toContainText(total);
    await row.getByRole("link", { name: orderNumber }).click();
    await page.getByRole("button", { name: "Alles terugbetalen" }).click();
    await expect(page.getByRole("status")).toContainText(`Terugbetaling van ${total} geboekt`);
    await expect(page.getByRole("status")).toContainText("Testterugbetaling");
    await expect(page.getByText("Status bestelling").locator("xpath=following-sibling::dd[1]")).toHaveText(
      "Terugbetaald",
    );
  });
});

test("the webhook route verifies the signature over HTTP on the raw body", async ({ request }) => {
  // The built server runs in test-payment mode, so it checks signatures against the fixed local
  // secret (app/modules/payments/stripe-client.server.ts LOCAL_TEST_WEBHOOK_SECRET).
  const secret = "whsec_leerwinkel_local_test_mode_only";
  const payload = JSON.stringify({
    id: `evt_e2e_${Date.now()}`,
    object: "event",
    type: "customer.created",
    api_version: "2025-10-29.clover",
    created: 1,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: "cus_e2e", object: "customer" } },
  });
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  const ok = await request.post("/api/stripe/webhook", {
    data: payload,
    headers: { "Content-Type": "application/json", "Stripe-Signature": header },
  });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ received: true, result: "IGNORED" });
  const replay = await request.post("/api/stripe/webhook", {
    data: payload,
    headers: { "Content-Type": "application/json", "Stripe-Signature": header },
  });
  expect(await replay.json()).toMatchObject({ result: "already processed" });
  const reformatted = JSON.stringify(JSON.parse(payload), null, 2); // same JSON, other bytes: the signature no longer matches
  const bad = await request.post("/api/stripe/webhook", {
    data: reformatted,
    headers: { "Content-Type": "application/json", "Stripe-Signature": header },
  });
  expect(bad.status()).toBe(400);
  expect((await request.get("/api/stripe/webhook")).status()).toBe(405);
});
