/**
 * The pricing engine: DESIGN §3 for one document, in named steps.
 *
 *   validatePricingInput   every rule a document must meet (below)
 *   priceLines             §3.1 line amounts, §3.2 bundle parts, summed per supply and rate
 *   groupByRate            the rates in use, lowest first
 *   allowancesPerRate      §3.3 one allowance per rate
 *   shippingCharges        §3.4 shipping over the rates of what ships
 *   vatPerRate             §3.5 / §3.6 VAT per rate over the document, totals
 *
 * Money steps run on safe integers (cents, ten-thousandths, 10^-n shares) while every value
 * fits and fall back to exact Decimal arithmetic otherwise; both paths of a step sit in one
 * small function and give identical results (the reference and property tests hold them to it).
 *
 * Who validates what: the engine owns the rules of a document — at least one line, ids,
 * quantities, unit prices (not negative, at most 4 decimals), supplies, bundle components and
 * shares that sum to exactly 1, discount 0 … 100 and shipping in whole cents. They are checked
 * once, in `validatePricingInput`, which returns a `ValidPricingInput`. `priceDocument` runs it
 * at its entry; `priceValidatedDocument` trusts an input that has already been through it. The
 * quote API's parser (quote-request.ts) owns only the wire format (JSON types, amount and share
 * strings, text lengths, the line and component limits, unique line ids, the date), hands the
 * result to `validatePricingInput` and lets the route price it with `priceValidatedDocument`.
 */
import DecimalJs from "decimal.js";
import { allocateSafeIntegers, allocateUnchecked } from "../money/allocate";
import { Decimal, HUNDRED, ONE, ZERO, toDecimal } from "../money/decimal";
import { roundCents } from "../money/round-cents";
import {
  COMPONENT_SUPPLIES,
  type ComponentSupply,
  DEFAULT_SUPPLY_CATEGORY,
  type Supply,
  type VatCategory,
  isComponentSupply,
  isComposite,
  isShippable,
  isSupply,
} from "../vat/supply";
import { type VatContext } from "../vat/vat-schedule";
import { PricingError } from "./pricing-error";
import { MAX_SAFE, centsToDecimal, roundScaledToCents, toScaledSafe } from "./scaled-decimal";

export interface PricingComponentInput {
  supply: ComponentSupply;
  /** Share of the bundle's price; the shares of a bundle sum to exactly 1. */
  share: Decimal;
  description?: string;
}

export interface PricingLineInput {
  id: string;
  description?: string;
  supply: Supply;
  /** In the document's mode (net or gross), up to 4 decimals, not negative. */
  unitPrice: Decimal;
  /** A positive safe integer. */
  quantity: number;
  /** Required for (and only for) a bundle. */
  components?: PricingComponentInput[];
}

export interface PricingInput {
  pricesIncludeVat: boolean;
  lines: PricingLineInput[];
  /** 0 … 100, up to 4 decimals. */
  discountPercent?: Decimal;
  /** In the document's mode, whole cents. */
  shipping?: Decimal;
}

/** The rates in force on the document's date and the supply → category mapping (see vat/vat-schedule). */
export type PricingContext = VatContext;

export interface BreakdownPart {
  supply: ComponentSupply;
  category: VatCategory;
  vatRate: Decimal;
  /** In the document's mode. */
  amount: Decimal;
  /** Net share of the part: the amount itself for net documents, derived by largest remainder for gross ones. */
  net: Decimal;
  description?: string;
}

export interface BreakdownLine {
  id: string;
  description?: string;
  supply: Supply;
  quantity: number;
  unitPrice: Decimal;
  /** round(unitPrice × quantity), in the document's mode. */
  amount: Decimal;
  parts: BreakdownPart[];
}

export interface RateGroup {
  vatRate: Decimal;
  category: VatCategory;
  /** Σ part amounts at this rate, in the document's mode. */
  linesAmount: Decimal;
  allowance: Decimal;
  charge: Decimal;
  taxable: Decimal;
  vat: Decimal;
  gross: Decimal;
  /** Net of the lines: Σ part.net at this rate. */
  linesNet: Decimal;
  allowanceNet: Decimal;
  chargeNet: Decimal;
}

