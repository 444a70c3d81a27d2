/**
 * Where to go after login or registration: only a path on this site. A browser reads `/\\host`,
 * `//host` and `/<tab>/host` (tabs and newlines are stripped from URLs) as another site, so
 * anything but a plain path starting with one "/" falls back (OWASP, Unvalidated Redirects).
 */
const BASE = "http://leerwinkel.invalid";

export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2000) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  // No backslash (read as "/") and no control character anywhere (stripped or misread).
  if ([...to].some((c) => c === "\\" || c <= "\u001f" || c === "\u007f")) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  return url.origin === BASE ? to : fallback;
}

/**
 * `path` with `?redirectTo=<to>` when `to` is a safe path on this site (else `path` alone): the
 * links between login and registration pass the way back on, so it survives every path.
 */
export function withRedirectTo(path: string, to: unknown): string {
  const safe = safeRedirect(to, "");
  return safe ? `${path}?redirectTo=${encodeURIComponent(safe)}` : path;
}
