/**
 * The school's cart (issue 4, item 3): one Cart per (user, school) in the database. Every view
 * prices the cart through priceItems — with the shipping that checkout will charge (shippingFor)
 * — so the cart shows exactly what placeOrder will freeze. Each item remembers the unit price and
 * VAT rates the user saw when adding it; a change since then is shown, never applied silently,
 * until the user accepts the new prices. All queries are scoped by user AND school in the query.
 */
import { db, type Tx } from "~/db.server";
import { Decimal } from "~/modules/money/decimal";
import { fromE4 } from "~/modules/money/cents";
import { formatEuro, formatNumber } from "~/modules/format";
import { cartWhatIf, type Breakdown, type CartWhatIfLine, type PricingLineInput } from "~/modules/pricing";
import { describeCartDifference } from "~/modules/pricing/cart-what-if";
import { formatRate } from "~/modules/vat/format-rate";
import {
  applicableLists,
  loadOffersForPricing,
  pricingLineFor,
  priceItems,
  resolvePrices,
  type Buyer,
  type OfferForPricing,
} from "~/modules/catalog/offer-pricing.server";
import { shippingFor } from "~/modules/orders/shipping";
import { OrderError, placeOrder, type PaymentMethod } from "~/modules/orders/orders.server";

type Client = Tx | typeof db;
export interface CartScope {
  userId: string;
  schoolId: string;
}

import { MAX_CART_QUANTITY } from "./limits";
import { DomainError } from "~/modules/errors/domain-error";

export { MAX_CART_QUANTITY };

export class CartError extends DomainError<
  "NOT_FOUND" | "BAD_QUANTITY" | "UNKNOWN_OFFER" | "EMPTY" | "PRICES_CHANGED"
> {
  constructor(code: CartError["code"], message: string) {
    super(code, message, { status: code === "NOT_FOUND" ? 404 : code === "PRICES_CHANGED" ? 409 : 400 });
  }
}

const buyerOf = (scope: CartScope): Buyer => ({ kind: "school", schoolId: scope.schoolId });

/** "6" or "6/21": the distinct rates of a priced line's parts, lowest first. */
function ratesOfLine(breakdown: Breakdown, lineId: string): string {
  const line = breakdown.lines.find((l) => l.id === lineId);
  if (!line) return "";
  const rates = [...new Map(line.parts.map((p) => [p.vatRate.toFixed(), p.vatRate])).values()].sort((a, b) => a.cmp(b));
  return rates.map((r) => formatRate(r)).join("/");
}

async function findCart(scope: CartScope, client: Client = db) {
  return client.cart.findUnique({ where: { userId_schoolId: { userId: scope.userId, schoolId: scope.schoolId } } });
}

/**
 * What the user sees for the cart's items right now: the unit price (tier over the offer's total
 * quantity in the cart) and the VAT rates of each item, keyed by item id.
 */
async function currentPrices(
  scope: CartScope,
  items: { id: string; offerId: string; quantity: number }[],
  date: string,
  client: Client,
) {
  if (items.length === 0) return new Map<string, { unitPriceE4: number; vatRates: string }>();
  const priced = await priceItems(
    buyerOf(scope),
    items.map((i) => ({ key: i.id, offerId: i.offerId, quantity: i.quantity })),
    date,
    {},
    client,
  );
  return new Map(
    items.map((i) => [
      i.id,
      { unitPriceE4: priced.prices.get(i.offerId)!.unitPriceE4, vatRates: ratesOfLine(priced.breakdown, i.id) },
    ]),
  );
}

function checkQuantity(quantity: number) {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_CART_QUANTITY) {
    throw new CartError(
      "BAD_QUANTITY",
      `Het aantal moet een heel getal van 1 tot ${formatNumber(MAX_CART_QUANTITY)} zijn.`,
    );
  }
}

/**
 * Adds an offer (for a class group) to the cart; the same offer and class group again adds to
 * its quantity. The item records the price and rates the user sees now (what the title page
 * showed for the cart's total of that offer).
 */
export async function addToCart(
  scope: CartScope,
  input: { offerId: string; quantity: number; classGroup?: string },
  date: string,
): Promise<void> {
  await db.$transaction((tx) => addItemsInTx(tx, scope, [input], date));
}

