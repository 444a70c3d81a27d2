/**
 * Reads a school's pseudonym file (DESIGN.md §2: students are known only by an opaque id) and
 * refuses the WHOLE file when anything in it looks like personal data: a column header such as
 * "naam" or "geboortedatum", or a value that looks like an e-mail address, a date of birth, a
 * BSN (9 digits passing the 11-proef) or a plain student number. Pure: no I/O.
 */

export interface PseudonymRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  pseudonym: string;
  classGroup: string;
  schoolYear: string;
}

export type PseudonymCsvResult = { ok: true; rows: PseudonymRow[] } | { ok: false; error: string };

export const MAX_PSEUDONYM_ROWS = 5000;

const COLUMN_ALIASES: Record<"pseudonym" | "classGroup" | "schoolYear", string[]> = {
  pseudonym: ["pseudoniem", "pseudonym", "eckid", "eck-id", "eck id", "ketenid"],
  classGroup: ["klas", "klasgroep", "class", "classgroup", "class group", "groep"],
  schoolYear: ["schooljaar", "year", "schoolyear", "school year"],
};

/** Header words that name personal data; a file with such a column is refused as a whole. */
const PERSONAL_HEADER_WORDS = [
  "naam",
  "voornaam",
  "achternaam",
  "roepnaam",
  "tussenvoegsel",
  "voorletters",
  "name",
  "firstname",
  "lastname",
  "surname",
  "email",
  "e-mail",
  "mail",
  "emailadres",
  "e-mailadres",
  "geboortedatum",
  "geboren",
  "birthdate",
  "dateofbirth",
  "birth",
  "dob",
  "bsn",
  "burgerservicenummer",
  "sofinummer",
  "leerlingnummer",
  "leerlingnr",
  "studentnummer",
  "studentnumber",
  "studentid",
  "student number",
  "adres",
  "address",
  "straat",
  "street",
  "huisnummer",
  "postcode",
  "zipcode",
  "woonplaats",
  "plaats",
  "city",
  "telefoon",
  "telefoonnummer",
  "phone",
  "mobiel",
  "mobile",
  "geslacht",
  "gender",
  "ouder",
  "parent",
  "verzorger",
];

