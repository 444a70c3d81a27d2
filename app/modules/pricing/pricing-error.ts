import { DomainError } from "~/modules/errors/domain-error";
export type PricingErrorCode =
  | "MALFORMED_JSON"
  | "INVALID_REQUEST"
  | "INVALID_DATE"
  | "NO_LINES"
  | "TOO_MANY_LINES"
  | "INVALID_ID"
  | "DUPLICATE_ID"
  | "INVALID_SUPPLY"
  | "INVALID_QUANTITY"
  | "INVALID_PRICE"
  | "BUNDLE_COMPONENTS"
  | "BUNDLE_SHARES"
  | "INVALID_DISCOUNT"
  | "INVALID_SHIPPING"
  | "SHIPPING_WITHOUT_GOODS"
  | "NO_RATE";

/**
 * A document that cannot be priced as given. `message` is plain English a
 * person can act on; `field` is the input path, e.g. `lines[1].components`.
 */
export class PricingError extends DomainError<PricingErrorCode> {
  declare readonly field: string;

  constructor(code: PricingErrorCode, message: string, field: string) {
    super(code, message, { field });
  }
}