async function addItemsInTx(
  tx: Tx,
  scope: CartScope,
  inputs: { offerId: string; quantity: number; classGroup?: string }[],
  date: string,
) {
  const cart = await tx.cart.upsert({
    where: { userId_schoolId: { userId: scope.userId, schoolId: scope.schoolId } },
    create: { userId: scope.userId, schoolId: scope.schoolId },
    update: {},
  });
  const touched: string[] = [];
  await changeQuantities(scope, cart.id, date, tx, async () => {
    for (const input of inputs) {
      checkQuantity(input.quantity);
      const classGroup = (input.classGroup ?? "").trim().slice(0, 40);
      const offer = await tx.offer.findFirst({ where: { id: input.offerId, active: true }, select: { id: true } });
      if (!offer) throw new CartError("UNKNOWN_OFFER", "Dit artikel is niet (meer) leverbaar.");
      const existing = await tx.cartItem.findUnique({
        where: { cartId_offerId_classGroup: { cartId: cart.id, offerId: offer.id, classGroup } },
      });
      const quantity = (existing?.quantity ?? 0) + input.quantity;
      checkQuantity(quantity);
      const item = existing
        ? await tx.cartItem.update({ where: { id: existing.id }, data: { quantity } })
        : await tx.cartItem.create({
            data: { cartId: cart.id, offerId: offer.id, quantity, classGroup, seenUnitPriceE4: 0 },
          });
      touched.push(item.id);
    }
  });
  // What the title page showed for the cart's total of that offer is what the user saw.
  await refreshSeen(scope, cart.id, touched, date, tx);
}

/** Records the current price and rates as "seen" for the given items (after the user saw them). */
async function refreshSeen(scope: CartScope, cartId: string, itemIds: string[] | "ALL", date: string, tx: Tx) {
  const items = await tx.cartItem.findMany({
    where: { cartId, cart: { userId: scope.userId, schoolId: scope.schoolId } },
  });
  const now = await currentPrices(scope, items, date, tx);
  for (const item of items) {
    if (itemIds !== "ALL" && !itemIds.includes(item.id)) continue;
    const p = now.get(item.id)!;
    await tx.cartItem.update({
      where: { id: item.id },
      data: { seenUnitPriceE4: p.unitPriceE4, seenVatRates: p.vatRates },
    });
  }
}

/**
 * Whether a price the user saw is still the one in force: a rise in the unit price, or other VAT
 * rates, since the user saw it is a change to announce (and to accept before ordering); a drop in
 * price is simply applied (issue 12).
 */
function isAnnounced(
  seen: { seenUnitPriceE4: number; seenVatRates: string },
  now: { unitPriceE4: number; vatRates: string },
) {
  return now.unitPriceE4 > seen.seenUnitPriceE4 || (seen.seenVatRates !== "" && now.vatRates !== seen.seenVatRates);
}

/**
 * Changes quantities (`change`) and lets every item whose price moved only BECAUSE of that change
 * follow it: a tier boundary crossed by the new total of an offer (all class groups together) is
 * not a price change since the user added the item. An item with a real change still to be
 * announced keeps what the user saw, so changing a quantity never accepts a change silently.
 */
async function changeQuantities(scope: CartScope, cartId: string, date: string, tx: Tx, change: () => Promise<void>) {
  const where = { cartId, cart: { userId: scope.userId, schoolId: scope.schoolId } };
  const before = await tx.cartItem.findMany({ where });
  const pricesBefore = await currentPrices(scope, before, date, tx);
  await change();
  const after = await tx.cartItem.findMany({ where });
  const pricesAfter = await currentPrices(scope, after, date, tx);
  for (const item of after) {
    const was = pricesBefore.get(item.id);
    const now = pricesAfter.get(item.id)!;
    if (!was || isAnnounced(item, was)) continue;
    if (now.unitPriceE4 === item.seenUnitPriceE4 && now.vatRates === item.seenVatRates) continue;
    await tx.cartItem.update({
      where: { id: item.id },
      data: { seenUnitPriceE4: now.unitPriceE4, seenVatRates: now.vatRates },
    });
  }
}

/** Sets an item's quantity (0 removes it). */
export async function updateCartItem(scope: CartScope, itemId: string, quantity: number, date: string): Promise<void> {
  if (quantity === 0) return removeCartItem(scope, itemId, date);
  checkQuantity(quantity);
  await db.$transaction(async (tx) => {
    const item = await tx.cartItem.findFirst({
      where: { id: itemId, cart: { userId: scope.userId, schoolId: scope.schoolId } },
    });
    if (!item) throw new CartError("NOT_FOUND", "Dit artikel staat niet (meer) in uw winkelwagen.");
    await changeQuantities(scope, item.cartId, date, tx, async () => {
      await tx.cartItem.update({ where: { id: item.id }, data: { quantity } });
    });
  });
}

