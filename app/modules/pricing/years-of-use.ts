/**
 * What a choice costs over the years a method is used (issue 14 §2), pure: no Remix, no Prisma.
 *
 * A school uses a method for some school years with about the same number of pupils each year.
 * How often it buys depends on what an offer is (`scheduleOfOffer`):
 *
 *   reusable print (a "leerboek")  bought for every pupil in the first year; each later year only
 *                                  the replacements, ceil(pupils × share); bought anew for
 *                                  every pupil when the copies' reuse period is over
 *   a licence of N months          bought for every pupil every floor(N / 12) school years
 *                                  (a 12-month licence every year, a 48-month one once per 4)
 *   a consumable (a workbook)      bought for every pupil every year
 *
 * Each school year is one order, priced by the engine (`priceDocument`) on that year's date with
 * the VAT rates in force then — a rate change inside the period applies from its date — and with
 * the unit price of the quantity tier that order reaches (tiers apply per order, on each offer's
 * quantity in it). Nothing is rounded here except the per-pupil-per-year figures (`roundCents`,
 * once, on the totals); every total is the exact sum of its school years.
 */
import { type Decimal, ZERO } from "../money/decimal";
import { roundCents } from "../money/round-cents";
import { addMonths } from "../calendar/iso-date";
import { formatEuro } from "../format";
import { offerCarriesLicence, type ComponentSupply, type Supply } from "../vat/supply";
import { type ShippingFor, priceWithShipping } from "./cart-what-if";
import { vatPartWording } from "./difference-wording";
import type { Breakdown, PricingComponentInput, PricingContext, PricingLineInput } from "./price-document";

/** How often an offer is bought over the years of use (see the header). */
export type UseSchedule =
  { kind: "reusable"; reuseYears: number } | { kind: "licence"; months: number } | { kind: "consumable" };

/**
 * The schedule of an offer: a licence (an electronic offer, or a bundle with a licence part) by
 * its duration; print with a reuse period as reusable; everything else as a consumable. A bundle
 * is bought whole, so its licence decides even when its book could be reused.
 */
export function scheduleOfOffer(offer: {
  supply: Supply;
  components?: readonly { supply: ComponentSupply }[];
  licenceMonths: number | null;
  reuseYears: number | null;
}): UseSchedule {
  if (offerCarriesLicence({ supply: offer.supply, components: offer.components ?? [] }) && offer.licenceMonths) {
    return { kind: "licence", months: offer.licenceMonths };
  }
  if (offer.reuseYears !== null && offer.reuseYears >= 1) return { kind: "reusable", reuseYears: offer.reuseYears };
  return { kind: "consumable" };
}

/** The copies replaced each year: ceil(pupils × share), never a fraction of a book. */
export function replacementsOf(pupils: number, share: Decimal): number {
  return share.times(pupils).ceil().toNumber();
}

/** How many of an offer are bought in school year `year` (1 = the first). */
export function quantityInYear(schedule: UseSchedule, year: number, pupils: number, replacements: number): number {
  switch (schedule.kind) {
    case "consumable":
      return pupils;
    case "reusable":
      return (year - 1) % schedule.reuseYears === 0 ? pupils : replacements;
    case "licence": {
      // A licence shorter than a school year is bought as often as it takes to cover one.
      const yearsCovered = Math.max(1, Math.floor(schedule.months / 12));
      const perYear = schedule.months >= 12 ? 1 : Math.ceil(12 / schedule.months);
      return (year - 1) % yearsCovered === 0 ? pupils * perYear : 0;
    }
  }
}

/** School year `index` (1 = the first) and the date its order is placed and priced on. */
export interface SchoolYear {
  index: number;
  orderDate: string;
}

/** The first year's order is placed on `firstOrderDate` (today), each later one a year after the one before. */
export function schoolYearsFrom(firstOrderDate: string, years: number): SchoolYear[] {
  return Array.from({ length: years }, (_, i) => ({ index: i + 1, orderDate: addMonths(firstOrderDate, 12 * i) }));
}

/** One offer in an option: what the engine needs of it besides its unit price and quantity. */
export interface YearsOfUseLine {
  /** The line's id in each year's document. */
  id: string;
  /** The offer: its tier is chosen on its quantity over all lines of that year's order. */
  offerKey: string;
  description?: string;
  supply: Supply;
  components?: PricingComponentInput[];
  schedule: UseSchedule;
  /** The quantity of a purchase for every pupil (the pupils this line serves). */
  pupils: number;
}

/** A choice to cost over the years: one offer (a title's print, licence, combination) or a whole cart. */
export interface YearsOfUseOption {
  key: string;
  label: string;
  lines: YearsOfUseLine[];
}

