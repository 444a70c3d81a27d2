import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "~/modules/money/decimal";
import { priceDocument, type PricingContext, type PricingInput, type PricingLineInput } from "~/modules/pricing";
import { freezePricing } from "~/modules/pricing/frozen-pricing";
import type { ComponentSupply, VatCategory } from "~/modules/vat/supply";
import { invoiceRowsFromBreakdown } from "./invoice-rows";
import { summariseVatReturn } from "./vat-return";
import {
  apportionCents,
  electronicParts,
  formatE4Cents,
  monthsBetween,
  roundE4ToCents,
  supplyOfLine,
  vatGapReport,
  type GapDocument,
} from "./vat-gap";
import type { InvoiceCsvRecord } from "./csv";

const CTX: PricingContext = {
  rates: new Map<VatCategory, Decimal>([
    ["reduced", new Decimal("6")],
    ["standard", new Decimal("21")],
  ]),
};

/**
 * A document priced by the engine and stored as invoice-rows.ts stores it; each line's supply
 * is resolved as the server resolves it (the frozen parts of its order line, by part index).
 */
function storedDocument(
  input: PricingInput,
  opts: {
    number?: string;
    issueDate?: string;
    type?: "INVOICE" | "CREDIT_NOTE";
    subjectOf?: (i: number) => string;
  } = {},
): { doc: GapDocument; record: InvoiceCsvRecord } {
  const breakdown = priceDocument(input, CTX);
  const frozen = freezePricing("2026-09-01", input, CTX, breakdown);
  const meta = new Map(
    input.lines.map((l, i) => [l.id, { description: l.description ?? l.id, ean: "", orderLineId: String(i) }]),
  );
  const rows = invoiceRowsFromBreakdown(frozen.breakdown, input.pricesIncludeVat, meta);
  const firstPosition = new Map<string, number>();
  for (const r of rows.lines) if (!firstPosition.has(r.orderLineId!)) firstPosition.set(r.orderLineId!, r.position);
  const number = opts.number ?? "2026-000001";
  const issueDate = opts.issueDate ?? "2026-09-01";
  const type = opts.type ?? "INVOICE";
  const doc: GapDocument = {
    number,
    type,
    issueDate,
    reducedRate: "6",
    lines: rows.lines.map((r) => {
      const i = Number(r.orderLineId);
      const frozenLine = frozen.breakdown.lines[i]!;
      return {
        vatRate: r.vatRate,
        supply: supplyOfLine(
          { supply: input.lines[i]!.supply, parts: frozenLine.parts },
          r.vatRate,
          r.position - firstPosition.get(r.orderLineId!)!,
        ),
        netCents: r.netCents,
        subject: opts.subjectOf?.(i) ?? "Wiskunde",
        publisher: "Noordhoff",
        description: r.description,
      };
    }),
    vatLines: rows.vatLines.map((v) => ({ ...v, category: v.category as VatCategory })),
  };
  const record: InvoiceCsvRecord = {
    number,
    issueDate,
    type,
    customer: "School",
    orderNumber: "B1",
    poNumber: null,
    vatLines: rows.vatLines.map((v) => ({
      vatRate: v.vatRate,
      category: v.category as VatCategory,
      taxableCents: v.taxableCents,
      vatCents: v.vatCents,
    })),
    netCents: rows.netCents,
    vatCents: rows.vatCents,
    grossCents: rows.grossCents,
  };
  return { doc, record };
}

const line = (
  id: string,
  supply: PricingLineInput["supply"],
  unitPrice: string,
  quantity: number,
): PricingLineInput => ({
  id,
  supply,
  unitPrice: new Decimal(unitPrice),
  quantity,
});

