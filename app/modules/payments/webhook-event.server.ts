/**
 * A Stripe event's id is written in the same database transaction as its effect (decision record
 * 003), so that a crash can never leave an event recorded without its effect: either both are
 * committed or neither is, and Stripe's retry of an event whose effect was lost is processed.
 */
import type { Tx } from "~/db.server";

/** Writes the event being applied inside the caller's transaction; a no-op outside the webhook. */
export type RecordEvent = (tx: Tx) => Promise<void>;

/** For calls that do not come from a webhook (the return page, cancelling an order). */
export const NO_EVENT: RecordEvent = async () => undefined;

/**
 * Records `event` (processedAt still empty) in the transaction it is given. An upsert, because a
 * retry of an event whose effect was committed but whose follow-up outside the database failed
 * (an automatic refund Stripe refused) runs the same transaction again: the handlers change
 * nothing twice, and the row is already there.
 */
export function recordEventIn(event: { id: string; type: string }): RecordEvent {
  return async (tx) => {
    await tx.webhookEvent.upsert({ where: { id: event.id }, create: { id: event.id, type: event.type }, update: {} });
  };
}
