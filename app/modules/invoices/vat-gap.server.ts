/**
 * The VAT gap report's I/O (issue 14 §3): who sees which schools, and the stored documents of a
 * period read as {@link GapDocument}s — keyset pages of invoices and credit notes (as the CSV and
 * the VAT return read them), their VAT lines, and per page ONE query for their lines with the
 * frozen part each line bills (the order line's supply; a bundle's part by index) and the
 * title's subject and publisher. Memory holds one page, never the period: the report
 * accumulates, the CSV streams.
 *
 * Scope is part of the query (STYLE.md): operator finance every document (or one school's);
 * school finance and school admins their own school's OWN purchases (Order.kind SCHOOL, as
 * invoiceScopeFor); a board coordinator the purchases of the board's schools.
 */
import { db, type Db, type Prisma } from "~/db.server";
import { Prisma as PrismaRuntime } from "~/generated/sqlite/client";
import type { SessionUser } from "~/modules/auth/users.server";
import { loadVatRateRows } from "~/modules/vat/vat-schedule.server";
import { ratesOn, type VatRateRow } from "~/modules/vat/vat-schedule";
import { isVatCategory, type VatCategory } from "~/modules/vat/supply";
import { CSV_BOM, CSV_EOL, CSV_SEPARATOR, csvField } from "./csv";
import { compareRates, formatCentsPlain } from "./format";
import { invoiceWhere } from "./invoice-document.server";
import {
  formatE4Cents,
  monthsBetween,
  supplyOfLine,
  VatGapAccumulator,
  type GapDocument,
  type GapDocumentLine,
  type VatGapReport,
} from "./vat-gap";

// ---------------------------------------------------------------- who sees what

export type VatGapScope =
  { kind: "operator"; label: string } | { kind: "schools"; label: string; schoolIds: string[]; board: boolean };

/**
 * The report's scope for `user`, or null when they may not see it. Operator finance: every
 * school. A board coordinator (BOARD_ADMIN at a board) or school staff whose membership is at a
 * board: the board's schools. School finance and school admins: their own school.
 */
export async function vatGapScopeOf(user: SessionUser, client: Db = db): Promise<VatGapScope | null> {
  if (user.roles.some((r) => r.role === "OPERATOR_FINANCE")) return { kind: "operator", label: "alle scholen" };
  const orgIds = user.roles
    .filter(
      (r) => (r.role === "SCHOOL_FINANCE" || r.role === "SCHOOL_ADMIN" || r.role === "BOARD_ADMIN") && r.organisationId,
    )
    .map((r) => r.organisationId!);
  if (orgIds.length === 0) return null;
  const orgs = await client.organisation.findMany({
    where: { id: { in: orgIds } },
    select: { id: true, kind: true, name: true, children: { where: { kind: "SCHOOL" }, select: { id: true } } },
    orderBy: { name: "asc" },
  });
  const schoolIds = new Set<string>();
  let board = false;
  for (const org of orgs) {
    if (org.kind === "SCHOOL") schoolIds.add(org.id);
    if (org.kind === "BOARD") {
      board = true;
      for (const child of org.children) schoolIds.add(child.id);
    }
  }
  if (schoolIds.size === 0) return null;
  return { kind: "schools", label: orgs.map((o) => o.name).join(", "), schoolIds: [...schoolIds], board };
}

/**
 * Which documents a report reads: issued in [from, to], of `schoolIds` (null: every school), and
 * with `schoolOrdersOnly` only the schools' own purchases (Order.kind SCHOOL).
 */
export interface VatGapSelection {
  from: string;
  to: string;
  schoolIds: string[] | null;
  schoolOrdersOnly: boolean;
}

/** The documents of a period in a scope (operator: optionally one school). */
export function vatGapSelection(
  scope: VatGapScope,
  period: { from: string; to: string },
  schoolId?: string,
): VatGapSelection {
  if (scope.kind === "operator") {
    return { from: period.from, to: period.to, schoolIds: schoolId ? [schoolId] : null, schoolOrdersOnly: false };
  }
  return { from: period.from, to: period.to, schoolIds: scope.schoolIds, schoolOrdersOnly: true };
}

