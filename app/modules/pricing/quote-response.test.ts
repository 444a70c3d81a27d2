import { describe, expect, it } from "vitest";
import { priceDocument } from "./price-document";
import { parseQuoteRequest } from "./quote-request";
import { toQuoteResponse } from "./quote-response";
import { DEFAULT_VAT_RATES, ratesOn } from "../vat/vat-schedule";
import { QUOTE_EXAMPLE } from "../../../tests/fixtures/quote-example";

const { pricesIncludeVat: _mode, ...body } = QUOTE_EXAMPLE;

function quote(pricesIncludeVat: boolean) {
  const { date, input } = parseQuoteRequest({ ...body, pricesIncludeVat });
  return toQuoteResponse(date, priceDocument(input, { rates: ratesOn(DEFAULT_VAT_RATES, date) }));
}

describe("toQuoteResponse", () => {
  // Figures computed by hand in price-document.test.ts ("DESIGN §4 example").
  it.each([
    [
      false,
      [
        { vatRate: "6", taxable: "367.92", vat: "22.08" },
        { vatRate: "21", taxable: "18.98", vat: "3.99" },
      ],
      { net: "386.90", vat: "26.07", gross: "412.97" },
    ],
    [
      true,
      [
        { vatRate: "6", taxable: "347.09", vat: "20.83" },
        { vatRate: "21", taxable: "15.69", vat: "3.29" },
      ],
      { net: "362.78", vat: "24.12", gross: "386.90" },
    ],
  ])("answers the §4 example with pricesIncludeVat %s", (pricesIncludeVat, vatBreakdown, totals) => {
    expect(quote(pricesIncludeVat)).toEqual({
      currency: "EUR",
      date: "2026-09-01",
      pricesIncludeVat,
      lines: [
        { id: "L1", quantity: 28, amount: "350.00", parts: [{ supply: "physical", vatRate: "6", amount: "350.00" }] },
        {
          id: "L2",
          quantity: 1,
          amount: "49.95",
          parts: [
            { supply: "physical", vatRate: "6", amount: "29.97" },
            { supply: "electronic", vatRate: "21", amount: "19.98" },
          ],
        },
      ],
      allowances: [
        { vatRate: "6", amount: "19.00" },
        { vatRate: "21", amount: "1.00" },
      ],
      charges: [{ kind: "shipping", vatRate: "6", amount: "6.95" }],
      vatBreakdown,
      totals,
    });
  });

  it("is plain JSON: every amount a string with two decimals", () => {
    const json = JSON.stringify(quote(false));
    expect(JSON.parse(json)).toEqual(quote(false));
    expect(json).not.toMatch(/"amount":\d/);
  });
});
