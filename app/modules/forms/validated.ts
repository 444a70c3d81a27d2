/**
 * Bridges the pure form validators (`validatePriceList`, `validateSchool`, `validateTitle`, …:
 * form text in, a value or Dutch messages per field out) into a form's zod schema, so that the
 * browser (conform's useForm) and the action (parseWithZod) check the same rules with the same
 * words. The validators key their messages by dotted paths (`tiers.0.unitPrice`); zod and conform
 * use a path array, which conform names `tiers[0].unitPrice`.
 *
 * Pure: no Remix, no Prisma.
 */
import type { RefinementCtx } from "zod";

export type FieldMessages = Record<string, string>;

/** `tiers.0.unitPrice` → `["tiers", 0, "unitPrice"]`. */
export function messagePath(key: string): (string | number)[] {
  return key.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** `tiers.0.unitPrice` → `tiers[0].unitPrice`, the name conform gives that input and its error. */
export function conformName(key: string): string {
  return messagePath(key).reduce<string>(
    (name, part) => (typeof part === "number" ? `${name}[${part}]` : name ? `${name}.${part}` : part),
    "",
  );
}

/**
 * A zod `superRefine` that runs a pure validator over the parsed form text and reports each of
 * its messages on its field. `rename` maps a validator's key to the form's field name where the
 * two differ (a page with two forms that both have a `name`).
 */
export function refineWith<T>(
  validate: (input: T) => { ok: true } | { ok: false; errors: FieldMessages },
  rename: Record<string, string> = {},
) {
  return (input: T, ctx: RefinementCtx) => {
    const result = validate(input);
    if (result.ok) return;
    for (const [key, message] of Object.entries(result.errors))
      ctx.addIssue({ code: "custom", path: messagePath(rename[key] ?? key), message });
  };
}