/** The selection as a Prisma where clause (for the scenario comparison and the dashboard). */
export function vatGapWhere(sel: VatGapSelection): Prisma.InvoiceWhereInput {
  const and: Prisma.InvoiceWhereInput[] = [invoiceWhere({ from: sel.from, to: sel.to })];
  if (sel.schoolIds) and.push({ schoolId: { in: sel.schoolIds } });
  if (sel.schoolOrdersOnly) and.push({ order: { kind: "SCHOOL" } });
  return { AND: and };
}

/** The same selection as SQL conditions on "Invoice" i and "Order" o (the raw page query). */
function selectionSql(sel: VatGapSelection): PrismaRuntime.Sql {
  const parts = [PrismaRuntime.sql`i."issueDate" >= ${sel.from} AND i."issueDate" <= ${sel.to}`];
  if (sel.schoolIds) {
    parts.push(
      sel.schoolIds.length > 0
        ? PrismaRuntime.sql`i."schoolId" IN (${PrismaRuntime.join(sel.schoolIds)})`
        : PrismaRuntime.sql`1 = 0`,
    );
  }
  if (sel.schoolOrdersOnly) parts.push(PrismaRuntime.sql`o."kind" = 'SCHOOL'`);
  return PrismaRuntime.join(parts, " AND ");
}

// ---------------------------------------------------------------- reading documents

interface PageRow {
  id: string;
  number: string;
  type: string;
  issueDate: string;
  priceDate: string;
  schoolId: string;
}

interface VatRow {
  vatRate: string;
  category: string;
  taxableCents: number | bigint;
  vatCents: number | bigint;
  allowanceCents: number | bigint;
  chargeCents: number | bigint;
}

interface LineRow {
  invoiceId: string;
  position: number | bigint;
  orderLineId: string | null;
  vatRate: string;
  netCents: number | bigint;
  description: string | null;
  creditedInvoiceId: string | null;
  creditedPosition: number | bigint | null;
  supply: string | null;
  partsJson: string | null;
  offerId: string | null;
}

/**
 * For the bundle lines of a page: the first position of each (invoice, order line) on the invoice
 * that holds the part — the page's own invoices from its rows, the invoices that credit-note lines
 * credit by one grouped query (on the invoiceId index) for those not in the page.
 */
async function bundleFirstPositions(rows: readonly LineRow[], client: Db): Promise<Map<string, number>> {
  const first = new Map<string, number>();
  const missing = new Set<string>();
  const inPage = new Set(rows.map((r) => r.invoiceId));
  for (const r of rows) {
    if (r.supply !== "bundle" || !r.orderLineId) continue;
    const key = `${r.invoiceId}|${r.orderLineId}`;
    const position = Number(r.position);
    if ((first.get(key) ?? Infinity) > position) first.set(key, position);
    if (r.creditedInvoiceId && !inPage.has(r.creditedInvoiceId)) missing.add(r.creditedInvoiceId);
  }
  if (missing.size > 0) {
    const groups = await client.invoiceLine.groupBy({
      by: ["invoiceId", "orderLineId"],
      where: { invoiceId: { in: [...missing] }, orderLineId: { not: null } },
      _min: { position: true },
    });
    for (const g of groups) first.set(`${g.invoiceId}|${g.orderLineId}`, g._min.position ?? 0);
  }
  return first;
}

/** The reduced rate in force on a date, read once per date from the schedule. */
function reducedRateLookup(rows: readonly VatRateRow[]): (date: string) => string | null {
  const cache = new Map<string, string | null>();
  return (date) => {
    let rate = cache.get(date);
    if (rate === undefined) {
      try {
        rate = ratesOn(rows, date, []).get("reduced")?.toFixed() ?? null;
      } catch {
        rate = null;
      }
      cache.set(date, rate);
    }
    return rate;
  };
}

function category(value: string): VatCategory {
  if (isVatCategory(value)) return value;
  throw new Error(`Unknown VAT category "${value}" on a stored invoice`);
}

