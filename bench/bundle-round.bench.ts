/**
 * Closing a large bundle round (issue 15): a board with 40 participating schools, each with
 * 5 offers in 2 class groups (400 quantity lines). Measures, on SQLite and on PostgreSQL (the
 * tests' server, when it runs), the coordinator's page figures (`roundView`: every school's share
 * at the round and alone through the engine) and the closing itself — 40 orders, their invoices,
 * licences and shipments in ONE transaction — and prints the time per order.
 *   npx tsx bench/bundle-round.bench.ts
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ROOT, seedPostgres, seedSqlite } from "./served-app";

const SCHOOLS = 40;
const OFFERS = 5;
const CLASS_GROUPS = ["1A", "1B"];

type Module = typeof import("../app/modules/orders/bundle-round.server");

async function measure(label: string): Promise<void> {
  const { db } = await import("../app/db.server");
  const round: Module = await import("../app/modules/orders/bundle-round.server");
  const board = await db.organisation.findFirstOrThrow({ where: { name: "Stichting Onderwijsgroep Amstelland" } });
  const coordinator = await db.user.findUniqueOrThrow({ where: { email: "bestuur@leerwinkel.test" } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
  const list = await db.priceList.findFirstOrThrow({ where: { organisationId: board.id, kind: "CONTRACT" } });
  const entries = await db.priceListEntry.findMany({
    where: { priceListId: list.id, offer: { active: true, supply: "physical" } },
    orderBy: { offerId: "asc" },
    take: OFFERS,
  });
  const offerIds = entries.map((e) => e.offerId);
  await db.offer.updateMany({ where: { id: { in: offerIds } }, data: { stock: 1_000_000 } });
  const schoolIds: string[] = [];
  for (let i = 0; i < SCHOOLS; i++) {
    const school = await db.organisation.create({
      data: {
        kind: "SCHOOL",
        name: `Bench school ${i + 1}`,
        parentId: board.id,
        street: "Schoolstraat 1",
        city: "Amsterdam",
      },
    });
    schoolIds.push(school.id);
  }
  const roundId = await round.createRound(board.id, coordinator.id, {
    name: "Bench-ronde",
    priceListId: list.id,
    closesOn: "2027-06-30",
    offerIds,
    schoolIds,
  });
  for (const [i, schoolId] of schoolIds.entries())
    await round.saveQuantities(
      roundId,
      { schoolId, userId: admin.id },
      {
        lines: offerIds.flatMap((offerId, o) =>
          CLASS_GROUPS.map((classGroup) => ({ offerId, classGroup, quantity: 3 + ((i + o) % 5) })),
        ),
      },
    );

  const viewStarted = performance.now();
  const view = await round.roundView(roundId, { boardId: board.id });
  const viewMs = performance.now() - viewStarted;
  const closeStarted = performance.now();
  const result = await round.closeRound(roundId, { boardId: board.id }, coordinator.id);
  const closeMs = performance.now() - closeStarted;
  if (result.outcome !== "CLOSED") throw new Error(`closing did not place the orders: ${JSON.stringify(result)}`);
  const tiers = view.offers.map((o) => o.tierMinQuantity ?? 0).join("/");
  console.log(
    `  ${label}: ${SCHOOLS} schools × ${OFFERS} offers × ${CLASS_GROUPS.length} classes; ` +
      `coordinator's figures ${viewMs.toFixed(0)} ms; closing ${result.orders} orders ${closeMs.toFixed(0)} ms ` +
      `(${(closeMs / result.orders).toFixed(1)} ms per order, tiers reached ${tiers})`,
  );
  await db.$disconnect();
}

/** Each provider in its own process: the app's one Prisma client is made from DATABASE_URL at import. */
function measureIn(label: string, databaseUrl: string): void {
  execFileSync("npx", ["tsx", fileURLToPath(import.meta.url), "--measure", label], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "inherit",
    timeout: 600_000,
  });
}

export async function bench(): Promise<void> {
  const template = seedSqlite("data/bench-bundle-template.db");
  const file = path.join(ROOT, "data", "bench-bundle.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  copyFileSync(path.join(ROOT, template.replace("file:./", "")), file);
  measureIn("SQLite", `file:${file}`);
  const pg = await seedPostgres("leerwinkel_bench_bundle");
  if (pg) {
    try {
      measureIn("PostgreSQL", pg.url);
    } finally {
      await pg.drop();
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const at = process.argv.indexOf("--measure");
  if (at > 0) await measure(process.argv[at + 1] ?? "?");
  else await bench();
}
