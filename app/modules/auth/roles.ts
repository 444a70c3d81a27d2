import { Role } from "~/db-enums";

export { Role };
/** Every role, in the order the schema declares them. */
export const ROLES: readonly Role[] = Object.values(Role);

export const ROLE_LABELS: Record<Role, string> = {
  OPERATOR_ADMIN: "Beheerder",
  OPERATOR_FINANCE: "Financiën (Leerwinkel)",
  SCHOOL_ADMIN: "Leermiddelencoördinator",
  SCHOOL_FINANCE: "Financiële administratie school",
  PARENT: "Ouder/verzorger",
  BOARD_ADMIN: "Coördinator schoolbestuur",
};

/** The page each role starts on after logging in. */
export const ROLE_HOME: Record<Role, string> = {
  OPERATOR_ADMIN: "/beheer",
  OPERATOR_FINANCE: "/financien",
  SCHOOL_ADMIN: "/school",
  SCHOOL_FINANCE: "/financien",
  PARENT: "/ouder",
  BOARD_ADMIN: "/bestuur",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
