/**
 * The UNTDID 4461 payment means code an invoice carries (EN 16931 BT-81), frozen on the invoice
 * when it is issued. NLCIUS rule NL-R-008 allows a Dutch supplier only 30, 48, 49, 57, 58 and 59:
 * - paying on account is a SEPA credit transfer to the seller's IBAN: 58;
 * - a card payment (Stripe `card`): 48, bank card;
 * - iDEAL is a SEPA credit transfer the payer's bank makes at once: 58 (also the code for an
 *   online payment whose method is not known, and for the test-payment mode, which imitates iDEAL).
 * Codes 30 and 58 need the payee's account (BR-61), which the seller's IBAN provides.
 *
 * Pure module: no Prisma, no Remix.
 */
export const PAYMENT_MEANS = {
  CREDIT_TRANSFER: "30",
  BANK_CARD: "48",
  SEPA_CREDIT_TRANSFER: "58",
} as const;

/** The codes NL-R-008 allows a Dutch supplier. */
export const NL_ALLOWED_PAYMENT_MEANS = ["30", "48", "49", "57", "58", "59"] as const;

export function paymentMeansCode(paymentMethod: string, methodType: string | null | undefined): string {
  if (paymentMethod === "ONLINE" && methodType === "card") return PAYMENT_MEANS.BANK_CARD;
  return PAYMENT_MEANS.SEPA_CREDIT_TRANSFER;
}

/** Dutch name of a payment means code, for the PDF and the UBL `name` attribute. */
export function paymentMeansName(code: string): string {
  switch (code) {
    case PAYMENT_MEANS.BANK_CARD:
      return "Betaalkaart";
    case PAYMENT_MEANS.SEPA_CREDIT_TRANSFER:
      return "SEPA-overboeking";
    case PAYMENT_MEANS.CREDIT_TRANSFER:
      return "Overboeking";
    default:
      return "Betaling";
  }
}