export interface BreakdownAllowance {
  vatRate: Decimal;
  category: VatCategory;
  amount: Decimal;
}

export interface BreakdownCharge {
  kind: "shipping";
  vatRate: Decimal;
  category: VatCategory;
  amount: Decimal;
}

export interface Breakdown {
  pricesIncludeVat: boolean;
  lines: BreakdownLine[];
  allowances: BreakdownAllowance[];
  charges: BreakdownCharge[];
  /** Sorted by rate, lowest first. */
  vatBreakdown: RateGroup[];
  totals: { net: Decimal; vat: Decimal; gross: Decimal };
}

declare const validated: unique symbol;
/** A `PricingInput` that `validatePricingInput` accepted (amounts in the shop's Decimal). */
export type ValidPricingInput = PricingInput & { readonly [validated]: true };

/** Accumulator for one VAT rate value (two categories with the same percent share one). */
interface RateSlot {
  vatRate: Decimal;
  /**
   * Whether `parts` and `partCents` are kept: only gross documents need them, to spread a rate's
   * net over its parts (§3.6). A net document skips them — on a large document they were two
   * arrays as long as the document, grown and written for nothing.
   */
  collectParts: boolean;
  parts: BreakdownPart[];
  supplies: ComponentSupply[];
  /** 100 + rate, for the "uit inclusief" divisions. */
  rateBase: Decimal;
  /** Each part's amount in integer cents, parallel to `parts`, while every one is a safe integer. */
  partCents: number[];
  partCentsSum: number;
  partCentsExact: boolean;
}

interface SupplySlot {
  supply: ComponentSupply;
  category: VatCategory;
  rate: Decimal | undefined;
  slot: RateSlot | undefined;
  /** Σ part amounts of this supply: integer cents while safe, the rest in Decimal. */
  sumCents: number;
  sumOverflow: Decimal;
  present: boolean;
}

/** The parts of one rate group, with what the later steps add to it. */
interface Group {
  slot: RateSlot;
  category: VatCategory;
  linesAmount: Decimal;
  /** Σ amounts of the parts that ship (DESIGN §3.4). */
  shippable: Decimal;
  hasShippable: boolean;
  allowance: Decimal;
  charge: Decimal;
}

const MAX_PRICE_DECIMALS = 4;

function fail(code: ConstructorParameters<typeof PricingError>[0], message: string, field: string): never {
  throw new PricingError(code, message, field);
}

/** Field path of a line's input, built only when reporting an error. */
function linePath(index: number, path: string): string {
  return `lines[${index}]${path}`;
}

// ---------------------------------------------------------------------------------------------
// Validation: every rule, once.

function checkPrice(
  value: unknown,
  field: string,
  maxDecimals: number,
  what: string,
  code: "INVALID_PRICE" | "INVALID_DISCOUNT" | "INVALID_SHIPPING" = "INVALID_PRICE",
): Decimal {
  let price: Decimal;
  if (value instanceof Decimal) price = value;
  else if (DecimalJs.isDecimal(value)) price = toDecimal(value as Decimal);
  else fail(code, `${what} must be a decimal amount.`, field);
  if (!price.isFinite()) fail(code, `${what} must be a finite amount.`, field);
  if (price.isNegative() && !price.isZero()) fail(code, `${what} must not be negative.`, field);
  if (price.decimalPlaces() > maxDecimals) fail(code, `${what} has more than ${maxDecimals} decimals.`, field);
  return price;
}

/** The unit price in the shop's Decimal; a shop Decimal that is a safe number of ten-thousandths is valid as it is. */
function checkUnitPrice(unitPrice: Decimal, index: number): Decimal {
  if (unitPrice instanceof Decimal && toScaledSafe(unitPrice, MAX_PRICE_DECIMALS) >= 0) return unitPrice;
  if (
    !(unitPrice instanceof Decimal) ||
    !unitPrice.isFinite() ||
    unitPrice.isNegative() ||
    unitPrice.decimalPlaces() > MAX_PRICE_DECIMALS
  ) {
    return checkPrice(unitPrice, linePath(index, ".unitPrice"), MAX_PRICE_DECIMALS, "The unit price");
  }
  return unitPrice;
}

