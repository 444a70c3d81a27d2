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
 * A breakdown keeps no object per line (issue 13 §5, decision 010): the steps write every line's
 * and part's amount — and for gross documents each part's net — as integer cents into typed arrays
 * (`LineFigures`, Decimals only where a value took the Decimal path), and `breakdown.lines` is built
 * from them, with the same Decimals, when a caller first reads it. The lines then read the priced
 * input's ids, descriptions, quantities and unit prices: an input must not be changed after it was
 * priced (none is; every caller builds a fresh one).
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
  /** Built from the engine's figures on first read, then held (see the file header). */
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
  /** Bit i set: COMPONENT_SUPPLIES[i] is priced at this rate (finds the rate's parts in `LineFigures`). */
  supplyMask: number;
  /** 100 + rate, for the "uit inclusief" divisions. */
  rateBase: Decimal;
  /** How many parts are priced at this rate. */
  partCount: number;
  /** Σ the parts' amounts in integer cents, while every one is a safe integer and so is the sum. */
  partCentsSum: number;
  partCentsExact: boolean;
}

interface SupplySlot {
  supply: ComponentSupply;
  /** Position in COMPONENT_SUPPLIES, as `LineFigures` stores a part's supply. */
  index: number;
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

/**
 * Every line's and part's figures, off the JS heap: amounts as integer cents in typed arrays, with
 * NaN where a value was computed on the Decimal path (that Decimal then sits in a sparse map, kept
 * exactly as computed). A breakdown holds this, not an object per line: on a document of 100,000
 * lines, per-line objects were what made the engine grow superlinearly (every kept object is copied
 * by V8's scavenges until promoted; decision 010). The `lines` of a breakdown are built from it when
 * a caller first reads them (`defineLazyLines`), identical to what was computed.
 */
class LineFigures {
  /** Each line's amount in cents (NaN: in `lineDecimals`). */
  readonly lineCents: Float64Array;
  lineDecimals: Map<number, Decimal> | undefined;
  partCount = 0;
  /** Each part's amount in cents (NaN: in `partDecimals`), in the order of the lines and their components. */
  partCents: Float64Array;
  /** Each part's supply, as its index in COMPONENT_SUPPLIES. */
  partSupply: Uint8Array;
  partDecimals: Map<number, Decimal> | undefined;
  /** Gross documents: each part's net in cents (NaN: in `netDecimals`); net documents have none (net = amount). */
  netCents: Float64Array | undefined;
  netDecimals: Map<number, Decimal> | undefined;

  constructor(readonly lineCount: number) {
    this.lineCents = new Float64Array(lineCount);
    // Most lines have one part; a bundle more. The arrays grow when they fill up.
    const capacity = lineCount + (lineCount >> 1) + 4;
    this.partCents = new Float64Array(capacity);
    this.partSupply = new Uint8Array(capacity);
  }

  /** Stores line `index`'s amount: `cents` ≥ 0 from the integer path, else the Decimal `amount`. */
  setLine(index: number, cents: number, amount: Decimal | undefined): void {
    if (cents >= 0) this.lineCents[index] = cents;
    else {
      this.lineCents[index] = NaN;
      (this.lineDecimals ??= new Map()).set(index, amount!);
    }
  }

  /** Appends a part: `cents` ≥ 0 from the integer path, else the Decimal `amount`. */
  addPart(supplyIndex: number, cents: number, amount: Decimal | undefined): void {
    const index = this.partCount;
    if (index === this.partCents.length) {
      const cents = new Float64Array(index * 2);
      cents.set(this.partCents);
      this.partCents = cents;
      const supplies = new Uint8Array(index * 2);
      supplies.set(this.partSupply);
      this.partSupply = supplies;
    }
    this.partSupply[index] = supplyIndex;
    if (cents >= 0) this.partCents[index] = cents;
    else {
      this.partCents[index] = NaN;
      (this.partDecimals ??= new Map()).set(index, amount!);
    }
    this.partCount = index + 1;
  }