describe("vat gap of one document (hand-worked cents, net and gross variant)", () => {
  it.each([
    {
      name: "licence and print, net prices, shipping on print",
      // licence 28 × 10.00 = 280.00 at 21%: VAT 58.80; gap 280.00 × 15% = 42.00; at 6%: 16.80.
      input: {
        pricesIncludeVat: false,
        lines: [line("1", "electronic", "10.00", 28), line("2", "physical", "20.00", 28)],
        shipping: new Decimal("6.95"),
      },
      expected: { base: 28000, paid: 5880, gap: 4200, reduced: 1680 },
    },
    {
      name: "licence and print, gross prices",
      // licence 28 × 12.10 = 338.80 incl.: VAT round(338.80 × 21/121) = 58.80, net 280.00; same gap.
      input: {
        pricesIncludeVat: true,
        lines: [line("1", "electronic", "12.10", 28), line("2", "physical", "21.20", 28)],
      },
      expected: { base: 28000, paid: 5880, gap: 4200, reduced: 1680 },
    },
    {
      name: "bundle 49.95 (print 0.6, licence 0.4), net",
      // parts 29.97 / 19.98; VAT 21% of 19.98 = 4.1958 → 4.20; gap 19.98 × 15% = 2.997 → 3.00; 1.20 left.
      input: {
        pricesIncludeVat: false,
        lines: [
          {
            ...line("1", "bundle", "49.95", 1),
            components: [
              { supply: "physical" as const, share: new Decimal("0.6") },
              { supply: "electronic" as const, share: new Decimal("0.4") },
            ],
          },
        ],
      },
      expected: { base: 1998, paid: 420, gap: 300, reduced: 120 },
    },
    {
      name: "licence and calculator at 21% with 10% discount and shipping (shipping follows the goods)",
      // 21%: lines 150.00, allowance 15.00, charge 10.00 → taxable 145.00, VAT 30.45.
      // bases: 135.00 over [100, 50] → 90.00 / 45.00; VAT 30.45 over [90.00, 55.00] → 18.90 / 11.55.
      // gap 90.00 × 15% = 13.50; at 6%: 18.90 − 13.50 = 5.40 (= 90.00 × 6%).
      input: {
        pricesIncludeVat: false,
        lines: [line("1", "electronic", "100.00", 1), line("2", "goods", "50.00", 1)],
        discountPercent: new Decimal("10"),
        shipping: new Decimal("10.00"),
      },
      expected: { base: 9000, paid: 1890, gap: 1350, reduced: 540 },
    },
  ])("$name", ({ input, expected }) => {
    const { doc } = storedDocument(input as PricingInput);
    const report = vatGapReport([doc]);
    expect(report.total.electronicBaseCents).toBe(expected.base);
    expect(report.total.vatPaidCents).toBe(expected.paid);
    expect(report.total.gapCents).toBe(expected.gap);
    expect(report.total.vatAtReducedCents).toBe(expected.reduced);
  });

  it("a credit note of the whole invoice leaves nothing", () => {
    const input: PricingInput = { pricesIncludeVat: false, lines: [line("1", "electronic", "10.00", 28)] };
    const invoice = storedDocument(input).doc;
    const credit = storedDocument(input, { number: "C2026-000001", type: "CREDIT_NOTE" }).doc;
    const report = vatGapReport([invoice, credit]);
    expect(report.total).toMatchObject({ electronicBaseCents: 0, vatPaidCents: 0, gapCents: 0 });
    expect(report.invoiceCount).toBe(1);
    expect(report.creditNoteCount).toBe(1);
  });

  it("an electronic part already at the reduced rate has no gap", () => {
    const { doc } = storedDocument({ pricesIncludeVat: false, lines: [line("1", "electronic", "10.00", 1)] });
    const atReduced: GapDocument = {
      ...doc,
      lines: doc.lines.map((l) => ({ ...l, vatRate: "6" })),
      vatLines: [
        { vatRate: "6", category: "reduced", taxableCents: 1000, vatCents: 60, allowanceCents: 0, chargeCents: 0 },
      ],
    };
    const parts = electronicParts(atReduced);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ baseCents: 1000, vatPaidCents: 60, gapE4Cents: 0 });
  });
});