/** Whether the shares sum to exactly 1: on integers of 10^-scale when they fit, else in Decimal. */
function sharesSumToOne(components: readonly PricingComponentInput[]): boolean {
  let scale = 0;
  for (const component of components) scale = Math.max(scale, component.share.decimalPlaces());
  if (scale <= 15) {
    let scaledSum = 0;
    for (const component of components) {
      const value = toScaledSafe(component.share, scale);
      scaledSum = value < 0 || scaledSum < 0 ? -1 : scaledSum + value;
    }
    if (scaledSum >= 0 && scaledSum <= MAX_SAFE) return scaledSum === 10 ** scale;
  }
  return shareSum(components).eq(ONE);
}

function shareSum(components: readonly PricingComponentInput[]): Decimal {
  let sum = ZERO;
  for (const component of components) sum = sum.plus(component.share);
  return sum;
}

function checkComponents(line: PricingLineInput, index: number): void {
  const components = line.components;
  if (!Array.isArray(components) || components.length === 0) {
    fail(
      "BUNDLE_COMPONENTS",
      "A bundle needs a list of components, each with a supply and a share.",
      linePath(index, ".components"),
    );
  }
  for (let c = 0; c < components.length; c++) {
    const component = components[c];
    if (!isComponentSupply(component.supply)) {
      fail(
        "INVALID_SUPPLY",
        'A component\'s supply must be "physical", "electronic" or "goods".',
        linePath(index, `.components[${c}].supply`),
      );
    }
    const share = component.share;
    if (!DecimalJs.isDecimal(share) || !share.isFinite() || share.isNegative()) {
      fail(
        "BUNDLE_SHARES",
        "Each component share must be a decimal of at least 0.",
        linePath(index, `.components[${c}].share`),
      );
    }
  }
  if (!sharesSumToOne(components)) {
    fail(
      "BUNDLE_SHARES",
      `The component shares add up to ${shareSum(components).toFixed()}; they must add up to exactly 1.`,
      linePath(index, ".components"),
    );
  }
}

/** The line as the engine prices it (the same object unless its unit price had to be converted). */
function checkLine(line: PricingLineInput, index: number): PricingLineInput {
  if (typeof line.id !== "string" || line.id.length === 0)
    fail("INVALID_ID", "Every line needs an id.", linePath(index, ".id"));
  const quantity = line.quantity;
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    fail("INVALID_QUANTITY", "Quantity must be a whole number of at least 1.", linePath(index, ".quantity"));
  }
  const unitPrice = checkUnitPrice(line.unitPrice, index);
  const supply: unknown = line.supply;
  if (isSupply(supply) && isComposite(supply)) {
    checkComponents(line, index);
  } else {
    if (line.components !== undefined && line.components.length > 0) {
      fail("BUNDLE_COMPONENTS", "Only a bundle has components.", linePath(index, ".components"));
    }
    if (!isSupply(supply)) {
      fail(
        "INVALID_SUPPLY",
        'Supply must be "physical", "electronic", "goods" or "bundle".',
        linePath(index, ".supply"),
      );
    }
  }
  return unitPrice === line.unitPrice ? line : { ...line, unitPrice };
}

/**
 * Checks every rule of a document (see the file header) and returns it ready for
 * `priceValidatedDocument`: unit prices, discount and shipping in the shop's Decimal. Rounds
 * nothing. Throws `PricingError` with the field path of the first problem found.
 */
export function validatePricingInput(input: PricingInput): ValidPricingInput {
  const valid = checkDocument(input);
  let lines = valid.lines;
  for (let index = 0; index < lines.length; index++) {
    const line = checkLine(lines[index], index);
    if (line !== lines[index]) {
      if (lines === input.lines) lines = [...lines];
      lines[index] = line;
    }
  }
  valid.lines = lines;
  return valid as ValidPricingInput;
}

