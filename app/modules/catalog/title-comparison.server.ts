/**
 * A title's page (issue 4, item 2): its metadata and the comparison of all its offers for a
 * chosen quantity (DESIGN.md §3.8). Each offer is priced as its own one-line document through
 * priceItems for the school (contract list and quantity tier apply), then compareOffers gives
 * the difference to the cheapest choice and the VAT part of it; describeDifference says it in
 * one Dutch sentence. Nothing is rounded here: every figure comes from the engine.
 */
import { db, type Tx } from "~/db.server";
import { fromE4 } from "~/modules/money/cents";
import { formatEuro, plural } from "~/modules/format";
import { MAX_CART_QUANTITY } from "~/modules/cart/limits";
import { compareOffers, describeDifference, type OfferOption } from "~/modules/pricing";
import { formatRate } from "~/modules/vat/format-rate";
import {
  OfferPricingError,
  applicableLists,
  loadOffersForPricing,
  priceBookOf,
  priceEachAlone,
  pricingLineFor,
  type ApplicableLists,
  type Buyer,
  type PriceBook,
  type PriceEntryRow,
  type ResolvedPrice,
} from "./offer-pricing.server";
import { vatSchedule } from "~/modules/vat/vat-schedule.server";
import { VatError } from "~/modules/vat/vat-error";
import { catalogueVersion } from "./search/index.server";
import { VersionedCache } from "./search/versioned-cache";
import { onResetAppState } from "~/app-state.server";
import { Prisma } from "~/generated/sqlite/client";
import { FORMAT_LABELS, SECTOR_LABELS } from "./labels";
import { costOverYears } from "./years-of-use.server";
import {
  describeSchedule,
  replacementsOf,
  scheduleOfOffer,
  type YearsOfUseOption,
} from "~/modules/pricing/years-of-use";
import { shareOfBp } from "~/modules/pricing/years-of-use-input";

type Client = Tx | typeof db;

export interface ComparisonRow {
  offerId: string;
  ean: string;
  label: string;
  format: string;
  formatName: string;
  licenceMonths: number | null;
  stock: number | null;
  unitPrice: string;
  lineNet: string;
  vatRates: string;
  vat: string;
  gross: string;
  differenceGross: string;
  vatPartOfDifference: string;
  isCheapest: boolean;
  sentence: string;
  priceListName: string;
  contract: boolean;
  tierMinQuantity: number | null;
  /** Plain decimal strings ("1234.50") for tests and machines. */
  raw: {
    unitPrice: string;
    net: string;
    vat: string;
    gross: string;
    differenceGross: string;
    vatPartOfDifference: string;
  };
}

export interface TitleComparison {
  title: {
    id: string;
    slug: string;
    name: string;
    publisher: string;
    subject: string;
    sector: string;
    sectorName: string;
    description: string;
    reviewed: boolean;
    levels: string[];
    years: number[];
    goals: { code: string; label: string }[];
  };
  quantity: number;
  pricesIncludeVat: boolean;
  rows: ComparisonRow[];
  unpriced: { offerId: string; label: string }[];
}

const eur = formatEuro;

/**
 * The quantity of the comparison from the URL's `aantal` (issue 12): absent or empty is 1; a
 * value that is not a whole number from 1 to the cart's maximum gives a Dutch message and 1
 * (the page says the comparison is for 1), never a silent 1. `typed` is the value as sent.
 */
export function compareQuantity(raw: string | null): { quantity: number; error: string | null; typed: string | null } {
  const typed = raw === null ? null : raw.trim();
  if (!typed) return { quantity: 1, error: null, typed: null };
  // "10.000" and "10 000" as people write them
  const digits = /^\d{1,3}([. ]\d{3})+$/.test(typed) ? typed.replace(/[. ]/g, "") : typed;
  const refuse = (error: string) => ({ quantity: 1, error, typed: typed.slice(0, 20) });
  if (!/^[-+]?\d+([.,]\d+)?$/.test(digits)) return refuse("Vul het aantal in cijfers in, bijvoorbeeld 25.");
  if (/[.,]/.test(digits)) return refuse("Vul een heel aantal in, zonder komma.");
  const n = Number(digits);
  if (n < 1) return refuse("Vul een aantal van minstens 1 in.");
  if (n > MAX_CART_QUANTITY)
    return refuse(`Vul een aantal van hoogstens ${plural(MAX_CART_QUANTITY, "stuk", "stuks")} in.`);
  return { quantity: n, error: null, typed };
}