describe("rounding and apportioning", () => {
  it("rounds ten-thousandths of a cent half away from zero", () => {
    expect(roundE4ToCents(29_970)).toBe(3);
    expect(roundE4ToCents(25_000)).toBe(3);
    expect(roundE4ToCents(24_999)).toBe(2);
    expect(roundE4ToCents(-25_000)).toBe(-3);
    expect(formatE4Cents(29_970_000)).toBe("29.97");
    expect(formatE4Cents(29_970)).toBe("0.02997");
    expect(formatE4Cents(-1_851_000, { decimalComma: true })).toBe("-1,851");
  });

  it("apportions a rounded total over signed exact values so the parts add up", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5_000_000, max: 5_000_000 }), { minLength: 1, maxLength: 12 }),
        (values) => {
          const total = roundE4ToCents(values.reduce((s, v) => s + v, 0));
          const parts = apportionCents(total, values);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
          // every part is its exact value rounded down or up
          parts.forEach((p, i) => expect(Math.abs(p * 10_000 - values[i]!)).toBeLessThan(10_000));
        },
      ),
    );
  });

  it("lists the months of a period", () => {
    expect(monthsBetween("2026-07-01", "2026-09-30")).toEqual(["2026-07", "2026-08", "2026-09"]);
    expect(monthsBetween("2026-12-01", "2027-01-31")).toEqual(["2026-12", "2027-01"]);
  });
});