/** The document-wide rules; the lines are checked one by one by `checkLine`. */
function checkDocument(input: PricingInput): PricingInput {
  const lineInputs = input.lines;
  if (!Array.isArray(lineInputs) || lineInputs.length === 0) {
    fail("NO_LINES", "A document needs at least one line.", "lines");
  }
  const valid = { pricesIncludeVat: input.pricesIncludeVat === true, lines: lineInputs } as PricingInput;
  if (input.discountPercent !== undefined) {
    const percent = checkPrice(
      input.discountPercent,
      "discountPercent",
      4,
      "The discount percentage",
      "INVALID_DISCOUNT",
    );
    if (percent.gt(HUNDRED))
      fail("INVALID_DISCOUNT", "Discount percentage must be between 0 and 100.", "discountPercent");
    valid.discountPercent = percent;
  }
  if (input.shipping !== undefined) {
    valid.shipping = checkPrice(input.shipping, "shipping", 2, "Shipping", "INVALID_SHIPPING");
  }
  return valid;
}

// ---------------------------------------------------------------------------------------------
// Line amounts and bundle parts (DESIGN §3.1, §3.2).

function buildSupplySlots(ctx: PricingContext, collectParts: boolean): Record<ComponentSupply, SupplySlot> {
  const mapping = ctx.supplyCategory ?? DEFAULT_SUPPLY_CATEGORY;
  const slotsByRate = new Map<string, RateSlot>();
  const result = {} as Record<ComponentSupply, SupplySlot>;
  for (const supply of COMPONENT_SUPPLIES) {
    const category = mapping[supply];
    const given = ctx.rates.get(category);
    let rate: Decimal | undefined;
    let slot: RateSlot | undefined;
    if (given !== undefined) {
      rate = toDecimal(given);
      const key = rate.toFixed();
      slot = slotsByRate.get(key);
      if (slot === undefined) {
        slot = {
          vatRate: rate,
          collectParts,
          parts: [],
          supplies: [],
          rateBase: HUNDRED.plus(rate),
          partCents: [],
          partCentsSum: 0,
          partCentsExact: true,
        };
        slotsByRate.set(key, slot);
      }
      slot.supplies.push(supply);
    }
    result[supply] = { supply, category, rate, slot, sumCents: 0, sumOverflow: ZERO, present: false };
  }
  return result;
}

function addPart(
  target: SupplySlot,
  amount: Decimal,
  /** `amount` in integer cents, or -1 when it was computed on the Decimal path. */
  cents: number,
  description: string | undefined,
): BreakdownPart {
  const slot = target.slot;
  if (slot === undefined) {
    fail(
      "NO_RATE",
      `No ${target.category} VAT rate (for ${target.supply} supplies) is in force on the document's date.`,
      "date",
    );
  }
  const part: BreakdownPart = {
    supply: target.supply,
    category: target.category,
    vatRate: slot.vatRate,
    amount,
    net: amount,
  };
  if (description !== undefined) part.description = description;
  if (cents >= 0 && target.sumCents + cents <= MAX_SAFE) target.sumCents += cents;
  else target.sumOverflow = target.sumOverflow.plus(amount);
  target.present = true;
  if (!slot.collectParts) return part;
  slot.parts.push(part);
  if (slot.partCentsExact) {
    if (cents >= 0 && slot.partCentsSum + cents <= MAX_SAFE) {
      slot.partCents.push(cents);
      slot.partCentsSum += cents;
    } else {
      slot.partCentsExact = false;
    }
  }
  return part;
}

/**
 * DESIGN §3.1 on integers: round(unit price × quantity) in cents, half away from zero, when the
 * price in ten-thousandths times the quantity is an exact safe integer; -1 otherwise.
 */
