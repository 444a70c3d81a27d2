import { expect, test } from "./fixtures";
import { loginAs } from "./support";

// The Content-Security-Policy (issue 10) allows scripts only with the response's nonce: every
// page must still hydrate, and the browser must report no violation on the way.
test("pages hydrate under the Content-Security-Policy, logged out and logged in", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });

  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  const response = await page.goto("/");
  expect(response?.headers()["content-security-policy"]).toContain("'nonce-");
  // The favicon (public/favicon.svg) comes from our own origin, allowed by img-src 'self'.
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveAttribute("href", "/favicon.svg");
  const iconResponse = await page.request.get("/favicon.svg");
  expect(iconResponse.status()).toBe(200);
  expect(iconResponse.headers()["content-type"]).toContain("image/svg+xml");
  await page.waitForFunction(() => "__remixRouter" in window);

  await loginAs(page, "school@leerwinkel.test");
  await expect(page).toHaveURL(/\/school$/);
  // A client-side navigation: only a hydrated app keeps the same document.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await page.getByRole("link", { name: "Catalogus" }).first().click();
  await expect(page.getByRole("heading", { name: "Catalogus", level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  expect(problems).toEqual([]);
  expect(failed).toEqual([]);
});
