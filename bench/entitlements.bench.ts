/**
 * Entitlements lookups per second (issue 16 §2: "one ECK iD with 30 licences among 1,000,000
 * licences on SQLite; target ≥ 2,000/s"). Builds — or reuses — data/bench-entitlements.db, a
 * migrated SQLite database with 20 schools, 5 publishers, 40 licence offers and 33,334 pupils with
 * 30 licences each (1,000,020 licences), every school with a processing agreement with the first
 * publisher; then times entitlementsFor (the API's lookup, without the per-call audit write) for
 * pupils picked at random, one after another.
 *   npx tsx bench/entitlements.bench.ts
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import type { Db } from "../app/db.server";
import { entitlementsFor } from "../app/modules/delivery/entitlements.server";
import { openBenchDatabase } from "./bench-database";

const SCHOOLS = 20;
const OFFERS = 40;
const PUPILS = 33_334;
const LICENCES_PER_PUPIL = 30;
const LOOKUPS = 5_000;
const FILE = path.resolve("data", "bench-entitlements.db");

const eckIdOf = (n: number) => `https://ketenid.nl/201703/${n.toString(16).padStart(32, "0")}`;

function buildDatabase(): void {
  const sqlite = new Database(FILE);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  const now = Date.now();
  sqlite.exec("BEGIN");
  sqlite
    .prepare(
      `INSERT INTO "User" (id, email, name, passwordHash, createdAt) VALUES ('u1', 'bench@leerwinkel.test', 'Bench', '!', ?)`,
    )
    .run(now);
  const insertSchool = sqlite.prepare(
    `INSERT INTO "Organisation" (id, kind, name, brin, createdAt) VALUES (?, 'SCHOOL', ?, ?, ?)`,
  );
  for (let s = 0; s < SCHOOLS; s++) insertSchool.run(`s${s}`, `School ${s + 1}`, `${String(10 + s)}ZZ`, now);
  const insertPublisher = sqlite.prepare(`INSERT INTO "Publisher" (id, name) VALUES (?, ?)`);
  for (let p = 0; p < 5; p++) insertPublisher.run(`p${p}`, `Uitgever ${p + 1}`);
  sqlite.prepare(`INSERT INTO "Subject" (id, code, name) VALUES ('sub0', 'V0', 'Vak')`).run();
  const insertTitle = sqlite.prepare(
    `INSERT INTO "Title" (id, slug, name, publisherId, subjectId, sector, createdAt) VALUES (?, ?, ?, ?, 'sub0', 'VO', ?)`,
  );
  const insertOffer = sqlite.prepare(
    `INSERT INTO "Offer" (id, titleId, ean, formatLabel, supply, format, licenceMonths, createdAt) VALUES (?, ?, ?, 'Licentie', 'electronic', 'digital', 12, ?)`,
  );
  for (let o = 0; o < OFFERS; o++) {
    insertTitle.run(`t${o}`, `titel-${o}`, `Methode ${o + 1}`, `p${o % 5}`, now);
    insertOffer.run(`o${o}`, `t${o}`, String(9789000000000 + o), now);
  }
  const insertOrder =
    sqlite.prepare(`INSERT INTO "Order" (id, number, kind, status, paymentMethod, idempotencyKey, schoolId, userId, pricesIncludeVat, priceDate, netCents, vatCents, grossCents, breakdownJson, buyerJson, deliveryJson, placedAt, updatedAt)
    VALUES (?, ?, 'SCHOOL', 'PAID', 'INVOICE', ?, ?, 'u1', 0, '2026-08-01', 0, 0, 0, '{}', '{}', '{}', ?, ?)`);
  const insertLine = sqlite.prepare(
    `INSERT INTO "OrderLine" (id, orderId, position, offerId, description, ean, supply, licenceMonths, quantity, unitPriceE4, lineAmountCents, partsJson) VALUES (?, ?, ?, ?, 'Licentie', '', 'electronic', 12, 1, 0, 0, '[]')`,
  );
  const insertAgreement = sqlite.prepare(
    `INSERT INTO "ProcessingAgreement" (id, schoolId, publisherId, modelVersion, concludedOn, concludedByUserId, createdAt) VALUES (?, ?, 'p0', 'Model Verwerkersovereenkomst 4.0', '2026-08-01', 'u1', ?)`,
  );
  for (let s = 0; s < SCHOOLS; s++) {
    insertOrder.run(`ord${s}`, `B-${s}`, `k${s}`, `s${s}`, now, now);
    for (let o = 0; o < OFFERS; o++) insertLine.run(`l${s}-${o}`, `ord${s}`, o + 1, `o${o}`);
    insertAgreement.run(`a${s}`, `s${s}`, now);
  }
  const insertPupil = sqlite.prepare(
    `INSERT INTO "StudentPseudonym" (id, schoolId, pseudonym, classGroup, schoolYear, orderCodeHash, createdAt) VALUES (?, ?, ?, 'H2A', '2026-2027', ?, ?)`,
  );
  const insertLicence = sqlite.prepare(
    `INSERT INTO "Licence" (id, code, offerId, orderId, orderLineId, schoolId, pseudonymId, classGroup, validFrom, validTo, status, createdAt, assignedAt) VALUES (?, ?, ?, ?, ?, ?, ?, 'H2A', '2026-08-01', '2027-07-31', 'ACTIVE', ?, ?)`,
  );
  let n = 0;
  for (let p = 0; p < PUPILS; p++) {
    const s = p % SCHOOLS;
    insertPupil.run(`pp${p}`, `s${s}`, eckIdOf(p), `h${p}`, now);
    for (let k = 0; k < LICENCES_PER_PUPIL; k++) {
      const o = (p + k) % OFFERS;
      insertLicence.run(`lic${n}`, `c${n}`, `o${o}`, `ord${s}`, `l${s}-${o}`, `s${s}`, `pp${p}`, now, now);
      n++;
    }
  }
  sqlite.exec("COMMIT");
  sqlite.close();
}

function database(): Promise<Db> {
  return openBenchDatabase({
    name: "entitlements",
    file: FILE,
    contents: `${(PUPILS * LICENCES_PER_PUPIL).toLocaleString("en")} licences`,
    isComplete: async (db) => (await db.licence.count()) === PUPILS * LICENCES_PER_PUPIL,
    build: buildDatabase,
  });
}

export async function bench(): Promise<void> {
  const client = await database();
  try {
    const total = await client.licence.count({ where: { pseudonymId: "pp0" } });
    const sample = await entitlementsFor("p0", eckIdOf(0), { client });
    console.log(`entitlements: pupil pp0 holds ${total} licences, ${sample.length} of publisher p0`);
    if (total !== LICENCES_PER_PUPIL || sample.length === 0) throw new Error("the bench database is not as built");
    for (let i = 0; i < 200; i++) await entitlementsFor("p0", eckIdOf(i * 97), { client }); // warm-up
    const started = performance.now();
    for (let i = 0; i < LOOKUPS; i++) await entitlementsFor("p0", eckIdOf((i * 7919) % PUPILS), { client });
    const seconds = (performance.now() - started) / 1000;
    const perSecond = LOOKUPS / seconds;
    console.log(
      `entitlements: ${LOOKUPS} lookups in ${seconds.toFixed(2)} s = ${Math.round(perSecond)} lookups/s (target ≥ 2,000/s)`,
    );
  } finally {
    await client.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await bench();
