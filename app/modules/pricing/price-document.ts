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

/** Accumulator for one VAT rate value (two categories with the same percent share one). */
interface RateSlot {
  vatRate: Decimal;
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

const SHIPPABLE: Readonly<Record<ComponentSupply, boolean>> = { physical: true, goods: true, electronic: false };
const MAX_PRICE_DECIMALS = 4;

function fail(code: ConstructorParameters<typeof PricingError>[0], message: string, field: string): never {
  throw new PricingError(code, message, field);
}

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

function failShares(components: readonly PricingComponentInput[], index: number): never {
  let shareSum = ZERO;
  for (const component of components) shareSum = shareSum.plus(component.share);
  fail("BUNDLE_SHARES", `The component shares add up to ${shareSum.toFixed()}, not exactly 1.`, linePath(index, ".components"));
}

/** Field path of a line's input, built only when reporting an error. */
function linePath(index: number, path: string): string {
  return `lines[${index}]${path}`;
}

/** A comparison chain instead of an object lookup: no prototype key ("toString") can match. */
function slotOf(
  supply: unknown,
  physical: SupplySlot,
  electronic: SupplySlot,
  goods: SupplySlot,
): SupplySlot | undefined {
  return supply === "physical" ? physical : supply === "electronic" ? electronic : supply === "goods" ? goods : undefined;
}

function buildSupplySlots(ctx: PricingContext): Record<ComponentSupply, SupplySlot> {
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
  slot.parts.push(part);
  if (cents >= 0 && target.sumCents + cents <= MAX_SAFE) target.sumCents += cents;
  else target.sumOverflow = target.sumOverflow.plus(amount);
  target.present = true;
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

/**
 * Prices a document by DESIGN §3. Rounding happens only at the named points,
 * each through `roundCents` (half away from zero): the line amount
 * round(unitPrice × quantity); a bundle's parts and the shipping charges by
 * largest-remainder allocation (exact cents, no rounding); one allowance per
 * rate, round(rate amount × percent / 100); per rate the VAT, round(taxable ×
 * rate / 100) for net documents or round(G × rate / (100 + rate)) for gross ones
 * (EN 16931 BR-CO-17: VAT per rate over the document, never summed from lines);
 * for gross documents the allowance and charge nets, round(x × 100 / (100 + rate)),
 * after which the lines' net is spread over their parts by largest remainder.
 * Throws `PricingError` with the field path of the first problem found.
 */
export function priceDocument(input: PricingInput, ctx: PricingContext): Breakdown {
  const inclusive = input.pricesIncludeVat === true;
  const lineInputs = input.lines;
  if (!Array.isArray(lineInputs) || lineInputs.length === 0) {
    fail("NO_LINES", "A document needs at least one line.", "lines");
  }

  let discountFactor: Decimal | null = null;
  if (input.discountPercent !== undefined) {
    const percent = checkPrice(input.discountPercent, "discountPercent", 4, "The discount percentage", "INVALID_DISCOUNT");
    if (percent.gt(HUNDRED)) fail("INVALID_DISCOUNT", "The discount percentage must be between 0 and 100.", "discountPercent");
    if (!percent.isZero()) discountFactor = percent.div(HUNDRED);
  }
  let shipping: Decimal | null = null;
  if (input.shipping !== undefined) {
    const amount = checkPrice(input.shipping, "shipping", 2, "Shipping", "INVALID_SHIPPING");
    if (!amount.isZero()) shipping = amount;
  }

  const supplies = buildSupplySlots(ctx);
  const physical = supplies.physical;
  const electronic = supplies.electronic;
  const goods = supplies.goods;
  const lines: BreakdownLine[] = new Array(lineInputs.length);

  for (let index = 0; index < lineInputs.length; index++) {
    const line = lineInputs[index];
    if (typeof line.id !== "string" || line.id.length === 0) fail("INVALID_ID", "Every line needs an id.", linePath(index, ".id"));
    const quantity = line.quantity;
    if (!Number.isSafeInteger(quantity) || quantity <= 0) {
      fail("INVALID_QUANTITY", "Quantity must be a whole number of at least 1.", linePath(index, ".quantity"));
    }
    let unitPrice = line.unitPrice;
    // A shop Decimal that is a safe whole number of ten-thousandths is finite, not negative
    // and has at most 4 decimals: valid, and ready for the integer path.
    let priceE4 = unitPrice instanceof Decimal ? toScaledSafe(unitPrice, MAX_PRICE_DECIMALS) : -1;
    if (priceE4 < 0) {
      if (!(unitPrice instanceof Decimal) || !unitPrice.isFinite() || unitPrice.isNegative() ||
          unitPrice.decimalPlaces() > MAX_PRICE_DECIMALS) {
        unitPrice = checkPrice(unitPrice, linePath(index, ".unitPrice"), MAX_PRICE_DECIMALS, "The unit price");
      }
      priceE4 = toScaledSafe(unitPrice, MAX_PRICE_DECIMALS);
    }
    // DESIGN §3.1: line amount = round(unit price × quantity), in the document's mode.
    // Fast path: the unit price in ten-thousandths times the quantity is an exact safe
    // integer, rounded to cents half away from zero on integers; otherwise Decimal.
    let cents = -1;
    let amount: Decimal;
    if (priceE4 >= 0 && priceE4 * quantity <= MAX_SAFE - 50) {
      cents = roundScaledToCents(priceE4 * quantity, 100);
      amount = centsToDecimal(cents);
    } else {
      amount = roundCents(unitPrice.times(quantity));
    }
    let parts: BreakdownPart[];
    const supply = line.supply;
    if (supply === "bundle") {
      const components = line.components;
      if (!Array.isArray(components) || components.length === 0) {
        fail("BUNDLE_COMPONENTS", "A bundle needs at least one component.", linePath(index, ".components"));
      }
      const count = components.length;
      let scale = 0;
      for (let c = 0; c < count; c++) {
        const component = components[c];
        if (slotOf(component.supply, physical, electronic, goods) === undefined) {
          fail("INVALID_SUPPLY", "A bundle component must be physical, electronic or goods.", linePath(index, `.components[${c}].supply`));
        }
        const share = component.share;
        if (!DecimalJs.isDecimal(share) || !share.isFinite() || share.isNegative()) {
          fail("BUNDLE_SHARES", "Each component share must be a decimal of at least 0.", linePath(index, `.components[${c}].share`));
        }
        const places = share.decimalPlaces();
        if (places > scale) scale = places;
      }
      // The shares as integers of 10^-scale: they sum to exactly 1 when their sum is 10^scale.
      let split: number[] | null = null;
      let sharesChecked = false;
      if (cents >= 0 && scale <= 15) {
        const scaled: number[] = new Array(count);
        let scaledSum = 0;
        for (let c = 0; c < count; c++) {
          const value = toScaledSafe(components[c].share, scale);
          scaled[c] = value;
          scaledSum = value < 0 || scaledSum < 0 ? -1 : scaledSum + value;
        }
        if (scaledSum >= 0 && scaledSum <= MAX_SAFE) {
          sharesChecked = true;
          if (scaledSum !== 10 ** scale) failShares(components, index);
          // DESIGN §3.2: the bundle's amount is allocated over its component shares.
          if (allocateSafeIntegers(cents, scaled, scaledSum, scaled)) split = scaled;
        }
      }
      if (!sharesChecked) {
        let shareSum = ZERO;
        for (let c = 0; c < count; c++) shareSum = shareSum.plus(components[c].share);
        if (!shareSum.eq(ONE)) failShares(components, index);
      }
      parts = new Array<BreakdownPart>(count);
      if (split !== null) {
        for (let c = 0; c < count; c++) {
          parts[c] = addPart(slotOf(components[c].supply, physical, electronic, goods)!, centsToDecimal(split[c]), split[c],
            components[c].description);
        }
      } else {
        const shares: Decimal[] = components.map((component) => component.share);
        const decimals = allocateUnchecked(amount, shares);
        for (let c = 0; c < count; c++) {
          parts[c] = addPart(slotOf(components[c].supply, physical, electronic, goods)!, decimals[c], -1, components[c].description);
        }
      }
    } else {
      if (line.components !== undefined && line.components.length > 0) {
        fail("BUNDLE_COMPONENTS", "Only a bundle has components.", linePath(index, ".components"));
      }
      const target = slotOf(supply, physical, electronic, goods);
      if (target === undefined) {
        fail("INVALID_SUPPLY", "Supply must be physical, electronic, goods or bundle.", linePath(index, ".supply"));
      }
      parts = [addPart(target, amount, cents, undefined)];
    }
    const result: BreakdownLine = { id: line.id, supply, quantity, unitPrice, amount, parts };
    if (line.description !== undefined) result.description = line.description;
    lines[index] = result;
  }

  // Rate groups in use, lowest rate first. A group's category is that of the first
  // supply (in the fixed order physical, electronic, goods) present at that rate,
  // so the result does not depend on the order of the lines.
  interface Group {
    slot: RateSlot;
    category: VatCategory;
    linesAmount: Decimal;
    shippable: Decimal;
    hasShippable: boolean;
    allowance: Decimal;
    charge: Decimal;
  }
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
    if (SHIPPABLE[supply]) {
      group.shippable = group.shippable.plus(sum);
      group.hasShippable = true;
    }
  }
  const groups = [...groupsBySlot.values()].sort((a, b) => a.slot.vatRate.cmp(b.slot.vatRate));

  // DESIGN §3.3: one allowance per rate.
  const allowances: BreakdownAllowance[] = [];
  if (discountFactor !== null) {
    for (const group of groups) {
      group.allowance = roundCents(group.linesAmount.times(discountFactor));
      if (!group.allowance.isZero()) {
        allowances.push({ vatRate: group.slot.vatRate, category: group.category, amount: group.allowance });
      }
    }
  }

  // DESIGN §3.4: ancillary costs follow the main supply — shipping is spread over the
  // rates of the physical and goods parts (lowest rate first), weighted by their amounts.
  const charges: BreakdownCharge[] = [];
  if (shipping !== null) {
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
  }

  const vatBreakdown: RateGroup[] = [];
  let totalNet = ZERO;
  let totalVat = ZERO;
  for (const group of groups) {
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
    const gross = taxable.plus(vat);
    totalNet = totalNet.plus(taxable);
    totalVat = totalVat.plus(vat);
    vatBreakdown.push({
      vatRate,
      category: group.category,
      linesAmount: group.linesAmount,
      allowance: group.allowance,
      charge: group.charge,
      taxable,
      vat,
      gross,
      linesNet,
      allowanceNet,
      chargeNet,
    });
  }

  return {
    pricesIncludeVat: inclusive,
    lines,
    allowances,
    charges,
    vatBreakdown,
    totals: { net: totalNet, vat: totalVat, gross: totalNet.plus(totalVat) },
  };
}
