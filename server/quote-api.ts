/**
 * POST /api/vat/quote served by Express in front of Remix (issue 13): the public quote API is the
 * one hot, stateless JSON endpoint, and Remix's request conversion and routing cost it more than
 * the pricing itself. The endpoint — method, rate limit, parsing, pricing, response shape — is
 * app/modules/pricing/quote-api.server.ts; this file only moves bytes between it and Node. The
 * body limit (server/body-limits.ts) applies as to every other route; the security headers are the
 * fixed set for a JSON API (apiSecurityHeaders in server/security-headers.ts).
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { handleQuote, QUOTE_PATH } from "../app/modules/pricing/quote-api.server";

export { QUOTE_PATH };

/** The body as text (UTF-8), as `Request.text()` reads it; rejects when the stream fails (e.g. cut off at its limit). */
function readText(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
    // A client that goes away before the end of its body: nothing to answer, nothing left waiting.
    req.on("close", () => {
      if (!ended) reject(new Error("the client closed the request before the end of its body"));
    });
  });
}

/** The handler for QUOTE_PATH (every method: anything but POST is answered 405 by the module). */
export function quoteApi(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // Express's req.ip: the socket's address, or under TRUST_PROXY=n the nth from the right of X-Forwarded-For.
    const clientAddress = req.ip ?? req.socket.remoteAddress ?? "unknown";
    handleQuote(req.method, clientAddress, () => readText(req)).then(
      (answer) => {
        if (res.headersSent) return;
        // One write with a Content-Length rather than a chunked body.
        res.writeHead(answer.status, { ...answer.headers, "Content-Length": Buffer.byteLength(answer.body) });
        res.end(answer.body);
      },
      (error: unknown) => {
        // Answered already (413 at the body limit) or the client is gone: nothing more to say.
        if (res.headersSent || req.socket.destroyed) return;
        next(error);
      },
    );
  };
}
