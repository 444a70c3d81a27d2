/**
 * The rates the site footer names, read from the VAT schedule in the database (rates are data,
 * DESIGN.md §2): the rate in force today for printed material and for digital licences.
 */
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { formatRate } from "./format-rate";
import { loadVatRatesOn } from "./vat-schedule.server";

export interface FooterRates {
  /** printed material (supply "physical"), e.g. "6" */
  physical: string;
  /** digital licences (supply "electronic"), e.g. "21" */
  electronic: string;
}

/**
 * The rates in force today, written the Dutch way ("6", "21", "9,5"). Null when the schedule has
 * no rate for today or cannot be read: the footer then names none rather than a wrong one.
 */
export async function footerRates(today = todayInAmsterdam()): Promise<FooterRates | null> {
  try {
    const context = await loadVatRatesOn(today);
    const rateOf = (supply: "physical" | "electronic") => {
      const category = context.supplyCategory?.[supply];
      const rate = category ? context.rates.get(category) : undefined;
      return rate ? formatRate(rate).replace(".", ",") : null;
    };
    const physical = rateOf("physical");
    const electronic = rateOf("electronic");
    return physical && electronic ? { physical, electronic } : null;
  } catch {
    return null;
  }
}