/** An ECK iD as the chain's number service makes it (also used by app/modules/delivery/pseudonym-kind.ts). */
export const ECK_ID = /^https:\/\/ketenid\.nl\/201703\/[0-9a-f]{16,128}$/i;
/** A UUID (any version), e.g. from the school's administration system. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A random or hashed token in hex: 16–128 hex digits, optionally grouped by hyphens. */
const HEX_TOKEN = /^[0-9a-f]+(-[0-9a-f]+)*$/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const DATE_LIKE = /^(\d{1,2}[-/.]\d{1,2}[-/.](\d{2}|\d{4})|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$/;
/** A class code: H2A, 4B, G5, 2-VWO-A — letters, digits and hyphens, at most 10, with a year digit. */
export const CLASS_GROUP = /^(?=.*\d)[A-Za-z0-9-]{1,10}$/;
const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/;

/** The Dutch "11-proef" for a BSN: 9 digits, Σ digit × (9…2) − last digit, divisible by 11. */
export function isBsn(value: string): boolean {
  const digits = value.length === 8 ? `0${value}` : value;
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

function normaliseHeader(header: string): string {
  return header.trim().toLowerCase().replace(/^"|"$/g, "").replace(/[_]+/g, " ").replace(/\s+/g, " ");
}

function columnFor(header: string): keyof typeof COLUMN_ALIASES | null {
  const h = normaliseHeader(header);
  for (const [column, aliases] of Object.entries(COLUMN_ALIASES) as [keyof typeof COLUMN_ALIASES, string[]][]) {
    if (aliases.includes(h)) return column;
  }
  return null;
}

function looksPersonalHeader(header: string): boolean {
  const h = normaliseHeader(header);
  const compact = h.replace(/[\s.]/g, "");
  const words = h.split(/[\s./-]+/);
  return PERSONAL_HEADER_WORDS.some(
    (w) =>
      h === w ||
      compact === w.replace(/[\s-]/g, "") ||
      words.includes(w) ||
      compact.includes("naam") ||
      compact.includes("name"),
  );
}

/**
 * Whether `value` is an acceptable pupil pseudonym (DESIGN §2: an ECK iD or another opaque id,
 * never anything a person can be recognised by). Accepted are exactly:
 *  - an ECK iD: `https://ketenid.nl/201703/` followed by 16–128 hex digits;
 *  - a UUID (8-4-4-4-12 hex digits);
 *  - a hex token of 16–128 hex digits (hyphens between groups allowed) with at least one
 *    letter a–f and one digit — e.g. a SHA-256 of the administration's own id.
 * Hex is the rule because it cannot carry a name (its only letters are a–f) and a random or
 * hashed id is hex anyway; an all-digit value is a number (BSN, student number, date), so a
 * letter is required. Anything else — `Jan.Jansen2011`, `pieter-de-vries-1`, `BSN123456782`,
 * `LL20110403` — is refused. See docs/decisions/007-privacy-and-retention.md.
 */
export function isAcceptablePseudonym(value: string): boolean {
  if (value.toLowerCase().startsWith("https://ketenid.nl/")) return ECK_ID.test(value);
  if (UUID.test(value)) return true;
  if (!HEX_TOKEN.test(value)) return false;
  const digits = value.replace(/-/g, "");
  return digits.length >= 16 && digits.length <= 128 && /[a-f]/i.test(digits) && /\d/.test(digits);
}

/** Splits one CSV line on `separator`, honouring double quotes ("" inside quotes is a quote). */
function splitLine(line: string, separator: string): string[] | null {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === separator) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  if (quoted) return null;
  cells.push(cell.trim());
  return cells;
}

/** Why a value must not be imported, or null when it looks harmless. */
function personalValue(value: string): string | null {
  if (EMAIL.test(value)) return "lijkt op een e-mailadres";
  if (DATE_LIKE.test(value)) return "lijkt op een (geboorte)datum";
  const digits = value.replace(/[\s.-]/g, "");
  if (/^\d{8,9}$/.test(digits) && isBsn(digits)) return "lijkt op een BSN";
  return null;
}

const COLUMN_LABEL: Record<keyof typeof COLUMN_ALIASES, string> = {
  pseudonym: "pseudoniem",
  classGroup: "klas",
  schoolYear: "schooljaar",
};

/**
 * Parses the file text. `;` or `,` separated (whichever the header uses), UTF-8 with or
 * without BOM, empty lines ignored. Returns the rows, or ONE Dutch message naming the row and
 * column of the first problem — the caller then imports nothing.
 */
export function parsePseudonymCsv(text: string): PseudonymCsvResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const headerIndex = lines.findIndex((l) => l.trim() !== "");
  if (headerIndex < 0) return { ok: false, error: "Het bestand is leeg." };
  const headerLine = lines[headerIndex]!;
  const separator = (headerLine.match(/;/g)?.length ?? 0) >= (headerLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const headers = splitLine(headerLine, separator) ?? [];
  const positions: Partial<Record<keyof typeof COLUMN_ALIASES, number>> = {};
  for (const [index, header] of headers.entries()) {
    const column = columnFor(header);
    if (column) {
      if (positions[column] !== undefined) return { ok: false, error: `Kolom "${header}" komt twee keer voor.` };
      positions[column] = index;
      continue;
    }
    if (looksPersonalHeader(header)) {
      return {
        ok: false,
        error: `Kolom ${index + 1} ("${header}") lijkt persoonsgegevens te bevatten. Leerwinkel neemt alleen pseudoniemen op — verwijder deze kolom en laad het bestand opnieuw. Er is niets geïmporteerd.`,
      };
    }
    return {
      ok: false,
      error: `Kolom ${index + 1} ("${header}") is onbekend. Toegestaan zijn alleen pseudoniem, klas en schooljaar. Er is niets geïmporteerd.`,
    };
  }
  for (const column of ["pseudonym", "classGroup", "schoolYear"] as const) {
    if (positions[column] === undefined)
      return {
        ok: false,
        error: `De kolom "${COLUMN_LABEL[column]}" ontbreekt in de eerste regel. Er is niets geïmporteerd.`,
      };
  }

  const rows: PseudonymRow[] = [];
  const seen = new Map<string, number>();
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === "") continue;
    const lineNo = i + 1;
    const cells = splitLine(raw, separator);
    if (!cells || cells.length !== headers.length) {
      return {
        ok: false,
        error: `Regel ${lineNo} heeft ${cells ? cells.length : "een onjuist aantal"} kolommen, de kopregel ${headers.length}. Er is niets geïmporteerd.`,
      };
    }
    for (const [index, value] of cells.entries()) {
      const why = personalValue(value);
      if (why)
        return {
          ok: false,
          error: `Regel ${lineNo}, kolom "${headers[index]}": de waarde ${why}. Leerwinkel neemt geen persoonsgegevens op. Er is niets geïmporteerd.`,
        };
    }
    const pseudonym = cells[positions.pseudonym!]!;
    const classGroup = cells[positions.classGroup!]!;
    const schoolYear = cells[positions.schoolYear!]!;
    const at = (column: keyof typeof COLUMN_ALIASES) => `Regel ${lineNo}, kolom "${headers[positions[column]!]}"`;
    if (/^\d+$/.test(pseudonym)) {
      return {
        ok: false,
        error: `${at("pseudonym")}: "${pseudonym}" lijkt op een leerlingnummer. Gebruik de ECK iD of een ander pseudoniem. Er is niets geïmporteerd.`,
      };
    }
    if (!isAcceptablePseudonym(pseudonym)) {
      return {
        ok: false,
        error: `${at("pseudonym")}: "${pseudonym}" is geen geldig pseudoniem. Gebruik de ECK iD (https://ketenid.nl/201703/…), een UUID of een willekeurige hexadecimale code van minstens 16 tekens — geen naam, geboortedatum, BSN of leerlingnummer. Er is niets geïmporteerd.`,
      };
    }
    if (!CLASS_GROUP.test(classGroup))
      return {
        ok: false,
        error: `${at("classGroup")}: "${classGroup}" is geen klascode. Gebruik een code als H2A, 4B of G5 (letters, cijfers en streepjes, met een cijfer, hoogstens 10 tekens, geen spaties). Er is niets geïmporteerd.`,
      };
    const year = SCHOOL_YEAR.exec(schoolYear);
    if (!year || Number(year[2]) !== Number(year[1]) + 1)
      return {
        ok: false,
        error: `${at("schoolYear")}: "${schoolYear}" is geen schooljaar zoals 2026-2027. Er is niets geïmporteerd.`,
      };
    const key = pseudonym.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      return {
        ok: false,
        error: `${at("pseudonym")}: pseudoniem komt ook voor op regel ${first}. Er is niets geïmporteerd.`,
      };
    seen.set(key, lineNo);
    rows.push({ line: lineNo, pseudonym, classGroup, schoolYear });
    if (rows.length > MAX_PSEUDONYM_ROWS)
      return {
        ok: false,
        error: `Het bestand heeft meer dan ${MAX_PSEUDONYM_ROWS} leerlingen; splits het op. Er is niets geïmporteerd.`,
      };
  }
  if (rows.length === 0) return { ok: false, error: "Het bestand bevat geen leerlingen (alleen een kopregel)." };
  return { ok: true, rows };
}
