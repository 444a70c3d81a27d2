/**
 * A small Stripe-compatible HTTP server for tests (Stripe itself cannot be reached here). The
 * shop's real `stripe` SDK is pointed at it through STRIPE_API_HOST / STRIPE_API_PROTOCOL. It
 * implements the endpoints the shop uses, honours Idempotency-Key like Stripe (same key → same
 * response), and RECORDS every request (method, path, decoded form body, headers) so that tests
 * assert exactly what the shop sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";

export interface RecordedRequest {
  method: string;
  path: string;
  /** the form body decoded into nested objects/arrays (Stripe's bracket notation) */
  body: Record<string, unknown>;
  rawBody: string;
  headers: Record<string, string>;
  idempotencyKey: string | null;
}

type Json = Record<string, unknown>;

/** Decodes `a[b][0][c]=1` form bodies into nested objects; numeric keys become arrays. */
export function decodeStripeForm(raw: string): Record<string, unknown> {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.replace(/\]/g, "").split("[");
    let node: Json | unknown[] = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const container = node as Record<string, unknown>;
      if (last) {
        container[segment] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1]!);
      container[segment] ??= nextIsIndex ? [] : {};
      node = container[segment] as Json;
    });
  }
  return root;
}

const rid = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

export interface StripeTestServer {
  url: string;
  host: string;
  port: number;
  requests: RecordedRequest[];
  sessions: Map<string, Json>;
  refunds: Map<string, Json>;
  /** Makes the session complete + paid, as if the customer paid on Stripe's page (with iDEAL unless told). */
  markPaid(sessionId: string, methodType?: "ideal" | "card"): Json;
  /**
   * A refund made in the Stripe Dashboard (no metadata from the shop); returns the Charge as
   * Stripe puts it in the charge.refunded event (amount_refunded = everything refunded so far).
   */
  dashboardRefund(paymentIntentId: string, amount: number): Json;
  /** The next request to a path that matches answers this Stripe error instead. */
  failNext(pathPattern: RegExp, error?: { status: number; type: string; message: string }): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startStripeTestServer(): Promise<StripeTestServer> {
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Json>();
  const refunds = new Map<string, Json>();
  const idempotent = new Map<string, { status: number; body: Json }>();
  const methodTypes = new Map<string, string>();
  const expands = (body: Json, field: string) =>
    Array.isArray(body.expand) ? (body.expand as unknown[]).includes(field) : body.expand === field;
  const failures: { pattern: RegExp; error: { status: number; type: string; message: string } }[] = [];

  function send(res: ServerResponse, status: number, body: Json) {
    res.writeHead(status, { "Content-Type": "application/json", "Request-Id": rid("req") });
    res.end(JSON.stringify(body));
  }
  const error = (status: number, message: string, type = "invalid_request_error") => ({
    status,
    body: { error: { type, message } },
  });

  function route(method: string, path: string, body: Json): { status: number; body: Json } {
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const items = (body.line_items as Json[] | undefined) ?? [];
      let total = 0;
      for (const item of items) {
        const price = item.price_data as Json;
        total += Number(price.unit_amount) * Number(item.quantity);
      }
      const id = rid("cs_test");
      const session: Json = {
        id,
        object: "checkout.session",
        mode: body.mode,
        currency: body.currency ?? "eur",
        amount_subtotal: total,
        amount_total: total,
        payment_intent: rid("pi_test"),
        payment_method_types: body.payment_method_types,
        payment_status: "unpaid",
        status: "open",
        metadata: body.metadata ?? {},
        client_reference_id: body.client_reference_id ?? null,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        url: `https://checkout.stripe.test/c/pay/${id}`,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
      sessions.set(id, session);
      return { status: 200, body: session };
    }
    if (method === "GET" && (m = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/))) {
      const session = sessions.get(m[1]!);
      return session ? { status: 200, body: session } : error(404, `No such checkout.session: '${m[1]}'`);
    }
    if (method === "POST" && (m = path.match(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/))) {
      const session = sessions.get(m[1]!);
      if (!session) return error(404, `No such checkout.session: '${m[1]}'`);
      if (session.status !== "open")
        return error(400, `Only Checkout Sessions with a status in ["open"] can be expired.`);
      session.status = "expired";
      session.url = null;
      return { status: 200, body: session };
    }
    if (method === "POST" && path === "/v1/refunds") {
      const paymentIntent = String(body.payment_intent ?? "");
      const paid = [...sessions.values()].find(
        (s) => s.payment_intent === paymentIntent && s.payment_status === "paid",
      );
      if (!paid) return error(400, `No such payment_intent: '${paymentIntent}'`);
      const already = [...refunds.values()]
        .filter((r) => r.payment_intent === paymentIntent)
        .reduce((s, r) => s + Number(r.amount), 0);
      const amount = body.amount === undefined ? Number(paid.amount_total) - already : Number(body.amount);
      if (amount <= 0 || already + amount > Number(paid.amount_total)) {
        return error(400, `Refund amount (€${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge.`);
      }
      const refund: Json = {
        id: rid("re_test"),
        object: "refund",
        amount,
        currency: "eur",
        payment_intent: paymentIntent,
        status: "succeeded",
        metadata: body.metadata ?? {},
        created: Math.floor(Date.now() / 1000),
      };
      refunds.set(String(refund.id), refund);
      return { status: 200, body: refund };
    }
    if (method === "GET" && (m = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) {
      const session = [...sessions.values()].find((s) => s.payment_intent === m![1]);
      if (!session) return error(404, `No such payment_intent: '${m[1]}'`);
      const refunded = [...refunds.values()]
        .filter((r) => r.payment_intent === m![1])
        .reduce((s, r) => s + Number(r.amount), 0);
      const paid = session.payment_status === "paid";
      const methodType = methodTypes.get(String(session.id)) ?? "ideal";
      const paymentMethod = paid
        ? expands(body, "payment_method")
          ? { id: `pm_${String(session.id).slice(-12)}`, object: "payment_method", type: methodType }
          : `pm_${String(session.id).slice(-12)}`
        : null;
      return {
        status: 200,
        body: {
          id: m[1],
          object: "payment_intent",
          amount: session.amount_total,
          amount_received: paid ? session.amount_total : 0,
          currency: "eur",
          status: paid ? "succeeded" : "requires_payment_method",
          metadata: session.metadata,
          amount_refunded: refunded,
          payment_method: paymentMethod,
          payment_method_types: session.payment_method_types,
        },
      };
    }
    return error(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://localhost");
    const raw = req.method === "GET" ? url.search.slice(1) : rawBody;
    const body = decodeStripeForm(raw);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
    );
    const idempotencyKey = headers["idempotency-key"] || null;
    requests.push({ method: req.method ?? "GET", path: url.pathname, body, rawBody, headers, idempotencyKey });

    if (!String(headers.authorization ?? "").startsWith("Bearer sk_test_")) {
      return send(res, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
    }
    const failure = failures.findIndex((f) => f.pattern.test(url.pathname));
    if (failure >= 0) {
      const { error: e } = failures.splice(failure, 1)[0]!;
      return send(res, e.status, { error: { type: e.type, message: e.message } });
    }
    const cacheKey = idempotencyKey && req.method === "POST" ? `${url.pathname} ${idempotencyKey}` : null;
    if (cacheKey && idempotent.has(cacheKey)) {
      const cached = idempotent.get(cacheKey)!;
      res.setHeader("Idempotent-Replayed", "true");
      return send(res, cached.status, cached.body);
    }
    const result = route(req.method ?? "GET", url.pathname, body);
    if (cacheKey && result.status < 500) idempotent.set(cacheKey, result);
    send(res, result.status, result.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { error: { type: "api_error", message: String(e) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    requests,
    sessions,
    refunds,
    markPaid(sessionId, methodType = "ideal") {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`No session ${sessionId}`);
      methodTypes.set(sessionId, methodType);
      session.status = "complete";
      session.payment_status = "paid";
      session.url = null;
      return session;
    },
    dashboardRefund(paymentIntentId, amount) {
      const session = [...sessions.values()].find(
        (s) => s.payment_intent === paymentIntentId && s.payment_status === "paid",
      );
      if (!session) throw new Error(`No paid payment intent ${paymentIntentId}`);
      const already = [...refunds.values()]
        .filter((r) => r.payment_intent === paymentIntentId)
        .reduce((s, r) => s + Number(r.amount), 0);
      if (amount <= 0 || already + amount > Number(session.amount_total))
        throw new Error(`Refund of ${amount} exceeds what is left on ${paymentIntentId}`);
      const refund: Json = {
        id: rid("re_test"),
        object: "refund",
        amount,
        currency: "eur",
        payment_intent: paymentIntentId,
        status: "succeeded",
        metadata: {},
        created: Math.floor(Date.now() / 1000),
      };
      refunds.set(String(refund.id), refund);
      const amountRefunded = already + amount;
      return {
        id: `ch_${paymentIntentId.slice(3)}`,
        object: "charge",
        amount: session.amount_total,
        amount_captured: session.amount_total,
        amount_refunded: amountRefunded,
        currency: "eur",
        payment_intent: paymentIntentId,
        paid: true,
        refunded: amountRefunded === Number(session.amount_total),
        status: "succeeded",
        payment_method_details: { type: methodTypes.get(String(session.id)) ?? "ideal" },
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
    },
    failNext(pattern, e = { status: 400, type: "invalid_request_error", message: "Simulated Stripe failure" }) {
      failures.push({ pattern, error: e });
    },
    reset() {
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
