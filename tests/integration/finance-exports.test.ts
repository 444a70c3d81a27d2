/**
 * Finance exports end to end through the route handlers (issue 6): for orders placed in this
 * test — an exclusive school order with 6% + 21% + shipping, an inclusive parent order and a
 * credit note — the stored invoices carry hand-worked figures, every figure in the PDF, the UBL
 * and the CSV equals the stored invoice; every UBL validates against the EN 16931 rules; the CSV of the period
 * reconciles with the VAT-return summary to the cent; and each user only reaches the
 * documents they may see.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { completePaidOrder, placeOrder } from "~/modules/orders/orders.server";
import { issueCreditNote } from "~/modules/invoices/issue-invoice.server";
import { formatCentsPlain as machineCents } from "~/modules/invoices/format";
import { formatCents } from "~/modules/format";
import { iterateInvoices, loadInvoiceDocument } from "~/modules/invoices/invoice-document.server";
import { renderUbl } from "~/modules/invoices/ubl";
import type { InvoiceDocument } from "~/modules/invoices/invoice-document";
import { loader as documentLoader } from "~/routes/financien.facturen.$file";
import { loader as csvLoader } from "~/routes/financien.export[.]csv";
import { loader as zipLoader } from "~/routes/financien.export-ubl[.]zip";
import { loader as vatFileLoader } from "~/routes/financien.btw-aangifte.$file";
import { loader as financeLoader } from "~/routes/financien._index";
import { cookieFor, getRequest, run } from "../support/requests";
import { validateDocument, type DocumentValidation } from "../support/validate-ubl";

// A month of its own (no seeded history), so the period holds exactly this test's documents.
const DAY = "2027-05-12";
const CREDIT_DAY = "2027-05-20";
const PERIOD = { from: "2027-05-01", to: "2027-05-31" };

/** Hand-worked figures in cents: totals and, per VAT rate, [taxable, VAT, shipping charge]. */
interface Expected {
  net: number;
  vat: number;
  gross: number;
  perRate: Record<string, [number, number, number]>;
}
interface Case {
  name: string;
  invoiceId: string;
  expected: Expected;
}

const cases: Case[] = [];
let otherSchoolInvoiceId = "";

