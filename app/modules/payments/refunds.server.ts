/**
 * Refunds of online payments (DESIGN.md §2, §6). First, in ONE database transaction: the credit
 * note (issueCreditNote — its gross is the refund amount, never more than paid − refunded), the
 * refunded lines' licences revoked, a Refund row PENDING and the order's status. THEN, outside the
 * transaction, Stripe is asked to refund that amount with the Refund's id as Idempotency-Key, so
 * a retry can never pay out twice or issue a second credit note. In test-payment mode no money
 * moves: the refund completes locally and is marked as a test.
 */
import type Stripe from "stripe";
import { db, type Tx } from "~/db.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { audit } from "~/modules/audit/audit-log.server";
import { issueCreditNote, InvoiceIssueError } from "~/modules/invoices/issue-invoice.server";
import { revokeLicences } from "~/modules/licences/licences.server";
import { withdrawFromQueuedShipment } from "~/modules/orders/orders.server";
import { PaymentError } from "./payment-error";
import { refundDetailsJson } from "./refund-details";
import type { RefundStatus } from "~/db-enums";
import { stripeClient } from "./stripe-client.server";

export type RefundSelection = "ALL" | { orderLineId: string; quantity: number }[];

export interface RefundResult {
  refundId: string;
  amountCents: number;
  /** null for money that was never turnover (an automatic refund of a duplicate or late payment) */
  creditNoteNumber: string | null;
  status: RefundStatus;
  /** set when Stripe refused or could not be reached; the Refund stays PENDING for a retry */
  providerError?: string;
}

/** Refund statuses that commit money (they count toward Payment.refundedCents). */
export const COMMITTED: RefundStatus[] = ["SUCCEEDED", "SUBMITTED", "TEST"];

/**
 * Refund statuses whose money the shop already knows about: its own refunds (also while being
 * sent) and Dashboard refunds already recorded. What Stripe reports refunded beyond these was
 * refunded outside the shop.
 */
export const ACCOUNTED: RefundStatus[] = ["PENDING", ...COMMITTED, "TO_PROCESS", "PROCESSED"];

/** Payment.refundedCents follows the committed refunds (never lowered; charge.refunded may have raised it). */
async function syncRefundedCents(paymentId: string): Promise<void> {
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { refunds: true } });
  const committed = payment.refunds.filter((r) => COMMITTED.includes(r.status)).reduce((s, r) => s + r.amountCents, 0);
  const refundedCents = Math.max(payment.refundedCents, committed);
  if (refundedCents === 0) return;
  await db.payment.update({
    where: { id: paymentId },
    data: { refundedCents, status: refundedCents >= payment.amountCents ? "REFUNDED" : "PARTIALLY_REFUNDED" },
  });
}

function stripeRefundStatus(refund: Stripe.Refund): RefundStatus {
  if (refund.status === "succeeded") return "SUCCEEDED";
  if (refund.status === "failed" || refund.status === "canceled") return "FAILED";
  return "SUBMITTED"; // pending / requires_action: Stripe has it, the money is committed
}

/**
 * Sends a PENDING refund to Stripe (or completes it locally in test mode), with the Refund's id
 * as Idempotency-Key: repeating it never pays out twice. Call it outside any transaction.
 */
