/**
 * Security headers on every response (issue 10, DESIGN.md §6): a Content-Security-Policy with a
 * fresh nonce per request (Remix's inline scripts carry it, see app/entry.server.tsx),
 * framing forbidden, no MIME sniffing, a same-origin referrer, HSTS in production, and
 * `Cache-Control: private, no-store` on anything that may show a logged-in person's data.
 */
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";

/** Areas that exist only behind a login. */
const PRIVATE_PATHS =
  /^\/(school|ouder|financien|beheer|betalen|winkelwagen|pakket|bestelcode|login|registreren|logout)(\/|\.data$|$)/i;

export function contentSecurityPolicy(nonce: string, mode: "production" | "development"): string {
  const dev = mode === "development";
  return [
    "default-src 'self'",
    // Vite's dev client evaluates modules and talks over a websocket; production needs neither.
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    // React sets a few style attributes (e.g. progress bars); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    // The online payment posts to us and is redirected to Stripe Checkout.
    "form-action 'self' https://checkout.stripe.com",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Whether a response may hold personal data: a private area, or any page or data request that
 * carries a cookie (the session, the chosen package). Built assets stay cacheable.
 */
export function isPrivate(req: Request): boolean {
  return PRIVATE_PATHS.test(req.path) || (Boolean(req.headers.cookie) && !req.path.startsWith("/assets/"));
}

/**
 * Sets the headers and leaves the nonce in `res.locals.cspNonce` for the load context. The
 * Cache-Control header is fixed just before the head goes out, so that a route's own value
 * cannot make a private page cacheable.
 */
export function securityHeaders(mode: "production" | "development"): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, mode));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    if (mode === "production") res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    const privateRequest = isPrivate(req);
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
      if (privateRequest || this.hasHeader("Set-Cookie")) {
        this.setHeader("Cache-Control", "private, no-store");
        this.removeHeader("ETag");
      }
      return writeHead.apply(this, args);
    } as Response["writeHead"];
    next();
  };
}

/** The Content-Security-Policy of a JSON API answer: it loads nothing and may not be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The same headers for a JSON API route that renders no page (the quote API): a fixed CSP instead
 * of one with a fresh nonce, since no script runs in a JSON answer. Set before the route's handler.
 */
export function apiSecurityHeaders(mode: "production" | "development"): RequestHandler {
  const headers: Record<string, string> = {
    "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
  };
  if (mode === "production") headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  const entries = Object.entries(headers);
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of entries) res.setHeader(name, value);
    next();
  };
}
