/**
 * A parent's rights under the AVG (GDPR), DESIGN §6: the right of access (art. 15) — everything
 * the shop holds about them as one JSON document — and the right to erasure (art. 17): the
 * account's personal data anonymised while the invoices stay unchanged for the fiscal
 * retention of seven years (art. 52 AWR; the Invoice tables are immutable by database triggers)
 * and licences stay on the pupil's pseudonym. Both can be done by the parent or, on request, by
 * an operator; both are audited. Amounts are integer cents formatted as "12.34" strings.
 */
import { db } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { formatCentsPlain } from "~/modules/invoices/format";
import { DomainError } from "~/modules/errors/domain-error";
import { dayInAmsterdam } from "~/modules/calendar/iso-date";

/** What a name, e-mail address and address are replaced with on erasure. */
export const ERASED_NAME = "Verwijderde gebruiker";
export const ERASED_PASSWORD_HASH = "!erased";
export const erasedEmail = (userId: string) => `verwijderd-${userId}@verwijderd.invalid`;
const ERASED_PARTY = { name: ERASED_NAME, email: null, street: "", postalCode: "", city: "", country: "NL" };

export class PersonalDataError extends DomainError<"NOT_FOUND" | "NOT_A_PARENT" | "ALREADY_ERASED"> {
  constructor(code: PersonalDataError["code"], message: string, status: number) {
    super(code, message, { status });
  }
}

const money = (cents: number) => formatCentsPlain(cents);
const parseJson = (json: string): unknown => {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
};

/** A parent account (only PARENT memberships), or a refusal: staff accounts belong to their organisation. */
async function parentAccount(userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: { select: { role: true } } },
  });
  if (!user) throw new PersonalDataError("NOT_FOUND", "Dit account bestaat niet.", 404);
  if (user.memberships.length === 0 || user.memberships.some((m) => m.role !== "PARENT")) {
    throw new PersonalDataError(
      "NOT_A_PARENT",
      "Dit is geen ouderaccount. Gegevens van medewerkers van scholen en van de Leerwinkel lopen via hun organisatie.",
      409,
    );
  }
  return user;
}

/**
 * Everything the shop holds about a parent (art. 15): the account, their orders with lines,
 * VAT and amounts, buyer and delivery details, the invoices and credit notes of those orders,
 * payments and refunds, the licences bought (with the pupil's pseudonym, the product and its
 * validity), their sessions and every audit entry by or about them. `actorId` is who asked
 * (the parent, or an operator on their behalf); the read is audited.
 */
