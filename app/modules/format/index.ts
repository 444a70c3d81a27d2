/**
 * Formatting for people (STYLE.md): one module, on Intl (nl-NL). File formats (UBL, CSV
 * "1234.56") are not here: they live with their format, named as such (invoices/format.ts).
 */
export { formatCents, formatEuro, formatUnitPriceE4 } from "./money";
export { formatNumber } from "./numbers";
export { plural } from "./plural";
// Dates for people: formatDate "1 december 2026" in text, formatDateShort "01-12-2026" in tables.
export { formatDate, formatDateShort, formatDateTimeShort, type DateLike } from "./dates";
