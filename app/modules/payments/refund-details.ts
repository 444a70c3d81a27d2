/**
 * What a Refund row keeps as JSON (Refund.linesJson): the order lines and quantities it
 * refunds, and where it came from. The credit note it pays out is the Refund.creditNoteId
 * foreign key, never a number in here (older rows had one; the migration that brought enums
 * moved it into the key). Read through the schema (docs/decisions/009-enums-and-typed-json.md).
 */
import { z } from "zod";
import { PaymentAnomaly } from "~/db-enums";
import { parseJson } from "~/stored-json";

export const refundDetailsSchema = z.object({
  /** the refunded quantities per order line; empty for money that was never turnover or not yet processed */
  lines: z.array(z.object({ orderLineId: z.string(), quantity: z.number().int() })).default([]),
  /** the Stripe charge of a Dashboard refund */
  chargeId: z.string().nullish(),
  /** why money that was never turnover went back */
  reason: z.nativeEnum(PaymentAnomaly).nullish(),
  /** the queued refund this rest was split off (finance credited less than was refunded) */
  splitFrom: z.string().optional(),
});

export type RefundDetails = z.input<typeof refundDetailsSchema>;

export const readRefundDetails = (json: string) => parseJson(refundDetailsSchema, json, "Refund.linesJson");

/** The JSON a Refund row stores; checked against the schema so a writer cannot store what no reader accepts. */
export const refundDetailsJson = (details: RefundDetails): string => JSON.stringify(refundDetailsSchema.parse(details));
