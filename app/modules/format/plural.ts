import { formatNumber } from "./numbers";

/**
 * A count with its noun in the right number, for people: `plural(1, "factuur", "facturen")` →
 * "1 factuur", `plural(2, …)` → "2 facturen", `plural(0, …)` → "0 facturen" (Dutch takes the plural
 * for zero), with thousands separators ("10.000 stuks"). The caller names both forms: Dutch
 * plurals are not one rule ("creditnota's", "licenties", "stuks").
 */
export function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