export async function exportPersonalData(userId: string, actorId: string) {
  const user = await parentAccount(userId);
  const [orders, sessions] = await Promise.all([
    db.order.findMany({
      where: { userId },
      orderBy: { placedAt: "asc" },
      include: {
        school: { select: { name: true } },
        package: { select: { name: true, classGroup: true, schoolYear: true } },
        pseudonym: { select: { pseudonym: true, classGroup: true, schoolYear: true } },
        lines: { orderBy: { position: "asc" } },
        vatLines: { orderBy: { vatRate: "asc" } },
        invoices: { orderBy: { number: "asc" }, include: { lines: { orderBy: { position: "asc" } }, vatLines: true } },
        payments: { orderBy: { createdAt: "asc" }, include: { refunds: { orderBy: { createdAt: "asc" } } } },
        licences: {
          orderBy: [{ createdAt: "asc" }, { code: "asc" }],
          include: {
            offer: { select: { formatLabel: true, ean: true, title: { select: { name: true } } } },
            pseudonym: { select: { pseudonym: true } },
          },
        },
      },
    }),
    db.session.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true },
    }),
  ]);
  const orderIds = orders.map((o) => o.id);
  const invoiceIds = orders.flatMap((o) => o.invoices.map((i) => i.id));
  const auditEntries = await db.auditLog.findMany({
    where: {
      OR: [
        { userId },
        { entity: "User", entityId: userId },
        ...(orderIds.length ? [{ entity: "Order", entityId: { in: orderIds } }] : []),
        ...(invoiceIds.length ? [{ entity: "Invoice", entityId: { in: invoiceIds } }] : []),
      ],
    },
    orderBy: { at: "asc" },
    select: { at: true, action: true, entity: true, entityId: true, detailJson: true, userId: true },
  });
  await audit({
    userId: actorId,
    action: "read.personal-data",
    entity: "User",
    entityId: userId,
    detail: { byOperator: actorId !== userId },
  });
  return {
    format: "Leerwinkel — inzage persoonsgegevens (AVG art. 15)",
    generatedAt: new Date().toISOString(),
    currency: "EUR",
    account: {
      id: user.id,
      email: user.email,
      name: user.name,
      createdAt: user.createdAt.toISOString(),
      roles: user.memberships.map((m) => m.role),
    },
    orders: orders.map((o) => ({
      number: o.number,
      kind: o.kind,
      status: o.status,
      paymentMethod: o.paymentMethod,
      placedAt: o.placedAt.toISOString(),
      paidAt: o.paidAt?.toISOString() ?? null,
      fulfilledAt: o.fulfilledAt?.toISOString() ?? null,
      cancelledAt: o.cancelledAt?.toISOString() ?? null,
      school: o.school.name,
      package: o.package,
      pupilPseudonym: o.pseudonym,
      pricesIncludeVat: o.pricesIncludeVat,
      buyer: parseJson(o.buyerJson),
      delivery: parseJson(o.deliveryJson),
      deliveredAt: o.deliveryMode === "HOME" ? "thuisadres" : "school",
      lines: o.lines.map((l) => ({
        position: l.position,
        description: l.description,
        ean: l.ean,
        quantity: l.quantity,
        refundedQuantity: l.refundedQuantity,
        amount: money(l.lineAmountCents),
      })),
      vat: o.vatLines.map((v) => ({ vatRate: v.vatRate, taxable: money(v.taxableCents), vat: money(v.vatCents) })),
      totals: { net: money(o.netCents), vat: money(o.vatCents), gross: money(o.grossCents) },
    })),
    invoices: orders.flatMap((o) =>
      o.invoices.map((i) => ({
        number: i.number,
        type: i.type,
        orderNumber: i.orderNumber,
        issueDate: i.issueDate,
        dueDate: i.dueDate,
        buyer: parseJson(i.buyerJson),
        lines: i.lines.map((l) => ({
          description: l.description,
          quantity: l.quantity,
          vatRate: l.vatRate,
          net: money(l.netCents),
          gross: money(l.grossCents),
        })),
        vat: i.vatLines.map((v) => ({ vatRate: v.vatRate, taxable: money(v.taxableCents), vat: money(v.vatCents) })),
        totals: { net: money(i.netCents), vat: money(i.vatCents), gross: money(i.grossCents) },
      })),
    ),
    payments: orders.flatMap((o) =>
      o.payments.map((p) => ({
        orderNumber: o.number,
        provider: p.provider,
        method: p.methodType,
        status: p.status,
        amount: money(p.amountCents),
        refunded: money(p.refundedCents),
        createdAt: p.createdAt.toISOString(),
        refunds: p.refunds.map((r) => ({
          amount: money(r.amountCents),
          status: r.status,
          createdAt: r.createdAt.toISOString(),
        })),
      })),
    ),
    licences: orders.flatMap((o) =>
      o.licences.map((l) => ({
        orderNumber: o.number,
        pupilPseudonym: l.pseudonym?.pseudonym ?? null,
        product: `${l.offer.title.name} — ${l.offer.formatLabel}`,
        ean: l.offer.ean,
        activationCode: l.code,
        validFrom: l.validFrom,
        validTo: l.validTo,
        status: l.status,
      })),
    ),
    sessions: sessions.map((s) => ({
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      userAgent: s.userAgent,
    })),
    auditLog: auditEntries.map((a) => ({
      at: a.at.toISOString(),
      action: a.action,
      entity: a.entity,
      entityId: a.entityId,
      byThisAccount: a.userId === userId,
      detail: parseJson(a.detailJson),
    })),
  };
}
export type PersonalDataExport = Awaited<ReturnType<typeof exportPersonalData>>;

/**
 * Erases a parent's account (art. 17), in one transaction: name and e-mail replaced by a
 * placeholder, the password made unusable, every session ended, carts emptied, and the buyer
 * and delivery snapshots of their orders anonymised. Issued invoices and credit notes are NOT
 * touched: the law keeps them seven years (and the database refuses to change them); licences
 * stay on the pupil's pseudonym. `actorId` is the parent or the operator; the erasure is
 * audited without any personal data in the entry.
 */
export async function erasePersonalData(
  userId: string,
  actorId: string,
): Promise<{ orders: number; sessions: number }> {
  const user = await parentAccount(userId);
  if (user.email === erasedEmail(userId))
    throw new PersonalDataError("ALREADY_ERASED", "Dit account is al verwijderd.", 409);
  return db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { email: erasedEmail(userId), name: ERASED_NAME, passwordHash: ERASED_PASSWORD_HASH },
    });
    const sessions = (await tx.session.deleteMany({ where: { userId } })).count;
    await tx.cart.deleteMany({ where: { userId } });
    const orders = (
      await tx.order.updateMany({
        where: { userId },
        data: { buyerJson: JSON.stringify(ERASED_PARTY), deliveryJson: JSON.stringify(ERASED_PARTY) },
      })
    ).count;
    await audit(
      {
        userId: actorId,
        action: "privacy.erase",
        entity: "User",
        entityId: userId,
        detail: { byOperator: actorId !== userId, orders, sessions },
      },
      tx,
    );
    return { orders, sessions };
  });
}

/** Parent accounts whose e-mail contains `query`, for the operator's AVG page. */
export async function findParents(query: string) {
  const q = query.trim().toLowerCase();
  if (q.length < 3) return [];
  const users = await db.user.findMany({
    where: { email: { contains: q }, memberships: { some: { role: "PARENT" }, every: { role: "PARENT" } } },
    orderBy: { email: "asc" },
    take: 25,
    select: { id: true, email: true, name: true, createdAt: true, _count: { select: { orders: true } } },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    createdAt: dayInAmsterdam(u.createdAt),
    orders: u._count.orders,
    erased: u.email === erasedEmail(u.id),
  }));
}
