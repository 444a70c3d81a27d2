/**
 * Pure rules of a student package (DESIGN.md §2): its form, its ordering window, and whether a
 * parent may place another order with the same order code. No I/O.
 */
import { z } from "zod";
import { PaidBy } from "~/db-enums";

export { PaidBy };
export const PAID_BY_LABELS: Record<PaidBy, string> = { SCHOOL: "School (verplicht)", PARENT: "Ouders (optioneel)" };

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Vul een datum in als JJJJ-MM-DD.")
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d,
    "Deze datum bestaat niet.",
  );

export const PackageItemInput = z.object({
  titleId: z.string().min(1, "Kies een titel."),
  paidBy: z.nativeEnum(PaidBy, { errorMap: () => ({ message: "Kies wie betaalt." }) }),
  offerIds: z.array(z.string().min(1)).min(1, "Kies minstens één uitvoering."),
});

export const PackageInput = z
  .object({
    name: z.string().trim().min(1, "Vul een naam in.").max(120, "De naam is te lang."),
    classGroup: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9 ._-]{1,20}$/, "Vul een klas in (maximaal 20 letters of cijfers)."),
    schoolYear: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{4}$/, "Vul een schooljaar in zoals 2026-2027.")
      .refine(
        (y) => Number(y.slice(5)) === Number(y.slice(0, 4)) + 1,
        "Het tweede jaar moet direct op het eerste volgen.",
      ),
    orderFrom: isoDate,
    orderUntil: isoDate,
    allowRepeatOrders: z.boolean(),
    items: z.array(PackageItemInput),
  })
  .refine((p) => p.orderFrom <= p.orderUntil, {
    path: ["orderUntil"],
    message: "De einddatum ligt vóór de begindatum.",
  });

export type PackageInput = z.infer<typeof PackageInput>;

/** The header fields of the package form as strings/booleans (validated by PackageInput). */
export function packageHeaderFrom(form: FormData) {
  return {
    name: String(form.get("name") ?? ""),
    classGroup: String(form.get("classGroup") ?? ""),
    schoolYear: String(form.get("schoolYear") ?? ""),
    orderFrom: String(form.get("orderFrom") ?? ""),
    orderUntil: String(form.get("orderUntil") ?? ""),
    allowRepeatOrders: form.get("allowRepeatOrders") === "on",
  };
}

export type WindowState = "OPEN" | "NOT_YET" | "CLOSED";

export function orderWindowState(pkg: { orderFrom: string; orderUntil: string }, today: string): WindowState {
  if (today < pkg.orderFrom) return "NOT_YET";
  if (today > pkg.orderUntil) return "CLOSED";
  return "OPEN";
}

/** The choice value for "do not order this optional item". */
export const NO_CHOICE = "none";

/** Statuses in which an order counts as "the" paid order of an order code. */
export const PAID_STATUSES = ["PAID", "FULFILLED", "PARTIALLY_REFUNDED"] as const;

/** The school year that contains a date: from 1 August on it is the next year. */
export function schoolYearOf(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return month >= 8 ? `${year}-${year + 1}` : `${year - 1}-${year}`;
}
