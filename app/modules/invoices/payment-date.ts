/**
 * When a payment on account can have come in (issue 12): not after today (Europe/Amsterdam) and
 * not before the invoice was issued. One rule for the mark-paid form in the browser (its zod
 * schema, with the bounds the page knows) and for markInvoicePaid on the server (with the bounds
 * from the database), in the same Dutch words.
 *
 * Pure: ISO dates compare as strings (calendar/iso-date.ts).
 */
import { formatDate } from "~/modules/format";

export interface PaymentDateBounds {
  /** today in Europe/Amsterdam (todayInAmsterdam) */
  today: string;
  /** the invoice's issue date */
  issueDate: string;
}

export type PaymentDateProblem = { code: "PAID_IN_FUTURE" | "PAID_BEFORE_INVOICE"; message: string };

/** Why `paidOn` cannot be the day the payment came in, or null when it can. */
export function paymentDateProblem(paidOn: string, bounds: PaymentDateBounds): PaymentDateProblem | null {
  if (paidOn > bounds.today)
    return {
      code: "PAID_IN_FUTURE",
      message: `De betaaldatum ligt in de toekomst. Vul de dag in waarop de betaling binnenkwam: vandaag (${formatDate(bounds.today)}) of eerder.`,
    };
  if (paidOn < bounds.issueDate)
    return {
      code: "PAID_BEFORE_INVOICE",
      message: `De betaaldatum ligt vóór de factuurdatum (${formatDate(bounds.issueDate)}). Vul de dag in waarop de betaling binnenkwam.`,
    };
  return null;
}
