import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action as schoolsAction, loader as schoolsLoader } from "~/routes/beheer.scholen._index";
import { action as schoolAction, loader as schoolLoader } from "~/routes/beheer.scholen.$schoolId";
import { verifyPassword } from "~/modules/auth/password.server";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

async function postSchool(schoolId: string, fields: Record<string, string>, email = "admin@leerwinkel.test") {
  const cookie = await cookieFor(email);
  return run(() =>
    schoolAction({
      request: formRequest(`/beheer/scholen/${schoolId}`, fields, { cookie }),
      params: { schoolId },
      context: {},
    }),
  );
}
async function schoolFields(overrides: Record<string, string> = {}) {
  const board = await db.organisation.findFirstOrThrow({ where: { kind: "BOARD" }, orderBy: { name: "asc" } });
  return {
    intent: "school",
    name: "Het Nieuwe Lyceum",
    boardId: board.id,
    brin: "99zz",
    sector: "VO",
    street: "Schoolstraat 1",
    postalCode: "1234ab",
    city: "Amstelveen",
    email: "Info@Nieuwelyceum.test",
    kvkNumber: "1234 5678",
    poNumberRequired: "on",
    paymentTermDays: "14",
    ...overrides,
  };
}
let brinCounter = 0;
async function createSchool(overrides: Record<string, string> = {}) {
  // Tests in this file share one database: every new school needs its own BRIN code.
  const brin = `9${brinCounter++}ZY`;
  const res = (await postSchool("nieuw", await schoolFields({ brin, ...overrides }))) as Response;
  expect(res.status).toBe(302);
  return /\/beheer\/scholen\/([^?]+)/.exec(res.headers.get("Location")!)![1]!;
}

