/**
 * The finance exports as streams (DESIGN §5 "exports stream"): the CSV and the ZIP of UBL
 * files of a period are produced batch by batch from the keyset iterator, so memory holds
 * one batch of invoices, never the period. Used by the download routes, the finance CLI and
 * the export benchmark (all the same code path).
 */
import { PassThrough, Readable } from "node:stream";
import type { Db } from "~/db.server";
import { csvLines, type InvoiceCsvOptions } from "./csv";
import { iterateInvoiceRecords, iterateInvoices, ratesInPeriod, type InvoiceFilter } from "./invoice-document.server";
import { streamUblZip } from "./ubl-zip.server";

/** The CSV export of a filter as an async sequence of text chunks (header first). */
export async function invoiceCsvChunks(filter: InvoiceFilter, opts: InvoiceCsvOptions, batchSize = 500, client?: Db): Promise<AsyncGenerator<string, void, undefined>> {
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
export async function invoiceCsvStream(filter: InvoiceFilter, opts: InvoiceCsvOptions): Promise<ReadableStream<Uint8Array>> {
  return textStream(await invoiceCsvChunks(filter, opts));
}

/**
 * The ZIP of UBL files of a filter as a web stream. The archive is written into a PassThrough
 * while the client reads; a rendering error aborts the stream (the download fails visibly
 * rather than ending with a truncated but valid-looking ZIP).
 */
export function ublZipStream(filter: InvoiceFilter): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  streamUblZip(iterateInvoices(filter), out).catch((error: unknown) => {
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/** A file name for a download of a period: "facturen_2026-07-01_2026-09-30.csv". */
export function exportFileName(prefix: string, filter: InvoiceFilter, extension: string): string {
  const range = [filter.from ?? "begin", filter.to ?? "eind"].join("_");
  return `${prefix}_${range}.${extension}`.replace(/[^A-Za-z0-9._-]/g, "_");
}
