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

/** The documents of a period in a scope (operator: optionally one school). */
export function vatGapWhere(
  scope: VatGapScope,
  period: { from: string; to: string },
  schoolId?: string,
): Prisma.InvoiceWhereInput {
  const dates = invoiceWhere({ from: period.from, to: period.to });
  if (scope.kind === "operator") return schoolId ? { AND: [dates, { schoolId }] } : dates;
  return { AND: [dates, { schoolId: { in: scope.schoolIds }, order: { kind: "SCHOOL" } }] };
}

// ---------------------------------------------------------------- reading documents

interface LineRow {
  invoiceId: string;
  vatRate: string;
  netCents: number | bigint;
  description: string;
  supply: string | null;
  partsJson: string | null;
  partIndex: number | bigint | null;
  subject: string | null;
  publisher: string | null;
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

/**
 * The period's documents as gap documents, in (issue date, number) order, `batchSize` at a time
 * by keyset pagination (no OFFSET). A line's supply is its frozen order-line part: the order
 * line's own supply, or for a bundle the part at the line's index among its order line's lines
 * on the invoice (a credit-note line: on the invoice whose line it credits).
 */
export async function* iterateGapDocuments(
  where: Prisma.InvoiceWhereInput,
  batchSize = 500,
  client: Db = db,
): AsyncGenerator<GapDocument, void, undefined> {
  const reducedOn = reducedRateLookup(await loadVatRateRows(client));
  let cursor: { issueDate: string; number: string } | null = null;
  for (;;) {
    const after: Prisma.InvoiceWhereInput = cursor
      ? {
          issueDate: { gte: cursor.issueDate },
          OR: [{ issueDate: { gt: cursor.issueDate } }, { number: { gt: cursor.number } }],
        }
      : {};
    const batch = await client.invoice.findMany({
      where: { AND: [where, after] },
      orderBy: [{ issueDate: "asc" }, { number: "asc" }],
      take: batchSize,
      select: {
        id: true,
        number: true,
        type: true,
        issueDate: true,
        school: { select: { name: true } },
        order: { select: { priceDate: true } },
        vatLines: {
          select: {
            vatRate: true,
            category: true,
            taxableCents: true,
            vatCents: true,
            allowanceCents: true,
            chargeCents: true,
          },
        },
      },
    });
    if (batch.length === 0) return;
    const rows = await client.$queryRaw<LineRow[]>`
      SELECT l."invoiceId" AS "invoiceId", l."vatRate" AS "vatRate", l."netCents" AS "netCents",
             l."description" AS "description", ol."supply" AS "supply",
             CASE WHEN ol."supply" = 'bundle' THEN ol."partsJson" ELSE NULL END AS "partsJson",
             CASE WHEN ol."supply" = 'bundle' THEN
               COALESCE(cl."position", l."position") - (
                 SELECT MIN(x."position") FROM "InvoiceLine" x
                 WHERE x."invoiceId" = COALESCE(cl."invoiceId", l."invoiceId") AND x."orderLineId" = l."orderLineId")
             ELSE 0 END AS "partIndex",
             s."name" AS "subject", p."name" AS "publisher"
      FROM "InvoiceLine" l
      LEFT JOIN "InvoiceLine" cl ON cl."id" = l."creditedLineId"
      LEFT JOIN "OrderLine" ol ON ol."id" = l."orderLineId"
      LEFT JOIN "Offer" f ON f."id" = ol."offerId"
      LEFT JOIN "Title" t ON t."id" = f."titleId"
      LEFT JOIN "Subject" s ON s."id" = t."subjectId"
      LEFT JOIN "Publisher" p ON p."id" = t."publisherId"
      WHERE l."invoiceId" IN (${PrismaRuntime.join(batch.map((i) => i.id))})
      ORDER BY l."invoiceId", l."position"`;
    const linesOf = new Map<string, GapDocumentLine[]>();
    for (const r of rows) {
      const parts = r.partsJson ? (JSON.parse(r.partsJson) as { supply: string; vatRate: string }[]) : [];
      const line: GapDocumentLine = {
        vatRate: r.vatRate,
        supply:
          r.supply === null ? null : supplyOfLine({ supply: r.supply, parts }, r.vatRate, Number(r.partIndex ?? 0)),
        netCents: Number(r.netCents),
        subject: r.subject ?? "Onbekend vak",
        publisher: r.publisher ?? "Onbekende uitgever",
        description: r.description,
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
        schoolName: invoice.school.name,
        reducedRate: reducedOn(invoice.order.priceDate),
        lines: linesOf.get(invoice.id) ?? [],
        vatLines: invoice.vatLines.map((v) => ({ ...v, category: category(v.category) })),
      };
    }
    if (batch.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    cursor = { issueDate: last.issueDate, number: last.number };
  }
}

/** The gap report of a period in a scope (every month of the period listed). */
export async function vatGapReportFor(
  where: Prisma.InvoiceWhereInput,
  period: { from: string; to: string },
  opts: { batchSize?: number; client?: Db } = {},
): Promise<VatGapReport> {
  const acc = new VatGapAccumulator(monthsBetween(period.from, period.to));
  for await (const doc of iterateGapDocuments(where, opts.batchSize, opts.client)) acc.add(doc);
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
  where: Prisma.InvoiceWhereInput,
  period: { from: string; to: string },
  opts: { decimalComma?: boolean; batchSize?: number; client?: Db } = {},
): AsyncGenerator<string, void, undefined> {
  const money = (cents: number) => formatCentsPlain(cents, opts);
  const exact = (e4: number) => formatE4Cents(e4, opts);
  const rate = (r: string) => (opts.decimalComma ? r.replace(".", ",") : r);
  yield CSV_BOM + CSV_COLUMNS.join(CSV_SEPARATOR) + CSV_EOL;
  const acc = new VatGapAccumulator(monthsBetween(period.from, period.to));
  let chunk = "";
  for await (const doc of iterateGapDocuments(where, opts.batchSize, opts.client)) {
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
