/**
 * The operator's price-list forms as zod schemas, one per form, shared by the browser (conform's
 * useForm) and the actions (parseWithZod): the form text, checked by the pure validators of
 * price-list-admin.ts. Whether the offer or the board exists is the server's to say.
 */
import { z } from "zod";
import { refineWith } from "../forms/validated";
import { TIER_ROWS, validateEntry, validatePriceList } from "./price-list-admin";

const text = z.string().default("");

/** A price list's name, kind, board, validity and VAT basis (new list and edit list). */
export const PriceListSchema = z
  .object({
    name: text,
    kind: text,
    organisationId: text,
    validFrom: text,
    validTo: text,
    pricesIncludeVat: z.boolean().default(false),
  })
  .superRefine(refineWith(validatePriceList));

/** One offer's price on a list, with up to TIER_ROWS quantity tiers (empty rows ignored). */
export const PriceEntrySchema = z
  .object({
    ean: text,
    unitPrice: text,
    tiers: z
      .array(z.object({ minQuantity: text, unitPrice: text }))
      .max(TIER_ROWS)
      .default([]),
  })
  .superRefine(refineWith(validateEntry));
