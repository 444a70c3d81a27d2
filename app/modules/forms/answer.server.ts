/**
 * Building the one action-result shape (./action-result.ts) and the one answer to a DomainError.
 * Routes call these and nothing else to answer a form post or an API request with a failure.
 */
import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import { DomainError } from "~/modules/errors/domain-error";
import type { ActionResult } from "./action-result";
import { conformName, type FieldMessages } from "./validated";

// Any conform submission, whatever its schema: the answer only needs its reply().
type AnySubmission = Pick<Submission<unknown>, "reply">;

interface ReplyOptions {
  /** Fields never echoed back into the page (passwords). */
  hideFields?: string[];
  status?: number;
}

/** The submission did not pass its schema: its errors and values go back to the form (400). */
export function formInvalid(submission: AnySubmission, options: ReplyOptions = {}) {
  return data<ActionResult>(
    { result: submission.reply({ hideFields: options.hideFields }) },
    { status: options.status ?? 400 },
  );
}

/**
 * The input passed its schema but the action refuses it: a form-level message, or a message on
 * one field (`field`), with the values kept; `outcome` names the refusal when the page or a caller
 * branches on more than the message (the order code's reason).
 */
export function formFailed<Outcome = never>(
  submission: AnySubmission,
  message: string,
  options: ReplyOptions & { field?: string; outcome?: Outcome } = {},
) {
  const result = options.field
    ? submission.reply({ fieldErrors: { [options.field]: [message] }, hideFields: options.hideFields })
    : submission.reply({ formErrors: [message], hideFields: options.hideFields });
  const body: ActionResult<Outcome> = { result };
  if (options.outcome !== undefined) body.outcome = options.outcome;
  return data(body, { status: options.status ?? 400 });
}

/**
 * The input passed its schema but a module refused it with messages per field (a pure validator's
 * or a database check's: "this BRIN code is taken"): each message on its field, dotted keys
 * (`tiers.0.unitPrice`) named as conform names them, `rename` for a form whose field names differ
 * from the module's, and form-level messages beside them (a rule about the whole form).
 */
export function formRefused(
  submission: AnySubmission,
  messages: FieldMessages,
  options: ReplyOptions & { formErrors?: string[]; rename?: Record<string, string> } = {},
) {
  const fieldErrors = Object.fromEntries(
    Object.entries(messages).map(([key, message]) => [conformName(options.rename?.[key] ?? key), [message]]),
  );
  const result = submission.reply({
    fieldErrors,
    formErrors: options.formErrors,
    hideFields: options.hideFields,
  });
  return data<ActionResult>({ result }, { status: options.status ?? 400 });
}

/** Success without a redirect: an optional message, an optional outcome, the form emptied unless `keepValues`. */
export function formDone<Outcome = never>(
  submission: AnySubmission,
  options: { success?: string; outcome?: Outcome; keepValues?: boolean } = {},
) {
  const body: ActionResult<Outcome> = { result: submission.reply({ resetForm: !options.keepValues }) };
  if (options.success !== undefined) body.success = options.success;
  if (options.outcome !== undefined) body.outcome = options.outcome;
  return data(body, { status: 200 });
}

function jsonResponse(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8" } });
}

/**
 * The one way a route answers a DomainError; any other error, and a DomainError with status 500
 * or more (our failure, not the user's) that is not `shownToUser`, is thrown on to the error boundary.
 *
 * - with a conform submission (form actions): the action result with the message on its field
 *   (when the error names a field of the form) or as the form error, and the error's status;
 * - `"json"` (API routes): `{ error, field }` as JSON with the error's status;
 * - `"page"` (loaders): a Response with the message and status, for the route to throw so that
 *   its area's error boundary shows it.
 *
 * `fields` lists the form's field names: an error whose field is not among them becomes the
 * form error, so a message is never attached to an input that is not on the page.
 */
export function domainErrorAnswer(error: unknown, to: "json"): Response;
export function domainErrorAnswer(error: unknown, to: "page"): Response;
export function domainErrorAnswer(
  error: unknown,
  to: AnySubmission,
  options?: { fields?: readonly string[]; hideFields?: string[] },
): ReturnType<typeof formFailed<never>>;
export function domainErrorAnswer(
  error: unknown,
  to: AnySubmission | "json" | "page",
  options: { fields?: readonly string[]; hideFields?: string[] } = {},
) {
  if (!(error instanceof DomainError) || (error.status >= 500 && !error.shownToUser)) throw error;
  if (to === "json")
    return jsonResponse(
      error.field === undefined ? { error: error.message } : { error: error.message, field: error.field },
      error.status,
    );
  if (to === "page") return new Response(error.message, { status: error.status });
  const field = error.field !== undefined && (options.fields ?? []).includes(error.field) ? error.field : undefined;
  return formFailed(to, error.message, { field, status: error.status, hideFields: options.hideFields });
}
