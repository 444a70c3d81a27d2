/**
 * DESIGN §2/§6: invoice numbers are gap-free per series and year, also when many requests
 * issue invoices at the same moment (one counter row per series and year, incremented in the
 * issuing transaction). Runs on SQLite and — with TEST_DATABASE=postgres — on PostgreSQL,
 * where the 40 orders really run in parallel over the connection pool.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { placeOrder } from "~/modules/orders/orders.server";

const N = 40;

async function fixtures() {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "23BC" } });
  const user = await db.user.findUniqueOrThrow({ where: { email: "po@leerwinkel.test" } });
  const digital = await db.offer.findFirstOrThrow({
    where: { supply: "electronic", title: { sector: "PO" } },
    orderBy: { ean: "asc" },
  });
  return { school, user, digital };
}

function expectGapFree(sequences: number[], count: number) {
  const sorted = [...sequences].sort((a, b) => a - b);
  expect(sorted).toEqual(Array.from({ length: count }, (_, i) => i + 1));
}

describe("invoice numbering under concurrency", () => {
  it(`issues ${N} invoices from parallel orders as 1..${N} without gaps or duplicates`, async () => {
    const { school, user, digital } = await fixtures();
    // 2027 has no documents yet in the seeded database, so the series must start at 1.
    const date = "2027-02-15";
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        placeOrder({
          kind: "SCHOOL",
          schoolId: school.id,
          userId: user.id,
          idempotencyKey: `numbering-${i}`,
          paymentMethod: "INVOICE",
          items: [{ offerId: digital.id, quantity: 1 + (i % 3) }],
          date,
        }),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    expect(new Set(results.map((r) => r.orderId)).size).toBe(N);

    const invoices = await db.invoice.findMany({
      where: { series: "F", year: 2027 },
      select: { number: true, sequence: true, orderId: true },
    });
    expect(invoices).toHaveLength(N);
    expectGapFree(
      invoices.map((i) => i.sequence),
      N,
    );
    expect(new Set(invoices.map((i) => i.number)).size).toBe(N);
    for (const invoice of invoices) expect(invoice.number).toBe(`2027-${String(invoice.sequence).padStart(6, "0")}`);
    expect(new Set(invoices.map((i) => i.orderId))).toEqual(new Set(results.map((r) => r.orderId)));

    // The order numbers (series "B") of that year are gap-free too, and the counters agree.
    const orders = await db.order.findMany({ where: { number: { startsWith: "B2027-" } }, select: { number: true } });
    expectGapFree(
      orders.map((o) => Number(o.number.slice(6))),
      N,
    );
    const counters = await db.numberSequence.findMany({ where: { year: 2027 }, orderBy: { series: "asc" } });
    expect(counters.map((c) => [c.series, c.last])).toEqual([
      ["B", N],
      ["F", N],
    ]);
  });

  it("keeps every series of every year gap-free in the seeded history plus new documents", async () => {
    const all = await db.invoice.findMany({ select: { series: true, year: true, sequence: true } });
    const groups = new Map<string, number[]>();
    for (const i of all)
      groups.set(`${i.series}${i.year}`, [...(groups.get(`${i.series}${i.year}`) ?? []), i.sequence]);
    expect(groups.size).toBeGreaterThan(0);
    for (const [, sequences] of groups) expectGapFree(sequences, sequences.length);
  });
});
