/**
 * Refunds made outside the shop, in the Stripe Dashboard (DESIGN.md §5, §6). Stripe tells the
 * shop through `charge.refunded`, whose `amount_refunded` is everything refunded on the charge so
 * far; what the shop's own refunds (and Dashboard refunds recorded earlier) do not account for
 * was refunded outside the shop. That money went back without a credit note, so it must not
 * silently stay turnover:
 *
 * - when it covers everything still open on the payment, the credit note for the rest ("ALL") is
 *   issued at once, licences revoked and unshipped items withdrawn, exactly as a shop refund
 *   does (creditOrderLines) — a Refund row source DASHBOARD, status SUCCEEDED, linked to it;
 * - otherwise the shop cannot know which lines were meant: a Refund row TO_PROCESS waits on
 *   finance's queue ("Terugbetalingen te verwerken"), where finance picks the lines and the
 *   credit note is issued then (no new Stripe refund: the money already went back).
 */
import { db, type Tx } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { formatCents } from "~/modules/format";
import { PaymentError } from "./payment-error";
import { readRefundDetails, refundDetailsJson } from "./refund-details";
import { RefundSource, type PaymentStatus } from "~/db-enums";
import { ACCOUNTED, creditOrderLines, type RefundSelection } from "./refunds.server";
import { NO_EVENT, type RecordEvent } from "./webhook-event.server";

export type ChargeRefundedOutcome =
  "UNCHANGED" | "REFUND_SYNCED" | "DASHBOARD_CREDITED" | "DASHBOARD_TO_PROCESS" | "DASHBOARD_NOT_TURNOVER";

export interface ChargeRefundedFacts {
  chargeId: string;
  paymentIntentId: string | null;
  /** everything refunded on the charge so far, in cents */
  amountRefunded: number;
}

const SETTLED: PaymentStatus[] = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"];

/**
 * charge.refunded. Payment.refundedCents follows Stripe's amount_refunded (never lowered, so a
 * late, older event changes nothing); the part refunded outside the shop is recorded once — the
 * rows recorded before count as accounted for, so replays and duplicates record nothing twice.
 * All of it happens in one transaction that first locks the payment row.
 */
export async function recordChargeRefunded(
  charge: ChargeRefundedFacts,
  today = todayInAmsterdam(),
  recordEvent: RecordEvent = NO_EVENT,
): Promise<ChargeRefundedOutcome> {
  if (!charge.paymentIntentId) return "UNCHANGED";
  const payment = await db.payment.findFirst({
    where: { paymentIntentId: charge.paymentIntentId, status: { in: SETTLED } },
    select: { id: true },
  });
  if (!payment) return "UNCHANGED";
  try {
    return await recordInTx(payment.id, charge, today, recordEvent, true);
  } catch (error) {
    // The rest could not be credited automatically (e.g. nothing left on the invoice): finance decides.
    if (error instanceof PaymentError) return recordInTx(payment.id, charge, today, recordEvent, false, error.message);
    throw error;
  }
}

