/**
 * The parent's journey (DESIGN.md §1): an order code from the school's letter opens the student
 * package of that pseudonym's class group and year; the parent picks among the offers the school
 * allows, sees consumer prices incl. VAT (priced through the same engine as the order), and
 * places ONE paid order per code unless the package or school allows repeats.
 */
import { db } from "~/db.server";
import { Prisma } from "~/generated/sqlite/client";
import { onResetAppState } from "~/app-state.server";
import { hitRateLimit } from "~/modules/auth/rate-limit.server";
import {
  applicableLists,
  loadOffersForPricing,
  pricingLineFor,
  priceItems,
  resolvePrices,
} from "~/modules/catalog/offer-pricing.server";
import { compareOffers, describeDifference, priceDocument, type Breakdown } from "~/modules/pricing";
import { formatDate, formatEuro } from "~/modules/format";
import { formatRate } from "~/modules/vat/format-rate";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { catalogueVersion } from "~/modules/catalog/search/index.server";
import { cancelOrder, OrderError, placeOrder } from "~/modules/orders/orders.server";
import { findOrderCode, hashOrderCode } from "./order-code";
import { offerShips } from "~/modules/vat/supply";
import { deliverySentence, NO_CHOICE, orderWindowState, PAID_STATUSES, type HomeAddress } from "./package-rules";

/** Order-code attempts per IP address per window (guessing a 60-bit code is hopeless, but we make it slow too). */
export const ORDER_CODE_LIMIT = { perIp: 10, windowSeconds: 15 * 60 };

export type RedeemResult =
  | { ok: true; pseudonymId: string; packageId: string }
  | {
      ok: false;
      reason: "RATE_LIMITED" | "MALFORMED" | "UNKNOWN" | "EXPIRED" | "NO_PACKAGE" | "NOT_YET" | "CLOSED" | "USED";
      message: string;
    };

