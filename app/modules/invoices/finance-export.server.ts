/**
 * The finance exports as streams (DESIGN §5 "exports stream"): the CSV and the ZIP of UBL
 * files of a period are produced batch by batch from the keyset iterator, so memory holds
 * one batch of invoices, never the period. Used by the download routes, the finance CLI and
 * the export benchmark (all the same code path).
 */
import { PassThrough, Readable } from "node:stream";
import { z } from "zod";
import type { Db } from "~/db.server";
import { csvLines, type InvoiceCsvOptions } from "./csv";
import { iterateInvoiceRecords, iterateInvoices, ratesInPeriod, type InvoiceFilter } from "./invoice-document.server";
import { UBL_PROFILES, type UblProfile } from "./ubl";
import { streamUblZip } from "./ubl-zip.server";

/**
 * The `profile` parameter of the UBL downloads (`?profile=peppol|nlcius`); missing or empty
 * means Peppol BIS 3, the profile every receiver on the Peppol network takes (DESIGN §5).
 */
export const ublProfileSchema = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : "peppol"))
  .pipe(
    z.enum(UBL_PROFILES, { errorMap: () => ({ message: `Onbekend UBL-profiel: kies ${UBL_PROFILES.join(" of ")}.` }) }),
  );

/** Parses `?profile=` of a request URL; the Dutch message of a bad value is meant for a 400. */
export function parseUblProfile(url: URL): { ok: true; profile: UblProfile } | { ok: false; message: string } {
  const parsed = ublProfileSchema.safeParse(url.searchParams.get("profile") ?? undefined);
  return parsed.success
    ? { ok: true, profile: parsed.data }
    : { ok: false, message: parsed.error.issues[0]?.message ?? "Ongeldig UBL-profiel." };
}

/** The CSV export of a filter as an async sequence of text chunks (header first). */
export async function invoiceCsvChunks(
  filter: InvoiceFilter,
  opts: InvoiceCsvOptions,
  batchSize = 500,
  client?: Db,
): Promise<AsyncGenerator<string, void, undefined>> {
  const rates = await ratesInPeriod(filter, client);
  return csvLines(iterateInvoiceRecords(filter, batchSize, client), rates, opts);
}

/** Wraps an async sequence of strings as a pull-based web stream of UTF-8 bytes. */
export function textStream(chunks: AsyncIterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return?.(undefined);
    },
  });
}

/** The CSV export as a web stream (for a Response body). */
export async function invoiceCsvStream(
  filter: InvoiceFilter,
  opts: InvoiceCsvOptions,
): Promise<ReadableStream<Uint8Array>> {
  return textStream(await invoiceCsvChunks(filter, opts));
}

/**
 * The ZIP of UBL files of a filter as a web stream. The archive is written into a PassThrough
 * while the client reads. A document that cannot be rendered is left out and named in the
 * ZIP's FOUTEN.txt (and in the server log); a failure reading the database or writing the
 * stream aborts it, so the download fails visibly rather than ending with a truncated but
 * valid-looking ZIP.
 */
export function ublZipStream(filter: InvoiceFilter, opts: { profile?: UblProfile } = {}): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  streamUblZip(iterateInvoices(filter), out, opts).then(
    ({ failures }) => {
      for (const f of failures) console.error(`UBL export: ${f.number} left out of the ZIP: ${f.message}`);
    },
    (error: unknown) => {
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/** A file name for a download of a period: "facturen_2026-07-01_2026-09-30.csv". */
export function exportFileName(prefix: string, filter: InvoiceFilter, extension: string): string {
  const range = [filter.from ?? "begin", filter.to ?? "eind"].join("_");
  return `${prefix}_${range}.${extension}`.replace(/[^A-Za-z0-9._-]/g, "_");
}
