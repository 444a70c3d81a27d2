/**
 * The one shape every form action answers with (STYLE.md, "Routes": one action-result shape).
 *
 * - `result` is conform's `SubmissionResult` from `submission.reply()`: the field errors, the
 *   form-level error (under the key ""), and the values as sent, so that a form rendered without
 *   JavaScript comes back with its fields kept. Pass it to `useForm({ lastResult })`.
 * - `success` is a message for a status region ("Opgeslagen."), when the page stays put.
 * - `outcome` is what a successful action hands the page beyond a message (a created id, the
 *   confirmation step to show), or the code of a refusal a caller branches on (`formFailed`'s
 *   `outcome`: the order code's reason); typed per route.
 *
 * Actions build it through app/modules/forms/answer.server.ts (`formInvalid`, `formFailed`,
 * `formDone`, `domainErrorAnswer`), never by hand. The HTTP status travels beside it (`data()`):
 * 400 for input to correct, the DomainError's status for a refusal, 200 for success.
 */
import type { SubmissionResult } from "@conform-to/react";

export interface ActionResult<Outcome = never> {
  result: SubmissionResult<string[]>;
  success?: string;
  outcome?: Outcome;
}

/** The form-level error of a result (conform keeps it under the empty key). */
export function formErrorOf(result: SubmissionResult<string[]> | undefined): string | undefined {
  return result?.error?.[""]?.[0];
}

/** The first error of one field of a result. */
export function fieldErrorOf(result: SubmissionResult<string[]> | undefined, name: string): string | undefined {
  return result?.error?.[name]?.[0];
}
