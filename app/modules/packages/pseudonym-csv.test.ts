import { describe, expect, it } from "vitest";
import { isAcceptablePseudonym, isBsn, parsePseudonymCsv } from "./pseudonym-csv";
import { orderWindowState, schoolYearOf } from "./package-rules";

const ECK = "https://ketenid.nl/201703/0123456789abcdef0123456789abcdef";

describe("isBsn (11-proef)", () => {
  it.each([
    ["111222333", true],
    ["123456782", true],
    ["111222334", false],
    ["12345678", false],
    ["000000000", false],
    ["abcdefghi", false],
  ])("%s → %s", (value, expected) => {
    expect(isBsn(value)).toBe(expected);
  });
});

describe("parsePseudonymCsv", () => {
  it("reads comma- or semicolon-separated files with Dutch or English headers, quotes and a BOM", () => {
    expect(parsePseudonymCsv(`\uFEFFpseudoniem;klasgroep;schooljaar\n${ECK};H2A;2026-2027\n\n`)).toEqual({
      ok: true,
      rows: [{ line: 2, pseudonym: ECK, classGroup: "H2A", schoolYear: "2026-2027" }],
    });
    expect(parsePseudonymCsv(`"Year","Pseudonym","Class"\r\n"2026-2027","${ECK}","4B"\r\n`)).toEqual({
      ok: true,
      rows: [{ line: 2, pseudonym: ECK, classGroup: "4B", schoolYear: "2026-2027" }],
    });
  });

  it.each([
    [
      "leerlingnummer column",
      "pseudoniem;klas;schooljaar;leerlingnummer",
      /Kolom 4 \("leerlingnummer"\) lijkt persoonsgegevens/,
    ],
    [
      "Geboortedatum column",
      "Pseudoniem;Klas;Schooljaar;Geboortedatum",
      /Kolom 4 \("Geboortedatum"\) lijkt persoonsgegevens/,
    ],
    ["e-mail column", "pseudonym,class,year,e-mail", /lijkt persoonsgegevens/],
    ["Achternaam column", "Achternaam;pseudoniem;klas;schooljaar", /Kolom 1 \("Achternaam"\)/],
    ["unknown column", "pseudoniem;klas;schooljaar;opmerking", /Kolom 4 \("opmerking"\) is onbekend/],
    ["missing column", "pseudoniem;klas", /kolom "schooljaar" ontbreekt/],
  ])("refuses a header with a %s", (_label, header, message) => {
    const result = parsePseudonymCsv(`${header}\n`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it.each([
    ["an ECK iD with a non-hex tail", `https://ketenid.nl/201703/jan-jansen;H2A;2026-2027`, /geen geldig pseudoniem/],
    ["a name as pseudonym", `Jan Jansen;H2A;2026-2027`, /geen geldig pseudoniem/],
    ["a BSN written with dots", `${ECK};H2A;2026-2027\n1112.22.333;H2A;2026-2027`, /Regel 3.*lijkt op een BSN/],
    ["an ISO date of birth", `${ECK};2013-03-12;2026-2027`, /lijkt op een \(geboorte\)datum/],
    ["a school year that skips a year", `${ECK};H2A;2026-2028`, /geen schooljaar/],
    ["an unclosed quote", `"${ECK};H2A;2026-2027`, /Regel 2 heeft een onjuist aantal kolommen/],
    ["no rows", ``, /geen leerlingen/],
  ])("refuses %s", (_label, body, message) => {
    const result = parsePseudonymCsv(`pseudoniem;klas;schooljaar\n${body}\n`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  // Issue 10: values a person can be recognised by passed the old rule (≥ 8 characters with a digit).
  it.each([
    "Jan.Jansen2011",
    "pieter-de-vries-1",
    "BSN123456782",
    "LL20110403",
    "jan-jansen-2011-abcdef",
    "2011040312345678",
    "STU-7f3a9c21",
    "deadbeefcafebabe",
    "https://ketenid.nl/201703/jan-jansen",
  ])("refuses the pseudonym %s", (pseudonym) => {
    expect(isAcceptablePseudonym(pseudonym)).toBe(false);
    const result = parsePseudonymCsv(`pseudoniem;klas;schooljaar\n${pseudonym};H2A;2026-2027\n`);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/geen geldig pseudoniem|lijkt op/) });
  });

  it.each([
    ECK,
    "550e8400-e29b-41d4-a716-446655440000",
    "3f9a1c7e0b2d4e6f8a1b",
    "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
    "7f3a9c21-0b2d4e6f-8a1b3c5d",
  ])("accepts the pseudonym %s", (pseudonym) => {
    expect(isAcceptablePseudonym(pseudonym)).toBe(true);
  });

  it.each(["Jan Jansen", "Jansen", "havo twee", "H2A-klas-van-meneer", "H 2A"])(
    "refuses the class %s",
    (classGroup) => {
      const result = parsePseudonymCsv(`pseudoniem;klas;schooljaar\n${ECK};${classGroup};2026-2027\n`);
      expect(result).toEqual({ ok: false, error: expect.stringMatching(/geen klascode/) });
    },
  );

  it.each(["H2A", "4B", "G5", "2-VWO-A", "groep8"])("accepts the class %s", (classGroup) => {
    expect(parsePseudonymCsv(`pseudoniem;klas;schooljaar\n${ECK};${classGroup};2026-2027\n`)).toMatchObject({
      ok: true,
    });
  });

  it("accepts every demo pseudonym of the seed (ECK iDs) in class H2A", () => {
    for (let i = 0; i < 50; i++) {
      const hex = Array.from({ length: 32 }, (_, j) => ((i * 7 + j * 13) % 16).toString(16)).join("");
      expect(isAcceptablePseudonym(`https://ketenid.nl/201703/${hex}`)).toBe(true);
    }
  });

  it("treats pseudonyms case-insensitively when looking for duplicates", () => {
    const result = parsePseudonymCsv(
      `pseudoniem;klas;schooljaar\n${ECK};H2A;2026-2027\n${ECK.toUpperCase().replace("HTTPS://KETENID.NL", "https://ketenid.nl")};H2B;2026-2027\n`,
    );
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/Regel 3.*komt ook voor op regel 2/) });
  });
});

describe("package rules", () => {
  it.each([
    ["2026-05-31", "NOT_YET"],
    ["2026-06-01", "OPEN"],
    ["2027-09-30", "OPEN"],
    ["2027-10-01", "CLOSED"],
  ] as const)("window on %s is %s", (today, state) => {
    expect(orderWindowState({ orderFrom: "2026-06-01", orderUntil: "2027-09-30" }, today)).toBe(state);
  });
  it.each([
    ["2026-07-31", "2025-2026"],
    ["2026-08-01", "2026-2027"],
    ["2027-01-15", "2026-2027"],
  ])("%s lies in school year %s", (date, year) => {
    expect(schoolYearOf(date)).toBe(year);
  });
});