  lineAmount(index: number): Decimal {
    const cents = this.lineCents[index];
    return cents === cents ? centsToDecimal(cents) : this.lineDecimals!.get(index)!;
  }

  partAmount(index: number): Decimal {
    const cents = this.partCents[index];
    return cents === cents ? centsToDecimal(cents) : this.partDecimals!.get(index)!;
  }

  /** The part's net; `amount` is the part's amount, which is its net in a net document. */
  partNet(index: number, amount: Decimal): Decimal {
    const nets = this.netCents;
    if (nets === undefined) return amount;
    const cents = nets[index];
    return cents === cents ? centsToDecimal(cents) : this.netDecimals!.get(index)!;
  }

  setNetDecimal(index: number, net: Decimal): void {
    this.netCents![index] = NaN;
    (this.netDecimals ??= new Map()).set(index, net);
  }

  /** Indices of the parts priced at `slot`'s rate, in document order. */
  partsAt(slot: RateSlot): Int32Array {
    const indices = new Int32Array(slot.partCount);
    const supplies = this.partSupply;
    const mask = slot.supplyMask;
    for (let index = 0, found = 0; index < this.partCount; index++) {
      if ((mask >> supplies[index]) & 1) indices[found++] = index;
    }
    return indices;
  }
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

function buildSupplySlots(ctx: PricingContext): Record<ComponentSupply, SupplySlot> {
  const mapping = ctx.supplyCategory ?? DEFAULT_SUPPLY_CATEGORY;
  const slotsByRate = new Map<string, RateSlot>();
  const result = {} as Record<ComponentSupply, SupplySlot>;
  for (let index = 0; index < COMPONENT_SUPPLIES.length; index++) {
    const supply = COMPONENT_SUPPLIES[index];
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
          supplyMask: 0,
          rateBase: HUNDRED.plus(rate),
          partCount: 0,
          partCentsSum: 0,
          partCentsExact: true,
        };
        slotsByRate.set(key, slot);
      }
      slot.supplyMask |= 1 << index;
    }
    result[supply] = { supply, index, category, rate, slot, sumCents: 0, sumOverflow: ZERO, present: false };
  }
  return result;
}

function addPart(
  target: SupplySlot,
  figures: LineFigures,
  /** The part's amount in integer cents, or -1 when it was computed on the Decimal path … */
  cents: number,
  /** … as this Decimal (undefined on the integer path). */
  amount: Decimal | undefined,
): void {
  const slot = target.slot;
  if (slot === undefined) {
    fail(
      "NO_RATE",
      `No ${target.category} VAT rate (for ${target.supply} supplies) is in force on the document's date.`,
      "date",
    );
  }
  figures.addPart(target.index, cents, amount);
  if (cents >= 0 && target.sumCents + cents <= MAX_SAFE) target.sumCents += cents;
  else target.sumOverflow = target.sumOverflow.plus(amount ?? centsToDecimal(cents));
  target.present = true;
  slot.partCount++;
  if (slot.partCentsExact) {
    if (cents >= 0 && slot.partCentsSum + cents <= MAX_SAFE) slot.partCentsSum += cents;
    else slot.partCentsExact = false;
  }
}

/**
 * DESIGN §3.1 on integers: round(unit price × quantity) in cents, half away from zero, when the
 * price in ten-thousandths times the quantity is an exact safe integer; -1 otherwise.
 */
function lineCents(unitPrice: Decimal, quantity: number): number {
  const priceE4 = toScaledSafe(unitPrice, MAX_PRICE_DECIMALS);
  return priceE4 >= 0 && priceE4 * quantity <= MAX_SAFE - 50 ? roundScaledToCents(priceE4 * quantity, 100) : -1;
}

/** Scratch arrays for `splitCents`, one per component count (reused: the engine is synchronous). */
const splitScratch: number[][] = [];

