/**
 * The package forms' zod schemas, shared by the browser (conform's useForm) and the actions
 * (parseWithZod): the header of a package (new and edit) and an item's payer and offers. The
 * rules are the module's own (PackageInput, PackageItemInput in ./package-rules.ts); these add the
 * form's shape: a message for an empty field (conform sends it as missing), the checkbox as a
 * boolean, the offers as the repeated `offerId` field.
 *
 * Pure: no Remix, no Prisma.
 */
import { z } from "zod";
import { PackageDeliveryInput, PackageInput, PackageItemInput } from "./package-rules";

const header = PackageInput.innerType().shape;

/** A text field that must be filled in: the module's rule, its own message when left empty. */
const required = <T extends z.ZodTypeAny>(rule: T, message: string) => z.string({ required_error: message }).pipe(rule);

export const PackageHeaderSchema = z.object({
  name: required(header.name, "Vul een naam in."),
  classGroup: required(header.classGroup, "Vul een klas in (maximaal 20 letters of cijfers)."),
  schoolYear: required(header.schoolYear, "Vul een schooljaar in zoals 2026-2027."),
  orderFrom: required(header.orderFrom, "Vul een datum in als JJJJ-MM-DD."),
  orderUntil: required(header.orderUntil, "Vul een datum in als JJJJ-MM-DD."),
  allowRepeatOrders: z.boolean().default(false),
});

/** The dates in order (the rule PackageInput checks too), for the header schema and its extensions. */
export function datesInOrder(p: { orderFrom: string; orderUntil: string }, ctx: z.RefinementCtx) {
  if (p.orderFrom > p.orderUntil)
    ctx.addIssue({ code: "custom", path: ["orderUntil"], message: "De einddatum ligt vóór de begindatum." });
}

/** An item's payer and the offers a parent may choose (checkboxes named `offerId`). */
export const PackageItemFields = {
  paidBy: PackageItemInput.shape.paidBy,
  offerId: PackageItemInput.shape.offerIds,
};

/** A save result's message key (`items.0.offerIds`) as the item form names that field. */
export function itemFieldOf(key: string): "paidBy" | "offerId" | undefined {
  if (key.endsWith(".offerIds")) return "offerId";
  if (key.endsWith(".paidBy")) return "paidBy";
  return undefined;
}

/** The delivery form of a package: where the books go, and what parents are told. */
export const PackageDeliverySchema = z.object({
  mode: PackageDeliveryInput.shape.mode,
  note: z.string().max(300, "Houd de uitleg kort: maximaal 300 tekens.").optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Vul een datum in als JJJJ-MM-DD.")
    .optional(),
});
