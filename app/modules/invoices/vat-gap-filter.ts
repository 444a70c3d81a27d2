/**
 * The VAT gap report's form (GET parameters), one zod schema for the browser (conform) and the
 * loaders of the page and its CSV: a period (a month "2026-07" or a quarter "2026-K3"; empty is
 * the current quarter), the operator's optional school and an optional "Wat als" scenario.
 *
 * Pure: no Remix, no Prisma.
 */
import { z } from "zod";
import { parsePeriod } from "./invoice-filter";

const optionalText = z
  .string()
  .trim()
  .max(100, { message: "Deze waarde is te lang." })
  .optional()
  .transform((v) => (v ? v : undefined));

export const VatGapFilterSchema = z.object({
  period: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || parsePeriod(v) !== null, {
      message: "Kies een maand (2026-07) of een kwartaal (2026-K3).",
    }),
  school: optionalText,
  scenario: optionalText,
});

export type VatGapFilter = z.infer<typeof VatGapFilterSchema>;