export interface YearsOfUseInput {
  options: readonly YearsOfUseOption[];
  pricesIncludeVat: boolean;
  years: number;
  /** 0 … 1: the share of reusable copies replaced each year. */
  replacementShare: Decimal;
  firstOrderDate: string;
  /** The unit price of an offer in an order with `quantity` of it (the school's list and tiers). */
  unitPriceFor: (offerKey: string, quantity: number) => Decimal;
  /** The VAT rates in force on a date and the supply mapping (vat-schedule's `ratesOn`). */
  contextOn: (date: string) => PricingContext;
  /** Shipping of each year's order: a fixed charge when something ships, or the shop's rule. */
  shipping?: Decimal | ShippingFor;
  /** Pupils per school year, for the per-pupil-per-year figures (absent: none). */
  pupils?: number;
}

export interface Money {
  net: Decimal;
  vat: Decimal;
  gross: Decimal;
}

/** Taxable amount and VAT at one rate. */
export interface RateAmount {
  vatRate: Decimal;
  taxable: Decimal;
  vat: Decimal;
}

export interface YearCost extends Money {
  year: SchoolYear;
  /** The quantity of each line bought that year (by line id; 0: nothing). */
  quantities: Record<string, number>;
  /** That year's order as priced; null when nothing is bought. */
  breakdown: Breakdown | null;
  vatPerRate: RateAmount[];
  /** Σ of this and every earlier year. */
  cumulative: Money;
}

export interface OptionCost {
  key: string;
  label: string;
  years: YearCost[];
  /** Σ of the years, exactly. */
  totals: Money;
  /** Σ per rate over the years, lowest rate first (a rate change gives both rates). */
  vatPerRate: RateAmount[];
  /** round(gross / (pupils × years)) and round(net / …), VAT the difference; null without pupils. */
  perPupilPerYear: Money | null;
  /** gross − gross of the cheapest option (0 for the cheapest). */
  differenceGross: Decimal;
  differenceNet: Decimal;
  /** (gross_a − gross_b) − (net_a − net_b): the part of the difference that is VAT. */
  vatPartOfDifference: Decimal;
  isCheapest: boolean;
  /** The difference in words (difference-wording.ts), as the one-order comparison says it. */
  sentence: string;
}

export interface YearsOfUseComparison {
  schoolYears: SchoolYear[];
  options: OptionCost[];
}

const sumMoney = (a: Money, b: Money): Money => ({
  net: a.net.plus(b.net),
  vat: a.vat.plus(b.vat),
  gross: a.gross.plus(b.gross),
});
const NO_MONEY: Money = { net: ZERO, vat: ZERO, gross: ZERO };

function addRates(into: Map<string, RateAmount>, amounts: readonly RateAmount[]): void {
  for (const a of amounts) {
    const key = a.vatRate.toString();
    const held = into.get(key);
    into.set(key, held ? { ...held, taxable: held.taxable.plus(a.taxable), vat: held.vat.plus(a.vat) } : { ...a });
  }
}

const byRate = (rates: Map<string, RateAmount>) => [...rates.values()].sort((a, b) => a.vatRate.comparedTo(b.vatRate));

/** What one option's order in school year `year` holds: each line's quantity and each offer's (its tier's basis). */
function orderOfYear(option: YearsOfUseOption, year: number, replacements: (pupils: number) => number) {
  const quantities: Record<string, number> = {};
  const perOffer = new Map<string, number>();
  for (const line of option.lines) {
    const quantity = quantityInYear(line.schedule, year, line.pupils, replacements(line.pupils));
    quantities[line.id] = quantity;
    if (quantity > 0) perOffer.set(line.offerKey, (perOffer.get(line.offerKey) ?? 0) + quantity);
  }
  return { quantities, perOffer };
}

/**
 * The quantities each offer's unit price will be asked for (`unitPriceFor`) over the period: the
 * caller reads those prices (with their tiers) before it compares.
 */
export function tierQuantitiesNeeded(
  options: readonly YearsOfUseOption[],
  years: number,
  replacementShare: Decimal,
): Map<string, Set<number>> {
  const needed = new Map<string, Set<number>>();
  const replacements = (pupils: number) => replacementsOf(pupils, replacementShare);
  for (const option of options) {
    for (let year = 1; year <= years; year++) {
      for (const [offerKey, quantity] of orderOfYear(option, year, replacements).perOffer) {
        let set = needed.get(offerKey);
        if (!set) needed.set(offerKey, (set = new Set()));
        set.add(quantity);
      }
    }
  }
  return needed;
}

