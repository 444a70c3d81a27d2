/**
 * Catalogue search for schools (issue 4): text over Title.searchText (lower-cased name,
 * publisher and EANs — `contains` on a lower-cased needle behaves the same on SQLite and
 * PostgreSQL), an exact 13-digit EAN through Offer.ean, and filters on subject, sector, level,
 * school year, learning goal, format and "reviewed". One count and one page query (24 titles);
 * only the titles on the shown page are priced, so the cost does not grow with the catalogue.
 */
import { z } from "zod";
import { db, type Prisma, type Tx } from "~/db.server";
import { fromE4 } from "~/modules/money/cents";
import { formatEuro } from "~/modules/format";
import { FORMAT_LABELS, SECTOR_LABELS } from "./labels";
import { applicableLists, resolvePrices, type Buyer } from "./offer-pricing.server";

type Client = Tx | typeof db;

export const PAGE_SIZE = 24;

const optionalText = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v ? v : undefined));

/** The search as it travels in the URL (GET form); unknown or malformed values are dropped. */
export const CatalogQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v ?? ""),
  vak: optionalText,
  sector: z.enum(["PO", "VO", "MBO"]).optional().catch(undefined),
  niveau: optionalText,
  leerjaar: z.coerce.number().int().min(1).max(12).optional().catch(undefined),
  leerdoel: optionalText,
  vorm: z.enum(["print", "digital", "combination"]).optional().catch(undefined),
  beoordeeld: z.literal("1").optional().catch(undefined),
  pagina: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .catch(undefined)
    .transform((v) => v ?? 1),
});
export type CatalogQuery = z.infer<typeof CatalogQuerySchema>;

export function parseCatalogQuery(params: URLSearchParams): CatalogQuery {
  const query = safeParseCatalogQuery(params);
  if (!query) throw new Error("Catalogue query out of bounds");
  return query;
}

