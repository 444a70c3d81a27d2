import { DomainError } from "~/modules/errors/domain-error";
export type MoneyErrorCode =
  | "NOT_A_STRING"
  | "EMPTY"
  | "NOT_A_NUMBER"
  | "TOO_MANY_DECIMALS"
  | "NEGATIVE"
  | "TOO_LARGE"
  | "NOT_WHOLE_CENTS"
  | "NOT_AN_INTEGER"
  | "INVALID_WEIGHTS";

/** A money value that cannot be used as given; `field` names the input it came from. */
export class MoneyError extends DomainError<MoneyErrorCode> {
  constructor(code: MoneyErrorCode, message: string, field?: string) {
    super(code, message, { field });
  }
}
