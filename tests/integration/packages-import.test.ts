import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { hashOrderCode } from "~/modules/packages/order-code";
import { action as importAction, loader as pseudonymLoader } from "~/routes/school.pakketten.leerlingen";
import { action as lettersAction } from "~/routes/school.pakketten.brieven";
import { action as codeAction } from "~/routes/bestelcode";
import { action as newPackageAction } from "~/routes/school.pakketten.nieuw";
import { action as editAction, loader as editLoader } from "~/routes/school.pakketten.$packageId";
import { loader as listLoader } from "~/routes/school.pakketten._index";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

type Issued = { kind: string; codes: { pseudonymId: string; pseudonym: string; code: string }[]; updated: number };
type ImportResult = ({ ok: true } & Issued) | { ok: false; error: string | undefined; status: number };

/** The action result of an import or a new code: its outcome (the codes) or its error. */
function imported(returned: unknown): ImportResult {
  const a = answer<Issued>(returned);
  if (a.outcome) return { ok: true, ...a.outcome };
  return { ok: false, error: a.formError ?? Object.values(a.errors)[0], status: a.status };
}

function upload(csv: string, cookie: string): Request {
  const body = new FormData();
  body.set("file", new File([csv], "leerlingen.csv", { type: "text/csv" }));
  return new Request("http://localhost/school/pakketten/leerlingen", {
    method: "POST",
    body,
    headers: { Cookie: cookie },
  });
}

const cookieCache = new Map<string, string>();
async function asSchool(email = "school@leerwinkel.test") {
  if (!cookieCache.has(email)) cookieCache.set(email, await cookieFor(email));
  return cookieCache.get(email)!;
}

async function importCsv(csv: string, email = "school@leerwinkel.test") {
  const cookie = await asSchool(email);
  return imported(await run(() => importAction({ request: upload(csv, cookie), params: {}, context: {} })));
}

const eck = (n: number) => `https://ketenid.nl/201703/${n.toString(16).padStart(32, "a")}`;