export async function submitRefund(refundId: string, userId: string | null): Promise<RefundResult> {
  const refund = await db.refund.findUniqueOrThrow({
    where: { id: refundId },
    include: { payment: true, creditNote: { select: { number: true } } },
  });
  const creditNoteNumber = refund.creditNote?.number ?? null;
  const base = { refundId: refund.id, amountCents: refund.amountCents, creditNoteNumber };
  if (refund.status !== "PENDING") return { ...base, status: refund.status };

  if (refund.payment.provider === "test") {
    await db.refund.update({ where: { id: refund.id }, data: { status: "TEST" } });
    await syncRefundedCents(refund.paymentId);
    await audit({
      userId,
      action: "refund.test_completed",
      entity: "Refund",
      entityId: refund.id,
      detail: { amountCents: refund.amountCents, source: refund.source },
    });
    return { ...base, status: "TEST" };
  }
  if (!refund.payment.paymentIntentId) {
    return {
      ...base,
      status: "PENDING",
      providerError: "Van deze betaling is geen Stripe-betaling (payment intent) bekend.",
    };
  }
  const metadata: Record<string, string> = { orderId: refund.orderId, refundId: refund.id, source: refund.source };
  if (creditNoteNumber) metadata.creditNote = creditNoteNumber;
  if (refund.payment.anomaly) metadata.reason = refund.payment.anomaly;
  let created: Stripe.Refund;
  try {
    created = await stripeClient().refunds.create(
      { payment_intent: refund.payment.paymentIntentId, amount: refund.amountCents, metadata },
      { idempotencyKey: refund.id },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await audit({
      userId,
      action: "refund.provider_failed",
      entity: "Refund",
      entityId: refund.id,
      detail: { message },
    });
    return { ...base, status: "PENDING", providerError: message };
  }
  const status = stripeRefundStatus(created);
  await db.refund.update({ where: { id: refund.id }, data: { providerRefundId: created.id, status } });
  await syncRefundedCents(refund.paymentId);
  await audit({
    userId,
    action: "refund.submitted",
    entity: "Refund",
    entityId: refund.id,
    detail: { providerRefundId: created.id, status },
  });
  return { ...base, status };
}

/**
 * Sends the payment's automatic refunds (source AUTO) that are still PENDING. Returns the
 * provider errors (empty when all went through); the caller decides whether to retry later.
 */
export async function submitAutoRefunds(paymentId: string): Promise<string[]> {
  const pending = await db.refund.findMany({
    where: { paymentId, source: "AUTO", status: "PENDING" },
    select: { id: true },
  });
  const errors: string[] = [];
  for (const refund of pending) {
    const result = await submitRefund(refund.id, null);
    if (result.providerError) errors.push(result.providerError);
  }
  return errors;
}

/**
 * The one way the shop takes order lines back (shop refunds, Dashboard refunds, finance's queue):
 * in the caller's transaction it issues the credit note (its gross — computed and rounded by the
 * invoice module from the frozen pricing, DESIGN.md §3 — is what is credited), refuses one larger
 * than `maxGrossCents`, revokes the lines' licences, takes unshipped items out of the queued
 * shipment (stock back) and sets the order's refund status.
 */
export async function creditOrderLines(
  tx: Tx,
  orderId: string,
  selection: RefundSelection,
  today: string,
  maxGrossCents: number,
  tooMuch: (grossCents: number) => string,
) {
  const orderLines = await tx.orderLine.findMany({
    where: { orderId },
    select: { id: true, quantity: true, refundedQuantity: true },
  });
  const wanted =
    selection === "ALL"
      ? orderLines
          .map((l) => ({ orderLineId: l.id, quantity: l.quantity - l.refundedQuantity }))
          .filter((w) => w.quantity > 0)
      : selection.filter((s) => s.quantity > 0);
  if (wanted.length === 0)
    throw new PaymentError("NOTHING_SELECTED", "Kies ten minste één regel en een aantal om terug te betalen.");
  let credit;
  try {
    credit = await issueCreditNote(tx, orderId, selection === "ALL" ? "ALL" : wanted, today);
  } catch (error) {
    if (error instanceof InvoiceIssueError) throw new PaymentError("TOO_MUCH", error.message);
    throw error;
  }
  if (credit.grossCents > maxGrossCents) throw new PaymentError("TOO_MUCH", tooMuch(credit.grossCents));
  for (const w of wanted) await revokeLicences(tx, w.orderLineId, w.quantity);
  await withdrawFromQueuedShipment(tx, orderId, new Map(wanted.map((w) => [w.orderLineId, w.quantity])));
  const lines = await tx.orderLine.findMany({ where: { orderId }, select: { quantity: true, refundedQuantity: true } });
  const everything = lines.every((l) => l.refundedQuantity >= l.quantity);
  await tx.order.update({ where: { id: orderId }, data: { status: everything ? "REFUNDED" : "PARTIALLY_REFUNDED" } });
  return { credit, wanted };
}

/**
 * Refunds a paid online payment in full ("ALL": everything not credited yet) or per order line
 * (quantities). The refund amount is the credit note's gross — computed by the invoice module
 * from the frozen pricing, rounded as DESIGN.md §3 says — never an amount typed by hand.
 */
export async function refundPayment(
  paymentId: string,
  selection: RefundSelection,
  userId: string,
  today = todayInAmsterdam(),
): Promise<RefundResult> {
  const payment = await db.payment.findUnique({ where: { id: paymentId }, include: { refunds: true } });
  if (!payment) throw new PaymentError("NOT_FOUND", "Deze betaling bestaat niet.");
  if (payment.anomaly)
    throw new PaymentError(
      "NOT_REFUNDABLE",
      "Deze betaling hoort niet bij de omzet van de bestelling en wordt automatisch in zijn geheel terugbetaald.",
    );
  if (!["PAID", "PARTIALLY_REFUNDED"].includes(payment.status))
    throw new PaymentError("NOT_REFUNDABLE", "Alleen een betaalde betaling kan worden terugbetaald.");
  if (payment.refunds.some((r) => r.status === "PENDING")) {
    throw new PaymentError("NOT_REFUNDABLE", "Er staat nog een terugbetaling open. Probeer die eerst opnieuw.");
  }
  if (selection !== "ALL" && !selection.some((s) => s.quantity > 0))
    throw new PaymentError("NOTHING_SELECTED", "Kies ten minste één regel en een aantal om terug te betalen.");

  const refund = await db.$transaction(
    async (tx) => {
      // Optimistic lock: two refunds of one payment at the same time → the second is refused.
      const locked = await tx.payment.updateMany({
        where: { id: payment.id, updatedAt: payment.updatedAt, status: { in: ["PAID", "PARTIALLY_REFUNDED"] } },
        data: { updatedAt: new Date() },
      });
      if (locked.count !== 1)
        throw new PaymentError("NOT_REFUNDABLE", "Deze betaling is intussen gewijzigd. Laad de pagina opnieuw.");
      const earlier = await tx.refund.findMany({
        where: { paymentId: payment.id, status: { in: ACCOUNTED } },
        select: { amountCents: true },
      });
      const refundable =
        payment.amountCents -
        Math.max(
          payment.refundedCents,
          earlier.reduce((s, r) => s + r.amountCents, 0),
        );
      const { credit, wanted } = await creditOrderLines(
        tx,
        payment.orderId,
        selection,
        today,
        refundable,
        (gross) => `De terugbetaling (${gross} cent) is hoger dan wat nog terug te betalen is (${refundable} cent).`,
      );
      const row = await tx.refund.create({
        data: {
          paymentId: payment.id,
          orderId: payment.orderId,
          amountCents: credit.grossCents,
          status: "PENDING",
          source: "SHOP",
          createdById: userId,
          creditNoteId: credit.id,
          linesJson: refundDetailsJson({ lines: wanted }),
        },
      });
      await audit(
        {
          userId,
          action: "refund.create",
          entity: "Order",
          entityId: payment.orderId,
          detail: { refundId: row.id, amountCents: credit.grossCents, creditNote: credit.number, lines: wanted },
        },
        tx,
      );
      return row;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );

  return submitRefund(refund.id, userId);
}

/** "Opnieuw proberen": sends a PENDING refund again — same Idempotency-Key, no new credit note. */
export async function retryRefund(refundId: string, userId: string): Promise<RefundResult> {
  const refund = await db.refund.findUnique({ where: { id: refundId } });
  if (!refund) throw new PaymentError("NOT_FOUND", "Deze terugbetaling bestaat niet.");
  return submitRefund(refund.id, userId);
}

/** Payments for the finance overview, newest first. */
export async function listPayments(options: { take?: number } = {}) {
  return db.payment.findMany({
    orderBy: { createdAt: "desc" },
    take: options.take ?? 100,
    include: {
      order: {
        select: {
          id: true,
          number: true,
          kind: true,
          status: true,
          buyerJson: true,
          school: { select: { name: true } },
        },
      },
    },
  });
}

/** One payment with its order lines and refunds, for the refund form. */
export async function paymentDetail(paymentId: string) {
  return db.payment.findUnique({
    where: { id: paymentId },
    include: {
      refunds: { orderBy: { createdAt: "asc" }, include: { creditNote: { select: { number: true } } } },
      order: {
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
      },
    },
  });
}