/** School names and offers' subject and publisher, read once per id for a whole report. */
class NameCache {
  readonly schools = new Map<string, string>();
  readonly offers = new Map<string, { subject: string; publisher: string }>();
  constructor(private readonly client: Db) {}

  async load(schoolIds: readonly string[], offerIds: readonly string[]): Promise<void> {
    const newSchools = [...new Set(schoolIds)].filter((id) => !this.schools.has(id));
    const newOffers = [...new Set(offerIds)].filter((id) => !this.offers.has(id));
    const [schools, offers] = await Promise.all([
      newSchools.length
        ? this.client.organisation.findMany({ where: { id: { in: newSchools } }, select: { id: true, name: true } })
        : Promise.resolve([]),
      newOffers.length
        ? this.client.offer.findMany({
            where: { id: { in: newOffers } },
            select: {
              id: true,
              title: { select: { subject: { select: { name: true } }, publisher: { select: { name: true } } } },
            },
          })
        : Promise.resolve([]),
    ]);
    for (const s of schools) this.schools.set(s.id, s.name);
    for (const o of offers) this.offers.set(o.id, { subject: o.title.subject.name, publisher: o.title.publisher.name });
  }
}

/**
 * The period's documents as gap documents, in (issue date, number) order, `batchSize` at a time
 * by keyset pagination (no OFFSET). A line's supply is its frozen order-line part: the order
 * line's own supply, or for a bundle the part at the line's index among its order line's lines
 * on the invoice (a credit-note line: on the invoice whose line it credits).
 */
