import { describe, expect, it } from "vitest";
import {
  fullCreditNote,
  parentInvoice,
  partialCreditNote,
  paidOnlineInvoice,
  schoolInvoice,
} from "../../../tests/support/invoice-documents";
import { toInvoiceCsvRecord, type InvoiceCsvRecord } from "./csv";
import {
  formatVatReturnText,
  openRefundDifference,
  openRefundDifferenceText,
  summariseVatReturn,
  summariseVatReturnStream,
  VatReturnAccumulator,
} from "./vat-return";

const record = (over: Partial<InvoiceCsvRecord> & Pick<InvoiceCsvRecord, "vatLines">): InvoiceCsvRecord => {
  const netCents = over.vatLines.reduce((s, v) => s + v.taxableCents, 0);
  const vatCents = over.vatLines.reduce((s, v) => s + v.vatCents, 0);
  return {
    number: "X",
    issueDate: "2026-07-01",
    type: "INVOICE",
    customer: "K",
    orderNumber: "O",
    poNumber: null,
    netCents,
    vatCents,
    grossCents: netCents + vatCents,
    ...over,
  };
};

describe("VAT-return summary", () => {
  it("maps standard to 1a and reduced to 1b, netting credit notes", () => {
    const summary = summariseVatReturn(
      [schoolInvoice, parentInvoice, paidOnlineInvoice, partialCreditNote].map(toInvoiceCsvRecord),
    );
    // 6%: 367.08 + 33.02 − 23.75 = 376.35; VAT 22.02 + 1.98 − 1.43 = 22.57
    // 21%: 334.36 + 16.40 + 308.63 = 659.39; VAT 70.22 + 3.45 + 64.81 = 138.48
    expect(summary.rates).toEqual([
      { vatRate: "21", category: "standard", box: "1a", turnoverCents: 65939, vatCents: 13848 },
      { vatRate: "6", category: "reduced", box: "1b", turnoverCents: 37635, vatCents: 2257 },
    ]);
    const [b1a, b1b, b1e] = summary.boxes;
    expect(b1a).toMatchObject({
      box: "1a",
      turnoverCents: 65939,
      vatCents: 13848,
      turnoverEuros: 659,
      vatEuros: 138,
      rates: ["21"],
    });
    expect(b1b).toMatchObject({
      box: "1b",
      turnoverCents: 37635,
      vatCents: 2257,
      turnoverEuros: 376,
      vatEuros: 22,
      rates: ["6"],
    });
    expect(b1e).toMatchObject({ box: "1e", turnoverCents: 0, vatCents: 0, rates: [] });
    expect(summary.totalTurnoverCents).toBe(65939 + 37635);
    expect(summary.totalVatCents).toBe(13848 + 2257);
    expect(summary).toMatchObject({ invoiceCount: 3, creditNoteCount: 1 });
  });

  it("nets a full credit note to zero", () => {
    const summary = summariseVatReturn([schoolInvoice, fullCreditNote].map(toInvoiceCsvRecord));
    expect(summary.boxes.map((b) => [b.box, b.turnoverCents, b.vatCents])).toEqual([
      ["1a", 0, 0],
      ["1b", 0, 0],
      ["1e", 0, 0],
    ]);
    expect(summary.totalTurnoverCents).toBe(0);
  });

  it("puts every rate of a category in its box (a reduced rate changed from 6% to 9% mid-period)", () => {
    const acc = new VatReturnAccumulator()
      .add(record({ vatLines: [{ vatRate: "6", category: "reduced", taxableCents: 10000, vatCents: 600 }] }))
      .add(record({ vatLines: [{ vatRate: "9.00", category: "reduced", taxableCents: 10000, vatCents: 900 }] }))
      .add(record({ vatLines: [{ vatRate: "0", category: "zero", taxableCents: 5000, vatCents: 0 }] }));
    const summary = acc.result();
    expect(summary.boxes[1]).toMatchObject({ box: "1b", rates: ["6", "9"], turnoverCents: 20000, vatCents: 1500 });
    expect(summary.boxes[2]).toMatchObject({ box: "1e", rates: ["0"], turnoverCents: 5000, vatCents: 0 });
  });

  it("rounds the whole-euro figures down, also when credit notes outweigh invoices", () => {
    const summary = summariseVatReturn([
      record({
        type: "CREDIT_NOTE",
        vatLines: [{ vatRate: "21", category: "standard", taxableCents: 10050, vatCents: 2111 }],
      }),
    ]);
    expect(summary.boxes[0]).toMatchObject({
      turnoverCents: -10050,
      vatCents: -2111,
      turnoverEuros: -101,
      vatEuros: -22,
    });
  });

  it("gives the same result from a stream", async () => {
    const records = [schoolInvoice, parentInvoice, partialCreditNote].map(toInvoiceCsvRecord);
    async function* stream() {
      yield* records;
    }
    expect(await summariseVatReturnStream(stream())).toEqual(summariseVatReturn(records));
  });

  it("formats a Dutch text table", () => {
    const text = formatVatReturnText(summariseVatReturn([schoolInvoice, partialCreditNote].map(toInvoiceCsvRecord)), {
      period: "2026 Q3",
    });
    expect(text).toContain("Btw-aangifte 2026 Q3");
    expect(text).toContain("1 facturen, 1 creditnota's");
    expect(text).toMatch(/1a\s+Leveringen\/diensten belast met hoog tarief \(21%\)\s+€ 334,36\s+€ 70,22/);
    expect(text).toMatch(/1b\s+Leveringen\/diensten belast met laag tarief \(6%\)\s+€ 343,33\s+€ 20,59/);
    expect(text).toContain("1a  omzet 334  btw 70");
  });

  it("shows money refunded without a credit note next to the figures, never inside them", () => {
    const records = [schoolInvoice, partialCreditNote].map(toInvoiceCsvRecord);
    // Two Dashboard refunds still on the queue: € 12,34 + € 0,66 = € 13,00.
    const open = openRefundDifference([{ amountCents: 1234 }, { amountCents: 66 }]);
    expect(open).toEqual({ count: 2, amountCents: 1300 });
    expect(openRefundDifferenceText(open)).toBe("Terugbetaald zonder creditnota (nog te verwerken): € 13,00");
    const text = formatVatReturnText(summariseVatReturn(records), { period: "2026 Q3", openRefunds: open });
    expect(text).toContain(
      "Terugbetaald zonder creditnota (nog te verwerken): € 13,00 (2; nog niet verrekend in de cijfers hierboven)",
    );
    // The boxes still come from the documents alone.
    expect(text).toContain("1a  omzet 334  btw 70");
    expect(formatVatReturnText(summariseVatReturn(records), { openRefunds: openRefundDifference([]) })).not.toContain(
      "zonder creditnota",
    );
    expect(openRefundDifferenceText(openRefundDifference([]))).toBeNull();
  });
});