/** Removes an item; the other items of its offer follow a tier they drop out of (see changeQuantities). */
export async function removeCartItem(scope: CartScope, itemId: string, date: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const item = await tx.cartItem.findFirst({
      where: { id: itemId, cart: { userId: scope.userId, schoolId: scope.schoolId } },
    });
    if (!item) return;
    await changeQuantities(scope, item.cartId, date, tx, async () => {
      await tx.cartItem.delete({ where: { id: item.id } });
    });
  });
}

/** The user accepts the current prices and rates of every item ("Nieuwe prijzen accepteren"). */
export async function acceptCurrentPrices(scope: CartScope, date: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const cart = await findCart(scope, tx);
    if (cart) await refreshSeen(scope, cart.id, "ALL", date, tx);
  });
}

export interface CartLineView {
  itemId: string;
  offerId: string;
  titleName: string;
  titleSlug: string;
  formatLabel: string;
  format: string;
  classGroup: string;
  quantity: number;
  unitPrice: string;
  lineAmount: string;
  vatRates: string;
  priceListName: string;
  tierMinQuantity: number | null;
  /** Set when the price or rates differ from what the user saw when adding. */
  change: null | { seenUnitPrice: string; seenVatRates: string; priceChanged: boolean; ratesChanged: boolean };
}

export interface MoneyRow {
  net: string;
  vat: string;
  gross: string;
}
export interface ScenarioView {
  key: string;
  label: string;
  totals: MoneyRow;
  difference: MoneyRow & { vatPart: string };
  sentence: string;
  /** Whether applying this scenario would switch at least one item (never for "chosen"). */
  switches: boolean;
}

export interface CartView {
  lines: CartLineView[];
  pricesIncludeVat: boolean;
  shipping: string | null;
  vatBreakdown: { vatRate: string; taxable: string; vat: string; gross: string }[];
  totals: MoneyRow;
  /** Plain decimal strings of the totals, for tests. */
  raw: { net: string; vat: string; gross: string; shipping: string | null };
  changed: boolean;
  whatIf: ScenarioView[] | null;
}

const money = (b: Breakdown): MoneyRow => ({
  net: formatEuro(b.totals.net),
  vat: formatEuro(b.totals.vat),
  gross: formatEuro(b.totals.gross),
});

/**
 * The cart priced as checkout will price it (same items, same shipping rule), its VAT per rate,
 * the changes since the user saw each price, and the what-if of DESIGN §3.8 ("Alles op papier",
 * "Alles digitaal" against "Zoals gekozen"). Each what-if scenario carries the shipping that
 * shippingFor gives for that scenario, so every figure is what an order of it would cost.
 */
