/**
 * JSON kept in a TEXT column is read through a zod schema, once, where it leaves the database
 * (docs/decisions/009-enums-and-typed-json.md): a row that does not match fails loudly here
 * instead of as an `undefined` three calls later.
 */
import type { z } from "zod";

export class StoredJsonError extends Error {
  constructor(what: string, detail: string) {
    super(`stored ${what} does not match its schema: ${detail}`);
  }
}

/** Parses `text` as JSON and checks it against `schema`; `what` names the column in the error. */
export function parseJson<S extends z.ZodTypeAny>(schema: S, text: string, what = "JSON"): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoredJsonError(what, (error as Error).message);
  }
  const result = schema.safeParse(value);
  if (!result.success)
    throw new StoredJsonError(
      what,
      result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
    );
  return result.data as z.output<S>;
}
