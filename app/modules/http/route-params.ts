/**
 * Ids and slugs in URLs, checked before any query (issue 10): something that cannot be one of
 * ours — too long, odd characters — is simply not found (404), never a 500.
 */
import { z } from "zod";

/** Our record ids are cuids (25 characters); 64 leaves room for other id schemes. */
export const RecordIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Catalogue slugs: lower-case words joined by hyphens. */
export const SlugSchema = z.string().regex(/^[a-z0-9-]{1,200}$/);

function notFound(): Response {
  return new Response("Deze pagina bestaat niet.", { status: 404 });
}

/** The URL parameter `name` as a record id; throws a 404 answer when it cannot be one. */
export function recordIdParam(params: Record<string, string | undefined>, name: string): string {
  const parsed = RecordIdSchema.safeParse(params[name]);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** The URL parameter `name` as a slug; throws a 404 answer when it cannot be one. */
export function slugParam(params: Record<string, string | undefined>, name: string): string {
  const parsed = SlugSchema.safeParse(params[name]);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** An admin search form's one field, for the form in the browser and for searchQueryParam. */
export const SearchQuerySchema = z.object({ q: z.string().trim().max(200, "Zoekterm te lang.").default("") });

/** The `q` search term of an admin search page (trimmed, "" when absent); over 200 characters is a 400 answer. */
export function searchQueryParam(request: Request): string {
  const parsed = SearchQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Zoekterm te lang.", { status: 400 });
  return parsed.data.q;
}
