/**
 * Pure validation of the operator's forms for school boards, schools and school users.
 * Dutch messages per field; uniqueness (BRIN, e-mail) is checked in organisation-admin.server.ts.
 */
import type { Role } from "~/db-enums";

export const SCHOOL_SECTORS = ["PO", "VO", "MBO"] as const;
export type SchoolSector = (typeof SCHOOL_SECTORS)[number];
export const SCHOOL_USER_ROLES = ["SCHOOL_ADMIN", "SCHOOL_FINANCE"] as const satisfies readonly Role[];
export type SchoolUserRole = (typeof SCHOOL_USER_ROLES)[number];
export const MIN_PASSWORD_LENGTH = 10;

export type FieldErrors = Record<string, string>;
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** BRIN: 2 digits + 2 letters (e.g. 12AB), as DUO assigns them. */
const BRIN = /^\d{2}[A-Z]{2}$/;
const KVK = /^\d{8}$/;
/** OIN (Organisatie-identificatienummer) of a public body: 20 digits (Logius). */
const OIN = /^\d{20}$/;
const POSTAL_CODE = /^\d{4} ?[A-Z]{2}$/;

export interface SchoolFormText {
  name: string;
  boardId: string;
  brin: string;
  sector: string;
  street: string;
  postalCode: string;
  city: string;
  email: string;
  kvkNumber: string;
  oin: string;
  poNumberRequired: boolean;
  allowRepeatPackageOrders: boolean;
  paymentTermDays: string;
}
export interface SchoolValue {
  name: string;
  parentId: string;
  brin: string;
  sector: SchoolSector;
  street: string;
  postalCode: string;
  city: string;
  email: string;
  kvkNumber: string | null;
  oin: string | null;
  poNumberRequired: boolean;
  allowRepeatPackageOrders: boolean;
  paymentTermDays: number;
}

export function validateSchool(input: SchoolFormText): Validated<SchoolValue> {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = "Vul de naam van de school in.";
  else if (name.length > 160) errors.name = "De naam is hoogstens 160 tekens lang.";
  if (!input.boardId) errors.boardId = "Kies het schoolbestuur.";
  const brin = input.brin.trim().toUpperCase();
  if (!brin) errors.brin = "Vul de BRIN-code in.";
  else if (!BRIN.test(brin)) errors.brin = "Een BRIN-code bestaat uit 2 cijfers en 2 letters, bijvoorbeeld 12AB.";
  if (!(SCHOOL_SECTORS as readonly string[]).includes(input.sector)) errors.sector = "Kies een sector: PO, VO of MBO.";
  const postalCode = input.postalCode.trim().toUpperCase();
  if (postalCode && !POSTAL_CODE.test(postalCode))
    errors.postalCode = "Een postcode is 4 cijfers en 2 letters, bijvoorbeeld 1234 AB.";
  const email = input.email.trim().toLowerCase();
  if (!email) errors.email = "Vul het e-mailadres van de school in.";
  else if (!EMAIL.test(email)) errors.email = "Dit is geen geldig e-mailadres.";
  const kvk = input.kvkNumber.replace(/\s/g, "");
  if (kvk && !KVK.test(kvk)) errors.kvkNumber = "Een KvK-nummer bestaat uit 8 cijfers.";
  // The school's Peppol address on its e-invoices: OIN (scheme 0190) when it has one, else KvK (0106).
  const oin = (input.oin ?? "").replace(/\s/g, "");
  if (oin && !OIN.test(oin)) errors.oin = "Een OIN bestaat uit 20 cijfers, bijvoorbeeld 00000001234567890000.";
  // Without either, the school's e-invoices have no Peppol address (PEPPOL-EN16931-CL008, BR-NL-10).
  if (!kvk && !oin)
    errors.kvkNumber = "Vul het KvK-nummer of het OIN van de school in: daarheen gaan haar e-facturen (Peppol).";
  const termText = input.paymentTermDays.trim();
  if (!/^\d{1,2}$/.test(termText) || Number(termText) < 1 || Number(termText) > 90) {
    errors.paymentTermDays = "De betaaltermijn is een heel aantal dagen van 1 tot en met 90.";
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      parentId: input.boardId,
      brin,
      sector: input.sector as SchoolSector,
      street: input.street.trim(),
      postalCode: postalCode.length === 6 ? `${postalCode.slice(0, 4)} ${postalCode.slice(4)}` : postalCode,
      city: input.city.trim(),
      email,
      kvkNumber: kvk || null,
      oin: oin || null,
      poNumberRequired: input.poNumberRequired,
      allowRepeatPackageOrders: input.allowRepeatPackageOrders,
      paymentTermDays: Number(termText),
    },
  };
}

export interface BoardFormText {
  name: string;
  kvkNumber: string;
  email: string;
}
export interface BoardValue {
  name: string;
  kvkNumber: string | null;
  email: string;
}

export function validateBoard(input: BoardFormText): Validated<BoardValue> {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = "Vul de naam van het schoolbestuur in.";
  else if (name.length > 160) errors.name = "De naam is hoogstens 160 tekens lang.";
  const kvk = input.kvkNumber.replace(/\s/g, "");
  if (kvk && !KVK.test(kvk)) errors.kvkNumber = "Een KvK-nummer bestaat uit 8 cijfers.";
  const email = input.email.trim().toLowerCase();
  if (email && !EMAIL.test(email)) errors.email = "Dit is geen geldig e-mailadres.";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { name, kvkNumber: kvk || null, email } };
}

export interface SchoolUserFormText {
  email: string;
  name: string;
  password: string;
  role: string;
}
export interface SchoolUserValue {
  email: string;
  name: string;
  password: string;
  role: SchoolUserRole;
}

export function validateSchoolUser(input: SchoolUserFormText): Validated<SchoolUserValue> {
  const errors: FieldErrors = {};
  const email = input.email.trim().toLowerCase();
  if (!email) errors.email = "Vul het e-mailadres in.";
  else if (!EMAIL.test(email)) errors.email = "Dit is geen geldig e-mailadres.";
  const name = input.name.trim();
  if (!name) errors.name = "Vul de naam in.";
  if (input.password.length < MIN_PASSWORD_LENGTH)
    errors.password = `Het beginwachtwoord moet ten minste ${MIN_PASSWORD_LENGTH} tekens hebben.`;
  if (!(SCHOOL_USER_ROLES as readonly string[]).includes(input.role))
    errors.role = "Kies een rol: leermiddelencoördinator of financiële administratie.";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { email, name, password: input.password, role: input.role as SchoolUserRole } };
}