async function call(
  loader: (args: never) => unknown,
  url: string,
  cookie: string,
  params: Record<string, string> = {},
): Promise<Response> {
  const result = await run(() =>
    Promise.resolve(
      (loader as (a: { request: Request; params: Record<string, string>; context: object }) => unknown)({
        request: getRequest(url, { cookie }),
        params,
        context: {},
      }),
    ),
  );
  if (!(result instanceof Response)) throw new Error(`expected a Response from ${url}`);
  return result;
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fin-pdf-"));
  const file = path.join(dir, "doc.pdf");
  writeFileSync(file, bytes);
  return execFileSync("/usr/bin/pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

function xmlAmounts(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<cbc:${element} currencyID="EUR">([-0-9.]+)</cbc:${element}>`, "g"))].map(
    (m) => m[1]!,
  );
}

/** The body as text WITH its byte-order mark (Response.text() drops it). */
async function csvText(res: Response): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
}

async function stored(invoiceId: string) {
  return db.invoice.findUniqueOrThrow({
    where: { id: invoiceId },
    include: { lines: { orderBy: { position: "asc" } }, vatLines: true, corrects: true },
  });
}

beforeAll(async () => {
  const amstel = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const regenboog = await db.organisation.findFirstOrThrow({ where: { brin: "23BC" } });
  const schoolUser = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
  const poUser = await db.user.findUniqueOrThrow({ where: { email: "po@leerwinkel.test" } });
  const parent = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
  const title = await db.title.findFirstOrThrow({
    where: { name: "Getal & Ruimte havo 2" },
    include: { offers: true },
  });
  const print = title.offers.find((o) => o.supply === "physical")!;
  const digital = title.offers
    .filter((o) => o.supply === "electronic")
    .sort((a, b) => (a.licenceMonths ?? 0) - (b.licenceMonths ?? 0))[0]!;
  const bundle = title.offers.find((o) => o.supply === "bundle")!;
  const casio = await db.offer.findFirstOrThrow({
    where: { supply: "goods", title: { name: "Rekenmachine Casio fx-82MS" } },
  });

  // 1. Exclusive school order: 6% print, 21% licences, 21% goods, under the free-shipping amount.
  const schoolItems = [
    { offerId: print.id, quantity: 2 },
    { offerId: digital.id, quantity: 7 },
    { offerId: bundle.id, quantity: 1 },
    { offerId: casio.id, quantity: 1 },
  ];
  const school = await placeOrder({
    kind: "SCHOOL",
    schoolId: amstel.id,
    userId: schoolUser.id,
    idempotencyKey: "fin-school",
    paymentMethod: "INVOICE",
    poNumber: "PO-FIN-1",
    items: schoolItems,
    date: DAY,
  });
  const schoolInvoice = await db.invoice.findFirstOrThrow({ where: { orderId: school.orderId, type: "INVOICE" } });
  // Amstel Lyceum's contract list, excl. VAT, all below the 25+ tier (DESIGN §3):
  //   print 2 × 37.21 = 74.42 (6%); digital 1 year 7 × 33.07 = 231.49 (21%);
  //   combination 1 × 43.19 split 55/45: 23.7545 → 23.75, 19.4355 → 19.43 + the missing cent
  //     (larger remainder) = 19.44; calculator (goods) 1 × 13.75 (21%)
  //   goods that ship: 74.42 + 23.75 + 13.75 = 111.92 < 150.00, so the flat fee 7.95, allocated
  //     over the rates of what ships: 6% 7.95 × 98.17/111.92 = 6.9733 → 6.97, 21% 7.95 × 13.75/111.92
  //     = 0.9767 → 0.97 + the missing cent (larger remainder) = 0.98
  //   6%: 74.42 + 23.75 + 6.97 = 105.14, VAT round(6.3084) = 6.31
  //   21%: 231.49 + 19.44 + 13.75 + 0.98 = 265.66, VAT round(55.7886) = 55.79
  //   net 370.80 + VAT 62.10 = 432.90
  cases.push({
    name: "exclusive school invoice",
    invoiceId: schoolInvoice.id,
    expected: {
      net: 37_080,
      vat: 6_210,
      gross: 43_290,
      perRate: { "6": [10_514, 631, 697], "21": [26_566, 5_579, 98] },
    },
  });

  // 2. Inclusive parent order (consumer list, prices incl. VAT), paid online.
  const parentItems = [
    { offerId: print.id, quantity: 1 },
    { offerId: digital.id, quantity: 1 },
    { offerId: casio.id, quantity: 1 },
  ];
  const placed = await placeOrder({
    kind: "PARENT",
    schoolId: amstel.id,
    userId: parent.id,
    idempotencyKey: "fin-parent",
    paymentMethod: "ONLINE",
    items: parentItems,
    date: DAY,
    buyer: {
      name: "Olga Jansen",
      street: "Kerkstraat 5",
      postalCode: "1234 AB",
      city: "Amersfoort",
      country: "NL",
      email: "ouder@leerwinkel.test",
    },
  });
  await db.$transaction((tx) => completePaidOrder(tx, placed.orderId, DAY));
  const parentInvoice = await db.invoice.findFirstOrThrow({ where: { orderId: placed.orderId, type: "INVOICE" } });
  // Consumer list, incl. VAT, no shipping (delivered with the school's order); VAT "uit inclusief":
  //   6%: print 42.88, VAT round(42.88 × 6/106 = 2.4272) = 2.43, net 40.45
  //   21%: digital 43.50 + calculator 18.09 = 61.59, VAT round(61.59 × 21/121 = 10.6892) = 10.69, net 50.90
  //   net 91.35 + VAT 13.12 = 104.47 (the sum of the prices shown)
  cases.push({
    name: "inclusive parent invoice",
    invoiceId: parentInvoice.id,
    expected: { net: 9_135, vat: 1_312, gross: 10_447, perRate: { "6": [4_045, 243, 0], "21": [5_090, 1_069, 0] } },
  });

  // 3. A credit note: 2 of the 7 licences of the school order returned.
  const line = await db.orderLine.findFirstOrThrow({ where: { orderId: school.orderId, offerId: digital.id } });
  const credit = await db.$transaction((tx) =>
    issueCreditNote(tx, school.orderId, [{ orderLineId: line.id, quantity: 2 }], CREDIT_DAY),
  );
  // 2 × 33.07 = 66.14 at 21%, VAT round(13.8894) = 13.89, gross 80.03
  cases.push({
    name: "credit note",
    invoiceId: credit.id,
    expected: { net: 6_614, vat: 1_389, gross: 8_003, perRate: { "21": [6_614, 1_389, 0] } },
  });

  // Another school's invoice in the same period, for the scoping tests.
  const other = await placeOrder({
    kind: "SCHOOL",
    schoolId: regenboog.id,
    userId: poUser.id,
    idempotencyKey: "fin-other",
    paymentMethod: "INVOICE",
    items: [{ offerId: digital.id, quantity: 1 }],
    date: DAY,
  });
  otherSchoolInvoiceId = (await db.invoice.findFirstOrThrow({ where: { orderId: other.orderId, type: "INVOICE" } })).id;
});

describe("stored invoices carry the hand-worked figures", () => {
  it("has the VAT per rate, the shipping charges and the totals worked out above on every invoice and credit note", async () => {
    for (const c of cases) {
      const invoice = await stored(c.invoiceId);
      const e = c.expected;
      expect([invoice.netCents, invoice.vatCents, invoice.grossCents], c.name).toEqual([e.net, e.vat, e.gross]);
      const perRate = Object.fromEntries(
        invoice.vatLines.map((v) => [v.vatRate, [v.taxableCents, v.vatCents, v.chargeCents]]),
      );
      expect(perRate, c.name).toEqual(e.perRate);
    }
    expect((await stored(cases[1]!.invoiceId)).pricesIncludeVat).toBe(true);
    expect((await stored(cases[2]!.invoiceId)).corrects?.id).toBe(cases[0]!.invoiceId);
  });
});

describe("PDF, UBL and CSV downloads", () => {
  it("prints every stored figure in the PDF", async () => {
    const cookie = await cookieFor("financien@leerwinkel.test");
    for (const c of cases) {
      const invoice = await stored(c.invoiceId);
      const res = await call(documentLoader, `/financien/facturen/${c.invoiceId}.pdf`, cookie, {
        file: `${c.invoiceId}.pdf`,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("application/pdf");
      const text = pdfText(new Uint8Array(await res.arrayBuffer()));
      expect(text).toContain(invoice.number);
      expect(text).toContain(invoice.orderNumber);
      if (invoice.poNumber) expect(text).toContain(invoice.poNumber);
      if (invoice.corrects) expect(text).toContain(invoice.corrects.number);
      for (const l of invoice.lines) {
        expect(text, `${c.name} line ${l.position}`).toContain(formatCents(l.netCents));
        expect(text).toMatch(new RegExp(`\\b${l.quantity}\\b`));
      }
      for (const v of invoice.vatLines) {
        // the VAT table row of the rate: rate, (charges), taxable and VAT on one line, in that order
        expect(text, `${c.name} ${v.vatRate}%\n${text}`).toMatch(
          new RegExp(
            `^\\s*${v.vatRate}%[^\\n]*${escape(formatCents(v.taxableCents))}\\s+${escape(formatCents(v.vatCents))}`,
            "m",
          ),
        );
      }
      for (const total of [invoice.netCents, invoice.vatCents, invoice.grossCents])
        expect(text).toContain(formatCents(total));
    }
  });

  it("writes the stored figures into UBL that passes EN 16931, Peppol BIS 3 / NLCIUS (schools) and the UBL 2.1 schema [slow]", async () => {
    const cookie = await cookieFor("financien@leerwinkel.test");
    const downloads: { c: Case; invoice: Awaited<ReturnType<typeof stored>>; xml: string; school: boolean }[] = [];
    for (const c of cases) {
      const invoice = await stored(c.invoiceId);
      const res = await call(documentLoader, `/financien/facturen/${c.invoiceId}.xml`, cookie, {
        file: `${c.invoiceId}.xml`,
      });
      expect(res.status).toBe(200);
      const school =
        (await db.order.findUniqueOrThrow({ where: { id: invoice.orderId }, select: { kind: true } })).kind ===
        "SCHOOL";
      downloads.push({ c, invoice, xml: await res.text(), school });
    }
    // The download is the Peppol profile; a school's document must pass NLCIUS as well, a
    // parent's only EN 16931 and the schema (DESIGN §5). All validations share one run per rule set.
    const nlcius = await Promise.all(
      downloads.map(async (d) =>
        d.school ? renderUbl(await loadInvoiceDocument(db, d.c.invoiceId), { profile: "nlcius" }) : null,
      ),
    );
    const validations: DocumentValidation[][] = await Promise.all(
      downloads.map((d, i) =>
        Promise.all([
          validateDocument(d.xml, d.school ? "peppol" : "consumer"),
          ...(nlcius[i] ? [validateDocument(nlcius[i], "nlcius")] : []),
        ]),
      ),
    );
    downloads.forEach((d, i) => {
      for (const v of validations[i]!) expect(v.failures, d.c.name).toEqual([]);
      expect(validations[i]!.length, d.c.name).toBe(d.school ? 2 : 1);
    });
    for (const { c, invoice, xml } of downloads) {
      expect(xml, c.name).toContain(invoice.type === "CREDIT_NOTE" ? "<CreditNote" : "<Invoice");
      expect(xmlAmounts(xml, "TaxExclusiveAmount")).toEqual([machineCents(invoice.netCents)]);
      expect(xmlAmounts(xml, "TaxInclusiveAmount")).toEqual([machineCents(invoice.grossCents)]);
      expect(xmlAmounts(xml, "TaxAmount")[0]).toBe(machineCents(invoice.vatCents));
      const taxable = xmlAmounts(xml, "TaxableAmount").sort();
      expect(taxable).toEqual(invoice.vatLines.map((v) => machineCents(v.taxableCents)).sort());
      const lineAmounts = xmlAmounts(xml, "LineExtensionAmount");
      // the document total (BT-106) first, then one per line
      expect(lineAmounts.slice(1).sort()).toEqual(invoice.lines.map((l) => machineCents(l.netCents)).sort());
      if (invoice.corrects) expect(xml).toContain(`<cbc:ID>${invoice.corrects.number}</cbc:ID>`);
    }
    expect(downloads.filter((d) => d.school)).toHaveLength(2); // the school invoice and its credit note
    const parent = await stored(cases[1]!.invoiceId);
    const parentXml = await (
      await call(documentLoader, `/financien/facturen/${parent.id}.xml`, cookie, { file: `${parent.id}.xml` })
    ).text();
    expect(xmlAmounts(parentXml, "PayableAmount")).toEqual(["0.00"]); // paid online
  });

  it("exports one CSV row per document with the stored figures, credit notes negative", async () => {
    const cookie = await cookieFor("financien@leerwinkel.test");
    const res = await call(
      csvLoader,
      `/financien/export.csv?from=${PERIOD.from}&to=${PERIOD.to}&decimalComma=1`,
      cookie,
    );
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const text = await csvText(res);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = text.slice(1).trimEnd().split("\r\n");
    expect(header).toBe(
      "Nummer;Datum;Type;Klant;Order;Inkoopordernummer;Grondslag 6%;Btw 6%;Grondslag 21%;Btw 21%;Totaal excl. btw;Btw totaal;Totaal incl. btw",
    );
    expect(rows).toHaveLength(4);
    for (const c of cases) {
      const invoice = await stored(c.invoiceId);
      const row = rows.find((r) => r.startsWith(`${invoice.number};`))!.split(";");
      const sign = invoice.type === "CREDIT_NOTE" ? -1 : 1;
      const money = (cents: number) => machineCents(sign * cents, { decimalComma: true });
      const rate = (r: string) => invoice.vatLines.find((v) => v.vatRate === r);
      expect(row).toEqual([
        invoice.number,
        invoice.issueDate,
        sign < 0 ? "Creditnota" : "Factuur",
        invoice.buyerName,
        invoice.orderNumber,
        invoice.poNumber ?? "",
        money(rate("6")?.taxableCents ?? 0),
        money(rate("6")?.vatCents ?? 0),
        money(rate("21")?.taxableCents ?? 0),
        money(rate("21")?.vatCents ?? 0),
        money(invoice.netCents),
        money(invoice.vatCents),
        money(invoice.grossCents),
      ]);
    }
  });

  it("reconciles the CSV of the period with the VAT-return summary to the cent", async () => {
    const cookie = await cookieFor("financien@leerwinkel.test");
    const csv = await csvText(
      await call(csvLoader, `/financien/export.csv?from=${PERIOD.from}&to=${PERIOD.to}`, cookie),
    );
    const rows = csv
      .slice(1)
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map((r) => r.split(";"));
    const cents = (s: string) => Math.round(Number(s) * 100); // two-decimal strings; exact after rounding
    const sum = (col: number) => rows.reduce((s, r) => s + cents(r[col]!), 0);
    const res = await call(vatFileLoader, "/financien/btw-aangifte/2027-05.json", cookie, { file: "2027-05.json" });
    const summary = (await res.json()) as {
      rates: { vatRate: string; turnoverCents: number; vatCents: number; box: string }[];
      boxes: { box: string; turnoverCents: number; vatCents: number }[];
      totalTurnoverCents: number;
      totalVatCents: number;
      creditNoteCount: number;
    };
    const r6 = summary.rates.find((r) => r.vatRate === "6")!;
    const r21 = summary.rates.find((r) => r.vatRate === "21")!;
    expect([r6.turnoverCents, r6.vatCents, r21.turnoverCents, r21.vatCents]).toEqual([sum(6), sum(7), sum(8), sum(9)]);
    expect([summary.totalTurnoverCents, summary.totalVatCents]).toEqual([sum(10), sum(11)]);
    expect(summary.boxes.find((b) => b.box === "1b")!.turnoverCents).toBe(sum(6));
    expect(summary.boxes.find((b) => b.box === "1a")!.vatCents).toBe(sum(9));
    expect(summary.creditNoteCount).toBe(1);
    // and with the stored documents themselves
    const docs: InvoiceDocument[] = [];
    for await (const doc of iterateInvoices(PERIOD, 2)) docs.push(doc); // batch size 2: keyset paging crosses pages
    expect(docs.map((d) => d.number)).toEqual(rows.map((r) => r[0]));
    expect(docs.reduce((s, d) => s + (d.type === "CREDIT_NOTE" ? -d.vatCents : d.vatCents), 0)).toBe(
      summary.totalVatCents,
    );
  });

  it("streams a ZIP with one UBL file per document", async () => {
    const cookie = await cookieFor("financien@leerwinkel.test");
    const res = await call(zipLoader, `/financien/export-ubl.zip?from=${PERIOD.from}&to=${PERIOD.to}`, cookie);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const dir = mkdtempSync(path.join(os.tmpdir(), "fin-zip-"));
    writeFileSync(path.join(dir, "x.zip"), bytes);
    const listing = execFileSync("unzip", ["-Z1", path.join(dir, "x.zip")], { encoding: "utf8" })
      .trim()
      .split("\n")
      .sort();
    const numbers = (
      await db.invoice.findMany({
        where: { issueDate: { gte: PERIOD.from, lte: PERIOD.to } },
        select: { number: true },
      })
    )
      .map((i) => `${i.number}.xml`)
      .sort();
    expect(listing).toEqual(numbers);
  });
});

describe("who sees which document", () => {
  it("gives school finance its own school's documents and a 404 for another school's", async () => {
    const cookie = await cookieFor("administratie@leerwinkel.test");
    expect((await call(documentLoader, "/x", cookie, { file: `${cases[0]!.invoiceId}.pdf` })).status).toBe(200);
    expect((await call(documentLoader, "/x", cookie, { file: `${otherSchoolInvoiceId}.pdf` })).status).toBe(404);
    expect((await call(documentLoader, "/x", cookie, { file: `${otherSchoolInvoiceId}.xml` })).status).toBe(404);
    const other = await db.invoice.findUniqueOrThrow({ where: { id: otherSchoolInvoiceId } });
    // the school filter of an export cannot widen school finance's scope
    const csv = await (
      await call(
        csvLoader,
        `/financien/export.csv?from=${PERIOD.from}&to=${PERIOD.to}&school=${other.schoolId}`,
        cookie,
      )
    ).text();
    expect(csv).not.toContain(other.number);
    expect(csv).toContain((await stored(cases[0]!.invoiceId)).number);
  });

  it("lets the school admin and the ordering parent download, and nobody else", async () => {
    const admin = await cookieFor("school@leerwinkel.test");
    expect((await call(documentLoader, "/x", admin, { file: `${cases[0]!.invoiceId}.xml` })).status).toBe(200);
    expect(
      (await call(documentLoader, "/x", await cookieFor("po@leerwinkel.test"), { file: `${cases[0]!.invoiceId}.pdf` }))
        .status,
    ).toBe(404);
    const parent = await cookieFor("ouder@leerwinkel.test");
    expect((await call(documentLoader, "/x", parent, { file: `${cases[1]!.invoiceId}.pdf` })).status).toBe(200);
    expect((await call(documentLoader, "/x", parent, { file: `${cases[0]!.invoiceId}.pdf` })).status).toBe(404);
    await db.user.create({
      data: {
        email: "ander.ouder@example.test",
        name: "Ander",
        passwordHash: "!",
        memberships: { create: { role: "PARENT" } },
      },
    });
    expect(
      (
        await call(documentLoader, "/x", await cookieFor("ander.ouder@example.test"), {
          file: `${cases[1]!.invoiceId}.pdf`,
        })
      ).status,
    ).toBe(404);
    expect((await call(documentLoader, "/x", parent, { file: `${cases[1]!.invoiceId}.exe` })).status).toBe(404);
    expect((await call(csvLoader, "/financien/export.csv", parent)).status).toBe(403);
  });

  it("lists only the school's own purchases for school finance (not a parent's invoice), with totals of the filtered set", async () => {
    const cookie = await cookieFor("administratie@leerwinkel.test");
    const data = (await financeLoader({
      request: getRequest(`/financien?from=${PERIOD.from}&to=${PERIOD.to}`, { cookie }),
      params: {},
      context: {},
    })) as { list: { rows: { id: string; grossCents: number }[]; totals: { grossCents: number } } };
    // cases[1] is the parent's order at this school: the parent's books, not the school's (issue 10, part 5)
    expect(data.list.rows.map((r) => r.id).sort()).toEqual([cases[0]!.invoiceId, cases[2]!.invoiceId].sort());
    expect(data.list.totals.grossCents).toBe(data.list.rows.reduce((s, r) => s + r.grossCents, 0));
    const quarter = (await financeLoader({
      request: getRequest("/financien?quarter=2027-K2&status=open", { cookie }),
      params: {},
      context: {},
    })) as { list: { rows: { id: string }[] } };
    expect(quarter.list.rows).toEqual([]); // the school invoice is partly credited, the parent's paid
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
