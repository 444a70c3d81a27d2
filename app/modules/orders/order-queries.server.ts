/**
 * Read-side queries for a school's order pages (issue 4, item 5). Every figure comes from the
 * frozen order (Order, OrderLine, OrderVatLine, breakdownJson) — never recomputed — and every
 * query is scoped by the school's id in the query itself.
 */
import { db } from "~/db.server";
import { fromCents, fromE4 } from "~/modules/money/cents";
import { Decimal } from "~/modules/money/decimal";
import { formatCents, formatDateShort, formatEuro } from "~/modules/format";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { isExpired } from "~/modules/licences/licence-validity";
import { ORDER_STATUS_LABELS } from "./orders.server";
import { parseFrozen } from "~/modules/pricing/frozen-pricing";
import { readDelivery } from "./order-snapshots";
import type { PaymentMethod } from "~/db-enums";
import { CSV_BOM, CSV_EOL, CSV_SEPARATOR, csvField } from "~/modules/invoices/csv";

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  INVOICE: "Op rekening",
  ONLINE: "Online betaald (iDEAL, creditcard)",
};

export async function listSchoolOrders(schoolId: string) {
  const orders = await db.order.findMany({
    where: { schoolId, kind: "SCHOOL" },
    orderBy: [{ placedAt: "desc" }, { number: "desc" }],
    take: 500,
    select: {
      id: true,
      number: true,
      placedAt: true,
      status: true,
      poNumber: true,
      grossCents: true,
      paymentMethod: true,
    },
  });
  return orders.map((o) => ({
    id: o.id,
    number: o.number,
    /** The calendar day in Amsterdam (ISO); pages show it with formatDateShort. */
    date: todayInAmsterdam(o.placedAt),
    status: o.status,
    statusLabel: ORDER_STATUS_LABELS[o.status] ?? o.status,
    poNumber: o.poNumber,
    gross: formatCents(o.grossCents),
    paymentMethod: PAYMENT_METHOD_LABELS[o.paymentMethod] ?? o.paymentMethod,
  }));
}

