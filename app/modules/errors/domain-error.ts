/**
 * The one base of every expected failure in the domain (STYLE.md, "Domain code"): a code the
 * program branches on, a Dutch message a person can act on, the form field it belongs to when
 * there is one, and the HTTP status a route answers with. Routes never catch error classes one by
 * one: `domainErrorAnswer` (app/modules/forms/domain-error-answer.ts) turns any DomainError into
 * the form's action result, a JSON body or a page response.
 *
 * A status of 500 marks a failure that is ours, not the user's (a document that does not add up,
 * a missing configuration): routes let those through to the error boundary, unless the error is
 * `shownToUser` (a payment provider that cannot be reached: its message tells the payer what to do).
 *
 * Pure: imports nothing, so the pure modules (money, vat, pricing) may extend it.
 */
export interface DomainErrorOptions {
  /** The input the error is about (a form field name, or a path such as `lines[1].quantity`). */
  field?: string;
  /** HTTP status of the answer; 400 unless the code says otherwise. */
  status?: number;
  /** A status of 500 or more answered like a refusal (its message on the form) instead of thrown. */
  shownToUser?: boolean;
}

export class DomainError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly field: string | undefined;
  readonly status: number;
  readonly shownToUser: boolean;

  constructor(code: Code, message: string, options: DomainErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
    this.status = options.status ?? 400;
    this.shownToUser = options.shownToUser ?? false;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
