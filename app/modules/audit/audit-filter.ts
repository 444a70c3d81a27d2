/**
 * The operator audit page's GET filter (/beheer/audit): one zod schema for the filter form in the
 * browser (conform) and for the loader. Dates are inclusive days (UTC); messages are Dutch.
 *
 * Pure: no Remix, no Prisma.
 */
import { z } from "zod";

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));
const isoDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), {
    message: "Vul een datum in als JJJJ-MM-DD.",
  });

/** The audit page's GET filter. Dates are inclusive days (UTC). */
export const auditFilterSchema = z
  .object({
    action: text(100),
    user: text(200),
    entity: text(100),
    entityId: text(100),
    from: isoDate,
    to: isoDate,
    page: z.coerce.number().int().min(1).max(100_000).optional().catch(1),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "De begindatum ligt na de einddatum.", path: ["to"] });
export type AuditFilter = z.infer<typeof auditFilterSchema>;
