/**
 * A ZIP of UBL files, one `<number>.xml` per invoice or credit note, streamed into `out` as
 * the documents arrive. Each document is rendered and handed to archiver only after the
 * previous entry has been written, so memory holds one document at a time, not a year.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import archiver from "archiver";
import type { InvoiceDocument } from "./invoice-document";
import { renderUbl } from "./ubl";

/** File name for a document: its number, with anything unsafe in a path replaced by "_". */
export function ublFileName(doc: Pick<InvoiceDocument, "number">): string {
  return `${doc.number.replace(/[^A-Za-z0-9._-]/g, "_")}.xml`;
}

/**
 * Streams a ZIP with one UBL file per document into `out` and resolves with the number of
 * files once `out` has received everything. Should an invoice and a credit note series share
 * a number, the second file gets "-2" (then "-3" …) before ".xml" rather than overwrite.
 * Rejects (and destroys the archive) when a document cannot be rendered or `out` fails.
 */
export async function streamUblZip(docs: AsyncIterable<InvoiceDocument> | Iterable<InvoiceDocument>, out: Writable): Promise<{ files: number }> {
  const archive = archiver("zip", { zlib: { level: 9 } });
  const written = pipeline(archive, out);
  const used = new Set<string>();
  let files = 0;
  try {
    for await (const doc of docs) {
      const xml = renderUbl(doc);
      let name = ublFileName(doc);
      for (let n = 2; used.has(name); n++) name = ublFileName(doc).replace(/\.xml$/, `-${n}.xml`);
      used.add(name);
      const entryDone = once(archive, "entry");
      archive.append(xml, { name, date: new Date(`${doc.issueDate}T00:00:00Z`) });
      // Back-pressure: wait until archiver has taken this entry before rendering the next.
      await entryDone;
      files++;
    }
    await archive.finalize();
  } catch (error) {
    archive.destroy(error instanceof Error ? error : new Error(String(error)));
    await written.catch(() => undefined);
    throw error;
  }
  await written;
  return { files };
}