export async function loadCart(scope: CartScope, date: string, client: Client = db): Promise<CartView> {
  const cart = await client.cart.findUnique({
    where: { userId_schoolId: { userId: scope.userId, schoolId: scope.schoolId } },
    include: {
      items: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: { offer: { include: { title: { select: { slug: true, name: true } } } } },
      },
    },
  });
  const items = cart?.items ?? [];
  if (items.length === 0) {
    return {
      lines: [],
      pricesIncludeVat: false,
      shipping: null,
      vatBreakdown: [],
      totals: { net: formatEuro(new Decimal(0)), vat: formatEuro(new Decimal(0)), gross: formatEuro(new Decimal(0)) },
      raw: { net: "0.00", vat: "0.00", gross: "0.00", shipping: null },
      changed: false,
      whatIf: null,
    };
  }
  const buyer = buyerOf(scope);
  const pricedItems = items.map((i) => ({ key: i.id, offerId: i.offerId, quantity: i.quantity }));
  // The school's lists, read once for the cart and its what-if.
  const applicable = await applicableLists(buyer, date, client);
  const priced = await priceItems(
    buyer,
    pricedItems,
    date,
    { shippingFor: (withoutShipping) => shippingFor("SCHOOL", withoutShipping), lists: applicable },
    client,
  );
  const shipping = priced.shipping;
  const b = priced.breakdown;
  const lines: CartLineView[] = items.map((item) => {
    const line = b.lines.find((l) => l.id === item.id)!;
    const price = priced.prices.get(item.offerId)!;
    const vatRates = ratesOfLine(b, item.id);
    // Only a rise is announced; a lower price is simply applied (isAnnounced).
    const priceChanged = price.unitPriceE4 > item.seenUnitPriceE4;
    const ratesChanged = item.seenVatRates !== "" && item.seenVatRates !== vatRates;
    return {
      itemId: item.id,
      offerId: item.offerId,
      titleName: item.offer.title.name,
      titleSlug: item.offer.title.slug,
      formatLabel: item.offer.formatLabel,
      format: item.offer.format,
      classGroup: item.classGroup,
      quantity: item.quantity,
      unitPrice: formatEuro(fromE4(price.unitPriceE4)),
      lineAmount: formatEuro(line.amount),
      vatRates,
      priceListName: price.priceListName,
      tierMinQuantity: price.tierMinQuantity,
      change:
        priceChanged || ratesChanged
          ? {
              seenUnitPrice: formatEuro(fromE4(item.seenUnitPriceE4)),
              seenVatRates: item.seenVatRates,
              priceChanged,
              ratesChanged,
            }
          : null,
    };
  });
  return {
    lines,
    pricesIncludeVat: priced.pricesIncludeVat,
    shipping: shipping ? formatEuro(shipping) : null,
    vatBreakdown: b.vatBreakdown.map((g) => ({
      vatRate: formatRate(g.vatRate),
      taxable: formatEuro(g.taxable),
      vat: formatEuro(g.vat),
      gross: formatEuro(g.gross),
    })),
    totals: money(b),
    raw: {
      net: b.totals.net.toFixed(2),
      vat: b.totals.vat.toFixed(2),
      gross: b.totals.gross.toFixed(2),
      shipping: shipping ? shipping.toFixed(2) : null,
    },
    changed: lines.some((l) => l.change),
    whatIf: await whatIfFor(
      items.map((i) => ({ key: i.id, offerId: i.offerId, quantity: i.quantity, titleId: i.offer.titleId })),
      priced,
      applicable,
      client,
    ),
  };
}