/**
 * DESIGN §3.2 on integers: the bundle's cents allocated over its shares (as 10^-scale units); null
 * when they do not fit. The result is a scratch array, valid until the next call.
 */
function splitCents(cents: number, components: readonly PricingComponentInput[]): number[] | null {
  const count = components.length;
  let scale = 0;
  for (let c = 0; c < count; c++) scale = Math.max(scale, components[c].share.decimalPlaces());
  if (scale > 15) return null;
  const scaled = count < 16 ? (splitScratch[count] ??= new Array<number>(count).fill(0)) : new Array<number>(count);
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
  figures: LineFigures,
  components: readonly PricingComponentInput[],
  cents: number,
  amount: Decimal | undefined,
): void {
  const count = components.length;
  const split = cents >= 0 ? splitCents(cents, components) : null;
  if (split !== null) {
    for (let c = 0; c < count; c++) addPart(supplies[components[c].supply], figures, split[c], undefined);
  } else {
    const decimals = allocateUnchecked(
      amount ?? centsToDecimal(cents),
      components.map((component) => component.share),
    );
    for (let c = 0; c < count; c++) addPart(supplies[components[c].supply], figures, -1, decimals[c]);
  }
}

/**
 * Each line's amount and parts into `figures`, added to the running sums of its supplies and
 * rates. Returns the lines as priced: `lineInputs` itself, or a copy where `checkLine` converted a
 * unit price.
 */
function priceLines(
  lineInputs: readonly PricingLineInput[],
  supplies: Record<ComponentSupply, SupplySlot>,
  figures: LineFigures,
  /** Whether each line still has to pass `checkLine` (done here, so the lines are read once). */
  check: boolean,
): readonly PricingLineInput[] {
  let priced = lineInputs;
  for (let index = 0; index < figures.lineCount; index++) {
    const input = lineInputs[index];
    const line = check ? checkLine(input, index) : input;
    if (line !== input) {
      if (priced === lineInputs) priced = lineInputs.slice(0, figures.lineCount);
      (priced as PricingLineInput[])[index] = line;
    }
    const { supply, quantity, unitPrice } = line;
    const cents = lineCents(unitPrice, quantity);
    const amount = cents >= 0 ? undefined : roundCents(unitPrice.times(quantity));
    figures.setLine(index, cents, amount);
    if (isComposite(supply)) bundleParts(supplies, figures, line.components!, cents, amount);
    else addPart(supplies[supply as ComponentSupply], figures, cents, amount);
  }
  return priced;
}

/**
 * The breakdown's lines, built from `figures` and the lines as priced: the same objects, amounts
 * and Decimals (in value and form) the engine computed.
 */
function buildLines(
  figures: LineFigures,
  lineInputs: readonly PricingLineInput[],
  supplies: Record<ComponentSupply, SupplySlot>,
): BreakdownLine[] {
  const lines = new Array<BreakdownLine>(figures.lineCount);
  const part = (index: number, amount: Decimal, description: string | undefined): BreakdownPart => {
    const target = supplies[COMPONENT_SUPPLIES[figures.partSupply[index]]];
    const result: BreakdownPart = {
      supply: target.supply,
      category: target.category,
      vatRate: target.slot!.vatRate,
      amount,
      net: figures.partNet(index, amount),
    };
    if (description !== undefined) result.description = description;
    return result;
  };
  let partIndex = 0;
  for (let index = 0; index < lines.length; index++) {
    const input = lineInputs[index];
    const { id, supply, quantity, unitPrice } = input;
    const amount = figures.lineAmount(index);
    let parts: BreakdownPart[];
    if (isComposite(supply)) {
      const components = input.components!;
      parts = new Array<BreakdownPart>(components.length);
      for (let c = 0; c < components.length; c++, partIndex++) {
        parts[c] = part(partIndex, figures.partAmount(partIndex), components[c].description);
      }
    } else {
      // A line of one part: the part's amount is the line's (the same Decimal, as computed).
      parts = [part(partIndex++, amount, undefined)];
    }
    const line: BreakdownLine = { id, supply, quantity, unitPrice, amount, parts };
    if (input.description !== undefined) line.description = input.description;
    lines[index] = line;
  }
  return lines;
}

