/**
 * The three inputs of the cost over the years of use (issue 14 §2) as people type them — pupils
 * per school year, school years of use, the yearly replacement share in percent — with one zod
 * schema for the title page's GET form, the cart's and the school's settings form (conform, in the
 * browser and on the server alike). Pure: no Remix, no Prisma.
 */
import { z } from "zod";
import { Decimal } from "../money/decimal";

export const PUPILS_MAX = 10_000;
export const YEARS_MAX = 12;

/** A school's defaults as stored (Organisation.pupilsPerYear, yearsOfUse, replacementShareBp). */
export interface YearsOfUseDefaults {
  pupilsPerYear: number;
  yearsOfUse: number;
  /** Basis points: 1000 = 10%. */
  replacementShareBp: number;
}

/** What a visitor without a school of their own starts from (the schema's column defaults). */
export const DEFAULT_YEARS_OF_USE: YearsOfUseDefaults = { pupilsPerYear: 28, yearsOfUse: 4, replacementShareBp: 1000 };

/** A required text field turned into a value, or one Dutch message (the first problem only). */
function textField<T>(missing: string, parse: (text: string) => T | string) {
  return z
    .string({ required_error: missing })
    .trim()
    .transform((text, ctx): T => {
      const parsed = text === "" ? missing : parse(text);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    });
}

const wholeNumber = (what: string, min: number, max: number, example: string) =>
  textField(`Vul ${what} in, bijvoorbeeld ${example}.`, (text) => {
    if (!/^\d{1,6}$/.test(text)) return `Vul ${what} in als heel getal, bijvoorbeeld ${example}.`;
    const n = Number(text);
    return n >= min && n <= max ? { n } : `Vul voor ${what} een getal van ${min} tot en met ${max} in.`;
  }).transform((v) => v.n);

const PERCENT = /^\d{1,3}(?:[.,]\d{1,2})?$/;

/** The form's fields (Dutch names: they show in the page's address). */
export const YearsOfUseSchema = z.object({
  leerlingen: wholeNumber("het aantal leerlingen per schooljaar", 1, PUPILS_MAX, "28"),
  jaren: wholeNumber("het aantal schooljaren", 1, YEARS_MAX, "4"),
  // basis points: "10" → 1000, "7,5" → 750
  vervanging: textField("Vul het vervangingspercentage in, bijvoorbeeld 10.", (text) => {
    if (!PERCENT.test(text))
      return "Vul het vervangingspercentage in als getal met hoogstens twee decimalen, bijvoorbeeld 10 of 7,5.";
    const bp = new Decimal(text.replace(",", ".")).times(100).toNumber();
    return bp <= 10_000 ? { bp } : "Het vervangingspercentage ligt tussen 0 en 100.";
  }).transform((v) => v.bp),
});

export type YearsOfUseValues = z.output<typeof YearsOfUseSchema>;

/** Parsed values as the school's defaults (basis points, whole numbers). */
export function defaultsOf(values: YearsOfUseValues): YearsOfUseDefaults {
  return { pupilsPerYear: values.leerlingen, yearsOfUse: values.jaren, replacementShareBp: values.vervanging };
}

/** The share 0 … 1 of basis points (1000 → 0.1). */
export function shareOfBp(bp: number): Decimal {
  return new Decimal(bp).div(10_000);
}

/** Basis points as people write a percentage: 1000 → "10", 750 → "7,5". */
export function percentText(bp: number): string {
  return new Decimal(bp).div(100).toFixed().replace(".", ",");
}

/** The form's text values for a school's defaults (to prefill it). */
export function formTextOf(defaults: YearsOfUseDefaults): Record<keyof YearsOfUseValues, string> {
  return {
    leerlingen: String(defaults.pupilsPerYear),
    jaren: String(defaults.yearsOfUse),
    vervanging: percentText(defaults.replacementShareBp),
  };
}
