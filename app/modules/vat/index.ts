export {
  COMPONENT_SUPPLIES,
  DEFAULT_SUPPLY_CATEGORY,
  SUPPLIES,
  SUPPLY_TRAITS,
  VAT_CATEGORIES,
  carriesLicence,
  formatFromSupply,
  holdsStock,
  isComponentSupply,
  isComposite,
  isShippable,
  isSupply,
  isVatCategory,
  offerCarriesLicence,
  offerHoldsStock,
  offerShips,
  stockRequired,
  type ComponentSupply,
  type OfferFormat,
  type Supply,
  type SupplyMix,
  type SupplyTraits,
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
  type VatContext,
  type VatRateRow,
} from "./vat-schedule";
export { formatRate } from "./format-rate";
