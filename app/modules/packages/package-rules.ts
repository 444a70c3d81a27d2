/**
 * Pure rules of a student package (DESIGN.md §2): its form, its ordering window, and whether a
 * parent may place another order with the same order code. No I/O.
 */
import { z } from "zod";
import { DeliveryMode, PaidBy } from "~/db-enums";

export { DeliveryMode, PaidBy };
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

export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = {
  SCHOOL: "Op school uitgereikt",
  HOME: "Thuisbezorgd bij de ouders",
};

/**
 * How the school delivers the physical items of parents' orders of a package (issue 12): at
 * school (parents are told where, `note`, and from when, `date`) or at home (the parent enters
 * a delivery address while ordering). Digital licences are active at payment either way.
 */
export const PackageDeliveryInput = z.object({
  mode: z.nativeEnum(DeliveryMode, { errorMap: () => ({ message: "Kies waar de boeken worden geleverd." }) }),
  note: z
    .string()
    .trim()
    .max(300, "Houd de uitleg kort: maximaal 300 tekens.")
    .transform((n) => n || null)
    .nullable()
    .default(null),
  date: z
    .union([isoDate, z.literal("")])
    .transform((d) => d || null)
    .nullable()
    .default(null),
});
export type PackageDeliveryInput = z.output<typeof PackageDeliveryInput>;

/**
 * What a parent is told about the delivery of the package's books, in one sentence:
 * "De boeken worden uitgereikt op school: <note>, vanaf <date>." `formatDate` is passed in so
 * this stays pure and uses the one date format.
 */
export function deliverySentence(
  pkg: { deliveryMode: DeliveryMode; deliveryNote: string | null; deliveryDate: string | null },
  formatDate: (iso: string) => string,
): string {
  const when = pkg.deliveryDate
    ? ` ${pkg.deliveryMode === "HOME" ? "vanaf" : "op"} ${formatDate(pkg.deliveryDate)}`
    : "";
  if (pkg.deliveryMode === "HOME")
    return `De boeken worden naar uw bezorgadres gestuurd${when ? `, verzonden${when}` : ""}.${pkg.deliveryNote ? ` ${pkg.deliveryNote}` : ""}`;
  const where = pkg.deliveryNote ? `: ${pkg.deliveryNote.replace(/\.$/, "")}` : "";
  return `De boeken worden op school uitgereikt${when}${where}.`;
}

/**
 * A parent's home delivery address (the Netherlands only: the shop ships within NL). The postal
 * code is normalised to "1234 AB".
 */
export const HomeAddressInput = z.object({
  name: z.string().trim().min(1, "Vul de naam voor op het pakket in.").max(120, "De naam is te lang."),
  street: z
    .string()
    .trim()
    .min(1, "Vul straat en huisnummer in.")
    .max(200, "Het adres is te lang.")
    .regex(/\d/, "Vul ook het huisnummer in."),
  postalCode: z
    .string()
    .trim()
    .transform((p) => p.toUpperCase().replace(/\s+/g, ""))
    .pipe(z.string().regex(/^[1-9]\d{3}[A-Z]{2}$/, "Vul een Nederlandse postcode in, zoals 1234 AB."))
    .transform((p) => `${p.slice(0, 4)} ${p.slice(4)}`),
  city: z.string().trim().min(1, "Vul de plaats in.").max(100, "De plaatsnaam is te lang."),
});
export type HomeAddress = z.output<typeof HomeAddressInput>;

/**
 * A short reference to a pupil's pseudonym for parents (issue 12: never the raw ECK iD URL,
 * which is long, means nothing to them and does not fit a phone): its last 8 letters and digits,
 * e.g. "…ccddeeff" for https://ketenid.nl/201703/…aabbccddeeff. Enough to tell two children apart.
 */
export function pseudonymReference(pseudonym: string): string {
  const symbols = pseudonym.replace(/[^\p{L}\p{N}]/gu, "");
  return symbols.length <= 8 ? symbols : `…${symbols.slice(-8)}`;
}