/** The query, or null when a text field is longer than allowed (`q` over 200 characters): the route answers 400. */
export function safeParseCatalogQuery(params: URLSearchParams): CatalogQuery | null {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(CatalogQuerySchema.shape)) {
    const value = params.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  const parsed = CatalogQuerySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * The words of a search, at most 8. Prisma's `contains` is a LIKE pattern, and on SQLite it has
 * no ESCAPE clause, so `%` and `_` cannot be escaped portably: they (and the backslash, PostgreSQL's
 * escape character) separate words instead of acting as wildcards. Names, publishers and EANs
 * do not need them.
 */
export function searchWords(text: string): string[] {
  return text
    .split(/[\s%_\\]+/)
    .filter(Boolean)
    .slice(0, 8);
}

/** The Prisma filter for a query (exported for the benchmark and tests). */
export function catalogWhere(query: CatalogQuery, found: { eanTitleId?: string | null } = {}): Prisma.TitleWhereInput {
  const and: Prisma.TitleWhereInput[] = [];
  const text = query.q.toLowerCase();
  if (text) {
    if (found.eanTitleId) {
      // an exact EAN, resolved through the unique Offer.ean index
      and.push({ id: found.eanTitleId });
    } else {
      // every word must occur somewhere (name, publisher or EAN)
      for (const word of searchWords(text)) and.push({ searchText: { contains: word } });
    }
  }
  if (query.vak) and.push({ subject: { code: query.vak } });
  if (query.sector) and.push({ sector: query.sector });
  if (query.niveau) and.push({ levels: { some: { level: query.niveau } } });
  if (query.leerjaar) and.push({ years: { some: { year: query.leerjaar } } });
  if (query.leerdoel) and.push({ learningGoals: { some: { goal: { code: query.leerdoel } } } });
  if (query.beoordeeld) and.push({ reviewed: true });
  // The format test is a prefix match on purpose: SQLite cannot use the Offer(format) index for
  // a LIKE on a BINARY column, so it correlates through Offer(titleId) — with format = ? and no
  // table statistics it scanned all offers of a format once per title (26 s at 50,000 offers).
  // The format names are not prefixes of one another, so the match is exact.
  and.push({ offers: { some: { active: true, ...(query.vorm ? { format: { startsWith: query.vorm } } : {}) } } });
  return { AND: and };
}

export { FORMAT_LABELS, SECTOR_LABELS };

export interface CatalogResult {
  id: string;
  slug: string;
  name: string;
  publisher: string;
  subject: string;
  sector: string;
  reviewed: boolean;
  levels: string[];
  years: number[];
  formats: string[];
  /** The lowest unit price of the title's offers for this buyer at quantity 1, formatted; null when unpriced. */
  fromPrice: string | null;
  fromPriceE4: number | null;
}

export interface CatalogSearchResult {
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  pricesIncludeVat: boolean;
  results: CatalogResult[];
}

/**
 * Runs a catalogue search for a buyer on a date. Prices only the page shown: the buyer's
 * applicable lists (contract before default) resolved for quantity 1; the "vanaf" price is the
 * lowest unit price as the list holds it (no rounding here — list prices are whole cents).
 */
export async function searchCatalogue(
  query: CatalogQuery,
  buyer: Buyer,
  date: string,
  client: Client = db,
): Promise<CatalogSearchResult> {
  const ean = /^\d{13}$/.test(query.q)
    ? await client.offer.findUnique({ where: { ean: query.q }, select: { titleId: true } })
    : null;
  const where = catalogWhere(query, { eanTitleId: ean?.titleId });
  const total = await client.title.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.pagina, pageCount);
  const titles = await client.title.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: {
      id: true,
      slug: true,
      name: true,
      sector: true,
      reviewed: true,
      publisher: { select: { name: true } },
      subject: { select: { name: true } },
      levels: { select: { level: true }, orderBy: { level: "asc" } },
      years: { select: { year: true }, orderBy: { year: "asc" } },
      offers: { where: { active: true }, select: { id: true, format: true } },
    },
  });
  const applicable = await applicableLists(buyer, date, client);
  const quantities = new Map<string, number>();
  for (const t of titles) for (const o of t.offers) quantities.set(o.id, 1);
  const prices = await resolvePrices(quantities, applicable, client);
  const order = ["print", "digital", "combination", "other"];
  return {
    total,
    page,
    pageCount,
    pageSize: PAGE_SIZE,
    pricesIncludeVat: applicable.pricesIncludeVat,
    results: titles.map((t) => {
      let min: number | null = null;
      for (const o of t.offers) {
        const p = prices.get(o.id);
        if (p && (min === null || p.unitPriceE4 < min)) min = p.unitPriceE4;
      }
      return {
        id: t.id,
        slug: t.slug,
        name: t.name,
        publisher: t.publisher.name,
        subject: t.subject.name,
        sector: t.sector,
        reviewed: t.reviewed,
        levels: t.levels.map((l) => l.level),
        years: t.years.map((y) => y.year),
        formats: [...new Set(t.offers.map((o) => o.format))].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
        fromPrice: min === null ? null : formatEuro(fromE4(min)),
        fromPriceE4: min,
      };
    }),
  };
}

export interface CatalogFacets {
  subjects: { code: string; name: string }[];
  levels: string[];
  years: number[];
  goals: { code: string; label: string }[];
}

/** The choices of the filter form (distinct values through the indexed link tables). */
export async function catalogFacets(client: Client = db): Promise<CatalogFacets> {
  const [subjects, levels, years, goals] = await Promise.all([
    client.subject.findMany({ orderBy: { name: "asc" }, select: { code: true, name: true } }),
    client.titleLevel.groupBy({ by: ["level"], orderBy: { level: "asc" } }),
    client.titleYear.groupBy({ by: ["year"], orderBy: { year: "asc" } }),
    client.learningGoal.findMany({ orderBy: { code: "asc" }, select: { code: true, label: true } }),
  ]);
  return { subjects, levels: levels.map((l) => l.level), years: years.map((y) => y.year), goals };
}
