export {
  priceDocument,
  priceValidatedDocument,
  validatePricingInput,
  type ValidPricingInput,
  type Breakdown,
  type BreakdownAllowance,
  type BreakdownCharge,
  type BreakdownLine,
  type BreakdownPart,
  type PricingComponentInput,
  type PricingContext,
  type PricingInput,
  type PricingLineInput,
  type RateGroup,
} from "./price-document";
export { PricingError, type PricingErrorCode } from "./pricing-error";
export { compareOffers, describeDifference, type OfferComparisonRow, type OfferOption } from "./compare-offers";
export {
  cartWhatIf,
  type CartDifference,
  type CartScenario,
  type CartScenarioKey,
  type CartWhatIf,
  type CartWhatIfInput,
  type CartWhatIfLine,
  type ShippingFor,
} from "./cart-what-if";
export { MAX_QUOTE_LINES, parseQuoteRequest, parseQuoteRequestText, type QuoteRequest } from "./quote-request";
export { toQuoteResponse, type QuoteResponse } from "./quote-response";