export async function* iterateGapDocuments(
  sel: VatGapSelection,
  batchSize = 2000,
  client: Db = db,
  opts: { descriptions?: boolean } = {},
): AsyncGenerator<GapDocument, void, undefined> {
  const reducedOn = reducedRateLookup(await loadVatRateRows(client));
  // Line descriptions only for the CSV; names of schools and of offers' subject and publisher are
  // read once per id (a page repeats them), not joined onto every line.
  const description = opts.descriptions
    ? PrismaRuntime.sql`l."description" AS "description"`
    : PrismaRuntime.sql`NULL AS "description"`;
  const names = new NameCache(client);
  const where = selectionSql(sel);
  let cursor: { issueDate: string; number: string } | null = null;
  for (;;) {
    // Keyset page (no OFFSET); the redundant issueDate >= lets the database range-scan its index.
    const after: PrismaRuntime.Sql = cursor
      ? PrismaRuntime.sql`AND i."issueDate" >= ${cursor.issueDate} AND (i."issueDate" > ${cursor.issueDate} OR i."number" > ${cursor.number})`
      : PrismaRuntime.empty;
    // One query per page: the page's documents (keyset, no OFFSET) with their VAT lines.
    const pageRows = await client.$queryRaw<(PageRow & VatRow)[]>`
      SELECT p."id" AS "id", p."number" AS "number", p."type" AS "type", p."issueDate" AS "issueDate",
             p."priceDate" AS "priceDate", p."schoolId" AS "schoolId",
             v."vatRate" AS "vatRate", v."category" AS "category",
             v."taxableCents" AS "taxableCents", v."vatCents" AS "vatCents",
             v."allowanceCents" AS "allowanceCents", v."chargeCents" AS "chargeCents"
      FROM (
        SELECT i."id", i."number", i."type", i."issueDate", o."priceDate", i."schoolId"
        FROM "Invoice" i
        JOIN "Order" o ON o."id" = i."orderId"
        WHERE ${where} ${after}
        ORDER BY i."issueDate", i."number"
        LIMIT ${batchSize}
      ) p
      LEFT JOIN "InvoiceVatLine" v ON v."invoiceId" = p."id"
      ORDER BY p."issueDate", p."number"`;
    if (pageRows.length === 0) return;
    const batch: PageRow[] = [];
    const vatLinesOf = new Map<string, GapDocument["vatLines"][number][]>();
    for (const v of pageRows) {
      let list = vatLinesOf.get(v.id);
      if (!list) {
        batch.push(v);
        vatLinesOf.set(v.id, (list = []));
      }
      if (v.vatRate === null) continue;
      list.push({
        vatRate: v.vatRate,
        category: category(v.category),
        taxableCents: Number(v.taxableCents),
        vatCents: Number(v.vatCents),
        allowanceCents: Number(v.allowanceCents),
        chargeCents: Number(v.chargeCents),
      });
    }
    const ids = PrismaRuntime.join(batch.map((i) => i.id));
    const rows = await client.$queryRaw<LineRow[]>`
      SELECT l."invoiceId" AS "invoiceId", l."position" AS "position", l."orderLineId" AS "orderLineId",
             l."vatRate" AS "vatRate", l."netCents" AS "netCents", ${description},
             cl."invoiceId" AS "creditedInvoiceId", cl."position" AS "creditedPosition",
             ol."supply" AS "supply",
             CASE WHEN ol."supply" = 'bundle' THEN ol."partsJson" ELSE NULL END AS "partsJson",
             ol."offerId" AS "offerId"
      FROM "InvoiceLine" l
      LEFT JOIN "InvoiceLine" cl ON cl."id" = l."creditedLineId"
      LEFT JOIN "OrderLine" ol ON ol."id" = l."orderLineId"
      WHERE l."invoiceId" IN (${ids})
      ORDER BY l."invoiceId", l."position"`;
    const firstPositions = await bundleFirstPositions(rows, client);
    await names.load(
      batch.map((i) => i.schoolId),
      rows.flatMap((r) => (r.offerId ? [r.offerId] : [])),
    );
    const linesOf = new Map<string, GapDocumentLine[]>();
    for (const r of rows) {
      let supply: GapDocumentLine["supply"] = null;
      if (r.supply === "bundle" && r.orderLineId) {
        const parts = r.partsJson ? (JSON.parse(r.partsJson) as { supply: string; vatRate: string }[]) : [];
        const source = r.creditedInvoiceId ?? r.invoiceId;
        const position = Number(r.creditedPosition ?? r.position);
        const first = firstPositions.get(`${source}|${r.orderLineId}`) ?? position;
        supply = supplyOfLine({ supply: r.supply, parts }, r.vatRate, position - first);
      } else if (r.supply !== null) {
        supply = supplyOfLine({ supply: r.supply, parts: [] }, r.vatRate, 0);
      }
      const line: GapDocumentLine = {
        vatRate: r.vatRate,
        supply,
        netCents: Number(r.netCents),
        subject: (r.offerId ? names.offers.get(r.offerId)?.subject : null) ?? "Onbekend vak",
        publisher: (r.offerId ? names.offers.get(r.offerId)?.publisher : null) ?? "Onbekende uitgever",
        description: r.description ?? "",
      };
      const list = linesOf.get(r.invoiceId);
      if (list) list.push(line);
      else linesOf.set(r.invoiceId, [line]);
    }
    for (const invoice of batch) {
      yield {
        number: invoice.number,
        type: invoice.type === "CREDIT_NOTE" ? "CREDIT_NOTE" : "INVOICE",
        issueDate: invoice.issueDate,
        schoolName: names.schools.get(invoice.schoolId) ?? "",
        reducedRate: reducedOn(invoice.priceDate),
        lines: linesOf.get(invoice.id) ?? [],
        vatLines: vatLinesOf.get(invoice.id) ?? [],
      };
    }
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    cursor = { issueDate: last.issueDate, number: last.number };
  }
}

/** The gap report of a period in a scope (every month of the period listed). */
export async function vatGapReportFor(
  sel: VatGapSelection,
  opts: { batchSize?: number; client?: Db } = {},
): Promise<VatGapReport> {
  const acc = new VatGapAccumulator(monthsBetween(sel.from, sel.to));
  for await (const doc of iterateGapDocuments(sel, opts.batchSize, opts.client)) acc.add(doc);
  return acc.result();
}

// ---------------------------------------------------------------- CSV

