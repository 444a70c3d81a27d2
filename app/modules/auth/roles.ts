export const ROLES = ["OPERATOR_ADMIN", "OPERATOR_FINANCE", "SCHOOL_ADMIN", "SCHOOL_FINANCE", "PARENT"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  OPERATOR_ADMIN: "Beheerder",
  OPERATOR_FINANCE: "Financiën (Leerwinkel)",
  SCHOOL_ADMIN: "Leermiddelencoördinator",
  SCHOOL_FINANCE: "Financiële administratie school",
  PARENT: "Ouder/verzorger",
};

/** The page each role starts on after logging in. */
export const ROLE_HOME: Record<Role, string> = {
  OPERATOR_ADMIN: "/beheer",
  OPERATOR_FINANCE: "/financien",
  SCHOOL_ADMIN: "/school",
  SCHOOL_FINANCE: "/financien",
  PARENT: "/ouder",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
