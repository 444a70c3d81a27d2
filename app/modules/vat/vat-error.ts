export type VatErrorCode = "NO_RATE" | "OVERLAPPING_RATES" | "INVALID_DATE" | "INVALID_RATE";

/** A VAT schedule that cannot answer the question asked of it. */
export class VatError extends Error {
  readonly code: VatErrorCode;
  readonly field: string | undefined;
  readonly category: string | undefined;

  constructor(code: VatErrorCode, message: string, options: { field?: string; category?: string } = {}) {
    super(message);
    this.name = "VatError";
    this.code = code;
    this.field = options.field;
    this.category = options.category;
  }
}