/** One school year of one option: its order, priced on the year's date. */
function costOfYear(
  option: YearsOfUseOption,
  year: SchoolYear,
  input: YearsOfUseInput,
  replacements: (pupils: number) => number,
): Omit<YearCost, "cumulative"> {
  const { quantities, perOffer } = orderOfYear(option, year.index, replacements);
  const lines: PricingLineInput[] = option.lines
    .filter((line) => quantities[line.id]! > 0)
    .map((line) => ({
      id: line.id,
      description: line.description,
      supply: line.supply,
      components: line.components,
      unitPrice: input.unitPriceFor(line.offerKey, perOffer.get(line.offerKey)!),
      quantity: quantities[line.id]!,
    }));
  if (lines.length === 0) return { year, quantities, breakdown: null, vatPerRate: [], ...NO_MONEY };
  const breakdown = priceWithShipping(
    { pricesIncludeVat: input.pricesIncludeVat, lines },
    input.contextOn(year.orderDate),
    input.shipping,
  );
  return {
    year,
    quantities,
    breakdown,
    vatPerRate: breakdown.vatBreakdown.map((g) => ({ vatRate: g.vatRate, taxable: g.taxable, vat: g.vat })),
    ...breakdown.totals,
  };
}

/**
 * Costs each option over `years` school years (see the header) and compares them as the one-order
 * comparison does (DESIGN §3.8): the cheapest is the lowest total incl. VAT (among equals the first
 * listed), every other option's difference to it and the VAT part of that difference. With one
 * year and no replacements this is exactly `compareOffers` of the first year's documents.
 */
export function compareOverYears(input: YearsOfUseInput): YearsOfUseComparison {
  const schoolYears = schoolYearsFrom(input.firstOrderDate, input.years);
  const replacements = (pupils: number) => replacementsOf(pupils, input.replacementShare);
  const costed = input.options.map((option) => {
    let cumulative = NO_MONEY;
    const rates = new Map<string, RateAmount>();
    const years = schoolYears.map((year): YearCost => {
      const cost = costOfYear(option, year, input, replacements);
      cumulative = sumMoney(cumulative, cost);
      addRates(rates, cost.vatPerRate);
      return { ...cost, cumulative };
    });
    return { option, years, totals: cumulative, vatPerRate: byRate(rates) };
  });
  let cheapest = costed[0];
  for (const c of costed) if (cheapest && c.totals.gross.lt(cheapest.totals.gross)) cheapest = c;
  const base = cheapest?.totals ?? NO_MONEY;
  const pupilYears = input.pupils ? input.pupils * input.years : 0;
  const options = costed.map(({ option, years, totals, vatPerRate }): OptionCost => {
    const differenceGross = totals.gross.minus(base.gross);
    const differenceNet = totals.net.minus(base.net);
    const vatPartOfDifference = differenceGross.minus(differenceNet);
    return {
      key: option.key,
      label: option.label,
      years,
      totals,
      vatPerRate,
      perPupilPerYear: pupilYears > 0 ? perPupilPerYear(totals, pupilYears) : null,
      differenceGross,
      differenceNet,
      vatPartOfDifference,
      isCheapest: totals.gross.eq(base.gross),
      sentence: differenceGross.lte(0)
        ? "Dit is de goedkoopste keuze"
        : `${option.label} kost ${formatEuro(differenceGross)} meer${vatPartWording(differenceGross, vatPartOfDifference)}`,
    };
  });
  return { schoolYears, options };
}

/** Gross and net each rounded once to the cent (half away from zero); VAT is their difference, so the three add up. */
function perPupilPerYear(totals: Money, pupilYears: number): Money {
  const gross = roundCents(totals.gross.div(pupilYears));
  const net = roundCents(totals.net.div(pupilYears));
  return { net, vat: gross.minus(net), gross };
}

/** The schedule in words, for the comparison table: "herbruikbaar, 4 schooljaren", "elk jaar nieuw". */
export function describeSchedule(schedule: UseSchedule): string {
  switch (schedule.kind) {
    case "consumable":
      return "verbruik: elk schooljaar nieuw";
    case "reusable":
      return `herbruikbaar: een exemplaar gaat ${schedule.reuseYears === 1 ? "1 schooljaar" : `${schedule.reuseYears} schooljaren`} mee`;
    case "licence": {
      const years = Math.floor(schedule.months / 12);
      if (years <= 1) return `licentie van ${schedule.months} maanden: elk schooljaar nieuw`;
      return `licentie van ${schedule.months} maanden: elke ${years} schooljaren nieuw`;
    }
  }
}
