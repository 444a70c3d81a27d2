/**
 * The bundle round's forms (issue 15), one zod schema each for the browser (conform) and the
 * action: the coordinator's new round, a school's quantities. Pure.
 */
import { z } from "zod";
import { isIsoDate } from "~/modules/calendar/iso-date";
import { CLASS_GROUP } from "~/modules/packages/pseudonym-csv";

/** The most copies of one offer a school may enter for one class group (placeOrder's own limit). */
export const MAX_ROUND_QUANTITY = 100_000;
/** Empty class-group rows offered per offer on the school's form (a second class group: save, and a new row appears). */
export const EMPTY_ROWS_PER_OFFER = 1;

const ids = (required: string) =>
  z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, required)).min(1, required),
  );

export const CreateRoundSchema = z.object({
  name: z
    .string({ required_error: "Geef de bundelronde een naam." })
    .trim()
    .min(1, "Geef de bundelronde een naam.")
    .max(100, "Hoogstens 100 tekens."),
  priceListId: z.string({ required_error: "Kies een prijslijst." }).min(1, "Kies een prijslijst."),
  closesOn: z
    .string({ required_error: "Vul een sluitingsdatum in." })
    .trim()
    .refine(isIsoDate, "Vul een geldige datum in (jjjj-mm-dd)."),
  offerIds: ids("Kies minstens één artikel."),
  schoolIds: ids("Kies minstens één school."),
});
export type CreateRoundForm = z.infer<typeof CreateRoundSchema>;

export const QuantityLineSchema = z.object({
  offerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Onbekend artikel."),
  classGroup: z
    .string()
    .trim()
    .max(10, "Een klas heeft hoogstens 10 tekens.")
    .refine(
      (v) => v === "" || CLASS_GROUP.test(v),
      "Een klas is een code zoals H2A of 4B (letters, cijfers, streepjes).",
    )
    .default(""),
  quantity: z.coerce
    .number({ invalid_type_error: "Vul een aantal in." })
    .int("Vul een heel aantal in.")
    .min(0, "Het aantal kan niet negatief zijn.")
    .max(MAX_ROUND_QUANTITY, `Hoogstens ${MAX_ROUND_QUANTITY}.`)
    .optional(),
});

export const QuantitiesSchema = z
  .object({
    poNumber: z.string().trim().max(35, "Een inkoopordernummer heeft hoogstens 35 tekens.").optional(),
    lines: z.array(QuantityLineSchema).max(500, "Te veel regels.").default([]),
  })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    form.lines.forEach((line, index) => {
      if (!line.quantity) return;
      const key = `${line.offerId} ${line.classGroup.toUpperCase()}`;
      if (seen.has(key))
        ctx.addIssue({
          code: "custom",
          path: ["lines", index, "classGroup"],
          message: "Deze klas staat al bij dit artikel.",
        });
      seen.add(key);
    });
  });
export type QuantitiesForm = z.infer<typeof QuantitiesSchema>;

export const CloseRoundSchema = z.object({ intent: z.literal("close") });
