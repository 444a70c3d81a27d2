import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fullCreditNote,
  parentInvoice,
  partialCreditNote,
  schoolInvoice,
} from "../../../tests/support/invoice-documents";
import {
  CSV_BOM,
  csvField,
  csvLines,
  InvoiceCsvError,
  invoiceCsvHeader,
  invoiceCsvRow,
  sortRates,
  toInvoiceCsvRecord,
  type InvoiceCsvRecord,
} from "./csv";

async function collect(gen: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const s of gen) out.push(s);
  return out;
}

async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const records = [schoolInvoice, parentInvoice, partialCreditNote].map(toInvoiceCsvRecord);
const rates = sortRates(records.flatMap((r) => r.vatLines.map((v) => v.vatRate)));

describe("invoice CSV", () => {
  it("sorts rates numerically", () => {
    expect(sortRates(["21", "6", "9.50", "6"])).toEqual(["6", "9.5", "21"]);
  });

  it("starts with a BOM and the header, one CRLF line per document", async () => {
    const lines = await collect(csvLines(fromArray(records), rates, { decimalComma: false }));
    expect(lines).toHaveLength(4);
    expect(lines[0].startsWith(CSV_BOM)).toBe(true);
    expect(lines.every((l) => l.endsWith("\r\n"))).toBe(true);
    expect(lines[0]).toBe(
      `${CSV_BOM}Nummer;Datum;Type;Klant;Order;Inkoopordernummer;Grondslag 6%;Btw 6%;Grondslag 21%;Btw 21%;Totaal excl. btw;Btw totaal;Totaal incl. btw\r\n`,
    );
    expect(lines[1]).toBe(
      `2026-000001;2026-09-01;Factuur;Stichting Het Lyceum & Co <Zeist>;ORD-2026-00042;"PO; 2026/118";367.08;22.02;334.36;70.22;701.44;92.24;793.68\r\n`,
    );
  });

  it("writes credit notes negative, with decimal comma on request", () => {
    const row = invoiceCsvRow(toInvoiceCsvRecord(partialCreditNote), rates, { decimalComma: true });
    expect(row.split(";")).toEqual([
      "2026-C00002",
      "2026-09-12",
      "Creditnota",
      "Stichting Het Lyceum & Co <Zeist>",
      "ORD-2026-00042",
      // the PO number holds a ";" so it is quoted; split() cuts it, which is why we compare the joined row below
      '"PO',
      ' 2026/118"',
      "-23,75",
      "-1,43",
      "0,00",
      "0,00",
      "-23,75",
      "-1,43",
      "-25,18",
    ]);
    expect(row).toContain(';"PO; 2026/118";');
    const full = invoiceCsvRow(toInvoiceCsvRecord(fullCreditNote), rates, { decimalComma: false });
    expect(full.endsWith(";-701.44;-92.24;-793.68")).toBe(true);
  });

  it("labels decimal rates with a comma in decimal-comma mode", () => {
    expect(invoiceCsvHeader(["9.5"], { decimalComma: true })).toContain("Grondslag 9,5%;Btw 9,5%");
    expect(invoiceCsvHeader(["9.5"], { decimalComma: false })).toContain("Grondslag 9.5%;Btw 9.5%");
  });

  it("quotes separators, quotes and line breaks, and defuses spreadsheet formulas", () => {
    expect(csvField("a;b")).toBe('"a;b"');
    expect(csvField('zeg "ja"')).toBe('"zeg ""ja"""');
    expect(csvField("regel 1\nregel 2")).toBe('"regel 1\nregel 2"');
    expect(csvField("=HYPERLINK(1)", { text: true })).toBe("'=HYPERLINK(1)");
    expect(csvField("gewoon")).toBe("gewoon");
    const record: InvoiceCsvRecord = { ...toInvoiceCsvRecord(schoolInvoice), customer: 'School "De Ark";\nLocatie 2' };
    expect(invoiceCsvRow(record, rates, { decimalComma: false })).toContain(';"School ""De Ark"";\nLocatie 2";');
  });

  it("refuses a record with a rate that has no column, or totals that do not add up", () => {
    expect(() => invoiceCsvRow(records[0], ["6"], { decimalComma: false })).toThrow(InvoiceCsvError);
    expect(() =>
      invoiceCsvRow({ ...records[0], grossCents: records[0].grossCents + 1 }, rates, { decimalComma: false }),
    ).toThrow(/sum of the rates/);
  });

  it("keeps row totals equal to the sum of the rate columns (property)", () => {
    const vatLine = (rate: string) =>
      fc
        .record({
          taxableCents: fc.integer({ min: 0, max: 10_000_000 }),
          vatCents: fc.integer({ min: 0, max: 2_000_000 }),
        })
        .map((v) => ({
          vatRate: rate,
          category: rate === "6" ? ("reduced" as const) : ("standard" as const),
          ...v,
        }));
    fc.assert(
      fc.property(vatLine("6"), vatLine("21"), fc.boolean(), fc.boolean(), (a, b, credit, comma) => {
        const net = a.taxableCents + b.taxableCents;
        const vat = a.vatCents + b.vatCents;
        const record: InvoiceCsvRecord = {
          ...records[0],
          type: credit ? "CREDIT_NOTE" : "INVOICE",
          vatLines: [a, b],
          netCents: net,
          vatCents: vat,
          grossCents: net + vat,
        };
        const cells = invoiceCsvRow(record, ["6", "21"], { decimalComma: comma }).split(";").slice(-7);
        const cents = cells.map((c) => Number(c.replace(",", "").replace(".", "")));
        expect(cents[0] + cents[2]).toBe(cents[4]);
        expect(cents[1] + cents[3]).toBe(cents[5]);
        expect(cents[4] + cents[5]).toBe(cents[6]);
        expect(Math.sign(cents[6])).toBe(net + vat === 0 ? 0 : credit ? -1 : 1);
      }),
    );
  });
});
