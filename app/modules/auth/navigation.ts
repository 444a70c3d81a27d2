import type { Role } from "./roles";

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

const BY_ROLE: Record<Role, NavItem[]> = {
  SCHOOL_ADMIN: [
    { to: "/school", label: "Overzicht", end: true },
    { to: "/catalogus", label: "Catalogus" },
    { to: "/winkelwagen", label: "Winkelwagen" },
    { to: "/school/bestellingen", label: "Bestellingen" },
    { to: "/school/pakketten", label: "Leerlingpakketten" },
    { to: "/school/bundelrondes", label: "Bundelrondes" },
    { to: "/school/verwerkersovereenkomsten", label: "Verwerkersovereenkomsten" },
    { to: "/financien/btw-verschil", label: "Btw-verschil" },
  ],
  SCHOOL_FINANCE: [
    { to: "/financien", label: "Facturen", end: true },
    { to: "/financien/btw-verschil", label: "Btw-verschil" },
  ],
  OPERATOR_ADMIN: [
    { to: "/beheer", label: "Beheer", end: true },
    { to: "/beheer/titels", label: "Titels" },
    { to: "/beheer/prijslijsten", label: "Prijslijsten" },
    { to: "/beheer/scholen", label: "Scholen" },
    { to: "/beheer/verzendingen", label: "Verzendingen" },
    { to: "/beheer/gebruikers", label: "Gebruikers" },
    { to: "/beheer/api-clients", label: "API-clients" },
    { to: "/beheer/avg", label: "AVG-verzoeken" },
    { to: "/beheer/audit", label: "Auditlog" },
  ],
  OPERATOR_FINANCE: [
    { to: "/financien", label: "Facturen", end: true },
    { to: "/financien/btw-aangifte", label: "Btw-aangifte" },
    { to: "/financien/btw-verschil", label: "Btw-verschil" },
    { to: "/financien/btw-tarieven", label: "Btw-tarieven" },
    { to: "/financien/betalingen", label: "Betalingen" },
    { to: "/financien/terugbetalingen", label: "Te verwerken" },
  ],
  BOARD_ADMIN: [
    { to: "/bestuur", label: "Bundelrondes", end: true },
    { to: "/financien/btw-verschil", label: "Btw-verschil" },
  ],
  PARENT: [
    { to: "/ouder", label: "Mijn bestellingen", end: true },
    { to: "/bestelcode", label: "Bestelcode invoeren" },
    { to: "/ouder/gegevens", label: "Mijn gegevens" },
  ],
};

/** Menu entries for the roles a user holds, without duplicates (public entries when logged out). */
export function navigationFor(roles: Role[]): NavItem[] {
  if (roles.length === 0) return [{ to: "/bestelcode", label: "Bestelcode invoeren" }];
  const seen = new Set<string>();
  return roles.flatMap((r) => BY_ROLE[r]).filter((item) => (seen.has(item.to) ? false : (seen.add(item.to), true)));
}
