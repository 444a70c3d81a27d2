/**
 * The cart's what-if over the years of use (issue 14 §2, "over 4 schooljaren"): the cart as chosen,
 * all print and all digital (DESIGN §3.8), each costed over the school years by `compareOverYears`
 * — every line's quantity is the pupils it serves — and each scenario's difference to the cart as
 * chosen, worded as the cart's one-order what-if words it. Pure; nothing is rounded here.
 */
import type { Decimal } from "../money/decimal";
import { describeCartDifference, type CartDifference, type CartScenarioKey } from "./cart-what-if";
import type { Money, YearsOfUseComparison, YearsOfUseLine, YearsOfUseOption } from "./years-of-use";

export interface CartYearsLine {
  chosen: YearsOfUseLine;
  printAlternative?: YearsOfUseLine;
  digitalAlternative?: YearsOfUseLine;
}

const LABELS: Record<CartScenarioKey, string> = {
  chosen: "Zoals gekozen",
  allPrint: "Alles op papier",
  allDigital: "Alles digitaal",
};

/** The three scenarios as options for `compareOverYears` (a line without an alternative stays as chosen). */
export function cartScenarioOptions(lines: readonly CartYearsLine[]): YearsOfUseOption[] {
  return [
    { key: "chosen", label: LABELS.chosen, lines: lines.map((l) => l.chosen) },
    { key: "allPrint", label: LABELS.allPrint, lines: lines.map((l) => l.printAlternative ?? l.chosen) },
    { key: "allDigital", label: LABELS.allDigital, lines: lines.map((l) => l.digitalAlternative ?? l.chosen) },
  ];
}

export interface CartScenarioOverYears {
  key: CartScenarioKey;
  label: string;
  totals: Money;
  /** This scenario minus the cart as chosen, over the whole period. */
  difference: CartDifference;
  sentence: string;
}

/** Each scenario's totals over the period and its difference to the cart as chosen. */
export function cartScenariosOverYears(comparison: YearsOfUseComparison): CartScenarioOverYears[] {
  const chosen = comparison.options.find((o) => o.key === "chosen");
  if (!chosen) return [];
  const minus = (a: Decimal, b: Decimal) => a.minus(b);
  return comparison.options.map((o) => {
    const net = minus(o.totals.net, chosen.totals.net);
    const vat = minus(o.totals.vat, chosen.totals.vat);
    const gross = minus(o.totals.gross, chosen.totals.gross);
    const difference = { net, vat, gross, vatPart: gross.minus(net) };
    return {
      key: o.key as CartScenarioKey,
      label: o.label,
      totals: o.totals,
      difference,
      sentence: describeCartDifference(difference),
    };
  });
}
