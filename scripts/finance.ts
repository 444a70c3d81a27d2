/**
 * Finance exports from the command line, on the database of DATABASE_URL (the same code paths
 * as the /financien downloads, streaming):
 *
 *   npm run finance -- export --format ubl|csv|pdf --from YYYY-MM-DD --to YYYY-MM-DD --out PATH [--profile peppol|nlcius]
 *       ubl, pdf: one file per invoice / credit note in folder PATH (created when missing);
 *                 ubl in the profile of --profile (default peppol: Peppol BIS 3)
 *       csv:      the file PATH (add --decimal-comma for "1234,56")
 *   npm run finance -- vat-return --from YYYY-MM-DD --to YYYY-MM-DD [--json]
 *
 * Bad input (missing or impossible dates, from after to, unknown format, profile or command,
 * a path that cannot be written) prints one line to stderr and exits with status 2; a failure
 * while exporting exits with 1. A document that cannot be rendered does not stop a ubl or pdf
 * export: it gets no file, every other document is still written, and at the end the
 * documents left out are listed on stderr with their reason and the exit status is 1.
 */
import { createWriteStream, mkdirSync, statSync } from "node:fs";
import { rename, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { vatReturnFor } from "../app/modules/invoices/finance.server";
import { isIsoDate } from "../app/modules/calendar/iso-date";
import { invoiceCsvChunks, ublProfileSchema } from "../app/modules/invoices/finance-export.server";
import { iterateInvoices } from "../app/modules/invoices/invoice-document.server";
import { renderInvoicePdf } from "../app/modules/invoices/pdf.server";
import { renderUbl, type UblProfile } from "../app/modules/invoices/ubl";
import { describeRenderFailure, ublFileName, type RenderFailure } from "../app/modules/invoices/ubl-zip.server";
import { formatVatReturnText, openRefundDifference } from "../app/modules/invoices/vat-return";
import { refundsWithoutCreditNote } from "../app/modules/payments/dashboard-refunds.server";

export class UsageError extends Error {}

/** Thrown at the end of a ubl or pdf export that had to leave documents out (exit status 1). */
export class DocumentsFailedError extends Error {
  readonly failures: readonly RenderFailure[];
  constructor(failures: readonly RenderFailure[]) {
    super(
      `${failures.length} ${failures.length === 1 ? "document kon" : "documenten konden"} niet worden gemaakt en ${failures.length === 1 ? "is" : "zijn"} overgeslagen:\n` +
        failures.map((f) => `  ${f.number}: ${f.message}`).join("\n"),
    );
    this.name = "DocumentsFailedError";
    this.failures = failures;
  }
}

const USAGE = `Gebruik:
  npm run finance -- export --format ubl|csv|pdf --from JJJJ-MM-DD --to JJJJ-MM-DD --out PAD [--decimal-comma] [--profile peppol|nlcius]
  npm run finance -- vat-return --from JJJJ-MM-DD --to JJJJ-MM-DD [--json]`;

export interface ParsedArgs {
  command: "export" | "vat-return";
  format?: "ubl" | "csv" | "pdf";
  from: string;
  to: string;
  out?: string;
  /** UBL profile of a ubl export (default peppol) */
  profile?: UblProfile;
  json: boolean;
  decimalComma: boolean;
}

/** Parses argv (after the script name); throws UsageError with a Dutch message. */
export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command !== "export" && command !== "vat-return") {
    throw new UsageError(command ? `Onbekende opdracht "${command}".` : "Geef een opdracht: export of vat-return.");
  }
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`Onverwacht argument "${arg}".`);
    const name = m[1]!;
    if (name === "json" || name === "decimal-comma") {
      flags.add(name);
      continue;
    }
    if (!["format", "from", "to", "out", "profile"].includes(name)) throw new UsageError(`Onbekende optie --${name}.`);
    const value = m[2] ?? rest[++i];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} heeft een waarde nodig.`);
    values.set(name, value);
  }
  const date = (name: "from" | "to") => {
    const v = values.get(name);
    if (!v) throw new UsageError(`--${name} ontbreekt (JJJJ-MM-DD).`);
    if (!isIsoDate(v)) throw new UsageError(`--${name} "${v}" is geen geldige datum (JJJJ-MM-DD).`);
    return v;
  };
  const from = date("from");
  const to = date("to");
  if (from > to) throw new UsageError(`--from ${from} ligt na --to ${to}.`);
  if (command === "vat-return") return { command, from, to, json: flags.has("json"), decimalComma: false };
  const format = values.get("format");
  if (!format) throw new UsageError("--format ontbreekt (ubl, csv of pdf).");
  if (format !== "ubl" && format !== "csv" && format !== "pdf")
    throw new UsageError(`Onbekend formaat "${format}" (kies ubl, csv of pdf).`);
  const out = values.get("out");
  if (!out) throw new UsageError("--out ontbreekt.");
  const base = { command, format, from, to, out, json: false, decimalComma: flags.has("decimal-comma") } as const;
  if (format !== "ubl") {
    if (values.has("profile")) throw new UsageError("--profile hoort alleen bij --format ubl.");
    return base;
  }
  const profile = ublProfileSchema.safeParse(values.get("profile"));
  if (!profile.success)
    throw new UsageError(`--profile "${values.get("profile")}": ${profile.error.issues[0]?.message ?? "ongeldig"}`);
  return { ...base, profile: profile.data };
}

/** Makes sure `dir` is a writable folder (created when missing). */
function prepareFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error("not a folder");
  } catch (error) {
    throw new UsageError(`Kan map "${dir}" niet aanmaken of gebruiken: ${(error as Error).message}`);
  }
}

/** Opens a file for writing, turning "cannot write here" into a UsageError before any work. */
async function openForWrite(file: string) {
  const stream = createWriteStream(file, { flags: "w" });
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", (error) => reject(new UsageError(`Kan "${file}" niet schrijven: ${error.message}`)));
  });
  return stream;
}

export async function runFinance(args: ParsedArgs, log: (line: string) => void): Promise<void> {
  const filter = { from: args.from, to: args.to };
  if (args.command === "vat-return") {
    const summary = await vatReturnFor(filter);
    // Money refunded outside the shop without a credit note is not netted silently: shown apart.
    const openRefunds = openRefundDifference(await refundsWithoutCreditNote(filter));
    log(
      args.json
        ? JSON.stringify({ period: filter, ...summary, openRefunds }, null, 2)
        : formatVatReturnText(summary, { period: `${args.from} t/m ${args.to}`, openRefunds }).trimEnd(),
    );
    return;
  }
  const out = args.out!;
  if (args.format === "csv") {
    // Written to a temporary name first, so a failed export never leaves a half file as PATH.
    const dir = path.dirname(path.resolve(out));
    prepareFolder(dir);
    const temp = `${out}.part`;
    const file = await openForWrite(temp);
    let rows = -1;
    const chunks = await invoiceCsvChunks(filter, { decimalComma: args.decimalComma });
    async function* counted() {
      for await (const chunk of chunks) {
        rows++;
        yield chunk;
      }
    }
    try {
      await pipeline(Readable.from(counted()), file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await rename(temp, out);
    log(`${rows} documenten geschreven naar ${out}`);
    return;
  }
  prepareFolder(out);
  let files = 0;
  const failures: RenderFailure[] = [];
  for await (const doc of iterateInvoices(filter)) {
    const name = args.format === "ubl" ? ublFileName(doc) : ublFileName(doc).replace(/\.xml$/, ".pdf");
    const target = path.join(out, name);
    // Rendered in memory first (one document, never the period): a document the renderer
    // refuses gets no file at all, and the export goes on with the next one.
    let content: string | Buffer;
    try {
      content =
        args.format === "ubl" ? renderUbl(doc, { profile: args.profile ?? "peppol" }) : await renderInvoicePdf(doc);
    } catch (error) {
      failures.push(describeRenderFailure(doc, error));
      // A file of this document left by an earlier run would read as if this one wrote it.
      await rm(target, { force: true }).catch(() => undefined);
      continue;
    }
    await writeAtomically(target, content);
    files++;
  }
  log(`${files} ${args.format === "ubl" ? "UBL" : "PDF"}-bestanden geschreven naar ${out}`);
  if (failures.length > 0) throw new DocumentsFailedError(failures);
}

/** Writes `content` to a temporary name beside `target` and renames it: never a half file. */
async function writeAtomically(target: string, content: string | Buffer): Promise<void> {
  const temp = `${target}.part`;
  const file = await openForWrite(temp);
  try {
    await pipeline(Readable.from([content]), file);
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function main() {
  let args: ParsedArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`Fout: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { db } = await import("../app/db.server");
  try {
    await runFinance(args, (line) => console.log(line));
  } catch (error) {
    console.error(`Fout: ${(error as Error).message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && /finance\.ts$/.test(process.argv[1])) void main();
