/**
 * Refuses a state-changing request sent by another site (CSRF; OWASP's "verifying origin with
 * standard headers"). Browsers say where a request comes from in Sec-Fetch-Site; older ones
 * only in Origin, compared by host because behind a TLS proxy our own URL may read http://.
 * A request with neither header does not come from a browser page and passes.
 */
export function isCrossSite(request: Request): boolean {
  const site = request.headers.get("Sec-Fetch-Site");
  if (site) return site !== "same-origin";
  const origin = request.headers.get("Origin");
  if (!origin) return false;
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== new URL(request.url).host;
  } catch {
    return true;
  }
}

/** Throws a 403 answer for a cross-site request. */
export function requireSameOrigin(request: Request): void {
  if (isCrossSite(request)) throw new Response("Dit verzoek komt niet van Leerwinkel zelf.", { status: 403 });
}
