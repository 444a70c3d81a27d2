/**
 * Orders priced from an arbitrary engine input (any unit prices, bundles, discounts, shipping,
 * either price mode) and stored the way placeOrder stores them — frozen breakdown, order lines
 * with their parts, VAT lines — then invoiced with the real issuing code. For the credit-note
 * scenario and property tests, which need documents the demo catalogue cannot produce.
 */
import { db } from "~/db.server";
import { Decimal } from "~/modules/money/decimal";
import { toCents } from "~/modules/money/cents";
import { priceDocument, type PricingContext, type PricingInput } from "~/modules/pricing";
import { freezePricing } from "~/modules/pricing/frozen-pricing";
import { formatDocumentNumber, nextSequence } from "~/modules/numbering/numbering.server";
import { issueInvoiceForOrder } from "~/modules/invoices/issue-invoice.server";
import type { VatCategory } from "~/modules/vat/supply";

export const DEFAULT_CONTEXT: PricingContext = {
  rates: new Map<VatCategory, Decimal>([
    ["reduced", new Decimal(6)],
    ["standard", new Decimal(21)],
  ]),
};

export interface PricedOrderOptions {
  kind?: "SCHOOL" | "PARENT";
  paymentMethod?: "INVOICE" | "ONLINE";
  date?: string;
  context?: PricingContext;
  key: string;
}

/** The seeded school, buyers and offer the orders are stored with: read once per database (each test file has its own). */
const parties = new WeakMap<object, ReturnType<typeof readSeededParties>>();
function seededParties() {
  let read = parties.get(db);
  if (!read) parties.set(db, (read = readSeededParties()));
  return read;
}
async function readSeededParties() {
  const [school, parent, staff, offer] = await Promise.all([
    db.organisation.findFirstOrThrow({ where: { brin: "12AB" } }),
    db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } }),
    db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } }),
    db.offer.findFirstOrThrow({ orderBy: { ean: "asc" } }),
  ]);
  return { school, users: { PARENT: parent, SCHOOL: staff }, offer };
}

/** Stores an order for `input` at Amstel Lyceum and issues its invoice; returns ids. */
export async function createPricedOrder(given: PricingInput, options: PricedOrderOptions) {
  // Line ids are the order line positions, as placeOrder makes them (the invoice maps by them).
  const input: PricingInput = { ...given, lines: given.lines.map((l, i) => ({ ...l, id: String(i + 1) })) };
  const kind = options.kind ?? (input.pricesIncludeVat ? "PARENT" : "SCHOOL");
  const { school, users, offer } = await seededParties();
  const user = users[kind];
  const date = options.date ?? "2026-11-30";
  const context = options.context ?? DEFAULT_CONTEXT;
  const breakdown = priceDocument(input, context);
  const frozen = freezePricing(date, input, context, breakdown);
  const buyer =
    kind === "PARENT"
      ? { name: "J. de Vries", street: "Kerkstraat 1", postalCode: "1011 AA", city: "Amsterdam", country: "NL" }
      : {
          name: school.name,
          street: school.street,
          postalCode: school.postalCode,
          city: school.city,
          country: school.country,
          email: school.email,
          kvkNumber: school.kvkNumber,
          oin: school.oin,
          vatNumber: school.vatNumber,
          brin: school.brin,
        };
  return db.$transaction(
    async (tx) => {
      const year = Number(date.slice(0, 4));
      const number = formatDocumentNumber("B", year, await nextSequence(tx, "B", year));
      const order = await tx.order.create({
        data: {
          number,
          kind,
          status: "PLACED",
          paymentMethod: options.paymentMethod ?? (kind === "PARENT" ? "ONLINE" : "INVOICE"),
          idempotencyKey: options.key,
          schoolId: school.id,
          userId: user.id,
          poNumber: kind === "SCHOOL" ? "PO-TEST" : null,
          pricesIncludeVat: input.pricesIncludeVat,
          priceDate: date,
          netCents: toCents(breakdown.totals.net),
          vatCents: toCents(breakdown.totals.vat),
          grossCents: toCents(breakdown.totals.gross),
          breakdownJson: JSON.stringify(frozen),
          buyerJson: JSON.stringify(buyer),
          deliveryJson: JSON.stringify(buyer),
          lines: {
            create: input.lines.map((line, index) => ({
              position: index + 1,
              offerId: offer.id,
              description: line.description ?? `Regel ${index + 1}`,
              ean: offer.ean,
              supply: line.supply,
              quantity: line.quantity,
              unitPriceE4: toCents(line.unitPrice.times(100)),
              lineAmountCents: toCents(breakdown.lines[index]!.amount),
              partsJson: JSON.stringify(frozen.breakdown.lines[index]!.parts),
            })),
          },
          vatLines: {
            create: frozen.breakdown.vatBreakdown.map((g) => ({
              vatRate: g.vatRate,
              category: g.category,
              taxableCents: toCents(new Decimal(g.taxable)),
              vatCents: toCents(new Decimal(g.vat)),
            })),
          },
        },
        include: { lines: { orderBy: { position: "asc" } } },
      });
      const invoice = await issueInvoiceForOrder(tx, order.id, date);
      return { order, invoice };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}
