export {
  COMPONENT_SUPPLIES,
  DEFAULT_SUPPLY_CATEGORY,
  SUPPLIES,
  VAT_CATEGORIES,
  formatFromSupply,
  isComponentSupply,
  isSupply,
  isVatCategory,
  type ComponentSupply,
  type OfferFormat,
  type Supply,
  type VatCategory,
} from "./supply";
export { VatError, type VatErrorCode } from "./vat-error";
export { dayBefore, isIsoDate, todayInAmsterdam } from "./iso-date";
export {
  DEFAULT_VAT_RATES,
  NEEDED_CATEGORIES,
  ratesOn,
  validateNewRate,
  type ValidateNewRateResult,
  type VatRateRow,
} from "./vat-schedule";
export { formatRate } from "./format-rate";
export { MAX_QUOTE_LINES, parseQuoteRequest, parseQuoteRequestText, type QuoteRequest } from "./quote-request";
export { toQuoteResponse, type QuoteResponse } from "./quote-response";
