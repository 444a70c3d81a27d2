import { DomainError } from "~/modules/errors/domain-error";
import type { PaymentAnomaly, PaymentStatus, RefundSource, RefundStatus } from "~/db-enums";
/** Expected payment failures, with a Dutch message a person can act on (STYLE.md). */
export type PaymentErrorCode =
  | "NOT_FOUND"
  | "NOT_PAYABLE"
  | "PROVIDER"
  | "AMOUNT"
  | "NOT_REFUNDABLE"
  | "TOO_MUCH"
  | "NOTHING_SELECTED"
  | "NOT_TO_PROCESS";

const PAYMENT_ERROR_STATUS: Record<PaymentErrorCode, number> = {
  NOT_FOUND: 404,
  NOT_PAYABLE: 409,
  PROVIDER: 502,
  AMOUNT: 500,
  NOT_REFUNDABLE: 409,
  TOO_MUCH: 400,
  NOTHING_SELECTED: 400,
  NOT_TO_PROCESS: 409,
};

/** Failures that are not the payer's but whose message tells them what to do (try again later; nothing was charged). */
const SHOWN_TO_PAYER: ReadonlySet<PaymentErrorCode> = new Set(["PROVIDER", "AMOUNT"]);

export class PaymentError extends DomainError<PaymentErrorCode> {
  constructor(code: PaymentErrorCode, message: string) {
    super(code, message, { status: PAYMENT_ERROR_STATUS[code], shownToUser: SHOWN_TO_PAYER.has(code) });
  }
}

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  OPEN: "Open",
  PAID: "Betaald",
  FAILED: "Mislukt",
  EXPIRED: "Verlopen",
  AMOUNT_MISMATCH: "Bedrag wijkt af",
  REFUNDED: "Terugbetaald",
  PARTIALLY_REFUNDED: "Deels terugbetaald",
};

export const REFUND_STATUS_LABELS: Record<RefundStatus, string> = {
  PENDING: "In behandeling",
  SUBMITTED: "Ingediend bij Stripe",
  SUCCEEDED: "Terugbetaald",
  FAILED: "Mislukt",
  TEST: "Testterugbetaling (geen geld)",
  TO_PROCESS: "Te verwerken (nog geen creditnota)",
  PROCESSED: "Verwerkt (creditnota gemaakt)",
};

/** Where a refund came from: the shop's refund form, the Stripe Dashboard, or the shop itself. */
export const REFUND_SOURCE_LABELS: Record<RefundSource, string> = {
  SHOP: "Winkel",
  DASHBOARD: "Stripe Dashboard",
  AUTO: "Automatisch",
};

/** Why finance must look at a payment (Payment.anomaly): money that was never turnover. */
export const PAYMENT_ANOMALY_LABELS: Record<PaymentAnomaly, string> = {
  AFTER_CANCEL: "Betaald na annulering — automatisch terugbetaald",
  DUPLICATE: "Dubbele betaling — automatisch terugbetaald",
};
