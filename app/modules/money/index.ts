export { Decimal, toDecimal, ZERO, ONE, HUNDRED, type DecimalValue } from "./decimal";
export { MoneyError, type MoneyErrorCode } from "./money-error";
export { roundCents } from "./round-cents";
export { parseAmount, type ParseAmountOptions } from "./parse-amount";
export { allocate } from "./allocate";
export { toCents, fromCents, toE4, fromE4 } from "./cents";
