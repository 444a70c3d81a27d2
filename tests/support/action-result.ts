/**
 * Reads the one action-result shape (app/modules/forms/action-result.ts) from what a route action
 * returned: `data(body, { status })` in Remix's single-fetch form, or a plain body.
 */
import type { ActionResult } from "~/modules/forms/action-result";

export interface ReadAnswer<Outcome = unknown> {
  status: number;
  /** The form-level error (conform's key ""). */
  formError?: string;
  /** The first error per field. */
  errors: Record<string, string>;
  success?: string;
  outcome?: Outcome;
  /** The values sent back to the form (a form rendered without JavaScript keeps them). */
  values?: Record<string, unknown> | null;
}

export function answer<Outcome = unknown>(returned: unknown): ReadAnswer<Outcome> {
  if (returned instanceof Response) throw new Error(`expected an action result, got a ${returned.status} Response`);
  const wrapped = returned as { type?: string; data?: unknown; init?: { status?: number } | null };
  const isWrapped = wrapped?.type === "DataWithResponseInit";
  const body = (isWrapped ? wrapped.data : returned) as ActionResult<Outcome>;
  if (!body || typeof body !== "object" || !("result" in body))
    throw new Error(`not an action result: ${JSON.stringify(returned)}`);
  const errors: Record<string, string> = {};
  let formError: string | undefined;
  for (const [key, messages] of Object.entries(body.result.error ?? {})) {
    if (!messages?.length) continue;
    if (key === "") formError = messages[0];
    else errors[key] = messages[0]!;
  }
  return {
    status: (isWrapped ? wrapped.init?.status : undefined) ?? 200,
    formError,
    errors,
    success: body.success,
    outcome: body.outcome,
    values: body.result.initialValue as Record<string, unknown> | null | undefined,
  };
}
