/**
 * A ZIP of UBL files, one `<number>.xml` per invoice or credit note, streamed into `out` as
 * the documents arrive. Each document is rendered and handed to archiver only after the
 * previous entry has been written, so memory holds one document at a time, not a year.
 *
 * One document that cannot be rendered (an inconsistent stored document, see
 * `assertDocumentConsistent`) must not cost the accountant the rest of the period: it is
 * left out, and the ZIP ends with `FOUTEN.txt` naming every document left out and why.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import archiver from "archiver";
import type { InvoiceDocument } from "./invoice-document";
import { renderUbl, type UblProfile } from "./ubl";

/** File name for a document: its number, with anything unsafe in a path replaced by "_". */
export function ublFileName(doc: Pick<InvoiceDocument, "number">): string {
  return `${doc.number.replace(/[^A-Za-z0-9._-]/g, "_")}.xml`;
}

/** A document an export left out: its number and why it could not be rendered. */
export interface RenderFailure {
  number: string;
  message: string;
}

/**
 * What went wrong rendering `doc`, for a person: the renderer's reason without the document
 * number that an `InvoiceDocumentError` puts in front (the caller shows the number itself).
 */
export function describeRenderFailure(doc: Pick<InvoiceDocument, "number">, error: unknown): RenderFailure {
  let message = error instanceof Error ? error.message : String(error);
  // Only the document's own number: some renderer errors name a line there instead ("line 3: …").
  const prefix = `${doc.number}: `;
  if (message.startsWith(prefix)) message = message.slice(prefix.length);
  return { number: doc.number, message };
}

/** Name of the error list in the ZIP; it never collides with a document (those end in .xml). */
export const UBL_ZIP_ERROR_FILE = "FOUTEN.txt";

const PROFILE_NAMES: Record<UblProfile, string> = { peppol: "Peppol BIS 3", nlcius: "NLCIUS (SI-UBL 2.0)" };

/** The Dutch text of FOUTEN.txt (CRLF line ends: it is opened in Notepad as often as not). */
export function ublZipErrorText(failures: readonly RenderFailure[], profile: UblProfile): string {
  const lines = [
    `${failures.length === 1 ? "Dit document kon" : `Deze ${failures.length} documenten konden`} niet als UBL (${PROFILE_NAMES[profile]}) worden gemaakt en ${failures.length === 1 ? "ontbreekt" : "ontbreken"} in deze zip:`,
    "",
    ...failures.map((f) => `${f.number}: ${f.message}`),
    "",
    "De andere documenten van de selectie staan wel in deze zip. Meld deze fout bij de beheerder van de Leerwinkel.",
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * Streams a ZIP with one UBL file per document into `out` and resolves with the number of
 * files and the documents left out once `out` has received everything. Should an invoice and
 * a credit note series share a number, the second file gets "-2" (then "-3" …) before ".xml"
 * rather than overwrite. A document that cannot be rendered is left out and listed in
 * {@link UBL_ZIP_ERROR_FILE}; only a failure of `docs` or `out` rejects (and destroys the
 * archive).
 */
export async function streamUblZip(
  docs: AsyncIterable<InvoiceDocument> | Iterable<InvoiceDocument>,
  out: Writable,
  opts: { profile?: UblProfile } = {},
): Promise<{ files: number; failures: RenderFailure[] }> {
  const profile = opts.profile ?? "peppol";
  const archive = archiver("zip", { zlib: { level: 9 } });
  const written = pipeline(archive, out);
  const used = new Set<string>();
  const failures: RenderFailure[] = [];
  let files = 0;
  try {
    for await (const doc of docs) {
      let xml: string;
      try {
        xml = renderUbl(doc, { profile });
      } catch (error) {
        failures.push(describeRenderFailure(doc, error));
        continue;
      }
      let name = ublFileName(doc);
      for (let n = 2; used.has(name); n++) name = ublFileName(doc).replace(/\.xml$/, `-${n}.xml`);
      used.add(name);
      const entryDone = once(archive, "entry");
      archive.append(xml, { name, date: new Date(`${doc.issueDate}T00:00:00Z`) });
      // Back-pressure: wait until archiver has taken this entry before rendering the next.
      await entryDone;
      files++;
    }
    if (failures.length > 0) archive.append(ublZipErrorText(failures, profile), { name: UBL_ZIP_ERROR_FILE });
    await archive.finalize();
  } catch (error) {
    archive.destroy(error instanceof Error ? error : new Error(String(error)));
    await written.catch(() => undefined);
    throw error;
  }
  await written;
  return { files, failures };
}
