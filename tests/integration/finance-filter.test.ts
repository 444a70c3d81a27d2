/**
 * The invoice list's filter form (GET, one schema shared with the browser): a wrong value comes
 * back as a message on its field with what was typed kept, and no list; a right one filters.
 */
import { describe, expect, it } from "vitest";
import { loader as financeLoader } from "~/routes/financien._index";
import { cookieFor, getRequest } from "../support/requests";

type Page = {
  list: { rows: { issueDate: string }[] } | null;
  filter: { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> };
};

async function visit(query: string): Promise<Page> {
  const cookie = await cookieFor("financien@leerwinkel.test");
  return (await financeLoader({
    request: getRequest(`/financien${query}`, { cookie }),
    params: {},
    context: {},
  })) as Page;
}

describe("the invoice list's filter", () => {
  it("brings a wrong quarter and dates in the wrong order back on their fields, with the values typed", async () => {
    const bad = await visit("?quarter=2026-K7&from=2026-09-30&to=2026-07-01");
    expect(bad.list).toBeNull();
    expect(bad.filter.error).toMatchObject({
      quarter: ["Kies een kwartaal als 2026-K3."],
    });
    expect(bad.filter.initialValue).toMatchObject({ quarter: "2026-K7", from: "2026-09-30", to: "2026-07-01" });
    const order = await visit("?from=2026-09-30&to=2026-07-01");
    expect(order.list).toBeNull();
    expect(order.filter.error).toMatchObject({ to: ["De begindatum ligt na de einddatum."] });
    const date = await visit("?from=30-09-2026");
    expect(date.filter.error).toMatchObject({ from: ["Vul een datum in als JJJJ-MM-DD."] });
  });

  it("filters a quarter, keeping the choice in the form", async () => {
    const page = await visit("?quarter=2026-K3&status=");
    expect(page.filter.error ?? {}).toEqual({});
    expect(page.filter.initialValue).toMatchObject({ quarter: "2026-K3" });
    expect(page.list).not.toBeNull();
    for (const row of page.list!.rows)
      expect(row.issueDate >= "2026-07-01" && row.issueDate <= "2026-09-30").toBe(true);
  });
});