const CSV_COLUMNS = [
  "Nummer",
  "Datum",
  "Type",
  "School",
  "Vak",
  "Uitgever",
  "Omschrijving",
  "Tarief",
  "Verlaagd tarief",
  "Grondslag",
  "Btw betaald",
  "Btw tegen verlaagd tarief",
  "Verschil",
];

/**
 * The CSV of a period (`;`, UTF-8 with BOM): one row per electronic part of every document, signed
 * (credit notes negative), with the exact gap (up to 6 decimals: nothing rounded per part), then a
 * total row whose gap is the period's gap rounded once to cents — the figure on the report page.
 * Streams page by page.
 */
export async function* vatGapCsvChunks(
  sel: VatGapSelection,
  opts: { decimalComma?: boolean; batchSize?: number; client?: Db } = {},
): AsyncGenerator<string, void, undefined> {
  const money = (cents: number) => formatCentsPlain(cents, opts);
  const exact = (e4: number) => formatE4Cents(e4, opts);
  const rate = (r: string) => (opts.decimalComma ? r.replace(".", ",") : r);
  yield CSV_BOM + CSV_COLUMNS.join(CSV_SEPARATOR) + CSV_EOL;
  const acc = new VatGapAccumulator(monthsBetween(sel.from, sel.to));
  let chunk = "";
  for await (const doc of iterateGapDocuments(sel, opts.batchSize, opts.client, { descriptions: true })) {
    for (const p of acc.add(doc)) {
      chunk +=
        [
          csvField(p.number),
          p.issueDate,
          p.type === "CREDIT_NOTE" ? "creditnota" : "factuur",
          csvField(p.schoolName, { text: true }),
          csvField(p.subject, { text: true }),
          csvField(p.publisher, { text: true }),
          csvField(p.description, { text: true }),
          `${rate(p.vatRate)}%`,
          p.reducedRate ? `${rate(p.reducedRate)}%` : "",
          money(p.baseCents),
          money(p.vatPaidCents),
          exact(p.vatPaidCents * 10_000 - p.gapE4Cents),
          exact(p.gapE4Cents),
        ].join(CSV_SEPARATOR) + CSV_EOL;
    }
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = "";
    }
  }
  const total = acc.result().total;
  chunk +=
    [
      "Totaal",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      money(total.electronicBaseCents),
      money(total.vatPaidCents),
      money(total.vatAtReducedCents),
      money(total.gapCents),
    ].join(CSV_SEPARATOR) + CSV_EOL;
  yield chunk;
}

// ---------------------------------------------------------------- VAT per rate (finance dashboard)

export interface VatPerRate {
  vatRate: string;
  category: VatCategory;
  taxableCents: number;
  vatCents: number;
}

/**
 * Turnover and VAT per rate of the documents `where` selects (credit notes subtracted), summed in
 * the database from the stored VAT lines — the figures of the VAT return for the same documents.
 */
export async function vatPerRate(where: Prisma.InvoiceWhereInput, client: Db = db): Promise<VatPerRate[]> {
  const groups = await Promise.all(
    (["INVOICE", "CREDIT_NOTE"] as const).map(async (type) => ({
      sign: type === "CREDIT_NOTE" ? -1 : 1,
      rows: await client.invoiceVatLine.groupBy({
        by: ["vatRate", "category"],
        where: { invoice: { AND: [where, { type }] } },
        _sum: { taxableCents: true, vatCents: true },
      }),
    })),
  );
  const perRate = new Map<string, VatPerRate>();
  for (const { sign, rows } of groups) {
    for (const r of rows) {
      const key = `${r.category}|${r.vatRate}`;
      const entry = perRate.get(key) ?? {
        vatRate: r.vatRate,
        category: category(r.category),
        taxableCents: 0,
        vatCents: 0,
      };
      entry.taxableCents += sign * (r._sum.taxableCents ?? 0);
      entry.vatCents += sign * (r._sum.vatCents ?? 0);
      perRate.set(key, entry);
    }
  }
  return [...perRate.values()].sort((a, b) => compareRates(a.vatRate, b.vatRate));
}