/** One order of the school with its frozen lines, VAT per rate, documents and licences; null when not the school's. */
export async function getSchoolOrder(schoolId: string, orderId: string) {
  const order = await db.order.findFirst({
    where: { id: orderId, schoolId, kind: "SCHOOL" },
    include: {
      lines: { orderBy: { position: "asc" } },
      vatLines: { orderBy: { vatRate: "asc" } },
      invoices: {
        orderBy: { createdAt: "asc" },
        select: { id: true, number: true, type: true, issueDate: true, grossCents: true },
      },
      shipments: { select: { status: true } },
      licences: {
        orderBy: [{ orderLineId: "asc" }, { createdAt: "asc" }, { code: "asc" }],
        include: { pseudonym: { select: { id: true, pseudonym: true, classGroup: true } } },
      },
    },
  });
  if (!order) return null;
  const frozen = parseFrozen(order.breakdownJson);
  const pseudonyms = await db.studentPseudonym.findMany({
    where: { schoolId },
    orderBy: [{ classGroup: "asc" }, { pseudonym: "asc" }],
    select: { id: true, pseudonym: true, classGroup: true },
  });
  const shipped = order.shipments.some((s) => s.status === "SHIPPED");
  const vatLines = order.vatLines.map((v) => ({
    vatRate: v.vatRate,
    taxable: formatCents(v.taxableCents),
    vat: formatCents(v.vatCents),
    gross: formatCents(v.taxableCents + v.vatCents),
  }));
  const lineTitle = new Map(order.lines.map((l) => [l.id, l.description]));
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    statusLabel: ORDER_STATUS_LABELS[order.status] ?? order.status,
    placedOn: formatDateShort(order.placedAt),
    poNumber: order.poNumber,
    remark: order.remark,
    paymentMethod: order.paymentMethod,
    paymentMethodLabel: PAYMENT_METHOD_LABELS[order.paymentMethod] ?? order.paymentMethod,
    pricesIncludeVat: order.pricesIncludeVat,
    priceDate: formatDateShort(order.priceDate),
    delivery: readDelivery(order.deliveryJson),
    cancellable: ["PLACED", "AWAITING_PAYMENT"].includes(order.status) && !shipped,
    shipped,
    lines: order.lines.map((l) => ({
      id: l.id,
      position: l.position,
      description: l.description,
      ean: l.ean,
      quantity: l.quantity,
      refundedQuantity: l.refundedQuantity,
      classGroup: l.classGroup,
      unitPrice: formatEuro(fromE4(l.unitPriceE4)),
      amount: formatCents(l.lineAmountCents),
      vatRates: [
        ...new Set(
          (frozen.breakdown.lines.find((b) => b.id === String(l.position))?.parts ?? []).map((p) => p.vatRate),
        ),
      ].join("/"),
    })),
    charges: frozen.breakdown.charges.map((c) => ({
      kind: c.kind,
      vatRate: c.vatRate,
      amount: formatEuro(new Decimal(c.amount)),
    })),
    allowances: frozen.breakdown.allowances.map((a) => ({
      vatRate: a.vatRate,
      amount: formatEuro(new Decimal(a.amount)),
    })),
    vatLines,
    totals: {
      net: formatCents(order.netCents),
      vat: formatCents(order.vatCents),
      gross: formatCents(order.grossCents),
    },
    invoices: order.invoices.map((i) => ({
      id: i.id,
      number: i.number,
      type: i.type,
      issueDate: formatDateShort(i.issueDate),
      gross: formatEuro(fromCents(i.grossCents)),
    })),
    licences: order.licences.map((l) => ({
      id: l.id,
      code: l.code,
      status: l.status,
      validFrom: formatDateShort(l.validFrom),
      validTo: formatDateShort(l.validTo),
      /** past its last valid day (app/modules/licences/licence-validity.ts): not handed to a pupil any more */
      expired: isExpired(l.validTo, todayInAmsterdam()),
      classGroup: l.classGroup,
      orderLineId: l.orderLineId,
      title: lineTitle.get(l.orderLineId) ?? "",
      pseudonymId: l.pseudonym?.id ?? null,
      pseudonym: l.pseudonym?.pseudonym ?? null,
      pseudonymClass: l.pseudonym?.classGroup ?? null,
    })),
    pseudonyms,
    classGroups: [...new Set(pseudonyms.map((p) => p.classGroup))].sort(),
  };
}
export type SchoolOrderView = NonNullable<Awaited<ReturnType<typeof getSchoolOrder>>>;

/**
 * CSV of the activation codes of the school's OWN purchases (";"-separated, UTF-8 with BOM),
 * optionally one order's; scoped by school and Order.kind SCHOOL in the query: a licence a
 * parent paid for is the parent's, and the school sees only whether it was ordered and paid
 * (DESIGN §6). Fields go through the finance CSV's `csvField`, so a value a spreadsheet would
 * run as a formula is neutralised.
 */
export async function licenceCodesCsv(schoolId: string, orderId?: string): Promise<string | null> {
  if (
    orderId &&
    !(await db.order.findFirst({ where: { id: orderId, schoolId, kind: "SCHOOL" }, select: { id: true } }))
  )
    return null;
  const licences = await db.licence.findMany({
    where: { schoolId, order: { kind: "SCHOOL" }, ...(orderId ? { orderId } : {}), status: "ACTIVE" },
    orderBy: [{ orderId: "asc" }, { orderLineId: "asc" }, { createdAt: "asc" }, { code: "asc" }],
    include: {
      orderLine: { select: { description: true } },
      pseudonym: { select: { pseudonym: true, classGroup: true } },
    },
  });
  const rows = [["licentiecode", "titel", "geldig van", "geldig tot", "klas", "pseudoniem"]];
  for (const l of licences) {
    rows.push([
      l.code,
      l.orderLine.description,
      l.validFrom,
      l.validTo,
      l.pseudonym?.classGroup ?? l.classGroup,
      l.pseudonym?.pseudonym ?? "",
    ]);
  }
  return (
    CSV_BOM + rows.map((r) => r.map((v) => csvField(v, { text: true })).join(CSV_SEPARATOR)).join(CSV_EOL) + CSV_EOL
  );
}