describe("schools", () => {
  it("creates a school under a board with normalised BRIN, postal code and e-mail, audited", async () => {
    const id = await createSchool({ brin: "99zz" });
    const school = await db.organisation.findUniqueOrThrow({ where: { id } });
    expect(school).toMatchObject({
      kind: "SCHOOL",
      brin: "99ZZ",
      postalCode: "1234 AB",
      email: "info@nieuwelyceum.test",
      kvkNumber: "12345678",
      poNumberRequired: true,
      allowRepeatPackageOrders: false,
      paymentTermDays: 14,
    });
    expect(await db.auditLog.count({ where: { entity: "Organisation", entityId: id, action: "school.create" } })).toBe(
      1,
    );
  });

  it.each([
    [{ brin: "1AB2" }, "brin", "Een BRIN-code bestaat uit 2 cijfers en 2 letters, bijvoorbeeld 12AB."],
    [{ brin: "123AB" }, "brin", "Een BRIN-code bestaat uit 2 cijfers en 2 letters, bijvoorbeeld 12AB."],
    [{ brin: "" }, "brin", "Vul de BRIN-code in."],
    [{ kvkNumber: "1234567" }, "kvkNumber", "Een KvK-nummer bestaat uit 8 cijfers."],
    [
      { kvkNumber: "", oin: "" },
      "kvkNumber",
      "Vul het KvK-nummer of het OIN van de school in: daarheen gaan haar e-facturen (Peppol).",
    ],
    [{ paymentTermDays: "0" }, "paymentTermDays", "De betaaltermijn is een heel aantal dagen van 1 tot en met 90."],
    [{ paymentTermDays: "91" }, "paymentTermDays", "De betaaltermijn is een heel aantal dagen van 1 tot en met 90."],
    [{ email: "geen-adres" }, "email", "Dit is geen geldig e-mailadres."],
    [{ sector: "HBO" }, "sector", "Kies een sector: PO, VO of MBO."],
    [{ boardId: "" }, "boardId", "Kies het schoolbestuur."],
    [{ name: " " }, "name", "Vul de naam van de school in."],
  ])("refuses %o", async (overrides, field, message) => {
    const before = await db.organisation.count();
    const res = answer(await postSchool("nieuw", await schoolFields(overrides)));
    expect(res.errors[field]).toBe(message);
    expect(res.values?.city).toBe("Amstelveen");
    expect(await db.organisation.count()).toBe(before);
  });

  it("refuses a BRIN code another school has, and a school as board", async () => {
    const res = answer(await postSchool("nieuw", await schoolFields({ brin: "12ab" })));
    expect(res.errors.brin).toBe("BRIN-code 12AB is al in gebruik bij Amstel Lyceum.");
    const school = await db.organisation.findFirstOrThrow({ where: { kind: "SCHOOL" } });
    const notBoard = answer(await postSchool("nieuw", await schoolFields({ boardId: school.id })));
    expect(notBoard.errors.boardId).toBe("Kies een bestaand schoolbestuur.");
  });

  it("lets exactly one of two simultaneous saves with the same new BRIN code through", async () => {
    const results = await Promise.all([
      postSchool("nieuw", await schoolFields({ brin: "88XX" })),
      postSchool("nieuw", await schoolFields({ brin: "88xx", name: "Tweede" })),
    ]);
    expect(results.filter((r) => r instanceof Response && r.status === 302)).toHaveLength(1);
    const refused = results.filter((r) => !(r instanceof Response)).map((r) => answer(r));
    expect(refused[0]!.errors.brin).toMatch(/^BRIN-code 88XX is al in gebruik bij /);
    expect(await db.organisation.count({ where: { brin: "88XX" } })).toBe(1);
  });

  it("edits a school keeping its own BRIN code, with an optional KvK number", async () => {
    const amstel = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const res = (await postSchool(
      amstel.id,
      await schoolFields({
        name: "Amstel Lyceum",
        brin: "12AB",
        kvkNumber: "1234 5678",
        paymentTermDays: "30",
        boardId: amstel.parentId!,
      }),
    )) as Response;
    expect(res.status).toBe(302);
    const after = await db.organisation.findUniqueOrThrow({ where: { id: amstel.id } });
    expect(after).toMatchObject({ brin: "12AB", kvkNumber: "12345678", paymentTermDays: 30 });
  });

  it("creates a board", async () => {
    const cookie = await cookieFor("admin@leerwinkel.test");
    const bad = answer(
      await run(() =>
        schoolsAction({
          request: formRequest("/beheer/scholen", { name: "", kvkNumber: "12" }, { cookie }),
          params: {},
          context: {},
        }),
      ),
    );
    expect(bad.errors).toEqual({
      name: "Vul de naam van het schoolbestuur in.",
      kvkNumber: "Een KvK-nummer bestaat uit 8 cijfers.",
    });
    const res = (await run(() =>
      schoolsAction({
        request: formRequest(
          "/beheer/scholen",
          { name: "Stichting Nieuw", kvkNumber: "87654321", email: "" },
          { cookie },
        ),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(res.status).toBe(302);
    const board = await db.organisation.findFirstOrThrow({ where: { name: "Stichting Nieuw" } });
    expect(board).toMatchObject({ kind: "BOARD", kvkNumber: "87654321" });
    const overview = (await schoolsLoader({
      request: getRequest("/beheer/scholen", { cookie }),
      params: {},
      context: {},
    })) as { boards: { name: string }[] };
    expect(overview.boards.map((b) => b.name)).toContain("Stichting Nieuw");
  });
});

describe("school users", () => {
  const userFields = (overrides: Record<string, string> = {}) => ({
    intent: "user",
    userName: "Sanne de Vries",
    userEmail: "Sanne@Nieuwelyceum.test",
    password: "een-lang-wachtwoord",
    role: "SCHOOL_FINANCE",
    ...overrides,
  });

  it("adds a school finance user with a hashed password and a membership of that school", async () => {
    const id = await createSchool();
    const res = (await postSchool(id, userFields())) as Response;
    expect(res.headers.get("Location")).toBe(`/beheer/scholen/${id}?opgeslagen=gebruiker`);
    const user = await db.user.findUniqueOrThrow({
      where: { email: "sanne@nieuwelyceum.test" },
      include: { memberships: true },
    });
    expect(user.passwordHash).not.toContain("een-lang-wachtwoord");
    expect(await verifyPassword("een-lang-wachtwoord", user.passwordHash)).toBe(true);
    expect(user.memberships.map((m) => [m.role, m.organisationId])).toEqual([["SCHOOL_FINANCE", id]]);
    expect(await db.auditLog.count({ where: { entity: "User", entityId: user.id } })).toBe(1);
  });

  it.each([
    [{ password: "kort-9-tk" }, "password", "Het beginwachtwoord moet ten minste 10 tekens hebben."],
    [{ userEmail: "geen" }, "userEmail", "Dit is geen geldig e-mailadres."],
    [{ userEmail: "school@leerwinkel.test" }, "userEmail", "Er bestaat al een account met dit e-mailadres."],
    [{ role: "OPERATOR_ADMIN" }, "role", "Kies een rol: leermiddelencoördinator of financiële administratie."],
    [{ userName: "" }, "userName", "Vul de naam in."],
  ])("refuses %o and never echoes the password", async (overrides, field, message) => {
    const id = await createSchool();
    const before = await db.user.count();
    const res = answer(await postSchool(id, userFields(overrides)));
    expect(res.errors[field]).toBe(message);
    expect(res.values?.password).toBeUndefined();
    expect(await db.user.count()).toBe(before);
  });
});

describe("role guards", () => {
  it("a school admin gets 403 on the school pages", async () => {
    const cookie = await cookieFor("school@leerwinkel.test");
    const amstel = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
    const responses = await Promise.all([
      run(() => schoolsLoader({ request: getRequest("/beheer/scholen", { cookie }), params: {}, context: {} })),
      run(() =>
        schoolsAction({ request: formRequest("/beheer/scholen", { name: "X" }, { cookie }), params: {}, context: {} }),
      ),
      run(() =>
        schoolLoader({
          request: getRequest(`/beheer/scholen/${amstel.id}`, { cookie }),
          params: { schoolId: amstel.id },
          context: {},
        }),
      ),
      postSchool(
        amstel.id,
        {
          intent: "user",
          userName: "X",
          userEmail: "x@x.test",
          password: "heel-lang-wachtwoord",
          role: "SCHOOL_ADMIN",
        },
        "school@leerwinkel.test",
      ),
    ]);
    expect(responses.map((r) => (r as Response).status)).toEqual([403, 403, 403, 403]);
  });

  it("answers 404 for a board id used as school", async () => {
    const cookie = await cookieFor("admin@leerwinkel.test");
    const board = await db.organisation.findFirstOrThrow({ where: { kind: "BOARD" } });
    const res = await run(() =>
      schoolLoader({
        request: getRequest(`/beheer/scholen/${board.id}`, { cookie }),
        params: { schoolId: board.id },
        context: {},
      }),
    );
    expect((res as Response).status).toBe(404);
  });
});