/**
 * Makes `breakdown.lines` an own, enumerable property that builds the lines from `figures` on first
 * read and then holds them as a plain data property (spread, JSON and equality see the lines as
 * before). A caller that never reads them — a total, a VAT summary, a bench — never pays for them.
 */
function defineLazyLines(
  breakdown: Breakdown,
  figures: LineFigures,
  lineInputs: readonly PricingLineInput[],
  supplies: Record<ComponentSupply, SupplySlot>,
): void {
  const hold = (target: Breakdown, lines: BreakdownLine[]) =>
    Object.defineProperty(target, "lines", { value: lines, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(breakdown, "lines", {
    get(this: Breakdown) {
      const lines = buildLines(figures, lineInputs, supplies);
      hold(this, lines);
      return lines;
    },
    set(this: Breakdown, lines: BreakdownLine[]) {
      hold(this, lines);
    },
    enumerable: true,
    configurable: true,
  });
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
function spreadNets(slot: RateSlot, linesNet: Decimal, figures: LineFigures): void {
  const indices = figures.partsAt(slot);
  const count = indices.length;
  if (count === 1) {
    figures.setNetDecimal(indices[0], linesNet);
    return;
  }
  const netCents = slot.partCentsExact && slot.partCentsSum > 0 ? toScaledSafe(linesNet.abs(), 2) : -1;
  if (netCents >= 0) {
    const weights = new Float64Array(count);
    for (let i = 0; i < count; i++) weights[i] = figures.partCents[indices[i]];
    const out: number[] = new Array<number>(count).fill(0);
    if (allocateSafeIntegers(netCents, weights, slot.partCentsSum, out)) {
      const sign = linesNet.isNegative() ? -1 : 1;
      const nets = figures.netCents!;
      for (let i = 0; i < count; i++) nets[indices[i]] = sign * out[i];
      return;
    }
  }
  const weights: Decimal[] = new Array<Decimal>(count);
  for (let i = 0; i < count; i++) weights[i] = figures.partAmount(indices[i]);
  const nets = allocateUnchecked(linesNet, weights);
  for (let i = 0; i < count; i++) figures.setNetDecimal(indices[i], nets[i]);
}

/** DESIGN §3.5 (net documents) or §3.6 (gross documents) for one rate group. */
function vatOfGroup(group: Group, inclusive: boolean, figures: LineFigures): RateGroup {
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
    spreadNets(group.slot, linesNet, figures);
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
function vatPerRate(
  groups: readonly Group[],
  inclusive: boolean,
  figures: LineFigures,
): Pick<Breakdown, "vatBreakdown" | "totals"> {
  const vatBreakdown: RateGroup[] = [];
  let totalNet = ZERO;
  let totalVat = ZERO;
  for (const group of groups) {
    const rateGroup = vatOfGroup(group, inclusive, figures);
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
  const supplies = buildSupplySlots(ctx);
  const figures = new LineFigures(input.lines.length);
  const pricedLines = priceLines(input.lines, supplies, figures, checkLines);
  const groups = groupByRate(supplies);
  const allowances = allowancesPerRate(groups, input.discountPercent);
  const charges = shippingCharges(groups, input.shipping);
  if (input.pricesIncludeVat) figures.netCents = new Float64Array(figures.partCount);
  const { vatBreakdown, totals } = vatPerRate(groups, input.pricesIncludeVat, figures);
  const breakdown: Breakdown = {
    pricesIncludeVat: input.pricesIncludeVat,
    lines: [],
    allowances,
    charges,
    vatBreakdown,
    totals,
  };
  defineLazyLines(breakdown, figures, pricedLines, supplies);
  return breakdown;
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