async function recordInTx(
  paymentId: string,
  charge: ChargeRefundedFacts,
  today: string,
  recordEvent: RecordEvent,
  creditTheRest: boolean,
  whyNot?: string,
): Promise<ChargeRefundedOutcome> {
  return db.$transaction(
    async (tx) => {
      // Write first: the row lock (PostgreSQL) / write lock (SQLite) serialises concurrent events.
      await tx.payment.update({ where: { id: paymentId }, data: { updatedAt: new Date() } });
      await recordEvent(tx);
      const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { refunds: true } });
      const amountRefunded = Math.min(charge.amountRefunded, payment.amountCents);
      let outcome: ChargeRefundedOutcome = "UNCHANGED";
      if (amountRefunded > payment.refundedCents) {
        await tx.payment.update({
          where: { id: paymentId },
          data: {
            refundedCents: amountRefunded,
            status: amountRefunded >= payment.amountCents ? "REFUNDED" : "PARTIALLY_REFUNDED",
          },
        });
        outcome = "REFUND_SYNCED";
      }
      const accounted = payment.refunds
        .filter((r) => ACCOUNTED.includes(r.status))
        .reduce((s, r) => s + r.amountCents, 0);
      const outside = amountRefunded - accounted;
      if (outside <= 0) return outcome;
      const base = { paymentId, orderId: payment.orderId, amountCents: outside, source: RefundSource.DASHBOARD };
      const detail = { chargeId: charge.chargeId, amountRefunded: charge.amountRefunded, outsideCents: outside };

      if (payment.anomaly) {
        // A duplicate or late payment was never turnover: no credit note, nothing for finance to do.
        const row = await tx.refund.create({
          data: {
            ...base,
            status: "SUCCEEDED",
            linesJson: refundDetailsJson({ chargeId: charge.chargeId, reason: payment.anomaly, lines: [] }),
          },
        });
        await audit(
          {
            action: "refund.dashboard_not_turnover",
            entity: "Order",
            entityId: payment.orderId,
            detail: { ...detail, refundId: row.id, anomaly: payment.anomaly },
          },
          tx,
        );
        return "DASHBOARD_NOT_TURNOVER";
      }

      const rest = payment.amountCents - accounted;
      if (creditTheRest && outside >= rest) {
        // Everything still open went back: the credit note for the rest, as a full shop refund makes it.
        const unprocessed = payment.refunds.filter((r) => r.status === "TO_PROCESS");
        const coverable = outside + unprocessed.reduce((s, r) => s + r.amountCents, 0);
        const { credit, wanted } = await creditOrderLines(
          tx,
          payment.orderId,
          "ALL",
          today,
          coverable,
          (gross) =>
            `De creditnota voor de rest (${formatCents(gross)}) is hoger dan wat in het Stripe Dashboard is terugbetaald (${formatCents(coverable)}).`,
        );
        const row = await tx.refund.create({
          data: {
            ...base,
            status: "SUCCEEDED",
            creditNoteId: credit.id,
            linesJson: refundDetailsJson({ chargeId: charge.chargeId, lines: wanted }),
          },
        });
        // Earlier partial Dashboard refunds still waiting on the queue are covered by this credit note too.
        if (unprocessed.length) {
          await tx.refund.updateMany({
            where: { id: { in: unprocessed.map((r) => r.id) }, status: "TO_PROCESS" },
            data: { status: "PROCESSED", creditNoteId: credit.id },
          });
        }
        await audit(
          {
            action: "refund.dashboard_credited",
            entity: "Order",
            entityId: payment.orderId,
            detail: {
              ...detail,
              refundId: row.id,
              creditNote: credit.number,
              creditGrossCents: credit.grossCents,
              alsoProcessed: unprocessed.map((r) => r.id),
            },
          },
          tx,
        );
        return "DASHBOARD_CREDITED";
      }

      const row = await tx.refund.create({
        data: { ...base, status: "TO_PROCESS", linesJson: refundDetailsJson({ chargeId: charge.chargeId, lines: [] }) },
      });
      await audit(
        {
          action: "refund.dashboard_to_process",
          entity: "Order",
          entityId: payment.orderId,
          detail: { ...detail, refundId: row.id, restCents: rest, ...(whyNot ? { notCredited: whyNot } : {}) },
        },
        tx,
      );
      return "DASHBOARD_TO_PROCESS";
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

/** The queue "Terugbetalingen te verwerken": Dashboard refunds without a credit note, oldest first. */
export async function listRefundsToProcess() {
  return db.refund.findMany({
    where: { status: "TO_PROCESS" },
    orderBy: { createdAt: "asc" },
    include: {
      payment: { select: { id: true, amountCents: true } },
      order: { select: { id: true, number: true, kind: true, buyerJson: true, school: { select: { name: true } } } },
    },
  });
}

/** One queued refund with its order's lines (what is still open per line), for the processing form. */
export async function refundToProcess(refundId: string) {
  const refund = await db.refund.findUnique({
    where: { id: refundId },
    include: {
      payment: { select: { id: true, amountCents: true, refundedCents: true } },
      creditNote: { select: { number: true, grossCents: true } },
    },
  });
  if (!refund || refund.source !== "DASHBOARD") return null;
  const order = await db.order.findUniqueOrThrow({
    where: { id: refund.orderId },
    select: {
      id: true,
      number: true,
      kind: true,
      status: true,
      grossCents: true,
      buyerJson: true,
      school: { select: { name: true } },
      lines: { orderBy: { position: "asc" } },
    },
  });
  return { refund, order };
}

export interface QueueSelectionResult {
  creditNoteNumber: string | null;
  /** the gross of the credit note for the picked lines */
  creditGrossCents: number;
  /** what the Dashboard refund returned and no credit note covers yet */
  refundCents: number;
  /** refundCents − creditGrossCents: > 0 stays on the queue as a new row, never < 0 */
  differenceCents: number;
}

class DryRun extends Error {
  constructor(public grossCents: number) {
    super("dry run");
  }
}

async function lockedQueuedRefund(tx: Tx, refundId: string) {
  // Write first, so that two finance users processing the same row at once are serialised.
  const touched = await tx.refund.updateMany({
    where: { id: refundId, status: "TO_PROCESS", source: "DASHBOARD" },
    data: { status: "TO_PROCESS" },
  });
  if (touched.count !== 1)
    throw new PaymentError(
      "NOT_TO_PROCESS",
      "Deze terugbetaling is al verwerkt of bestaat niet meer. Laad de pagina opnieuw.",
    );
  return tx.refund.findUniqueOrThrow({ where: { id: refundId } });
}

const tooMuchFor = (refundCents: number) => (gross: number) =>
  `De creditnota voor deze regels (${formatCents(gross)}) is hoger dan het nog niet verwerkte bedrag van de terugbetaling (${formatCents(refundCents)}). Kies minder regels.`;

/**
 * What the credit note for the picked lines would credit, without keeping anything: the very
 * issuing code runs in a transaction that is then rolled back, so the figure is exactly the one
 * posting would give (rounded by the invoice module, DESIGN.md §3).
 */
export async function previewQueuedRefund(
  refundId: string,
  selection: { orderLineId: string; quantity: number }[],
  today = todayInAmsterdam(),
): Promise<QueueSelectionResult> {
  try {
    await db.$transaction(
      async (tx) => {
        const refund = await lockedQueuedRefund(tx, refundId);
        const { credit } = await creditOrderLines(
          tx,
          refund.orderId,
          selection,
          today,
          refund.amountCents,
          tooMuchFor(refund.amountCents),
        );
        throw new DryRun(credit.grossCents);
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
    const refund = await db.refund.findUniqueOrThrow({ where: { id: refundId }, select: { amountCents: true } });
    return {
      creditNoteNumber: null,
      creditGrossCents: error.grossCents,
      refundCents: refund.amountCents,
      differenceCents: refund.amountCents - error.grossCents,
    };
  }
  throw new Error("unreachable: the dry run always rolls back");
}

/**
 * Finance processes a Dashboard refund from the queue: in ONE transaction the credit note for the
 * picked lines is issued (refused when it would credit more than the refund's unprocessed
 * amount), licences revoked and unshipped items withdrawn (creditOrderLines), and the row marked
 * PROCESSED with its credit note. No Stripe call: the money already went back. When the credit
 * note is smaller than the refund, the row is split: the processed part keeps the credit note's
 * gross, the difference stays on the queue as a new TO_PROCESS row, so the VAT return keeps
 * showing money refunded without a credit note.
 */
export async function processQueuedRefund(
  refundId: string,
  selection: RefundSelection,
  userId: string,
  today = todayInAmsterdam(),
): Promise<QueueSelectionResult> {
  return db.$transaction(
    async (tx) => {
      const refund = await lockedQueuedRefund(tx, refundId);
      const { credit, wanted } = await creditOrderLines(
        tx,
        refund.orderId,
        selection,
        today,
        refund.amountCents,
        tooMuchFor(refund.amountCents),
      );
      const differenceCents = refund.amountCents - credit.grossCents;
      const before = readRefundDetails(refund.linesJson);
      await tx.refund.update({
        where: { id: refund.id },
        data: {
          status: "PROCESSED",
          creditNoteId: credit.id,
          amountCents: credit.grossCents,
          createdById: refund.createdById ?? userId,
          linesJson: refundDetailsJson({ ...before, lines: wanted }),
        },
      });
      let restRefundId: string | null = null;
      if (differenceCents > 0) {
        const rest = await tx.refund.create({
          data: {
            paymentId: refund.paymentId,
            orderId: refund.orderId,
            amountCents: differenceCents,
            status: "TO_PROCESS",
            source: "DASHBOARD",
            linesJson: refundDetailsJson({ ...before, splitFrom: refund.id, lines: [] }),
          },
        });
        restRefundId = rest.id;
      }
      await audit(
        {
          userId,
          action: "refund.processed",
          entity: "Order",
          entityId: refund.orderId,
          detail: {
            refundId: refund.id,
            creditNote: credit.number,
            creditGrossCents: credit.grossCents,
            refundCents: refund.amountCents,
            differenceCents,
            restRefundId,
            lines: wanted,
          },
        },
        tx,
      );
      return {
        creditNoteNumber: credit.number,
        creditGrossCents: credit.grossCents,
        refundCents: refund.amountCents,
        differenceCents,
      };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

/**
 * Money refunded without a credit note (still TO_PROCESS) in a period of Amsterdam dates: the
 * open difference the VAT return shows next to its figures from documents.
 */
export async function refundsWithoutCreditNote(period: {
  from: string;
  to: string;
}): Promise<{ amountCents: number; createdOn: string }[]> {
  const rows = await db.refund.findMany({
    where: { status: "TO_PROCESS" },
    select: { amountCents: true, createdAt: true },
  });
  return rows
    .map((r) => ({ amountCents: r.amountCents, createdOn: todayInAmsterdam(r.createdAt) }))
    .filter((r) => r.createdOn >= period.from && r.createdOn <= period.to);
}
