/**
 * The CSV export of 200,000 invoices (issue 6: "exports stream"): builds — or reuses —
 * data/bench-invoices.db, a migrated SQLite database with 200,000 issued invoices (two lines
 * and two VAT lines each, 6% and 21%, every tenth a credit note), inserted in bulk with
 * better-sqlite3. Then streams the export of all of them to a file through the same keyset
 * iterator and csvLines that /financien/export.csv uses, sampling process.memoryUsage() every
 * 50 ms. Prints rows per second and peak RSS / heap next to the size of the output: the peak
 * should stay far below the output (one batch of 500 invoices in memory, not the period).
 *   npx tsx bench/export.bench.ts
 */
import { createWriteStream, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import type { Db } from "../app/db.server";
import { invoiceCsvChunks } from "../app/modules/invoices/finance-export.server";
import { mb, openBenchDatabase, vatOf } from "./bench-database";
import { prng as random } from "../prisma/seed-data";

const INVOICES = 200_000;
const FILE = path.resolve("data", "bench-invoices.db");
const OUT = path.resolve("data", "bench-invoices-export.csv");
const ORDERS = 100;

/** round(a × b / c) half up, integers only (the VAT of a rate group, DESIGN §3.5). */

function buildDatabase(): void {
  const sqlite = new Database(FILE);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  const now = Date.now();
  const seller = JSON.stringify({
    name: "Leerwinkel B.V.",
    street: "Stationsplein 12",
    postalCode: "3511 ED",
    city: "Utrecht",
    country: "NL",
    kvkNumber: "81234567",
    vatNumber: "NL862345678B01",
  });
  sqlite
    .prepare(`INSERT INTO "Organisation" (id, kind, name, createdAt) VALUES ('op', 'OPERATOR', 'Leerwinkel B.V.', ?)`)
    .run(now);
  sqlite
    .prepare(
      `INSERT INTO "User" (id, email, name, passwordHash, createdAt) VALUES ('u1', 'bench@leerwinkel.test', 'Bench', '!', ?)`,
    )
    .run(now);
  const schools = Array.from({ length: 20 }, (_, i) => ({
    id: `s${i}`,
    name: `School ${i + 1} "De Bench"; afdeling ${i % 3}`,
  }));
  const insertSchool = sqlite.prepare(
    `INSERT INTO "Organisation" (id, kind, name, brin, street, postalCode, city, createdAt) VALUES (?, 'SCHOOL', ?, ?, 'Schoolstraat 1', '1234 AB', 'Utrecht', ?)`,
  );
  for (const [i, s] of schools.entries()) insertSchool.run(s.id, s.name, `${String(10 + i)}ZZ`, now);
  const insertOrder =
    sqlite.prepare(`INSERT INTO "Order" (id, number, kind, status, paymentMethod, idempotencyKey, schoolId, userId, pricesIncludeVat, priceDate, netCents, vatCents, grossCents, breakdownJson, buyerJson, deliveryJson, placedAt, updatedAt)
    VALUES (?, ?, 'SCHOOL', 'FULFILLED', 'INVOICE', ?, ?, 'u1', 0, '2026-01-01', 0, 0, 0, '{}', '{}', '{}', ?, ?)`);
  for (let o = 0; o < ORDERS; o++)
    insertOrder.run(
      `o${o}`,
      `B2026-${String(o + 1).padStart(6, "0")}`,
      `bench-${o}`,
      schools[o % schools.length]!.id,
      now,
      now,
    );

  const insertInvoice =
    sqlite.prepare(`INSERT INTO "Invoice" (id, type, series, year, sequence, number, orderId, correctsId, schoolId, issueDate, dueDate, paymentMethod, buyerName, buyerJson, sellerJson, orderNumber, poNumber, pricesIncludeVat, currency, netCents, vatCents, grossCents, createdAt)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'INVOICE', ?, ?, ?, ?, ?, 0, 'EUR', ?, ?, ?, ?)`);
  const insertLine = sqlite.prepare(
    `INSERT INTO "InvoiceLine" (id, invoiceId, position, description, ean, quantity, unitPriceE4, vatRate, category, netCents, grossCents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertVat = sqlite.prepare(
    `INSERT INTO "InvoiceVatLine" (id, invoiceId, vatRate, category, taxableCents, vatCents, allowanceCents, chargeCents) VALUES (?, ?, ?, ?, ?, ?, 0, 0)`,
  );
  const next = random(20261129);
  const start = Date.parse("2026-01-01T00:00:00Z");
  const sequences = { F: 0, C: 0 };
  const insertAll = sqlite.transaction(() => {
    for (let i = 0; i < INVOICES; i++) {
      const credit = i % 10 === 9;
      const series = credit ? "C" : "F";
      const sequence = ++sequences[series];
      const number = `${credit ? "C" : ""}2026-${String(sequence).padStart(6, "0")}`;
      const issueDate = new Date(start + Math.floor((i / INVOICES) * 364) * 86_400_000).toISOString().slice(0, 10);
      const order = i % ORDERS;
      const school = schools[order % schools.length]!;
      const qPrint = 1 + Math.floor(next() * 30);
      const qDigital = 1 + Math.floor(next() * 30);
      const pPrint = 150_000 + Math.floor(next() * 400_000); // € 15.00 – € 55.00, 4 decimals
      const pDigital = 100_000 + Math.floor(next() * 300_000);
      const netPrint = Math.floor((qPrint * pPrint + 50) / 100);
      const netDigital = Math.floor((qDigital * pDigital + 50) / 100);
      const vat6 = vatOf(netPrint, 6);
      const vat21 = vatOf(netDigital, 21);
      const id = `inv${i}`;
      insertInvoice.run(
        id,
        credit ? "CREDIT_NOTE" : "INVOICE",
        series,
        2026,
        sequence,
        number,
        `o${order}`,
        null,
        school.id,
        issueDate,
        credit ? null : issueDate,
        school.name,
        JSON.stringify({ name: school.name, country: "NL" }),
        seller,
        `B2026-${String(order + 1).padStart(6, "0")}`,
        i % 3 === 0 ? `PO-${i}` : null,
        netPrint + netDigital,
        vat6 + vat21,
        netPrint + netDigital + vat6 + vat21,
        now,
      );
      insertLine.run(
        `${id}l1`,
        id,
        1,
        "Getal & Ruimte — Leerwerkboek",
        "9789000000357",
        qPrint,
        pPrint,
        "6",
        "reduced",
        netPrint,
        netPrint + vat6,
      );
      insertLine.run(
        `${id}l2`,
        id,
        2,
        "Getal & Ruimte — Digitale licentie 1 jaar",
        "9789000000364",
        qDigital,
        pDigital,
        "21",
        "standard",
        netDigital,
        netDigital + vat21,
      );
      insertVat.run(`${id}v1`, id, "6", "reduced", netPrint, vat6);
      insertVat.run(`${id}v2`, id, "21", "standard", netDigital, vat21);
    }
  });
  insertAll();
  sqlite.close();
}

function openBenchDb(): Promise<Db> {
  return openBenchDatabase({
    name: "export",
    file: FILE,
    contents: `${INVOICES.toLocaleString("en")} invoices`,
    isComplete: async (db) => (await db.invoice.count()) === INVOICES,
    build: buildDatabase,
  });
}

export async function bench(): Promise<void> {
  const client = await openBenchDb();
  try {
    global.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    const started = performance.now();
    let rows = -1; // the header
    const chunks = await invoiceCsvChunks({}, { decimalComma: true }, 500, client);
    async function* counted() {
      for await (const chunk of chunks) {
        rows++;
        yield chunk;
      }
    }
    await pipeline(Readable.from(counted()), createWriteStream(OUT));
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    const size = statSync(OUT).size;
    console.log(
      `export: ${rows.toLocaleString("en")} rows to ${path.relative(process.cwd(), OUT)} (${mb(size)}) in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString("en")} rows/s`,
    );
    console.log(
      `export: RSS ${mb(base.rss)} before, peak ${mb(peakRss)} (+${mb(peakRss - base.rss)}); heap ${mb(base.heapUsed)} before, peak ${mb(peakHeap)} (+${mb(peakHeap - base.heapUsed)}); output ${mb(size)}`,
    );
    if (rows !== INVOICES) throw new Error(`expected ${INVOICES} rows, wrote ${rows}`);
  } finally {
    await client.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  bench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
