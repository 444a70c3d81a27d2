/**
 * What the catalogue's word index holds and how a typed search becomes words (pure, no I/O).
 * The index (SQLite FTS5 trigram table, PostgreSQL pg_trgm) matches every word as a substring of
 * Title.searchKey, so folding happens here, once, for the stored key and for the typed words
 * alike: both providers compare the same bytes and return the same titles.
 */

/** "Één Café" → "een cafe": compatibility-decomposed, combining marks dropped, lower-cased. */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** Title.searchKey: the folded name, publisher and EANs (bare digits, as stored). */
export function titleSearchKey(name: string, publisher: string, eans: readonly string[]): string {
  return foldForSearch([name, publisher, ...eans].join(" "));
}

/** The catalogue's formats, in the order the pages list them. */
export const FORMATS = ["print", "digital", "combination", "other"] as const;

/**
 * Title.activeFormats: the distinct formats of the title's active offers, space-separated with
 * a space either side (" digital print "), so "has an active print offer" is LIKE '% print %' on
 * both providers; "" when nothing is on sale.
 */
export function titleActiveFormats(offers: readonly { format: string; active?: boolean }[]): string {
  const formats = [...new Set(offers.filter((o) => o.active !== false).map((o) => o.format))].sort();
  return formats.length ? ` ${formats.join(" ")} ` : "";
}

/** At most this many words of a search are used. */
export const MAX_WORDS = 8;

/**
 * The words of a typed search, folded like the key. A search of only digits, spaces and hyphens
 * is one number — an EAN/ISBN typed as "978-90-01-12345-6" or "978 90 01 12345 6" — and becomes
 * its digits. Otherwise `%`, `_` and `\` (LIKE's wildcards and PostgreSQL's escape character)
 * separate words, so a word never holds a wildcard.
 */
export function searchWords(text: string): string[] {
  const trimmed = text.trim();
  if (/^[\d\s-]+$/.test(trimmed) && /\d/.test(trimmed)) return [trimmed.replace(/\D/g, "")];
  return foldForSearch(trimmed)
    .split(/[\s%_\\]+/)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
}

/** The EAN/GTIN a search names when it is one number of 8, 12, 13 or 14 digits (hyphens and spaces allowed), else null. */
export function eanOfSearch(text: string): string | null {
  const words = searchWords(text);
  return words.length === 1 && /^(\d{8}|\d{12,14})$/.test(words[0]!) ? words[0]! : null;
}
