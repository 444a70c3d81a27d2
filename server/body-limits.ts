/**
 * Request bodies are bounded before anything reads them (issue 10, DESIGN.md §6). Each route
 * class has its own ceiling; a declared Content-Length over it is answered 413 at once, and a
 * chunked body is counted while it streams to Remix and cut off with 413 when it passes it.
 * Node's parser never hands over more than a declared Content-Length, so only chunked bodies
 * need counting.
 */
import { Transform, type TransformCallback } from "node:stream";
import type { NextFunction, Request, RequestHandler, Response } from "express";

export const KB = 1024;
export const MB = 1024 * 1024;

/** Everything else: forms (login, cart, admin pages) and Remix's `.data` posts. */
export const DEFAULT_BODY_LIMIT = 64 * KB;

/** Route classes with a larger body. Paths are matched lower-cased, without Remix's `.data` suffix. */
export const BODY_LIMITS: readonly { path: string; bytes: number; why: string }[] = [
  { path: "/api/vat/quote", bytes: 2 * MB, why: "public JSON API: a quote of a few thousand lines" },
  { path: "/api/stripe/webhook", bytes: 1 * MB, why: "Stripe events are far below 1 MB" },
  {
    path: "/school/pakketten/leerlingen",
    bytes: 2 * MB,
    why: "pseudonym CSV upload (file ≤ 1 MB, multipart overhead)",
  },
  { path: "/school/pakketten/brieven", bytes: 256 * KB, why: "posts back up to 5,000 order codes" },
];

/** The byte limit for a request path. */
export function bodyLimitFor(path: string): number {
  const normalised =
    path
      .toLowerCase()
      .replace(/\.data$/, "")
      .replace(/\/+$/, "") || "/";
  return BODY_LIMITS.find((c) => c.path === normalised)?.bytes ?? DEFAULT_BODY_LIMIT;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/**
 * Answers 413 and stops reading: `Connection: close` makes Node close the socket after the
 * answer instead of draining the rest of the body to reuse the connection.
 */
function refuse(req: Request, res: Response, limit: number): void {
  req.unpipe();
  req.pause();
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(413).set({ Connection: "close", "Content-Type": "text/plain; charset=utf-8" });
  res.end(`Het verzoek is te groot (maximaal ${Math.floor(limit / KB)} kB).`);
}

/** Counts the bytes of a body on their way through; past `limit` it calls `onExceeded` and fails. */
class CountingLimit extends Transform {
  private seen = 0;
  constructor(
    private readonly limit: number,
    private readonly onExceeded: () => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.onExceeded();
      callback(new BodyTooLargeError(this.limit));
      return;
    }
    callback(null, chunk);
  }
}

// What a reader of the body uses of a Node readable (@remix-run/node's
// createReadableStreamFromReadable, which @remix-run/express applies to `req`).
const STREAM_MEMBERS = new Set<PropertyKey>([
  "on",
  "once",
  "off",
  "addListener",
  "removeListener",
  "removeAllListeners",
  "emit",
  "listeners",
  "pause",
  "resume",
  "isPaused",
  "read",
  "pipe",
  "unpipe",
  "destroy",
  "destroyed",
  "readable",
  "readableEnded",
  "readableFlowing",
  "readableHighWaterMark",
  Symbol.asyncIterator,
]);

/**
 * The request as the next handler sees it, with its body served from `body`: stream members come
 * from the counting stream, everything else (headers, url, Express's helpers) from `req`.
 */
function withBody(req: Request, body: Transform): Request {
  return new Proxy(req, {
    get(target, property) {
      if (!STREAM_MEMBERS.has(property)) return Reflect.get(target, property, target);
      const value: unknown = Reflect.get(body, property, body);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(body) : value;
    },
  });
}

/**
 * Wraps the next handler (Remix) so that it never reads more than the route class allows.
 * Requests without a body, or with a Content-Length within the limit, pass untouched.
 */
export function limitBodies(next: RequestHandler, limitFor: (path: string) => number = bodyLimitFor): RequestHandler {
  return (req: Request, res: Response, nextMiddleware: NextFunction) => {
    const limit = limitFor(req.path);
    const declared = req.headers["content-length"];
    if (declared !== undefined) {
      // Node refuses a malformed or doubled Content-Length before we get here.
      if (Number(declared) > limit) return refuse(req, res, limit);
      return next(req, res, nextMiddleware);
    }
    if (req.headers["transfer-encoding"] === undefined) return next(req, res, nextMiddleware);
    const counter = new CountingLimit(limit, () => refuse(req, res, limit));
    req.pipe(counter);
    return next(withBody(req, counter), res, nextMiddleware);
  };
}