async function packageFor(pseudonym: { schoolId: string; classGroup: string; schoolYear: string }) {
  return db.studentPackage.findFirst({
    where: { schoolId: pseudonym.schoolId, classGroup: pseudonym.classGroup, schoolYear: pseudonym.schoolYear },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Checks an order code typed or pasted by a parent (the code is found inside pasted text):
 * rate-limited per IP (every attempt counts), then unknown, expired (codeExpiresOn before today),
 * outside the package's window and already used each get their own message. "Already used" (an
 * order of this code paid or awaiting payment, repeats not allowed) is told on the code step,
 * before a visitor makes an account; the parent who placed that order (`userId`) gets the package.
 */
export async function redeemOrderCode(
  code: string,
  ip: string,
  today = todayInAmsterdam(),
  userId: string | null = null,
): Promise<RedeemResult> {
  if (!(await hitRateLimit(`order-code:ip:${ip}`, ORDER_CODE_LIMIT.perIp, ORDER_CODE_LIMIT.windowSeconds))) {
    return {
      ok: false,
      reason: "RATE_LIMITED",
      message: "Te veel pogingen. Probeer het over een kwartier opnieuw, of vraag de school om hulp.",
    };
  }
  const normalised = findOrderCode(code);
  if (!normalised) {
    return {
      ok: false,
      reason: "MALFORMED",
      message:
        code.trim().length > 20
          ? "In deze tekst staat geen bestelcode. Een bestelcode bestaat uit 12 letters en cijfers, zoals ABCD-EFGH-JK23; u vindt hem in de brief van de school."
          : "Een bestelcode bestaat uit 12 letters en cijfers, zoals ABCD-EFGH-JK23. Controleer de code in de brief van de school.",
    };
  }
  const pseudonym = await db.studentPseudonym.findUnique({ where: { orderCodeHash: hashOrderCode(normalised) } });
  if (!pseudonym) {
    return {
      ok: false,
      reason: "UNKNOWN",
      message:
        "Deze bestelcode kennen wij niet. Controleer de code in de brief van de school; let op het verschil tussen letters en cijfers.",
    };
  }
  if (pseudonym.codeExpiresOn && pseudonym.codeExpiresOn < today) {
    return {
      ok: false,
      reason: "EXPIRED",
      message: `Deze bestelcode is verlopen op ${formatDate(pseudonym.codeExpiresOn)}. Vraag de school om een nieuwe code.`,
    };
  }
  const pkg = await packageFor(pseudonym);
  if (!pkg)
    return {
      ok: false,
      reason: "NO_PACKAGE",
      message: "De school heeft voor deze klas nog geen leerlingpakket klaargezet. Probeer het later opnieuw.",
    };
  const state = orderWindowState(pkg, today);
  if (state === "NOT_YET")
    return {
      ok: false,
      reason: "NOT_YET",
      message: `U kunt dit pakket pas bestellen vanaf ${formatDate(pkg.orderFrom)}.`,
    };
  if (state === "CLOSED")
    return {
      ok: false,
      reason: "CLOSED",
      message: `De besteltermijn van dit pakket is gesloten sinds ${formatDate(pkg.orderUntil)}. Neem contact op met de school.`,
    };
  const school = await db.organisation.findUnique({
    where: { id: pseudonym.schoolId },
    select: { allowRepeatPackageOrders: true },
  });
  const earlier =
    pkg.allowRepeatOrders || school?.allowRepeatPackageOrders
      ? null
      : await earlierOrder(pseudonym.id, pseudonym.schoolId, userId);
  if (earlier && !earlier.ownOrderId)
    return {
      ok: false,
      reason: "USED",
      message:
        earlier.status === "PAID"
          ? "Met deze bestelcode is het pakket al besteld en betaald; per code kan één keer worden besteld. Heeft u zelf besteld? Log dan in om uw bestelling te bekijken. Anders kan de school u helpen."
          : "Met deze bestelcode is het pakket al besteld; die bestelling wacht nog op betaling. Heeft u zelf besteld? Log dan in om te betalen. Anders kan de school u helpen.",
    };
  return { ok: true, pseudonymId: pseudonym.id, packageId: pkg.id };
}

export interface ParentPackageView {
  schoolName: string;
  classGroup: string;
  schoolYear: string;
  pseudonym: string;
  pkg: { id: string; name: string; orderFrom: string; orderUntil: string; windowOpen: boolean };
  schoolItems: { id: string; label: string; offers: string[] }[];
  parentItems: {
    id: string;
    label: string;
    chosen: string;
    options: {
      offerId: string;
      label: string;
      supply: string;
      gross: string;
      difference: string;
      isCheapest: boolean;
    }[];
  }[];
  /** The current choice as the order would be priced (consumer list, incl. VAT). */
  lines: { itemId: string; description: string; amount: string }[];
  vat: { rate: string; net: string; vat: string; gross: string }[];
  totals: { net: string; vat: string; gross: string } | null;
  /** Raw breakdown of the current choice (tests compare it with priceItems). */
  breakdown: Breakdown | null;
  orderItems: { offerId: string; quantity: number; classGroup: string; packageItemId: string }[];
  /** An earlier open or paid order of this code (repeats not allowed), so the page can say so up front. */
  earlier: { status: "AWAITING_PAYMENT" | "PAID"; ownOrderId: string | null } | null;
  /**
   * Where the books go (the school decides per package) and the sentence parents are told;
   * `ships`: the current choice holds something physical; `homeAddressNeeded`: so the parent
   * enters a delivery address when ordering.
   */
  delivery: { mode: "SCHOOL" | "HOME"; sentence: string; ships: boolean; homeAddressNeeded: boolean };
}

/**
 * How long a package's priced options are reused by the package page (per instance): within a
 * package's ordering window prices and rates change rarely, and the page is the one a whole class
 * opens in the same evening (issue 13: ≥ 300 req/s). They are also kept under the catalogue
 * version they were priced at, which a change of a title or an offer and a school's package edit
 * bump in their transaction (bumpCatalogueVersion): such a change shows at once on the instance
 * that made it and within VERSION_TRUST_MS (1 s) on every other instance or worker process. A
 * price list or a VAT rate changed elsewhere shows within this time. Placing an order never uses
 * it: the order is priced afresh (placeOrder), so a stale page can never charge a stale price.
 */
export const PRICED_PACKAGE_TTL_MS = 30_000;
const MAX_PRICED_PACKAGES = 500;

type PricingContext = Awaited<ReturnType<typeof priceItems>>["context"];
interface PricedPackage {
  school: { name: string; allowRepeatPackageOrders: boolean };
  pkg: NonNullable<Awaited<ReturnType<typeof packageFor>>>;
  schoolItems: ParentPackageView["schoolItems"];
  /** Parent items with their options compared (cheapest first marked), in package order. */
  parentItems: {
    id: string;
    label: string;
    rows: ReturnType<typeof compareOffers>;
  }[];
  offers: Awaited<ReturnType<typeof loadOffersForPricing>>;
  unitPrice: Map<string, number>;
  context: PricingContext | null;
  pricesIncludeVat: boolean;
}

const pricedPackages = new Map<string, { at: number; version: number; value: Promise<PricedPackage | null> }>();
onResetAppState(() => pricedPackages.clear());

/** Forgets the priced packages held in memory (after a package changed on this instance). */
export function forgetPricedPackages(): void {
  pricedPackages.clear();
}

/** The package of a class and year with its options priced on `today`, from memory when fresh. */
async function pricedPackage(
  pseudonym: { schoolId: string; classGroup: string; schoolYear: string },
  today: string,
  fresh: boolean,
): Promise<PricedPackage | null> {
  const key = `${pseudonym.schoolId}|${pseudonym.classGroup}|${pseudonym.schoolYear}|${today}`;
  // Read before the package: a change committed meanwhile leaves this entry under the old version.
  const version = await catalogueVersion();
  const now = Date.now();
  const held = pricedPackages.get(key);
  if (!fresh && held && held.version === version && now - held.at < PRICED_PACKAGE_TTL_MS) return held.value;
  const value = loadPricedPackage(pseudonym, today);
  if (pricedPackages.size >= MAX_PRICED_PACKAGES) pricedPackages.clear();
  pricedPackages.set(key, { at: now, version, value });
  // A failure is not remembered.
  value.catch(() => pricedPackages.get(key)?.value === value && pricedPackages.delete(key));
  return value;
}

async function loadPricedPackage(
  pseudonym: { schoolId: string; classGroup: string; schoolYear: string },
  today: string,
): Promise<PricedPackage | null> {
  const [pkg, school] = await Promise.all([
    packageFor(pseudonym),
    db.organisation.findUnique({
      where: { id: pseudonym.schoolId },
      select: { name: true, allowRepeatPackageOrders: true },
    }),
  ]);
  if (!pkg || !school) return null;
  const items = await db.packageItem.findMany({
    where: { packageId: pkg.id, package: { schoolId: pseudonym.schoolId } },
    orderBy: { position: "asc" },
    include: { offers: { include: { offer: { select: { id: true, active: true } } } } },
  });
  const parentOfferIds = [
    ...new Set(
      items
        .filter((i) => i.paidBy === "PARENT")
        .flatMap((i) => i.offers.filter((o) => o.offer.active).map((o) => o.offerId)),
    ),
  ];
  const allOfferIds = [...new Set(items.flatMap((i) => i.offers.map((o) => o.offerId)))];
  const offers = await loadOffersForPricing(allOfferIds);

  // One priced document holding every allowed offer once: it yields the consumer unit prices
  // and the VAT context; each option and the chosen set are then priced by the pure engine.
  let context: PricingContext | null = null;
  let pricesIncludeVat = true;
  const unitPrice = new Map<string, number>();
  if (parentOfferIds.length) {
    const probe = await priceItemsTolerant(parentOfferIds, today);
    context = probe.context;
    pricesIncludeVat = probe.pricesIncludeVat;
    for (const [id, e4] of probe.prices) unitPrice.set(id, e4);
  }
  const parentItems: PricedPackage["parentItems"] = [];
  for (const item of items.filter((i) => i.paidBy === "PARENT")) {
    const allowed = item.offers
      .map((o) => offers.get(o.offerId))
      .filter((o): o is NonNullable<typeof o> => !!o && o.active && unitPrice.has(o.id));
    if (!allowed.length || !context) continue;
    const rows = compareOffers(
      allowed.map((o) => ({
        key: o.id,
        label: o.formatLabel,
        breakdown: priceDocument(
          { pricesIncludeVat, lines: [pricingLineFor(o, unitPrice.get(o.id)!, 1, "1")] },
          context!,
        ),
      })),
    );
    parentItems.push({ id: item.id, label: item.label, rows });
  }
  return {
    school,
    pkg,
    schoolItems: items
      .filter((i) => i.paidBy === "SCHOOL")
      .map((i) => ({
        id: i.id,
        label: i.label,
        offers: i.offers.map((o) => offers.get(o.offerId)?.formatLabel ?? "").filter(Boolean),
      })),
    parentItems,
    offers,
    unitPrice,
    context,
    pricesIncludeVat,
  };
}

/**
 * The package of a pseudonym with the parent's current choice priced. `choices` maps an item
 * id to an allowed offer id or NO_CHOICE; a missing or invalid choice falls back to the
 * cheapest allowed offer. Offers without a consumer price are left out. Amounts come from
 * the pricing engine (priceDocument, rounding per DESIGN.md §3) and are formatted here. The
 * priced options may come from memory (PRICED_PACKAGE_TTL_MS) unless `fresh`.
 */
export async function loadParentPackage(
  pseudonymId: string,
  choices: Record<string, string>,
  today = todayInAmsterdam(),
  userId: string | null = null,
  options: { fresh?: boolean } = {},
): Promise<ParentPackageView | null> {
  const read = await pseudonymAndLatestOrder(pseudonymId);
  if (!read) return null;
  const { pseudonym, latestOrder } = read;
  const priced = await pricedPackage(pseudonym, today, options.fresh ?? false);
  if (!priced) return null;
  const school = priced.school;
  const { pkg, offers, unitPrice, context, pricesIncludeVat } = priced;

  const parentItems: ParentPackageView["parentItems"] = [];
  const chosenLines: { itemId: string; offerId: string }[] = [];
  for (const item of priced.parentItems) {
    const rows = item.rows;
    const cheapest = rows.find((r) => r.isCheapest)!;
    const wanted = choices[item.id];
    const chosen = wanted === NO_CHOICE ? NO_CHOICE : rows.some((r) => r.key === wanted) ? wanted! : cheapest.key;
    parentItems.push({
      id: item.id,
      label: item.label,
      chosen,
      options: rows.map((r) => ({
        offerId: r.key,
        label: r.label,
        supply: offers.get(r.key)!.supply,
        gross: formatEuro(r.gross),
        difference: describeDifference(r, cheapest),
        isCheapest: r.isCheapest,
      })),
    });
    if (chosen !== NO_CHOICE) chosenLines.push({ itemId: item.id, offerId: chosen });
  }

  let breakdown: Breakdown | null = null;
  if (chosenLines.length && context) {
    breakdown = priceDocument(
      {
        pricesIncludeVat,
        lines: chosenLines.map((l, n) =>
          pricingLineFor(offers.get(l.offerId)!, unitPrice.get(l.offerId)!, 1, String(n + 1)),
        ),
      },
      context,
    );
  }
  const ships = chosenLines.some((l) => offerShips(offers.get(l.offerId)!));
  return {
    schoolName: school.name,
    classGroup: pseudonym.classGroup,
    schoolYear: pseudonym.schoolYear,
    pseudonym: pseudonym.pseudonym,
    pkg: {
      id: pkg.id,
      name: pkg.name,
      orderFrom: pkg.orderFrom,
      orderUntil: pkg.orderUntil,
      windowOpen: orderWindowState(pkg, today) === "OPEN",
    },
    schoolItems: priced.schoolItems,
    parentItems,
    lines: breakdown
      ? breakdown.lines.map((l, n) => ({
          itemId: chosenLines[n]!.itemId,
          description: l.description ?? "",
          amount: formatEuro(l.amount),
        }))
      : [],
    vat: breakdown
      ? breakdown.vatBreakdown.map((g) => ({
          rate: formatRate(g.vatRate),
          net: formatEuro(g.taxable),
          vat: formatEuro(g.vat),
          gross: formatEuro(g.gross),
        }))
      : [],
    totals: breakdown
      ? {
          net: formatEuro(breakdown.totals.net),
          vat: formatEuro(breakdown.totals.vat),
          gross: formatEuro(breakdown.totals.gross),
        }
      : null,
    breakdown,
    orderItems: chosenLines.map((l) => ({
      offerId: l.offerId,
      quantity: 1,
      classGroup: pseudonym.classGroup,
      packageItemId: l.itemId,
    })),
    earlier: pkg.allowRepeatOrders || school.allowRepeatPackageOrders ? null : earlierOf(latestOrder, userId),
    delivery: {
      mode: pkg.deliveryMode,
      sentence: deliverySentence(pkg, formatDate),
      ships,
      homeAddressNeeded: ships && pkg.deliveryMode === "HOME",
    },
  };
}

/** The statuses of an order that counts as "ordered with this code" (paid, or waiting for payment). */
const ORDERED_STATUSES: readonly string[] = [...PAID_STATUSES, "AWAITING_PAYMENT"];

type LatestOrder = { id: string; status: string; userId: string | null } | null;

/** The latest order with this code (ORDERED_STATUSES), if any, as the page describes it. */
function earlierOf(latest: LatestOrder, userId: string | null): ParentPackageView["earlier"] {
  if (!latest) return null;
  return {
    status: latest.status === "AWAITING_PAYMENT" ? "AWAITING_PAYMENT" : "PAID",
    ownOrderId: userId && latest.userId === userId ? latest.id : null,
  };
}

/**
 * The pseudonym and the latest order placed with its code, in one raw read (issue 13: every view
 * of the package page asks both; Prisma's two queries cost several times the rows). Null: no such
 * pseudonym.
 */
async function pseudonymAndLatestOrder(pseudonymId: string) {
  const rows = await db.$queryRaw<
    {
      id: string;
      schoolId: string;
      pseudonym: string;
      classGroup: string;
      schoolYear: string;
      orderId: string | null;
      orderStatus: string | null;
      orderUserId: string | null;
    }[]
  >`SELECT p."id", p."schoolId", p."pseudonym", p."classGroup", p."schoolYear",
           o."id" AS "orderId", CAST(o."status" AS TEXT) AS "orderStatus", o."userId" AS "orderUserId"
    FROM "StudentPseudonym" p
    LEFT JOIN "Order" o ON o."id" = (
      SELECT l."id" FROM "Order" l
      WHERE l."pseudonymId" = p."id" AND l."schoolId" = p."schoolId"
        AND CAST(l."status" AS TEXT) IN (${Prisma.join(ORDERED_STATUSES)})
      ORDER BY l."placedAt" DESC, l."id" DESC
      LIMIT 1)
    WHERE p."id" = ${pseudonymId}`;
  const row = rows[0];
  if (!row) return null;
  const { orderId, orderStatus, orderUserId, ...pseudonym } = row;
  return {
    pseudonym,
    latestOrder: orderId === null ? null : { id: orderId, status: orderStatus ?? "", userId: orderUserId },
  };
}

async function earlierOrder(
  pseudonymId: string,
  schoolId: string,
  userId: string | null,
): Promise<ParentPackageView["earlier"]> {
  const earlier = await db.order.findFirst({
    where: { pseudonymId, schoolId, status: { in: [...PAID_STATUSES, "AWAITING_PAYMENT"] } },
    orderBy: [{ placedAt: "desc" }, { id: "desc" }],
    select: { id: true, status: true, userId: true },
  });
  return earlierOf(earlier, userId);
}

/** priceItems for offers one each, dropping offers the consumer list has no price for. */
async function priceItemsTolerant(offerIds: string[], date: string) {
  const applicable = await applicableLists({ kind: "consumer" }, date);
  const prices = await resolvePrices(new Map(offerIds.map((id) => [id, 1])), applicable);
  const priced = [...prices.keys()];
  const probe = await priceItems(
    { kind: "consumer" },
    priced.map((id, n) => ({ key: String(n + 1), offerId: id, quantity: 1 })),
    date,
  );
  return {
    context: probe.context,
    pricesIncludeVat: probe.pricesIncludeVat,
    prices: new Map([...prices].map(([id, p]) => [id, p.unitPriceE4])),
  };
}

export type PlaceParentOrderResult =
  { ok: true; orderId: string } | { ok: false; error: string; continueOrderId?: string; addressMissing?: boolean };

/**
 * Places the parent's order for the current choice (kind PARENT, paid ONLINE, buyer = the parent
 * at the school's address, or at their own address when the package is delivered at home). One paid order per code: an earlier PAID / FULFILLED /
 * PARTIALLY_REFUNDED order refuses a new one, an order still AWAITING_PAYMENT is offered to be
 * paid instead — unless the package or the school allows repeat orders. A resubmitted form
 * (same idempotency key) returns the order it made before.
 */
export async function placeParentPackageOrder(input: {
  pseudonymId: string;
  user: { id: string; name: string; email: string };
  choices: Record<string, string>;
  idempotencyKey: string;
  /** Required when the package is delivered at home and the choice holds something physical. */
  homeAddress?: HomeAddress | null;
  today?: string;
}): Promise<PlaceParentOrderResult> {
  const today = input.today ?? todayInAmsterdam();
  const replay = await db.order.findUnique({
    where: { idempotencyKey: input.idempotencyKey },
    select: { id: true, userId: true },
  });
  if (replay)
    return replay.userId === input.user.id
      ? { ok: true, orderId: replay.id }
      : { ok: false, error: "Deze bestelling is al geplaatst. Vernieuw de pagina." };
  const view = await loadParentPackage(input.pseudonymId, input.choices, today, null, { fresh: true });
  if (!view) return { ok: false, error: "Dit pakket bestaat niet meer. Vul de bestelcode opnieuw in." };
  if (!view.pkg.windowOpen)
    return {
      ok: false,
      error: `De besteltermijn van dit pakket loopt van ${formatDate(view.pkg.orderFrom)} tot en met ${formatDate(view.pkg.orderUntil)}.`,
    };
  if (!view.orderItems.length) return { ok: false, error: "U heeft niets gekozen om te bestellen." };
  const homeAddress = view.delivery.homeAddressNeeded ? (input.homeAddress ?? null) : null;
  if (view.delivery.homeAddressNeeded && !homeAddress)
    return { ok: false, error: "Vul het adres in waar de boeken naartoe moeten.", addressMissing: true };
  const pseudonym = await db.studentPseudonym.findUniqueOrThrow({
    where: { id: input.pseudonymId },
    include: { school: true },
  });
  const pkg = await db.studentPackage.findFirstOrThrow({ where: { id: view.pkg.id, schoolId: pseudonym.schoolId } });
  if (!pkg.allowRepeatOrders && !pseudonym.school.allowRepeatPackageOrders) {
    const earlier = await db.order.findFirst({
      where: {
        pseudonymId: pseudonym.id,
        schoolId: pseudonym.schoolId,
        status: { in: [...PAID_STATUSES, "AWAITING_PAYMENT"] },
      },
      orderBy: { placedAt: "desc" },
      select: { id: true, status: true, userId: true },
    });
    if (earlier?.status === "AWAITING_PAYMENT") {
      return {
        ok: false,
        error: "Voor deze bestelcode staat al een bestelling klaar die nog betaald moet worden.",
        continueOrderId: earlier.userId === input.user.id ? earlier.id : undefined,
      };
    }
    if (earlier)
      return {
        ok: false,
        error:
          "Met deze bestelcode is het pakket al besteld en betaald. Per code kan één keer worden besteld; neem contact op met de school als u nog iets nodig heeft.",
      };
  }
  const school = pseudonym.school;
  try {
    const placed = await placeOrder({
      kind: "PARENT",
      paymentMethod: "ONLINE",
      schoolId: pseudonym.schoolId,
      userId: input.user.id,
      pseudonymId: pseudonym.id,
      packageId: pkg.id,
      idempotencyKey: input.idempotencyKey,
      items: view.orderItems,
      date: today,
      // Home delivery: the parent is the buyer at their own address (the invoice's buyer), and
      // the parcel goes there. Otherwise the parent buys at the school's address, where the books go.
      buyer: homeAddress
        ? {
            name: input.user.name,
            email: input.user.email,
            street: homeAddress.street,
            postalCode: homeAddress.postalCode,
            city: homeAddress.city,
            country: "NL",
          }
        : {
            name: input.user.name,
            email: input.user.email,
            street: school.street,
            postalCode: school.postalCode,
            city: school.city,
            country: school.country,
          },
      homeDelivery: homeAddress ? { ...homeAddress, country: "NL" } : undefined,
    });
    if (placed.created && !pkg.allowRepeatOrders && !school.allowRepeatPackageOrders) {
      // Two tabs placing at once both pass the check above. All racers agree on the earliest
      // open order of the pseudonym; the others are cancelled again (stock back, nothing paid).
      const earliest = await db.order.findFirst({
        where: {
          pseudonymId: pseudonym.id,
          schoolId: pseudonym.schoolId,
          status: { in: [...PAID_STATUSES, "AWAITING_PAYMENT"] },
        },
        orderBy: [{ placedAt: "asc" }, { id: "asc" }],
        select: { id: true, userId: true },
      });
      if (earliest && earliest.id !== placed.orderId) {
        await cancelOrder(placed.orderId, { schoolId: pseudonym.schoolId, userId: input.user.id });
        return {
          ok: false,
          error: "Voor deze bestelcode staat al een bestelling klaar die nog betaald moet worden.",
          continueOrderId: earliest.userId === input.user.id ? earliest.id : undefined,
        };
      }
    }
    return { ok: true, orderId: placed.orderId };
  } catch (error) {
    if (error instanceof OrderError) return { ok: false, error: error.message };
    throw error;
  }
}

/** A parent's own order with everything the receipt shows; null when it is not theirs. */
export async function getParentOrder(userId: string, orderId: string) {
  return db.order.findFirst({
    where: { id: orderId, userId, kind: "PARENT" },
    include: {
      school: { select: { name: true } },
      package: {
        select: { name: true, classGroup: true, schoolYear: true, deliveryNote: true, deliveryDate: true },
      },
      pseudonym: { select: { pseudonym: true } },
      lines: { orderBy: { position: "asc" } },
      licences: {
        orderBy: { createdAt: "asc" },
        include: { offer: { select: { formatLabel: true, title: { select: { name: true } } } } },
      },
      invoices: { orderBy: { issueDate: "asc" }, select: { id: true, number: true, type: true, issueDate: true } },
    },
  });
}
