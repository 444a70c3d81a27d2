/**
 * The VAT gap report (issue 14 §3) and the "Wat als" scenarios (§4) through their route handlers,
 * on the seeded history (2026-K2 and K3: school orders on invoice, parents' online orders,
 * partial and full credit notes): the report reconciles with the VAT return of the same
 * documents to the cent, each user sees only their scope, the CSV streams the same figures, bad
 * input is a form message or a 400 (never a 500), and a scenario reproduces the stored documents
 * with the real table and changes nothing in the database.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { loader as pageLoader } from "~/routes/financien.btw-verschil";
import { loader as csvLoader } from "~/routes/financien.btw-verschil[.]csv";
import { loader as financeLoader } from "~/routes/financien._index";
import { vatReturnFor } from "~/modules/invoices/finance.server";
import { iterateInvoiceRecords } from "~/modules/invoices/invoice-document.server";
import { summariseVatReturnStream } from "~/modules/invoices/vat-return";
import { roundE4ToCents } from "~/modules/invoices/vat-gap";
import { parseFrozen } from "~/modules/pricing/frozen-pricing";
import { repriceBreakdown } from "~/modules/pricing/scenario-pricing";
import { REAL_TABLE } from "~/modules/vat/scenarios";
import { toCents as cents } from "~/modules/money";
import { loadScenarios } from "~/modules/vat/scenarios.server";
import { cookieFor, getRequest, run } from "../support/requests";

const K2 = { from: "2026-04-01", to: "2026-06-30" };

interface Row {
  key: string;
  electronicBaseCents: number;
  vatPaidCents: number;
  vatAtReducedCents: number;
  gapCents: number;
}
interface Page {
  invalid: boolean;
  filter: { error?: Record<string, string[] | null> | null; initialValue?: Record<string, unknown> | null };
  report: {
    months: Row[];
    groups: Row[];
    total: Row;
    standardTurnoverCents: number;
    standardVatCents: number;
    invoiceCount: number;
    creditNoteCount: number;
  } | null;
  comparison: {
    schools: { schoolName: string; paid: { grossCents: number; vatCents: number } }[];
    total: { orders: number; paid: { vatCents: number }; scenario: { vatCents: number }; vatDifferenceCents: number };
  } | null;
}

async function page(email: string, query: string): Promise<Page> {
  const cookie = await cookieFor(email);
  return (await pageLoader({
    request: getRequest(`/financien/btw-verschil${query}`, { cookie }),
    params: {},
    context: {},
  })) as unknown as Page;
}

async function csv(email: string, query: string): Promise<Response> {
  const cookie = await cookieFor(email);
  const result = await run(() =>
    Promise.resolve(
      csvLoader({ request: getRequest(`/financien/btw-verschil.csv${query}`, { cookie }), params: {}, context: {} }),
    ),
  );
  if (!(result instanceof Response)) throw new Error("expected a Response");
  return result;
}

async function schoolId(brinOrName: string): Promise<string> {
  const org = await db.organisation.findFirstOrThrow({ where: { kind: "SCHOOL", name: { contains: brinOrName } } });
  return org.id;
}

const sum = (rows: Row[], key: keyof Omit<Row, "key">) => rows.reduce((s, r) => s + r[key], 0);

describe("the VAT gap report", () => {
  it("reconciles with the VAT return of the period to the cent (operator finance, all schools)", async () => {
    const p = await page("financien@leerwinkel.test", "?period=2026-K2");
    expect(p.invalid).toBe(false);
    const report = p.report!;
    const vatReturn = await vatReturnFor(K2);
    const box1a = vatReturn.boxes.find((b) => b.box === "1a")!;
    // the same documents as the return: box 1a of the report's documents is the return's box 1a
    expect(report.standardTurnoverCents).toBe(box1a.turnoverCents);
    expect(report.standardVatCents).toBe(box1a.vatCents);
    expect(report.invoiceCount).toBe(vatReturn.invoiceCount);
    expect(report.creditNoteCount).toBe(vatReturn.creditNoteCount);
    // there are electronic parts, they are part of box 1a, and gap = base × (21 − 6) / 100 to the cent
    expect(report.total.electronicBaseCents).toBeGreaterThan(0);
    expect(report.total.electronicBaseCents).toBeLessThanOrEqual(box1a.turnoverCents);
    expect(report.total.vatPaidCents).toBeLessThanOrEqual(box1a.vatCents);
    expect(report.total.gapCents).toBe(roundE4ToCents(report.total.electronicBaseCents * 1500));
    expect(report.total.vatAtReducedCents).toBe(report.total.vatPaidCents - report.total.gapCents);
    // months and subjects add up
    expect(report.months.map((m) => m.key)).toEqual(["2026-04", "2026-05", "2026-06"]);
    for (const rows of [report.months, report.groups]) {
      for (const key of ["electronicBaseCents", "vatPaidCents", "vatAtReducedCents", "gapCents"] as const) {
        expect(sum(rows, key)).toBe(report.total[key]);
      }
    }
  });

  it("shows a school only its own purchases, whatever the query says", async () => {
    const amstel = await schoolId("Amstel Lyceum");
    const vechtdal = await schoolId("Vechtdal");
    const own = await page("administratie@leerwinkel.test", `?period=2026-K2&school=${vechtdal}`);
    const asOperator = await page("financien@leerwinkel.test", `?period=2026-K2&school=${amstel}`);
    // the school's own purchases (no parents' orders) = the VAT return of those documents
    const schoolReturn = await summariseVatReturnStream(
      iterateInvoiceRecords({ ...K2, schoolId: amstel, orderKind: "SCHOOL" }),
    );
    const box1a = schoolReturn.boxes.find((b) => b.box === "1a")!;
    expect(own.report!.standardTurnoverCents).toBe(box1a.turnoverCents);
    expect(own.report!.standardVatCents).toBe(box1a.vatCents);
    expect(own.report!.total.gapCents).toBeGreaterThan(0);
    // the school admin sees the same as school finance
    const admin = await page("school@leerwinkel.test", "?period=2026-K2");
    expect(admin.report!.total).toEqual(own.report!.total);
    // the operator's view of the school includes parents' orders, so it is at least as large
    expect(asOperator.report!.standardTurnoverCents).toBeGreaterThanOrEqual(own.report!.standardTurnoverCents);
    // the CSV of school finance is its own school's too, whatever `school` says
    const schoolCsv = new TextDecoder()
      .decode(
        new Uint8Array(
          await (await csv("administratie@leerwinkel.test", `?period=2026-K2&school=${vechtdal}`)).arrayBuffer(),
        ),
      )
      .trimEnd()
      .split("\r\n");
    const totalRow = schoolCsv.at(-1)!.split(";");
    expect(totalRow[0]).toBe("Totaal");
    expect(Math.round(Number(totalRow[12]) * 100)).toBe(own.report!.total.gapCents);
    expect(schoolCsv.slice(1, -1).every((l) => l.split(";")[3] === "Amstel Lyceum")).toBe(true);
    // a parent may not see it
    const parent = await run(() => page("ouder@leerwinkel.test", "?period=2026-K2"));
    expect(parent).toBeInstanceOf(Response);
    expect((parent as Response).status).toBe(403);
  });

  it("shows a board coordinator the purchases of the board's schools", async () => {
    const amstel = await db.organisation.findFirstOrThrow({ where: { name: { contains: "Amstel Lyceum" } } });
    const board = amstel.parentId!;
    const user = await db.user.upsert({
      where: { email: "bestuur-gap@leerwinkel.test" },
      update: {},
      create: { email: "bestuur-gap@leerwinkel.test", name: "Bestuur", passwordHash: "!" },
    });
    await db.membership.upsert({
      where: { userId_organisationId_role: { userId: user.id, organisationId: board, role: "BOARD_ADMIN" } },
      update: {},
      create: { userId: user.id, organisationId: board, role: "BOARD_ADMIN" },
    });
    const schools = await db.organisation.findMany({ where: { parentId: board, kind: "SCHOOL" } });
    const boardPage = await page("bestuur-gap@leerwinkel.test", "?period=2026-K2");
    let turnover = 0;
    for (const s of schools) {
      const r = await summariseVatReturnStream(iterateInvoiceRecords({ ...K2, schoolId: s.id, orderKind: "SCHOOL" }));
      turnover += r.boxes.find((b) => b.box === "1a")!.turnoverCents;
    }
    expect(boardPage.report!.standardTurnoverCents).toBe(turnover);
  });

  it("streams the CSV with the report's figures: Σ rows = the total, exact gaps round to the total gap", async () => {
    const p = await page("financien@leerwinkel.test", "?period=2026-K2");
    const response = await csv("financien@leerwinkel.test", "?period=2026-K2");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM
    const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "Nummer;Datum;Type;School;Vak;Uitgever;Omschrijving;Tarief;Verlaagd tarief;Grondslag;Btw betaald;Btw tegen verlaagd tarief;Verschil",
    );
    const body = lines.slice(1, -1).map((l) => l.split(";"));
    const total = lines.at(-1)!.split(";");
    const cents = (s: string) => Math.round(Number(s) * 100); // test-side parsing of 2-decimal strings
    const e4 = (s: string) => Math.round(Number(s) * 1_000_000);
    expect(body.length).toBeGreaterThan(0);
    expect(body.some((r) => r[2] === "creditnota")).toBe(true);
    expect(body.reduce((s, r) => s + cents(r[9]!), 0)).toBe(p.report!.total.electronicBaseCents);
    expect(body.reduce((s, r) => s + cents(r[10]!), 0)).toBe(p.report!.total.vatPaidCents);
    expect(roundE4ToCents(body.reduce((s, r) => s + e4(r[12]!), 0))).toBe(p.report!.total.gapCents);
    // A bundle's licence part is an electronic part; its printed part (6%) is not.
    const bundleParts = await db.invoiceLine.findMany({
      where: { orderLine: { supply: "bundle" }, invoice: { issueDate: { gte: K2.from, lte: K2.to } } },
      include: { invoice: { select: { number: true } } },
    });
    const licencePart = bundleParts.find((l) => l.vatRate === "21");
    const printPart = bundleParts.find((l) => l.vatRate === "6");
    expect(licencePart && printPart).toBeTruthy();
    expect(body.some((r) => r[0] === licencePart!.invoice.number && r[6] === licencePart!.description)).toBe(true);
    expect(body.some((r) => r[6] === printPart!.description)).toBe(false);
    expect(total[0]).toBe("Totaal");
    expect(cents(total[12]!)).toBe(p.report!.total.gapCents);
    expect(cents(total[11]!)).toBe(p.report!.total.vatAtReducedCents);
  });

  it("answers bad input with a form message or a 400, never a 500", async () => {
    const bad = await page("financien@leerwinkel.test", "?period=2026-K9");
    expect(bad.invalid).toBe(true);
    expect(bad.report).toBeNull();
    expect(bad.filter.error).toMatchObject({ period: ["Kies een maand (2026-07) of een kwartaal (2026-K3)."] });
    expect(bad.filter.initialValue).toMatchObject({ period: "2026-K9" });
    const unknownScenario = await page("financien@leerwinkel.test", "?period=2026-K2&scenario=bestaat-niet");
    expect(unknownScenario.filter.error).toMatchObject({ scenario: ["Kies een scenario uit de lijst."] });
    const unknownSchool = await page("financien@leerwinkel.test", "?period=2026-K2&school=nope");
    expect(unknownSchool.filter.error).toMatchObject({ school: ["Kies een school uit de lijst."] });
    for (const query of ["?period=2026-13", "?period=x", "", `?period=${"9".repeat(500)}`]) {
      const response = await csv("financien@leerwinkel.test", query);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/maand|kwartaal|periode/i);
    }
  });
});

describe("Wat als scenarios", () => {
  it("the real table reproduces every stored invoice of the period exactly", async () => {
    const invoices = await db.invoice.findMany({
      where: { type: "INVOICE", issueDate: { gte: "2026-04-01", lte: "2026-09-30" } },
      include: { vatLines: true, order: { select: { breakdownJson: true } } },
    });
    expect(invoices.length).toBeGreaterThan(5);
    for (const invoice of invoices) {
      const b = repriceBreakdown(parseFrozen(invoice.order.breakdownJson), REAL_TABLE);
      expect([cents(b.totals.net), cents(b.totals.vat), cents(b.totals.gross)]).toEqual([
        invoice.netCents,
        invoice.vatCents,
        invoice.grossCents,
      ]);
      const perRate = Object.fromEntries(
        b.vatBreakdown.map((g) => [g.vatRate.toFixed(), [cents(g.taxable), cents(g.vat)]]),
      );
      expect(perRate).toEqual(
        Object.fromEntries(invoice.vatLines.map((v) => [v.vatRate, [v.taxableCents, v.vatCents]])),
      );
    }
  });

  it("re-prices the period per school side by side with what was paid, and changes nothing stored", async () => {
    const snapshot = async () => ({
      rates: await db.vatRate.findMany({ orderBy: { id: "asc" } }),
      mapping: await db.supplyCategory.findMany({ orderBy: { supply: "asc" } }),
      invoices: await db.invoice.aggregate({
        _count: true,
        _sum: { netCents: true, vatCents: true, grossCents: true },
      }),
      vatLines: await db.invoiceVatLine.aggregate({ _sum: { taxableCents: true, vatCents: true } }),
      orders: await db.order.findMany({
        select: { id: true, breakdownJson: true, vatCents: true },
        orderBy: { id: "asc" },
      }),
    });
    const before = await snapshot();
    const scenarios = await loadScenarios();
    expect(scenarios.map((s) => s.slug)).toEqual(["digitaal-verlaagd", "tarieven-2019", "wet-2020"]);
    const digital = await page("financien@leerwinkel.test", "?period=2026-K2&scenario=digitaal-verlaagd");
    const plain = await page("financien@leerwinkel.test", "?period=2026-K2");
    const c = digital.comparison!;
    expect(c.total.orders).toBeGreaterThan(0);
    expect(c.schools.length).toBeGreaterThan(1);
    // licences at 6% instead of 21%: less VAT than was paid
    expect(c.total.scenario.vatCents).toBeLessThan(c.total.paid.vatCents);
    expect(c.total.vatDifferenceCents).toBe(c.total.scenario.vatCents - c.total.paid.vatCents);
    // the report itself is the same with or without a scenario
    expect(digital.report!.total).toEqual(plain.report!.total);
    const rates2019 = await page("financien@leerwinkel.test", "?period=2026-K2&scenario=tarieven-2019");
    expect(rates2019.comparison!.total.scenario.vatCents).toBeGreaterThan(rates2019.comparison!.total.paid.vatCents);
    expect(await snapshot()).toEqual(before);
  });
});

describe("VAT per rate on the finance dashboard", () => {
  it("sums the selection's VAT lines per rate (credit notes subtracted) to the selection's totals", async () => {
    const cookie = await cookieFor("financien@leerwinkel.test");
    const d = (await financeLoader({
      request: getRequest("/financien?quarter=2026-K2", { cookie }),
      params: {},
      context: {},
    })) as unknown as {
      list: { totals: { netCents: number; vatCents: number } };
      vatRates: { vatRate: string; taxableCents: number; vatCents: number }[];
    };
    expect(d.vatRates.map((r) => r.vatRate)).toEqual(["6", "21"]);
    expect(d.vatRates.reduce((s, r) => s + r.taxableCents, 0)).toBe(d.list.totals.netCents);
    expect(d.vatRates.reduce((s, r) => s + r.vatCents, 0)).toBe(d.list.totals.vatCents);
    const vatReturn = await vatReturnFor(K2);
    expect(d.vatRates.map((r) => [r.vatRate, r.taxableCents, r.vatCents])).toEqual(
      vatReturn.rates.map((r) => [r.vatRate, r.turnoverCents, r.vatCents]).sort((a, b) => Number(a[0]) - Number(b[0])),
    );
  });
});
