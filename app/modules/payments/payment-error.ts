/** Expected payment failures, with a Dutch message a person can act on (STYLE.md). */
export class PaymentError extends Error {
  constructor(
    public code: "NOT_FOUND" | "NOT_PAYABLE" | "PROVIDER" | "AMOUNT" | "NOT_REFUNDABLE" | "TOO_MUCH" | "NOTHING_SELECTED",
    message: string,
  ) {
    super(message);
  }
}

export const PAYMENT_STATUS_LABELS: Record<string, string> = {
  OPEN: "Open", PAID: "Betaald", FAILED: "Mislukt", EXPIRED: "Verlopen", AMOUNT_MISMATCH: "Bedrag wijkt af",
  REFUNDED: "Terugbetaald", PARTIALLY_REFUNDED: "Deels terugbetaald",
};

export const REFUND_STATUS_LABELS: Record<string, string> = {
  PENDING: "In behandeling", SUCCEEDED: "Terugbetaald", FAILED: "Mislukt", TEST: "Testterugbetaling (geen geld)",
};
