import { fromCents } from "./cents";
import { formatEuro } from "./format-euro";

/** Integer cents from storage → "€ 1.234,56". */
export function formatCents(cents: number): string {
  return formatEuro(fromCents(cents));
}