describe("pseudonym import", () => {
  it("imports a file, shows each code once and stores only its hash; the codes open the package", async () => {
    await asSchool();
    const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const before = await db.studentPseudonym.count({ where: { schoolId: school.id } });
    const csv =
      "\uFEFFPseudoniem;Klas;Schooljaar\r\n" +
      [1, 2, 3].map((n) => `${eck(n)};H2A;2026-2027`).join("\r\n") +
      "\r\n550e8400-e29b-41d4-a716-446655440000;H2A;2026-2027\r\n";
    const result = await importCsv(csv);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.codes).toHaveLength(4);
    expect(await db.studentPseudonym.count({ where: { schoolId: school.id } })).toBe(before + 4);
    const stored = await db.studentPseudonym.findMany({
      where: { schoolId: school.id, pseudonym: { in: result.codes.map((c) => c.pseudonym) } },
    });
    const dump = JSON.stringify(stored) + JSON.stringify(await db.auditLog.findMany());
    for (const c of result.codes) {
      expect(c.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      expect(stored.find((s) => s.pseudonym === c.pseudonym)!.orderCodeHash).toBe(hashOrderCode(c.code));
      expect(dump).not.toContain(c.code);
      expect(dump).not.toContain(c.code.replace(/-/g, ""));
    }
    expect(stored.every((s) => s.codeExpiresOn === "2027-09-30")).toBe(true); // the package's window end
    // A parent can open the package with a freshly issued code.
    const opened = (await run(() =>
      codeAction({
        request: formRequest("/bestelcode", { code: result.codes[0]!.code.toLowerCase() }, { ip: "192.0.2.50" }),
        params: {},
        context: { clientAddress: "192.0.2.50" },
      }),
    )) as Response;
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe("/pakket");
    // Importing the same file again issues no new codes and keeps the old ones valid.
    const again = await importCsv(csv.replace(/H2A/g, "H2B"));
    expect(again).toMatchObject({ ok: true, updated: 4 });
    if (again.ok) expect(again.codes).toHaveLength(0);
    expect((await db.studentPseudonym.findFirstOrThrow({ where: { pseudonym: eck(1) } })).orderCodeHash).toBe(
      hashOrderCode(result.codes[0]!.code),
    );
  });

  it("prints one parent letter per code as a PDF, only for codes of the user's own school", async () => {
    await asSchool();
    const result = await importCsv(`pseudonym,class,year\n${eck(10)},H2A,2026-2027\n${eck(11)},H2A,2026-2027\n`);
    if (!result.ok) throw new Error(result.error);
    const body = new URLSearchParams(result.codes.map((c) => ["code", c.code]));
    const req = (cookie: string) =>
      new Request("http://localhost/school/pakketten/brieven", {
        method: "POST",
        body,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      });
    const pdf = (await run(() =>
      lettersAction({ request: req(cookieCache.get("school@leerwinkel.test")!), params: {}, context: {} }),
    )) as Response;
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.toString("latin1").match(/\/Type \/Page\b/g)).toHaveLength(2);
    // Another school's admin cannot print letters for these codes.
    const vechtdal = await cookieFor("vechtdal@leerwinkel.test");
    const foreign = (await run(() => lettersAction({ request: req(vechtdal), params: {}, context: {} }))) as Response;
    expect(foreign.status).toBe(400);
  });

  it.each([
    [
      "a name column",
      `pseudoniem;naam;klas;schooljaar\n${eck(20)};Jan Jansen;H2A;2026-2027\n`,
      /Kolom 2 \("naam"\) lijkt persoonsgegevens/,
    ],
    [
      "a first-name column in English",
      `pseudonym,first name,class,year\n${eck(20)},Jan,H2A,2026-2027\n`,
      /Kolom 2 \("first name"\) lijkt persoonsgegevens/,
    ],
    [
      "an e-mail address as a value",
      `pseudoniem;klas;schooljaar\n${eck(20)};H2A;2026-2027\njan@example.nl;H2A;2026-2027\n`,
      /Regel 3, kolom "pseudoniem": de waarde lijkt op een e-mailadres/,
    ],
    [
      "a BSN",
      `pseudoniem;klas;schooljaar\n${eck(20)};H2A;2026-2027\n111222333;H2A;2026-2027\n`,
      /Regel 3, kolom "pseudoniem": de waarde lijkt op een BSN/,
    ],
    [
      "a date of birth",
      `pseudoniem;klas;schooljaar\n${eck(20)};12-03-2013;2026-2027\n`,
      /Regel 2, kolom "klas": de waarde lijkt op een \(geboorte\)datum/,
    ],
    [
      "a plain student number",
      `pseudoniem;klas;schooljaar\n${eck(20)};H2A;2026-2027\n204518;H2A;2026-2027\n`,
      /Regel 3, kolom "pseudoniem": "204518" lijkt op een leerlingnummer/,
    ],
    [
      "a duplicated pseudonym",
      `pseudoniem;klas;schooljaar\n${eck(20)};H2A;2026-2027\n${eck(21)};H2A;2026-2027\n${eck(20)};H2B;2026-2027\n`,
      /Regel 4, kolom "pseudoniem": pseudoniem komt ook voor op regel 2/,
    ],
    [
      "a malformed row",
      `pseudoniem;klas;schooljaar\n${eck(20)};H2A;2026-2027\n${eck(21)};H2A\n`,
      /Regel 3 heeft 2 kolommen, de kopregel 3/,
    ],
  ])("refuses the whole file with %s and imports nothing", async (_label, csv, message) => {
    await asSchool();
    const before = await db.studentPseudonym.count();
    const result = await importCsv(csv);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(400);
      expect(result.error).toMatch(message);
      expect(result.error).toMatch(/Er is niets geïmporteerd|persoonsgegevens/);
    }
    expect(await db.studentPseudonym.count()).toBe(before);
    expect(await db.studentPseudonym.count({ where: { pseudonym: eck(20) } })).toBe(0);
  });

  it("asks for a file when none is chosen", async () => {
    const result = await importCsv("");
    expect(result).toEqual({
      ok: false,
      error: "Kies een CSV-bestand met de kolommen pseudoniem, klas en schooljaar.",
      status: 400,
    });
  });

  it("refuses a file over 1 MB", async () => {
    await asSchool();
    const rows = Array.from({ length: 20_000 }, (_, n) => `${eck(100_000 + n)};H2A;2026-2027`).join("\n");
    const result = await importCsv(`pseudoniem;klas;schooljaar\n${rows}\n`);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/groter dan 1 MB/), status: 413 });
  });

  it("makes a new code for one pseudonym: the old code stops working, the new one is shown once", async () => {
    const cookie = await asSchool();
    const pseudonym = await db.studentPseudonym.findFirstOrThrow({
      where: { orderCodeHash: hashOrderCode("LWDM-7K3Q-9XA2") },
    });
    const res = imported(
      await run(() =>
        importAction({
          request: formRequest(
            "/school/pakketten/leerlingen",
            { intent: "new-code", pseudonymId: pseudonym.id },
            { cookie },
          ),
          params: {},
          context: {},
        }),
      ),
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const after = await db.studentPseudonym.findUniqueOrThrow({ where: { id: pseudonym.id } });
    expect(after.orderCodeHash).toBe(hashOrderCode(res.codes[0]!.code));
    expect(await db.studentPseudonym.count({ where: { orderCodeHash: hashOrderCode("LWDM-7K3Q-9XA2") } })).toBe(0);
    // Another school cannot renew this pseudonym's code, nor list it.
    const vechtdal = await cookieFor("vechtdal@leerwinkel.test");
    const foreign = (await run(() =>
      importAction({
        request: formRequest(
          "/school/pakketten/leerlingen",
          { intent: "new-code", pseudonymId: pseudonym.id },
          { cookie: vechtdal },
        ),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(foreign.status).toBe(404);
    const listed = (await pseudonymLoader({
      request: getRequest("/school/pakketten/leerlingen", { cookie: vechtdal }),
      params: {},
      context: {},
    })) as { pseudonyms: unknown[] };
    expect(listed.pseudonyms).toHaveLength(0);
  });
});

describe("package editing", () => {
  it("creates a package, adds a title with chosen offers, and keeps it to the school", async () => {
    const cookie = await asSchool();
    const created = (await run(() =>
      newPackageAction({
        request: formRequest(
          "/school/pakketten/nieuw",
          {
            name: "Pakket havo 3",
            classGroup: "H3A",
            schoolYear: "2026-2027",
            orderFrom: "2026-06-01",
            orderUntil: "2026-12-31",
          },
          { cookie },
        ),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(created.status).toBe(302);
    const packageId = created.headers.get("Location")!.split("/").pop()!;
    const title = await db.title.findFirstOrThrow({
      where: { name: "Getal & Ruimte havo 2" },
      include: { offers: true },
    });
    const search = (await editLoader({
      request: getRequest(`/school/pakketten/${packageId}?zoek=${encodeURIComponent(title.offers[0]!.ean)}`, {
        cookie,
      }),
      params: { packageId },
      context: {},
    })) as { results: { id: string }[] };
    expect(search.results.map((r) => r.id)).toContain(title.id);
    const digital = title.offers.find((o) => o.supply === "electronic")!;
    const print = title.offers.find((o) => o.supply === "physical")!;
    const body = new URLSearchParams([
      ["intent", "add-item"],
      ["titleId", title.id],
      ["paidBy", "PARENT"],
      ["offerId", digital.id],
      ["offerId", print.id],
    ]);
    const add = await editAction({
      request: new Request(`http://localhost/school/pakketten/${packageId}`, {
        method: "POST",
        body,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      }),
      params: { packageId },
      context: {},
    });
    expect(answer(add)).toMatchObject({ status: 200, success: "Opgeslagen.", errors: {} });
    const item = await db.packageItem.findFirstOrThrow({ where: { packageId }, include: { offers: true } });
    expect(item.paidBy).toBe("PARENT");
    expect(item.offers.map((o) => o.offerId).sort()).toEqual([digital.id, print.id].sort());
    // An offer of another title is refused.
    const other = await db.offer.findFirstOrThrow({ where: { titleId: { not: title.id } } });
    const bad = await editAction({
      request: formRequest(
        `/school/pakketten/${packageId}`,
        { intent: "update-item", itemId: item.id, paidBy: "SCHOOL", offerId: other.id },
        { cookie },
      ),
      params: { packageId },
      context: {},
    });
    expect(answer(bad)).toMatchObject({ status: 400, errors: { offerId: "Kies alleen uitvoeringen van deze titel." } });
    // Dates out of order are a form error with the fields kept.
    const header = await editAction({
      request: formRequest(
        `/school/pakketten/${packageId}`,
        {
          intent: "header",
          name: "Pakket havo 3",
          classGroup: "H3A",
          schoolYear: "2026-2027",
          orderFrom: "2026-12-31",
          orderUntil: "2026-06-01",
        },
        { cookie },
      ),
      params: { packageId },
      context: {},
    });
    expect(answer(header)).toMatchObject({
      status: 400,
      errors: { orderUntil: "De einddatum ligt vóór de begindatum." },
      values: { orderFrom: "2026-12-31" },
    });
    // Another school sees neither the list entry nor the package.
    const vechtdal = await cookieFor("vechtdal@leerwinkel.test");
    const list = (await listLoader({
      request: getRequest("/school/pakketten", { cookie: vechtdal }),
      params: {},
      context: {},
    })) as { packages: { id: string }[] };
    expect(list.packages.map((p) => p.id)).not.toContain(packageId);
    const foreign = (await run(() =>
      editLoader({
        request: getRequest(`/school/pakketten/${packageId}`, { cookie: vechtdal }),
        params: { packageId },
        context: {},
      }),
    )) as Response;
    expect(foreign.status).toBe(404);
    const foreignPost = (await run(() =>
      editAction({
        request: formRequest(
          `/school/pakketten/${packageId}`,
          { intent: "remove-item", itemId: item.id },
          { cookie: vechtdal },
        ),
        params: { packageId },
        context: {},
      }),
    )) as Response;
    expect(foreignPost.status).toBe(404);
    expect(await db.packageItem.count({ where: { packageId } })).toBe(1);
  });
});