const documentArb = (supplies: ComponentSupply[]) =>
  fc
    .record({
      pricesIncludeVat: fc.boolean(),
      lines: fc.array(
        fc.record({
          bundle: fc.boolean(),
          priceE4: fc.integer({ min: 0, max: 2_000_000 }),
          quantity: fc.integer({ min: 1, max: 60 }),
          share: fc.integer({ min: 0, max: 10_000 }),
          supplyA: fc.constantFrom(...supplies),
          supplyB: fc.constantFrom(...supplies),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      discountE2: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
      shippingCents: fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: undefined }),
      credit: fc.boolean(),
      day: fc.integer({ min: 1, max: 90 }),
      subject: fc.constantFrom("Wiskunde", "Engels", "Biologie"),
    })
    .map((raw) => {
      const lines = raw.lines.map((l, i): PricingLineInput =>
        l.bundle
          ? {
              id: String(i),
              supply: "bundle",
              unitPrice: new Decimal(l.priceE4).div(10_000),
              quantity: l.quantity,
              components: [
                { supply: l.supplyA, share: new Decimal(l.share).div(10_000) },
                { supply: l.supplyB, share: new Decimal(10_000 - l.share).div(10_000) },
              ],
            }
          : { id: String(i), supply: l.supplyA, unitPrice: new Decimal(l.priceE4).div(10_000), quantity: l.quantity },
      );
      const shipsSupply = (supply: string) => supply === "physical" || supply === "goods";
      const ships = lines.some((l) => shipsSupply(l.supply) || (l.components ?? []).some((c) => shipsSupply(c.supply)));
      const input: PricingInput = { pricesIncludeVat: raw.pricesIncludeVat, lines };
      if (raw.discountE2 !== undefined) input.discountPercent = new Decimal(raw.discountE2).div(100);
      if (raw.shippingCents !== undefined && ships) input.shipping = new Decimal(raw.shippingCents).div(100);
      const date = new Date(Date.UTC(2026, 6, raw.day)).toISOString().slice(0, 10);
      return { input, credit: raw.credit, date, subject: raw.subject };
    });

function period(docs: { input: PricingInput; credit: boolean; date: string; subject: string }[]) {
  const stored = docs.map((d, i) =>
    storedDocument(d.input, {
      number: `${d.credit ? "C" : ""}2026-${String(i + 1).padStart(6, "0")}`,
      type: d.credit ? "CREDIT_NOTE" : "INVOICE",
      issueDate: d.date,
      subjectOf: () => d.subject,
    }),
  );
  const report = vatGapReport(
    stored.map((s) => s.doc),
    monthsBetween("2026-07-01", "2026-09-30"),
  );
  const vatReturn = summariseVatReturn(stored.map((s) => s.record));
  return { report, vatReturn };
}

describe("vat gap properties (documents priced by the engine, stored as invoices)", () => {
  it("with only print and licences, the gap of a period = VAT-return 21% base × (21 − 6) / 100, to the cent", () => {
    fc.assert(
      fc.property(fc.array(documentArb(["physical", "electronic"]), { minLength: 1, maxLength: 6 }), (docs) => {
        const { report, vatReturn } = period(docs);
        const box1a = vatReturn.boxes.find((b) => b.box === "1a")!;
        expect(report.total.electronicBaseCents).toBe(box1a.turnoverCents);
        expect(report.total.vatPaidCents).toBe(box1a.vatCents);
        expect(report.total.gapCents).toBe(roundE4ToCents(box1a.turnoverCents * 1500));
        expect(report.standardTurnoverCents).toBe(box1a.turnoverCents);
      }),
      { numRuns: 120 },
    );
  });

  it("with goods too, the electronic base × (21 − 6) / 100 is the gap and stays within box 1a", () => {
    fc.assert(
      fc.property(
        fc.array(documentArb(["physical", "electronic", "goods"]), { minLength: 1, maxLength: 6 }),
        (docs) => {
          const { report, vatReturn } = period(docs);
          const box1a = vatReturn.boxes.find((b) => b.box === "1a")!;
          expect(report.total.gapCents).toBe(roundE4ToCents(report.total.electronicBaseCents * 1500));
          expect(report.standardTurnoverCents).toBe(box1a.turnoverCents);
          expect(report.standardVatCents).toBe(box1a.vatCents);
          // Invoices only: the electronic parts are a part of box 1a, never more.
          if (docs.every((d) => !d.credit)) {
            expect(report.total.electronicBaseCents).toBeLessThanOrEqual(box1a.turnoverCents);
            expect(report.total.vatPaidCents).toBeLessThanOrEqual(box1a.vatCents);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it("months and subjects add up to the totals, and VAT at the reduced rate = paid − gap", () => {
    fc.assert(
      fc.property(
        fc.array(documentArb(["physical", "electronic", "goods"]), { minLength: 1, maxLength: 6 }),
        (docs) => {
          const { report } = period(docs);
          for (const rows of [report.months, report.groups]) {
            for (const key of ["electronicBaseCents", "vatPaidCents", "vatAtReducedCents", "gapCents"] as const) {
              expect(rows.reduce((s, r) => s + r[key], 0)).toBe(report.total[key]);
            }
            for (const r of rows) expect(r.vatAtReducedCents).toBe(r.vatPaidCents - r.gapCents);
          }
          expect(report.months.map((m) => m.key)).toEqual(["2026-07", "2026-08", "2026-09"]);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe("supplyOfLine", () => {
  const bundle = {
    supply: "bundle",
    parts: [
      { supply: "physical", vatRate: "6" },
      { supply: "electronic", vatRate: "21" },
      { supply: "goods", vatRate: "21" },
    ],
  };
  it("takes a plain order line's supply and a bundle's part by index", () => {
    expect(supplyOfLine({ supply: "electronic", parts: [] }, "21", 0)).toBe("electronic");
    expect(supplyOfLine(bundle, "21", 1)).toBe("electronic");
    expect(supplyOfLine(bundle, "21", 2)).toBe("goods");
    expect(supplyOfLine(bundle, "6", 0)).toBe("physical");
    // an index whose part is at another rate: the first part at the line's rate
    expect(supplyOfLine(bundle, "6", 2)).toBe("physical");
    expect(supplyOfLine(null, "21", 0)).toBeNull();
  });
});
