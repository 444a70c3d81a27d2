import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { action, loader } from "~/routes/financien.btw-tarieven";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import type { ActionResult } from "~/modules/forms/action-result";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";

const today = todayInAmsterdam();
const nextYear = Number(today.slice(0, 4)) + 1;

async function addRate(fields: Record<string, string>, email = "financien@leerwinkel.test") {
  const cookie = await cookieFor(email);
  return run(() =>
    action({ request: formRequest("/financien/btw-tarieven", fields, { cookie }), params: {}, context: {} }),
  );
}
/** The form-level messages of the action result (the schedule's refusals are about the whole form). */
function refusals(res: unknown): string[] {
  return (res as { data: ActionResult }).data.result.error?.[""] ?? [];
}

describe("VAT rates page", () => {
  it("lists the schedule with the rates in force today and the supply mapping", async () => {
    const cookie = await cookieFor("financien@leerwinkel.test");
    const data = (await loader({
      request: getRequest("/financien/btw-tarieven", { cookie }),
      params: {},
      context: {},
    })) as {
      today: string;
      rates: { category: string; percent: string; inForce: boolean }[];
      mapping: { supply: string; category: string }[];
    };
    expect(data.today).toBe(today);
    expect(
      data.rates
        .filter((r) => r.inForce)
        .map((r) => [r.category, r.percent])
        .sort(),
    ).toEqual([
      ["reduced", "6"],
      ["standard", "21"],
    ]);
    expect(Object.fromEntries(data.mapping.map((m) => [m.supply, m.category]))).toEqual({
      physical: "reduced",
      electronic: "standard",
      goods: "standard",
    });
  });

  it.each([["2020-01-01"], [today]])("refuses a rate from %s (not after today)", async (validFrom) => {
    const before = await db.vatRate.count();
    const res = await addRate({ category: "reduced", percent: "9", validFrom, validTo: "" });
    expect(answer(res).status).toBe(400);
    expect(refusals(res)).toEqual([
      `De ingangsdatum moet na vandaag (${today}) liggen: offertes, bestellingen en facturen van eerdere data houden hun tarief.`,
    ]);
    expect(await db.vatRate.count()).toBe(before);
  });

  it("adds a future rate, closes the open-ended one the day before, audits it, and refuses an overlapping one", async () => {
    const from = `${nextYear}-01-01`;
    const res = (await addRate({ category: "reduced", percent: "9", validFrom: from, validTo: "" })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/financien/btw-tarieven?toegevoegd=1");
    const reduced = await db.vatRate.findMany({ where: { category: "reduced" }, orderBy: { validFrom: "asc" } });
    expect(reduced.map((r) => [r.percent, r.validFrom, r.validTo])).toEqual([
      ["6", "2000-01-01", `${nextYear - 1}-12-31`],
      ["9", from, null],
    ]);
    expect(await db.auditLog.count({ where: { action: "vat-rate.add", entityId: reduced[1]!.id } })).toBe(1);

    const overlap = await addRate({ category: "reduced", percent: "7", validFrom: from, validTo: `${nextYear}-06-30` });
    expect(refusals(overlap)).toEqual([`Dit tarief overlapt het bestaande tarief van 9% (vanaf ${from}).`]);
    expect(await db.vatRate.count({ where: { category: "reduced" } })).toBe(2);
  });

  it("accepts a decimal comma and refuses a bad percent", async () => {
    const ok = (await addRate({
      category: "standard",
      percent: "20,5",
      validFrom: `${nextYear + 1}-01-01`,
      validTo: "",
    })) as Response;
    expect(ok.status).toBe(302);
    expect(await db.vatRate.count({ where: { category: "standard", percent: "20.5" } })).toBe(1);
    const bad = await addRate({
      category: "standard",
      percent: "abc",
      validFrom: `${nextYear + 2}-01-01`,
      validTo: "",
    });
    expect(refusals(bad)[0]).toMatch(/^Het percentage moet een getal tussen 0 en 100 zijn/);
    expect(answer(bad).values?.percent).toBe("abc");
  });

  it.each(["school@leerwinkel.test", "admin@leerwinkel.test", "administratie@leerwinkel.test"])(
    "%s gets 403",
    async (email) => {
      const cookie = await cookieFor(email);
      const page = await run(() =>
        loader({ request: getRequest("/financien/btw-tarieven", { cookie }), params: {}, context: {} }),
      );
      expect((page as Response).status).toBe(403);
      const post = await addRate(
        { category: "reduced", percent: "9", validFrom: `${nextYear}-01-01`, validTo: "" },
        email,
      );
      expect((post as Response).status).toBe(403);
    },
  );
});
