/**
 * Catalogue search for schools (issues 4 and 13): words matched in the word index over the
 * folded name, publisher and EANs (search/index.server.ts: SQLite FTS5 trigram, PostgreSQL
 * pg_trgm — "wisk" finds "Wiskunde", "een" finds "één"), an EAN typed with or without hyphens
 * and spaces, and filters on subject, sector, level, school year, learning goal, format and
 * "reviewed". The ordered ids of a search are cached under the catalogue's version, so a page
 * costs the version read, the 24 titles shown and their prices — not a scan of the catalogue.
 */
import { z } from "zod";
import { db, type Tx } from "~/db.server";
import { fromE4 } from "~/modules/money/cents";
import { formatEuro } from "~/modules/format";
import { FORMAT_LABELS, SECTOR_LABELS } from "./labels";
import { applicablePriceBook, pricesFrom, type Buyer } from "./offer-pricing.server";
import { catalogueVersion, matchingTitleIds } from "./search/index.server";
import { FORMATS } from "./search/normalize";
import { VersionedCache } from "./search/versioned-cache";
import { onResetAppState } from "~/app-state.server";

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

export { FORMAT_LABELS, SECTOR_LABELS, catalogueVersion };

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

interface TitleCard {
  id: string;
  slug: string;
  name: string;
  sector: string;
  reviewed: boolean;
  publisher: { name: string };
  subject: { name: string };
  levels: { level: string }[];
  years: { year: number }[];
  offers: { id: string; format: string }[];
}

/** What a result shows of a title (prices aside), per title under the catalogue's version. */
const cardCache = new VersionedCache<TitleCard>({ maxEntries: 20_000, maxWeight: 20_000, weigh: () => 1 });

/** The cards of the titles `ids`, in that order: cached ones from memory, the rest in one read. */
async function titleCards(ids: readonly string[], version: number, client: Client): Promise<TitleCard[]> {
  const missing = ids.filter((id) => !cardCache.get(id, version));
  if (missing.length) {
    const found = await client.title.findMany({
      where: { id: { in: missing } },
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
        offers: { where: { active: true }, select: { id: true, format: true }, orderBy: { id: "asc" } },
      },
    });
    for (const card of found) cardCache.set(card.id, version, card);
  }
  return ids.flatMap((id) => cardCache.get(id, version) ?? []);
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
  version?: number,
): Promise<CatalogSearchResult> {
  version ??= await catalogueVersion(client);
  const ids = await matchingTitleIds(query, version, client);
  const total = ids.length;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.pagina, pageCount);
  const pageIds = ids.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const titles = await titleCards(pageIds, version, client);
  const quantities = new Map<string, number>();
  for (const t of titles) for (const o of t.offers) quantities.set(o.id, 1);
  // the buyer's lists and the shown offers' entries in them: one read
  const book = await applicablePriceBook(buyer, date, [...quantities.keys()], client);
  const { applicable } = book;
  const prices = pricesFrom(book, quantities);
  const order: readonly string[] = FORMATS;
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

const facetCache = new VersionedCache<CatalogFacets>({ maxEntries: 1, maxWeight: 1, weigh: () => 1 });
onResetAppState(() => (cardCache.clear(), facetCache.clear()));

/** The choices of the filter form (distinct values through the indexed link tables), cached under the catalogue's version. */
export async function catalogFacets(client: Client = db, version?: number): Promise<CatalogFacets> {
  const v = version ?? (await catalogueVersion(client));
  const cached = facetCache.get("facets", v);
  if (cached) return cached;
  const [subjects, levels, years, goals] = await Promise.all([
    client.subject.findMany({ orderBy: { name: "asc" }, select: { code: true, name: true } }),
    client.titleLevel.groupBy({ by: ["level"], orderBy: { level: "asc" } }),
    client.titleYear.groupBy({ by: ["year"], orderBy: { year: "asc" } }),
    client.learningGoal.findMany({ orderBy: { code: "asc" }, select: { code: true, label: true } }),
  ]);
  const facets = { subjects, levels: levels.map((l) => l.level), years: years.map((y) => y.year), goals };
  facetCache.set("facets", v, facets);
  return facets;
}