function lineCents(unitPrice: Decimal, quantity: number): number {
  const priceE4 = toScaledSafe(unitPrice, MAX_PRICE_DECIMALS);
  return priceE4 >= 0 && priceE4 * quantity <= MAX_SAFE - 50 ? roundScaledToCents(priceE4 * quantity, 100) : -1;
}

/** DESIGN §3.2 on integers: the bundle's cents allocated over its shares (as 10^-scale units); null when they do not fit. */
function splitCents(cents: number, components: readonly PricingComponentInput[]): number[] | null {
  const count = components.length;
  let scale = 0;
  for (let c = 0; c < count; c++) scale = Math.max(scale, components[c].share.decimalPlaces());
  if (scale > 15) return null;
  const scaled: number[] = new Array(count);
  let scaledSum = 0;
  for (let c = 0; c < count; c++) {
    const value = toScaledSafe(components[c].share, scale);
    scaled[c] = value;
    scaledSum = value < 0 || scaledSum < 0 ? -1 : scaledSum + value;
  }
  if (scaledSum < 0 || scaledSum > MAX_SAFE) return null;
  return allocateSafeIntegers(cents, scaled, scaledSum, scaled) ? scaled : null;
}

function bundleParts(
  supplies: Record<ComponentSupply, SupplySlot>,
  components: readonly PricingComponentInput[],
  amount: Decimal,
  cents: number,
): BreakdownPart[] {
  const count = components.length;
  const parts = new Array<BreakdownPart>(count);
  const split = cents >= 0 ? splitCents(cents, components) : null;
  if (split !== null) {
    for (let c = 0; c < count; c++) {
      const component = components[c];
      parts[c] = addPart(supplies[component.supply], centsToDecimal(split[c]), split[c], component.description);
    }
  } else {
    const decimals = allocateUnchecked(
      amount,
      components.map((component) => component.share),
    );
    for (let c = 0; c < count; c++) {
      parts[c] = addPart(supplies[components[c].supply], decimals[c], -1, components[c].description);
    }
  }
  return parts;
}

