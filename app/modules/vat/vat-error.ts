import { DomainError } from "~/modules/errors/domain-error";
export type VatErrorCode = "NO_RATE" | "OVERLAPPING_RATES" | "INVALID_DATE" | "INVALID_RATE";

/** A VAT schedule that cannot answer the question asked of it. */
export class VatError extends DomainError<VatErrorCode> {
  readonly category: string | undefined;

  constructor(code: VatErrorCode, message: string, options: { field?: string; category?: string } = {}) {
    super(code, message, { field: options.field });
    this.category = options.category;
  }
}
