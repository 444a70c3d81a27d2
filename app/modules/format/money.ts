import { Decimal } from "~/modules/money/decimal";
import { fromCents, fromE4 } from "~/modules/money/cents";
import { roundCents } from "~/modules/money/round-cents";

// Intl.NumberFormat formats a decimal STRING exactly (Node 20+): no JS float ever sees an amount.
const EURO_DIGITS = new Intl.NumberFormat("nl-NL", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: "negative",
});
const UNIT_PRICE_DIGITS = new Intl.NumberFormat("nl-NL", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
  signDisplay: "negative",
});

/**
 * An amount for people, the Dutch way: "€ 1.234,56", negative "€ -1.234,56". An amount with
 * fractions of a cent is rounded with `roundCents` (half away from zero) first; nothing else
 * rounds.
 */
export function formatEuro(value: Decimal): string {
  return `€ ${EURO_DIGITS.format(roundCents(value).toFixed(2) as `${number}`)}`;
}

/** Integer cents from storage → "€ 1.234,56" (exact). */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`cents must be a safe integer, got ${String(cents)}`);
  return formatEuro(fromCents(cents));
}

/**
 * A unit price in ten-thousandths (unit prices carry up to 4 decimals, DESIGN §3) → "€ 1.250,00",
 * "€ 17,495", "€ 12,3456": 2 to 4 decimals, exact, nothing rounded.
 */
export function formatUnitPriceE4(e4: number): string {
  return `€ ${UNIT_PRICE_DIGITS.format(fromE4(e4).toFixed(4) as `${number}`)}`;
}