/** Each title's print offer (physical) and digital offer (electronic, shortest licence first). */
export async function alternativeOffers(titleIds: string[], client: Client) {
  const titleOffers = await client.offer.findMany({
    where: { titleId: { in: [...new Set(titleIds)] }, active: true, supply: { in: ["physical", "electronic"] } },
    orderBy: [{ licenceMonths: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, titleId: true, supply: true, format: true },
  });
  const printOf = new Map<string, string>();
  const digitalOf = new Map<string, string>();
  for (const o of titleOffers) {
    if (o.supply === "physical" && o.format === "print" && !printOf.has(o.titleId)) printOf.set(o.titleId, o.id);
    if (o.supply === "electronic" && !digitalOf.has(o.titleId)) digitalOf.set(o.titleId, o.id);
  }
  return { printOf, digitalOf };
}

export type ApplicableScenario = "allPrint" | "allDigital";

/**
 * "Alles op papier" / "Alles digitaal" from the what-if, applied to the cart in one transaction:
 * every item switches to its title's print (or digital) offer where there is one, exactly as the
 * what-if priced it; items that then share offer and class group are merged. The prices of the
 * switched items are the ones the user just saw in the what-if, so they count as seen. Returns the
 * number of items switched.
 */
export async function applyScenario(scope: CartScope, scenario: ApplicableScenario, date: string): Promise<number> {
  return db.$transaction(async (tx) => {
    const cart = await findCart(scope, tx);
    if (!cart) return 0;
    const items = await tx.cartItem.findMany({
      where: { cartId: cart.id, cart: { userId: scope.userId, schoolId: scope.schoolId } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { offer: { select: { titleId: true } } },
    });
    const { printOf, digitalOf } = await alternativeOffers(
      items.map((i) => i.offer.titleId),
      tx,
    );
    const target = scenario === "allPrint" ? printOf : digitalOf;
    const switched: string[] = [];
    await changeQuantities(scope, cart.id, date, tx, async () => {
      for (const item of items) {
        const offerId = target.get(item.offer.titleId);
        if (!offerId || offerId === item.offerId) continue;
        const existing = await tx.cartItem.findUnique({
          where: { cartId_offerId_classGroup: { cartId: cart.id, offerId, classGroup: item.classGroup } },
        });
        // Merged into this item, which keeps its place in the cart.
        const quantity = item.quantity + (existing?.quantity ?? 0);
        checkQuantity(quantity);
        if (existing) await tx.cartItem.delete({ where: { id: existing.id } });
        await tx.cartItem.update({ where: { id: item.id }, data: { offerId, quantity } });
        switched.push(item.id);
      }
    });
    if (switched.length) await refreshSeen(scope, cart.id, switched, date, tx);
    return switched.length;
  });
}

/** The cart's what-if scenarios (exported for tests through loadCart's result). */
async function whatIfFor(
  items: { key: string; offerId: string; quantity: number; titleId: string }[],
  priced: Awaited<ReturnType<typeof priceItems>>,
  applicable: Awaited<ReturnType<typeof applicableLists>>,
  client: Client,
): Promise<ScenarioView[]> {
  const { printOf, digitalOf } = await alternativeOffers(
    items.map((i) => i.titleId),
    client,
  );
  // In a scenario every line switches to its title's print (or digital) offer where there is
  // one; tiers follow the quantity of each offer in THAT scenario (as an order of it would).
  const scenarioOffer = (item: (typeof items)[number], kind: "print" | "digital") =>
    (kind === "print" ? printOf : digitalOf).get(item.titleId) ?? item.offerId;
  const quantities = { print: new Map<string, number>(), digital: new Map<string, number>() };
  for (const item of items) {
    for (const kind of ["print", "digital"] as const) {
      const offerId = scenarioOffer(item, kind);
      quantities[kind].set(offerId, (quantities[kind].get(offerId) ?? 0) + item.quantity);
    }
  }
  const [altOffers, printPrices, digitalPrices] = await Promise.all([
    loadOffersForPricing([...new Set([...quantities.print.keys(), ...quantities.digital.keys()])], client),
    resolvePrices(quantities.print, applicable, client),
    resolvePrices(quantities.digital, applicable, client),
  ]);
  const scenarioLine = (item: (typeof items)[number], kind: "print" | "digital"): PricingLineInput | undefined => {
    const offerId = scenarioOffer(item, kind);
    const offer: OfferForPricing | undefined = altOffers.get(offerId);
    const price = (kind === "print" ? printPrices : digitalPrices).get(offerId);
    return offer && price ? pricingLineFor(offer, price.unitPriceE4, item.quantity, item.key) : undefined;
  };
  const lines: CartWhatIfLine[] = items.map((item) => ({
    chosen: pricingLineFor(
      priced.offers.get(item.offerId)!,
      priced.prices.get(item.offerId)!.unitPriceE4,
      item.quantity,
      item.key,
    ),
    printAlternative: scenarioLine(item, "print"),
    digitalAlternative: scenarioLine(item, "digital"),
  }));
  // Each scenario carries the shipping the school's rule gives for it, as an order of it would.
  const whatIf = cartWhatIf(
    {
      pricesIncludeVat: priced.pricesIncludeVat,
      lines,
      shippingFor: (withoutShipping) => shippingFor("SCHOOL", withoutShipping),
    },
    priced.context,
  );
  return ([whatIf.chosen, whatIf.allPrint, whatIf.allDigital] as const).map((s) => {
    const { net, vat, gross, vatPart } = s.difference;
    return {
      key: s.key,
      label: s.key === "allPrint" ? "Alles op papier" : s.key === "allDigital" ? "Alles digitaal" : "Zoals gekozen",
      totals: money(s.breakdown),
      difference: {
        net: formatEuro(net),
        vat: formatEuro(vat),
        gross: formatEuro(gross),
        vatPart: formatEuro(vatPart),
      },
      sentence: describeCartDifference(s.difference),
      switches:
        s.key !== "chosen" &&
        items.some((item) => scenarioOffer(item, s.key === "allPrint" ? "print" : "digital") !== item.offerId),
    };
  });
}

/**
 * Checkout: places the cart as an order (placeOrder is idempotent on the form's key) and then
 * removes exactly the ordered items from the cart. A repeated post with the same key returns the
 * first order and leaves the cart alone. Refuses while a price change has not been accepted.
 */
export async function checkoutCart(
  scope: CartScope,
  input: { idempotencyKey: string; paymentMethod: PaymentMethod; poNumber?: string; remark?: string },
  date: string,
): Promise<{ orderId: string; number: string; created: boolean; paymentMethod: PaymentMethod }> {
  const placedWithKey = async () => {
    const earlier = await db.order.findFirst({
      where: { idempotencyKey: input.idempotencyKey, schoolId: scope.schoolId },
      select: { id: true, number: true, paymentMethod: true },
    });
    return earlier
      ? { orderId: earlier.id, number: earlier.number, created: false, paymentMethod: earlier.paymentMethod }
      : null;
  };
  const earlier = await placedWithKey();
  if (earlier) return earlier;
  const cart = await findCart(scope);
  const items = cart
    ? await db.cartItem.findMany({
        where: { cartId: cart.id, cart: { userId: scope.userId, schoolId: scope.schoolId } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      })
    : [];
  if (items.length === 0) {
    // The same post, sent twice at once (to one instance or two), may have ordered and cleared
    // the cart between our look-up above and now: then it is that order, not an empty cart.
    const meanwhile = await placedWithKey();
    if (meanwhile) return meanwhile;
    throw new CartError("EMPTY", "Uw winkelwagen is leeg.");
  }
  const now = await currentPrices(scope, items, date, db);
  if (items.some((i) => isAnnounced(i, now.get(i.id)!))) {
    throw new CartError(
      "PRICES_CHANGED",
      "Er zijn prijzen of btw-tarieven gewijzigd sinds u de artikelen toevoegde. Bekijk en accepteer de nieuwe prijzen in uw winkelwagen.",
    );
  }
  const placed = await placeOrder({
    kind: "SCHOOL",
    schoolId: scope.schoolId,
    userId: scope.userId,
    idempotencyKey: input.idempotencyKey,
    paymentMethod: input.paymentMethod,
    poNumber: input.poNumber,
    remark: input.remark,
    date,
    items: items.map((i) => ({ offerId: i.offerId, quantity: i.quantity, classGroup: i.classGroup })),
  });
  // Both posts of a double click remove the items they read (the same items, now ordered): on a
  // single SQLite connection the winner's delete can be swept into the loser's rolled-back
  // transaction, so the loser removes them too.
  await db.cartItem.deleteMany({
    where: { id: { in: items.map((i) => i.id) }, cart: { userId: scope.userId, schoolId: scope.schoolId } },
  });
  if (!placed.created) {
    const order = await db.order.findFirstOrThrow({
      where: { id: placed.orderId, schoolId: scope.schoolId },
      select: { paymentMethod: true },
    });
    return { ...placed, paymentMethod: order.paymentMethod };
  }
  return { ...placed, paymentMethod: input.paymentMethod };
}

/** "Opnieuw bestellen": copies an order's lines of this school into the cart at today's prices. */
export async function copyOrderIntoCart(scope: CartScope, orderId: string, date: string): Promise<number> {
  const order = await db.order.findFirst({
    where: { id: orderId, schoolId: scope.schoolId, kind: "SCHOOL" },
    include: { lines: { orderBy: { position: "asc" }, include: { offer: { select: { active: true } } } } },
  });
  if (!order) throw new CartError("NOT_FOUND", "Deze bestelling bestaat niet.");
  const lines = order.lines.filter((l) => l.offer.active);
  if (lines.length)
    await db.$transaction((tx) =>
      addItemsInTx(
        tx,
        scope,
        lines.map((l) => ({ offerId: l.offerId, quantity: l.quantity, classGroup: l.classGroup })),
        date,
      ),
    );
  return lines.length;
}

export interface CheckoutView {
  school: {
    name: string;
    street: string;
    postalCode: string;
    city: string;
    country: string;
    email: string;
    brin: string | null;
    poNumberRequired: boolean;
    paymentTermDays: number;
  };
  cart: CartView;
}

/** The checkout page: the school's billing and delivery address (read-only) and the priced cart. */
export async function loadCheckout(scope: CartScope, date: string): Promise<CheckoutView> {
  const [school, cart] = await Promise.all([
    db.organisation.findFirstOrThrow({
      where: { id: scope.schoolId, kind: "SCHOOL" },
      select: {
        name: true,
        street: true,
        postalCode: true,
        city: true,
        country: true,
        email: true,
        brin: true,
        poNumberRequired: true,
        paymentTermDays: true,
      },
    }),
    loadCart(scope, date),
  ]);
  return { school, cart };
}

export { OrderError };
