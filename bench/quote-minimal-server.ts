/**
 * The yardstick of bench/quote-api.bench.ts: the smallest HTTP server that answers
 * POST /api/vat/quote with the same engine as the app — the same request parser, `priceValidatedDocument`
 * and response shape, with the VAT rates in memory (the seeded schedule) — and nothing else:
 * no framework, no rate limit, no headers beyond Content-Type. Started as its own process with PORT,
 * on as many processes as `npm start` runs the app (WEB_CONCURRENCY, default one per core:
 * server/cluster.ts), so that the ratio compares like with like.
 */
import cluster from "node:cluster";
import http from "node:http";
import { defaultWebConcurrency, parseWebConcurrency } from "../server/cluster";
import { priceValidatedDocument } from "../app/modules/pricing/price-document";
import { parseQuoteRequestText } from "../app/modules/pricing/quote-request";
import { toQuoteResponse } from "../app/modules/pricing/quote-response";
import { DEFAULT_VAT_RATES, ratesOn } from "../app/modules/vat/vat-schedule";

const processes = parseWebConcurrency(process.env.WEB_CONCURRENCY, defaultWebConcurrency());
const ready = `minimal quote server on ${process.env.PORT}`;

if (processes > 1 && cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < processes; i++)
    cluster.fork().once("listening", () => {
      if (++listening === processes) console.log(`${ready}, ${processes} worker processes`);
    });
} else serve();

function serve() {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        const { date, input } = parseQuoteRequestText(Buffer.concat(chunks).toString("utf8"));
        const body = JSON.stringify(
          toQuoteResponse(date, priceValidatedDocument(input, { rates: ratesOn(DEFAULT_VAT_RATES, date) })),
        );
        res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" }).end(body);
      } catch (error) {
        res
          .writeHead(400, { "Content-Type": "application/json; charset=utf-8" })
          .end(JSON.stringify({ error: String(error) }));
      }
    });
  });
  server.listen(Number(process.env.PORT), "127.0.0.1", () => {
    if (!cluster.isWorker) console.log(`${ready}, 1 process`);
  });
}
