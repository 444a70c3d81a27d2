import { describe, expect, it } from "vitest";
import { paymentDateProblem } from "./payment-date";

const bounds = { today: "2026-12-01", issueDate: "2026-11-03" };

describe("paymentDateProblem", () => {
  it.each(["2026-11-03", "2026-11-20", "2026-12-01"])("accepts %s (from the invoice date up to today)", (paidOn) => {
    expect(paymentDateProblem(paidOn, bounds)).toBeNull();
  });

  it("refuses tomorrow, naming today", () => {
    expect(paymentDateProblem("2026-12-02", bounds)).toEqual({
      code: "PAID_IN_FUTURE",
      message:
        "De betaaldatum ligt in de toekomst. Vul de dag in waarop de betaling binnenkwam: vandaag (1 december 2026) of eerder.",
    });
  });

  it("refuses the day before the invoice, naming the invoice date", () => {
    expect(paymentDateProblem("2026-11-02", bounds)).toEqual({
      code: "PAID_BEFORE_INVOICE",
      message:
        "De betaaldatum ligt vóór de factuurdatum (3 november 2026). Vul de dag in waarop de betaling binnenkwam.",
    });
  });
});
