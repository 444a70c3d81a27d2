import { pathToFileURL } from "node:url";
import { Decimal } from "../app/modules/money/decimal";
import { type PricingInput, type PricingLineInput, priceDocument } from "../app/modules/pricing/price-document";
import { DEFAULT_VAT_RATES, ratesOn } from "../app/modules/vat/vat-schedule";
import { prng as random } from "../prisma/seed-data";

const LINES = 10_000;
const WARMUP = 10;
const RUNS = 40;

const BUNDLE_SHARES: readonly (readonly [string, string][])[] = [
  [
    ["physical", "0.6"],
    ["electronic", "0.4"],
  ],
  [
    ["physical", "0.35"],
    ["electronic", "0.45"],
    ["goods", "0.2"],
  ],
  [
    ["physical", "0.7"],
    ["goods", "0.3"],
  ],
  [
    ["physical", "0.3333"],
    ["electronic", "0.3333"],
    ["goods", "0.3334"],
  ],
];

/**
 * A mixed 10,000-line order: 40% physical, 30% electronic, 10% goods, 20% bundles
 * of 2–3 components; unit prices as a price list holds them after quantity tiers
 * were resolved (up to 4 decimals), quantities 1–120.
 */
export function makeOrder(pricesIncludeVat: boolean, lineCount = LINES): PricingInput {
  const next = random(20260901);
  const lines: PricingLineInput[] = [];
  for (let i = 0; i < lineCount; i++) {
    const pick = next();
    const cents = 100 + Math.floor(next() * 9_900);
    const tierDecimals = Math.floor(next() * 100);
    // e.g. "37.4512": a tier price with 4 decimals
    const unitPrice = new Decimal(
      `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}${String(tierDecimals).padStart(2, "0")}`,
    );
    const quantity = 1 + Math.floor(next() * 120);
    const id = `L${i + 1}`;
    if (pick < 0.4) lines.push({ id, supply: "physical", unitPrice, quantity });
    else if (pick < 0.7) lines.push({ id, supply: "electronic", unitPrice, quantity });
    else if (pick < 0.8) lines.push({ id, supply: "goods", unitPrice, quantity });
    else {
      const shares = BUNDLE_SHARES[Math.floor(next() * BUNDLE_SHARES.length)];
      lines.push({
        id,
        supply: "bundle",
        unitPrice,
        quantity,
        components: shares.map(([supply, share]) => ({
          supply: supply as "physical" | "electronic" | "goods",
          share: new Decimal(share),
        })),
      });
    }
  }
  return { pricesIncludeVat, lines, discountPercent: new Decimal(5), shipping: new Decimal("24.95") };
}

/** The floor: decimal.js multiplying unitPrice × quantity and summing, nothing else. */
function bareLoop(input: PricingInput): Decimal {
  let sum = new Decimal(0);
  for (const line of input.lines) sum = sum.plus(line.unitPrice.times(line.quantity));
  return sum;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

interface Timing {
  median: number;
  p95: number;
}

function summarise(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** Wall-clock and CPU time (this process, user + system) of one call, in ms. */
function time(fn: () => unknown): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1e3 };
}

/**
 * Times `a` and `b` alternately (a b, b a, a b, …) so that both see the same
 * machine: on a shared 2-core box the load changes from second to second, and
 * timing one after the other would put that change into the ratio. The ratio is
 * also taken per pair, and its median reported.
 */
function measurePair(
  a: () => unknown,
  b: () => unknown,
): { a: Timing; b: Timing; ratio: number; cpuA: Timing; cpuB: Timing } {
  for (let i = 0; i < WARMUP; i++) {
    a();
    b();
  }
  const timesA: number[] = [];
  const timesB: number[] = [];
  const cpuA: number[] = [];
  const cpuB: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let ta: { wall: number; cpu: number };
    let tb: { wall: number; cpu: number };
    if (i % 2 === 0) {
      ta = time(a);
      tb = time(b);
    } else {
      tb = time(b);
      ta = time(a);
    }
    timesA.push(ta.wall);
    timesB.push(tb.wall);
    cpuA.push(ta.cpu);
    cpuB.push(tb.cpu);
    ratios.push(ta.wall / tb.wall);
  }
  return {
    a: summarise(timesA),
    b: summarise(timesB),
    ratio: summarise(ratios).median,
    cpuA: summarise(cpuA),
    cpuB: summarise(cpuB),
  };
}

/** Runs the pricing benchmark and prints its figures (the `npm run bench` contract). */
export async function bench(): Promise<void> {
  const ctx = { rates: ratesOn(DEFAULT_VAT_RATES, "2026-09-01") };
  console.log(
    `pricing: ${LINES} mixed lines, 5% discount, shipping; ${WARMUP} warm-up + ${RUNS} interleaved runs, times in ms`,
  );
  for (const pricesIncludeVat of [false, true]) {
    const order = makeOrder(pricesIncludeVat);
    const {
      a: engine,
      b: bare,
      ratio,
      cpuA,
      cpuB,
    } = measurePair(
      () => priceDocument(order, ctx),
      () => bareLoop(order),
    );
    const mode = pricesIncludeVat ? "gross (incl. VAT)" : "net (excl. VAT)";
    console.log(
      `  ${mode.padEnd(18)} priceDocument median ${engine.median.toFixed(2)} p95 ${engine.p95.toFixed(2)} | ` +
        `bare decimal.js loop median ${bare.median.toFixed(2)} p95 ${bare.p95.toFixed(2)} | ` +
        `ratio of medians ${(engine.median / bare.median).toFixed(2)}×, median of paired ratios ${ratio.toFixed(2)}× ` +
        `(targets: < 30 ms, ≤ 2×) ${engine.median < 30 && ratio <= 2 ? "OK" : "MISSED"}`,
    );
    // CPU time of the process (GC helper threads included) moves less with the load of a shared machine.
    console.log(
      `  ${"".padEnd(18)} CPU time: priceDocument median ${cpuA.median.toFixed(2)} | bare loop median ` +
        `${cpuB.median.toFixed(2)} | ratio ${(cpuA.median / cpuB.median).toFixed(2)}×`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench();
}