/** Each line's amount and parts, added to the running sums of its supplies and rates. */
function priceLines(
  lineInputs: readonly PricingLineInput[],
  supplies: Record<ComponentSupply, SupplySlot>,
  /** Whether each line still has to pass `checkLine` (done here, so the lines are read once). */
  check: boolean,
): BreakdownLine[] {
  const lines: BreakdownLine[] = new Array(lineInputs.length);
  for (let index = 0; index < lineInputs.length; index++) {
    const line = check ? checkLine(lineInputs[index], index) : lineInputs[index];
    const { supply, quantity, unitPrice } = line;
    const cents = lineCents(unitPrice, quantity);
    const amount = cents >= 0 ? centsToDecimal(cents) : roundCents(unitPrice.times(quantity));
    const parts = isComposite(supply)
      ? bundleParts(supplies, line.components!, amount, cents)
      : [addPart(supplies[supply as ComponentSupply], amount, cents, undefined)];
    const result: BreakdownLine = { id: line.id, supply, quantity, unitPrice, amount, parts };
    if (line.description !== undefined) result.description = line.description;
    lines[index] = result;
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Rate groups, allowances, shipping, VAT (DESIGN §3.3 – §3.7).

/**
 * Rate groups in use, lowest rate first. A group's category is that of the first supply (in
 * the fixed order of COMPONENT_SUPPLIES) present at that rate, so the result does not depend on
 * the order of the lines.
 */
function groupByRate(supplies: Record<ComponentSupply, SupplySlot>): Group[] {
  const groupsBySlot = new Map<RateSlot, Group>();
  for (const supply of COMPONENT_SUPPLIES) {
    const entry = supplies[supply];
    if (!entry.present || entry.slot === undefined) continue;
    let group = groupsBySlot.get(entry.slot);
    if (group === undefined) {
      group = {
        slot: entry.slot,
        category: entry.category,
        linesAmount: ZERO,
        shippable: ZERO,
        hasShippable: false,
        allowance: ZERO,
        charge: ZERO,
      };
      groupsBySlot.set(entry.slot, group);
    }
    const sum = centsToDecimal(entry.sumCents).plus(entry.sumOverflow);
    group.linesAmount = group.linesAmount.plus(sum);
    if (isShippable(supply)) {
      group.shippable = group.shippable.plus(sum);
      group.hasShippable = true;
    }
  }
  return [...groupsBySlot.values()].sort((a, b) => a.slot.vatRate.cmp(b.slot.vatRate));
}

/** DESIGN §3.3: one allowance per rate, round(rate amount × percent / 100). */
function allowancesPerRate(groups: readonly Group[], discountPercent: Decimal | undefined): BreakdownAllowance[] {
  const allowances: BreakdownAllowance[] = [];
  if (discountPercent === undefined || discountPercent.isZero()) return allowances;
  const factor = discountPercent.div(HUNDRED);
  for (const group of groups) {
    group.allowance = roundCents(group.linesAmount.times(factor));
    if (!group.allowance.isZero()) {
      allowances.push({ vatRate: group.slot.vatRate, category: group.category, amount: group.allowance });
    }
  }
  return allowances;
}

/**
 * DESIGN §3.4: ancillary costs follow the main supply — shipping is spread over the rates of
 * the parts that ship (lowest rate first), weighted by their amounts; refused when nothing ships.
 */
function shippingCharges(groups: readonly Group[], shipping: Decimal | undefined): BreakdownCharge[] {
  const charges: BreakdownCharge[] = [];
  if (shipping === undefined || shipping.isZero()) return charges;
  const shipped = groups.filter((group) => group.hasShippable);
  if (shipped.length === 0) {
    fail(
      "SHIPPING_WITHOUT_GOODS",
      "Shipping can only be charged when the document contains physical items or goods.",
      "shipping",
    );
  }
  const split = allocateUnchecked(
    shipping,
    shipped.map((group) => group.shippable),
  );
  shipped.forEach((group, i) => {
    group.charge = split[i];
    if (!split[i].isZero()) {
      charges.push({ kind: "shipping", vatRate: group.slot.vatRate, category: group.category, amount: split[i] });
    }
  });
  return charges;
}

/**
 * Spreads a rate's lines net over its parts by largest remainder, weighted by the
 * part amounts (DESIGN §3.6); on integer cents when everything is a safe integer.
 */
function spreadNets(slot: RateSlot, linesNet: Decimal): void {
  const parts = slot.parts;
  const count = parts.length;
  if (count === 1) {
    parts[0].net = linesNet;
    return;
  }
  const netCents = slot.partCentsExact && slot.partCentsSum > 0 ? toScaledSafe(linesNet.abs(), 2) : -1;
  if (netCents >= 0) {
    const out: number[] = new Array(count);
    if (allocateSafeIntegers(netCents, slot.partCents, slot.partCentsSum, out)) {
      const sign = linesNet.isNegative() ? -1 : 1;
      for (let i = 0; i < count; i++) parts[i].net = centsToDecimal(sign * out[i]);
      return;
    }
  }
  const weights: Decimal[] = new Array(count);
  for (let i = 0; i < count; i++) weights[i] = parts[i].amount;
  const nets = allocateUnchecked(linesNet, weights);
  for (let i = 0; i < count; i++) parts[i].net = nets[i];
}

/** DESIGN §3.5 (net documents) or §3.6 (gross documents) for one rate group. */
function vatOfGroup(group: Group, inclusive: boolean): RateGroup {
  const { vatRate, rateBase } = group.slot;
  const base = group.linesAmount.minus(group.allowance).plus(group.charge);
  let taxable: Decimal;
  let vat: Decimal;
  let linesNet: Decimal;
  let allowanceNet: Decimal;
  let chargeNet: Decimal;
  if (!inclusive) {
    // DESIGN §3.5: VAT = round(taxable × rate / 100), per rate over the document.
    taxable = base;
    vat = roundCents(taxable.times(vatRate).div(HUNDRED));
    linesNet = group.linesAmount;
    allowanceNet = group.allowance;
    chargeNet = group.charge;
  } else {
    // DESIGN §3.6: "uit inclusief" — VAT = round(G × rate / (100 + rate)), net = G − VAT.
    vat = roundCents(base.times(vatRate).div(rateBase));
    taxable = base.minus(vat);
    allowanceNet = group.allowance.isZero() ? ZERO : roundCents(group.allowance.times(HUNDRED).div(rateBase));
    chargeNet = group.charge.isZero() ? ZERO : roundCents(group.charge.times(HUNDRED).div(rateBase));
    linesNet = taxable.plus(allowanceNet).minus(chargeNet);
    // Line nets are derived and spread by largest remainder so that they sum to the rate's net.
    spreadNets(group.slot, linesNet);
  }
  return {
    vatRate,
    category: group.category,
    linesAmount: group.linesAmount,
    allowance: group.allowance,
    charge: group.charge,
    taxable,
    vat,
    gross: taxable.plus(vat),
    linesNet,
    allowanceNet,
    chargeNet,
  };
}

/** VAT per rate over the document (EN 16931 BR-CO-17) and the totals of DESIGN §3.7. */
function vatPerRate(groups: readonly Group[], inclusive: boolean): Pick<Breakdown, "vatBreakdown" | "totals"> {
  const vatBreakdown: RateGroup[] = [];
  let totalNet = ZERO;
  let totalVat = ZERO;
  for (const group of groups) {
    const rateGroup = vatOfGroup(group, inclusive);
    totalNet = totalNet.plus(rateGroup.taxable);
    totalVat = totalVat.plus(rateGroup.vat);
    vatBreakdown.push(rateGroup);
  }
  return { vatBreakdown, totals: { net: totalNet, vat: totalVat, gross: totalNet.plus(totalVat) } };
}

// ---------------------------------------------------------------------------------------------
// Entry points.

/**
 * Prices a document that `validatePricingInput` accepted, by DESIGN §3. Rounding happens only
 * at the named points, each through `roundCents` (half away from zero): the line amount
 * round(unitPrice × quantity); a bundle's parts and the shipping charges by largest-remainder
 * allocation (exact cents, no rounding); one allowance per rate, round(rate amount × percent /
 * 100); per rate the VAT, round(taxable × rate / 100) for net documents or round(G × rate /
 * (100 + rate)) for gross ones (EN 16931 BR-CO-17: VAT per rate over the document, never summed
 * from lines); for gross documents the allowance and charge nets, round(x × 100 / (100 + rate)),
 * after which the lines' net is spread over their parts by largest remainder. Throws
 * `PricingError` NO_RATE (field `date`) when a supply's category has no rate in `ctx`, and
 * SHIPPING_WITHOUT_GOODS when shipping is charged on a document of which nothing ships.
 */
export function priceValidatedDocument(input: ValidPricingInput, ctx: PricingContext): Breakdown {
  return price(input, ctx, false);
}

function price(input: PricingInput, ctx: PricingContext, checkLines: boolean): Breakdown {
  const supplies = buildSupplySlots(ctx, Boolean(input.pricesIncludeVat));
  const lines = priceLines(input.lines, supplies, checkLines);
  const groups = groupByRate(supplies);
  const allowances = allowancesPerRate(groups, input.discountPercent);
  const charges = shippingCharges(groups, input.shipping);
  const { vatBreakdown, totals } = vatPerRate(groups, input.pricesIncludeVat);
  return { pricesIncludeVat: input.pricesIncludeVat, lines, allowances, charges, vatBreakdown, totals };
}

/**
 * Validates (`validatePricingInput`) and prices (`priceValidatedDocument`) a document by
 * DESIGN §3; rounds as `priceValidatedDocument` states. Throws `PricingError` with the field
 * path of the first problem found.
 */
export function priceDocument(input: PricingInput, ctx: PricingContext): Breakdown {
  // The same rules as validatePricingInput: the document's first, each line's as it is priced.
  return price(checkDocument(input), ctx, true);
}
