import { describe, expect, it } from "vitest";
import { checkoutLineItems, CheckoutAmountError } from "./checkout-lines";
import type { FrozenPricing } from "~/modules/pricing/frozen-pricing";

type B = FrozenPricing["breakdown"];
const group = (vatRate: string, linesAmount: string, charge: string, taxable: string, vat: string, gross: string) => ({
  vatRate,
  category: vatRate === "6" ? "reduced" : "standard",
  linesAmount,
  allowance: "0.00",
  charge,
  taxable,
  vat,
  gross,
  linesNet: taxable,
  allowanceNet: "0.00",
  chargeNet: charge,
});

describe("checkoutLineItems", () => {
  it("inclusive prices: each line charges its gross; a total not divisible by the quantity goes as 1 × line total", () => {
    const breakdown: B = {
      lines: [
        {
          id: "1",
          quantity: 3,
          unitPrice: "10.0033",
          amount: "30.01",
          parts: [{ supply: "physical", category: "reduced", vatRate: "6", amount: "30.01", net: "28.31" }],
        },
        {
          id: "2",
          quantity: 2,
          unitPrice: "19.95",
          amount: "39.90",
          parts: [{ supply: "electronic", category: "standard", vatRate: "21", amount: "39.90", net: "32.98" }],
        },
      ],
      allowances: [],
      charges: [],
      vatBreakdown: [
        group("6", "30.01", "0.00", "28.31", "1.70", "30.01"),
        group("21", "39.90", "0.00", "32.98", "6.92", "39.90"),
      ],
      totals: { net: "61.29", vat: "8.62", gross: "69.91" },
    };
    const { items, totalCents } = checkoutLineItems({
      grossCents: 6991,
      breakdown,
      lines: [
        { position: 1, description: "Boek", quantity: 3 },
        { position: 2, description: "Licentie", quantity: 2 },
      ],
    });
    expect(items).toEqual([
      { name: "3 × Boek", unitAmountCents: 3001, quantity: 1 },
      { name: "Licentie", unitAmountCents: 1995, quantity: 2 },
    ]);
    expect(totalCents).toBe(6991);
  });

  it("exclusive prices: the rate group's gross (incl. shipping) is allocated over lines and charge by largest remainder", () => {
    // 6%: lines 10.00 + 5.00 + shipping 7.95 = 22.95 taxable, VAT 1.38 → gross 24.33
    const breakdown: B = {
      lines: [
        {
          id: "1",
          quantity: 1,
          unitPrice: "10",
          amount: "10.00",
          parts: [{ supply: "physical", category: "reduced", vatRate: "6", amount: "10.00", net: "10.00" }],
        },
        {
          id: "2",
          quantity: 1,
          unitPrice: "5",
          amount: "5.00",
          parts: [{ supply: "physical", category: "reduced", vatRate: "6", amount: "5.00", net: "5.00" }],
        },
      ],
      allowances: [],
      charges: [{ kind: "shipping", vatRate: "6", category: "reduced", amount: "7.95" }],
      vatBreakdown: [group("6", "15.00", "7.95", "22.95", "1.38", "24.33")],
      totals: { net: "22.95", vat: "1.38", gross: "24.33" },
    };
    const { items, totalCents } = checkoutLineItems({
      grossCents: 2433,
      breakdown,
      lines: [
        { position: 1, description: "A", quantity: 1 },
        { position: 2, description: "B", quantity: 1 },
      ],
    });
    expect(totalCents).toBe(2433);
    expect(items.map((i) => i.unitAmountCents)).toEqual([1060, 530, 843]);
    expect(items[2]!.name).toBe("Verzendkosten");
  });

  it("refuses when the frozen breakdown does not add up to the order's gross", () => {
    const breakdown: B = {
      lines: [
        {
          id: "1",
          quantity: 1,
          unitPrice: "10",
          amount: "10.00",
          parts: [{ supply: "physical", category: "reduced", vatRate: "6", amount: "10.00", net: "9.43" }],
        },
      ],
      allowances: [],
      charges: [],
      vatBreakdown: [group("6", "10.00", "0.00", "9.43", "0.57", "10.00")],
      totals: { net: "9.43", vat: "0.57", gross: "10.00" },
    };
    expect(() =>
      checkoutLineItems({ grossCents: 1001, breakdown, lines: [{ position: 1, description: "A", quantity: 1 }] }),
    ).toThrow(CheckoutAmountError);
  });
});