async function readTitle(slug: string, client: Client) {
  const title = await client.title.findUnique({
    where: { slug },
    include: {
      publisher: true,
      subject: true,
      levels: { orderBy: { level: "asc" } },
      years: { orderBy: { year: "asc" } },
      learningGoals: { include: { goal: true } },
      offers: { where: { active: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!title) return null;
  return {
    title,
    offersForPricing: await loadOffersForPricing(
      title.offers.map((o) => o.id),
      client,
    ),
  };
}

/** A title page's catalogue data (the title, its active offers as priced), per slug under the catalogue's version. */
const titleCache = new VersionedCache<NonNullable<Awaited<ReturnType<typeof readTitle>>>>({
  maxEntries: 2_000,
  maxWeight: 2_000,
  weigh: () => 1,
});
onResetAppState(() => titleCache.clear());

/** The title, from memory under the catalogue's `version` (null: inside a transaction, read what it sees). */
async function loadTitle(slug: string, version: number | null, client: Client) {
  if (version === null) return readTitle(slug, client);
  const cached = titleCache.get(slug, version);
  if (cached) return cached;
  const loaded = await readTitle(slug, client);
  if (loaded) titleCache.set(slug, version, loaded);
  return loaded;
}

/**
 * The units on hand of offers (null: not tracked) and their entries in the buyer's lists, in one
 * raw read (issue 13: stock moves with every order and prices with every list change, so both are
 * read on every view; the title itself comes from memory).
 */
async function stockAndPrices(
  offerIds: string[],
  applicable: ApplicableLists,
  client: Client,
): Promise<{ stock: Map<string, number | null>; book: PriceBook }> {
  if (offerIds.length === 0) return { stock: new Map(), book: priceBookOf(applicable, []) };
  const rows = await client.$queryRaw<
    (Omit<PriceEntryRow, "priceListId" | "unitPriceE4"> & {
      stock: number | bigint | null;
      priceListId: string | null;
      unitPriceE4: number | bigint | null;
    })[]
  >`SELECT o."id" AS "offerId", o."stock", e."priceListId", e."unitPriceE4",
           t."minQuantity" AS "tierMin", t."unitPriceE4" AS "tierPriceE4"
    FROM "Offer" o
    LEFT JOIN "PriceListEntry" e
      ON e."offerId" = o."id" AND e."priceListId" IN (${Prisma.join(applicable.lists.map((l) => l.id))})
    LEFT JOIN "PriceTier" t ON t."entryId" = e."id"
    WHERE o."id" IN (${Prisma.join(offerIds)})`;
  const stock = new Map(rows.map((r) => [r.offerId, r.stock === null ? null : Number(r.stock)]));
  const entries = rows.flatMap((r) =>
    r.priceListId === null || r.unitPriceE4 === null
      ? []
      : [{ ...r, priceListId: r.priceListId, unitPriceE4: r.unitPriceE4 }],
  );
  return { stock, book: priceBookOf(applicable, entries) };
}

type LoadedTitle = NonNullable<Awaited<ReturnType<typeof readTitle>>>;

/** What a title page is priced from: the title, stock on hand and the buyer's prices of its offers. */
interface TitleReads {
  loaded: LoadedTitle;
  /** the catalogue's version the title is of (null: read inside a transaction) */
  version: number | null;
  stock: Map<string, number | null>;
  book: PriceBook;
}

async function readTitlePage(slug: string, buyer: Buyer, today: string, client: Client): Promise<TitleReads | null> {
  const version = client === db ? await catalogueVersion(client) : null;
  const [loaded, applicable] = await Promise.all([
    loadTitle(slug, version, client),
    applicableLists(buyer, today, client),
  ]);
  if (!loaded) return null;
  const { stock, book } = await stockAndPrices(
    loaded.title.offers.map((o) => o.id),
    applicable,
    client,
  );
  return { loaded, version, stock, book };
}

export interface TitlePage {
  comparison: TitleComparison;
  /** Over the years of use; null when a school year of the period has no VAT rate (noRateForYears). */
  overYears: TitleYearsOfUse | null;
  noRateForYears: boolean;
}

/**
 * A title's page for a buyer: its offers compared for `quantity` and over the years of use with
 * `settings`, from one set of reads (the title from memory, the price lists, stock and prices).
 * Null when there is no such title.
 */
export async function titlePage(
  slug: string,
  buyer: Buyer,
  quantity: number,
  settings: YearsSettings,
  today: string,
  client: Client = db,
): Promise<TitlePage | null> {
  const reads = await readTitlePage(slug, buyer, today, client);
  if (!reads) return null;
  const comparison = await compareTitleOffers(reads, buyer, quantity, today, client);
  try {
    return {
      comparison,
      overYears: await titleOverYears(reads, buyer, settings, today, client),
      noRateForYears: false,
    };
  } catch (error) {
    // A school year beyond the VAT schedule (a rate that ends with no successor): said, not a 500.
    if (!(error instanceof VatError) || error.code !== "NO_RATE") throw error;
    return { comparison, overYears: null, noRateForYears: true };
  }
}

/** Compares a title's active offers for `quantity`, each priced as an order of only that offer. */
async function compareTitleOffers(
  { loaded, stock, book }: TitleReads,
  buyer: Buyer,
  quantity: number,
  date: string,
  client: Client,
): Promise<TitleComparison> {
  const title = { ...loaded.title, offers: loaded.title.offers.map((o) => ({ ...o, stock: stock.get(o.id) ?? null })) };
  const unpriced: TitleComparison["unpriced"] = [];
  const priced: { offer: (typeof title.offers)[number]; option: OfferOption; price: ResolvedPrice }[] = [];
  let pricesIncludeVat = false;
  // each offer priced as an order of only that offer; what they share is read once
  const docs = await priceEachAlone(
    buyer,
    title.offers.map((offer) => ({ key: offer.id, offerId: offer.id, quantity })),
    date,
    client,
    { offers: loaded.offersForPricing, book },
  );
  for (const offer of title.offers) {
    const doc = docs.get(offer.id)!;
    if (doc instanceof OfferPricingError) {
      if (doc.code === "NO_PRICE") unpriced.push({ offerId: offer.id, label: offer.formatLabel });
      else throw doc;
      continue;
    }
    pricesIncludeVat = doc.pricesIncludeVat;
    priced.push({
      offer,
      option: { key: offer.id, label: FORMAT_LABELS[offer.format] ?? offer.formatLabel, breakdown: doc.breakdown },
      price: doc.prices.get(offer.id)!,
    });
  }
  // Two offers of the same format (e.g. licence 1 and 4 years) need distinct labels in the sentence.
  const labelCount = new Map<string, number>();
  for (const p of priced) labelCount.set(p.option.label, (labelCount.get(p.option.label) ?? 0) + 1);
  for (const p of priced) if ((labelCount.get(p.option.label) ?? 0) > 1) p.option.label = p.offer.formatLabel;

  const compared = compareOffers(priced.map((p) => p.option));
  const cheapest = compared.find((r) => r.isCheapest);
  const rows: ComparisonRow[] = compared.map((row, i) => {
    const { offer, price } = priced[i]!;
    return {
      offerId: offer.id,
      ean: offer.ean,
      label: offer.formatLabel,
      format: offer.format,
      formatName: row.label,
      licenceMonths: offer.licenceMonths,
      stock: offer.stock,
      unitPrice: eur(fromE4(price.unitPriceE4)),
      lineNet: eur(row.net),
      vatRates: row.breakdown.vatBreakdown.map((g) => `${formatRate(g.vatRate)}%`).join(" / "),
      vat: eur(row.vat),
      gross: eur(row.gross),
      differenceGross: eur(row.differenceGross),
      vatPartOfDifference: eur(row.vatPartOfDifference),
      isCheapest: row.isCheapest,
      sentence: cheapest ? describeDifference(row, cheapest) : "",
      priceListName: price.priceListName,
      contract: price.contract,
      tierMinQuantity: price.tierMinQuantity,
      raw: {
        unitPrice: fromE4(price.unitPriceE4).toFixed(4),
        net: row.net.toFixed(2),
        vat: row.vat.toFixed(2),
        gross: row.gross.toFixed(2),
        differenceGross: row.differenceGross.toFixed(2),
        vatPartOfDifference: row.vatPartOfDifference.toFixed(2),
      },
    };
  });
  return {
    title: {
      id: title.id,
      slug: title.slug,
      name: title.name,
      publisher: title.publisher.name,
      subject: title.subject.name,
      sector: title.sector,
      sectorName: SECTOR_LABELS[title.sector] ?? title.sector,
      description: title.description,
      reviewed: title.reviewed,
      levels: title.levels.map((l) => l.level),
      years: title.years.map((y) => y.year),
      goals: title.learningGoals
        .map((g) => ({ code: g.goal.code, label: g.goal.label }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    },
    quantity,
    pricesIncludeVat,
    rows,
    unpriced,
  };
}

export interface YearsOfUseRow {
  offerId: string;
  label: string;
  formatName: string;
  schedule: string;
  /** Bought per school year. */
  quantities: number[];
  net: string;
  vat: string;
  gross: string;
  /** VAT per rate over the period ("6%: € 86,78"). */
  vatPerRate: { rate: string; taxable: string; vat: string }[];
  perPupilPerYear: string;
  perPupilPerYearVat: string;
  differenceGross: string;
  vatPartOfDifference: string;
  isCheapest: boolean;
  sentence: string;
  /** Per school year, what has been spent up to and including it: formatted and as plain decimals (the chart's geometry). */
  cumulative: { net: string; vat: string; gross: string; rawNet: string; rawGross: string }[];
  raw: {
    net: string;
    vat: string;
    gross: string;
    perPupilPerYear: string;
    differenceGross: string;
    vatPartOfDifference: string;
  };
}

export interface TitleYearsOfUse {
  pupils: number;
  years: number;
  replacementShareBp: number;
  replacements: number;
  pricesIncludeVat: boolean;
  schoolYears: { index: number; orderDate: string }[];
  rows: YearsOfUseRow[];
}

type YearsSettings = { pupils: number; years: number; replacementShareBp: number };

/**
 * Over the years of use per title, settings, day, VAT schedule and the prices the buyer's lists
 * hold for the title's offers, under the catalogue's version (issue 13): the comparison is the same
 * for every view until one of those changes. Any change of a price, tier or contract list changes
 * the prices read on the view (they are part of the key), a title or offer change the version, an
 * added VAT rate the schedule held in memory; a new day is a new key. Bounded; least recently used
 * first out.
 */
const overYearsCache = new VersionedCache<TitleYearsOfUse>({ maxEntries: 2_000, maxWeight: 2_000, weigh: () => 1 });
onResetAppState(() => overYearsCache.clear());

/** Each VAT schedule read into memory gets a number (a reload is a new object, so a new number). */
const scheduleIds = new WeakMap<object, number>();
let lastScheduleId = 0;

async function overYearsKey(
  { loaded, version, book }: TitleReads,
  settings: YearsSettings,
  today: string,
  client: Client,
): Promise<string | null> {
  if (version === null || client !== db) return null;
  const schedule = await vatSchedule.get();
  let scheduleId = scheduleIds.get(schedule);
  if (scheduleId === undefined) scheduleIds.set(schedule, (scheduleId = ++lastScheduleId));
  return JSON.stringify([
    loaded.title.slug,
    scheduleId,
    today,
    settings.pupils,
    settings.years,
    settings.replacementShareBp,
    book.applicable,
    [...book.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
}

/**
 * A title's offers over the years of use (issue 14 §2): each active, priced offer as its own
 * choice — print bought once with replacements when it is reusable, every licence duration, the
 * combination — for `pupils` a year over `years` school years, from the school's lists and tiers
 * and the VAT rates by date (catalog/years-of-use.server.ts).
 */
async function titleOverYears(
  reads: TitleReads,
  buyer: Buyer,
  settings: YearsSettings,
  today: string,
  client: Client,
): Promise<TitleYearsOfUse> {
  const key = await overYearsKey(reads, settings, today, client);
  const cached = key === null ? undefined : overYearsCache.get(key, reads.version!);
  if (cached) return cached;
  const computed = await computeOverYears(reads, buyer, settings, today, client);
  if (key !== null) overYearsCache.set(key, reads.version!, computed);
  return computed;
}

async function computeOverYears(
  { loaded, book }: TitleReads,
  buyer: Buyer,
  settings: YearsSettings,
  today: string,
  client: Client,
): Promise<TitleYearsOfUse> {
  const options: YearsOfUseOption[] = loaded.title.offers.map((offer) => {
    const forPricing = loaded.offersForPricing.get(offer.id)!;
    const line = pricingLineFor(forPricing, 0, 1, offer.id);
    return {
      key: offer.id,
      label: offer.formatLabel,
      lines: [
        {
          id: offer.id,
          offerKey: offer.id,
          description: line.description,
          supply: line.supply,
          components: line.components,
          schedule: scheduleOfOffer({
            supply: forPricing.supply,
            components: forPricing.components,
            licenceMonths: offer.licenceMonths,
            reuseYears: offer.reuseYears,
          }),
          pupils: settings.pupils,
        },
      ],
    };
  });
  const share = shareOfBp(settings.replacementShareBp);
  const compared = await costOverYears(
    buyer,
    options,
    { years: settings.years, replacementShare: share },
    today,
    { pupils: settings.pupils, book },
    client,
  );
  const offerOf = new Map(loaded.title.offers.map((o) => [o.id, o]));
  const optionOf = new Map(options.map((o) => [o.key, o]));
  return {
    pupils: settings.pupils,
    years: settings.years,
    replacementShareBp: settings.replacementShareBp,
    replacements: replacementsOf(settings.pupils, share),
    pricesIncludeVat: compared.pricesIncludeVat,
    schoolYears: compared.schoolYears,
    rows: compared.options.map((o) => {
      const offer = offerOf.get(o.key)!;
      const perPupil = o.perPupilPerYear!;
      return {
        offerId: o.key,
        label: o.label,
        formatName: FORMAT_LABELS[offer.format] ?? offer.format,
        schedule: describeSchedule(optionOf.get(o.key)!.lines[0]!.schedule),
        quantities: o.years.map((y) => y.quantities[o.key] ?? 0),
        net: eur(o.totals.net),
        vat: eur(o.totals.vat),
        gross: eur(o.totals.gross),
        vatPerRate: o.vatPerRate.map((r) => ({
          rate: `${formatRate(r.vatRate)}%`,
          taxable: eur(r.taxable),
          vat: eur(r.vat),
        })),
        perPupilPerYear: eur(perPupil.gross),
        perPupilPerYearVat: eur(perPupil.vat),
        differenceGross: eur(o.differenceGross),
        vatPartOfDifference: eur(o.vatPartOfDifference),
        isCheapest: o.isCheapest,
        sentence: o.sentence,
        cumulative: o.years.map((y) => ({
          net: eur(y.cumulative.net),
          vat: eur(y.cumulative.vat),
          gross: eur(y.cumulative.gross),
          rawNet: y.cumulative.net.toFixed(2),
          rawGross: y.cumulative.gross.toFixed(2),
        })),
        raw: {
          net: o.totals.net.toFixed(2),
          vat: o.totals.vat.toFixed(2),
          gross: o.totals.gross.toFixed(2),
          perPupilPerYear: perPupil.gross.toFixed(2),
          differenceGross: o.differenceGross.toFixed(2),
          vatPartOfDifference: o.vatPartOfDifference.toFixed(2),
        },
      };
    }),
  };
}
