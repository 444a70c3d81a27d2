import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  fullCreditNote,
  longInvoice,
  paidOnlineInvoice,
  parentInvoice,
  partialCreditNote,
  schoolInvoice,
} from "../../../tests/support/invoice-documents";
import { formatCents } from "~/modules/format";
import { InvoiceDocumentError } from "./invoice-document";
import { paymentText, renderInvoicePdf, writeInvoicePdf } from "./pdf.server";

/**
 * Text of a pdfkit PDF without poppler: inflates the content streams and decodes the hex
 * strings of the TJ operators (pdfkit writes WinAnsi hex, with kerning numbers in between).
 * Returns one string per page-content stream, text runs joined by single spaces.
 */
function extractPdfkitText(pdf: Buffer): string[] {
  const raw = pdf.toString("latin1");
  const pages: string[] = [];
  const streamRe = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streamRe.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    const bytes = Buffer.from(raw.slice(start, end), "latin1");
    let content: string;
    try {
      content = inflateSync(bytes).toString("latin1");
    } catch {
      continue;
    }
    if (!content.includes("TJ")) continue;
    const runs: string[] = [];
    for (const tj of content.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ/g)) {
      const hex = [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join("");
      runs.push(winAnsiDecode(Buffer.from(hex, "hex")));
    }
    pages.push(runs.join(" ").replace(/\s+/g, " "));
  }
  return pages;
}

function winAnsiDecode(bytes: Buffer): string {
  return [...bytes].map((b) => (b === 0x80 ? "€" : String.fromCharCode(b))).join("");
}

const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;

function pdftotext(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pdftext-"));
  try {
    writeFileSync(path.join(dir, "in.pdf"), pdf);
    execFileSync("pdftotext", ["-layout", path.join(dir, "in.pdf"), path.join(dir, "out.txt")]);
    return readFileSync(path.join(dir, "out.txt"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

describe("renderInvoicePdf", () => {
  it("renders an exclusive-price invoice with everything art. 35a asks", async () => {
    const pdf = await renderInvoicePdf(schoolInvoice);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = extractPdfkitText(pdf).join("\n");
    for (const expected of [
      "Factuur",
      schoolInvoice.number,
      "1 september 2026",
      "Leerwinkel B.V.",
      "KvK 12345678",
      "Btw-id NL001234567B01",
      schoolInvoice.buyer.name, // with & and < >
      "Lyceumlaan 1",
      "Uw referentie",
      "PO; 2026/118",
      "ORD-2026-00042",
      "Getal & Ruimte havo 2 leerboek deel 1",
      "€ 12,50", // net unit price
      "€ 17,495", // 4-decimal unit price printed as is
      "Grondslag",
      "€ 367,08", // taxable 6%
      "€ 22,02", // VAT 6%
      "€ 334,36", // taxable 21%
      "€ 70,22",
      "Totaal excl. btw",
      formatCents(schoolInvoice.netCents),
      formatCents(schoolInvoice.vatCents),
      "Totaal incl. btw",
      "€ 793,68",
      "Korting excl. btw",
      "Te betalen binnen 30 dagen (uiterlijk 01-10-2026) op IBAN NL91 ABNA 0417 1643 00",
      "o.v.v. factuurnummer 2026-000001",
      "Pagina 1 van 1",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("renders a credit note with its correction reference", async () => {
    const pdf = await renderInvoicePdf(partialCreditNote);
    const text = extractPdfkitText(pdf).join("\n");
    expect(text).toContain("Creditnota");
    expect(text).toContain("Correctie op factuur 2026-000001 van 1 september 2026");
    expect(text).toContain(formatCents(partialCreditNote.grossCents));
  });

  it("says a paid online invoice needs no payment and shows inclusive line amounts", async () => {
    const text = extractPdfkitText(await renderInvoicePdf(parentInvoice)).join("\n");
    expect(text).toContain("Betaald via iDEAL/kaart");
    expect(text).toContain("Bedrag");
    expect(text).toContain("incl. btw");
    expect(text).toContain("€ 29,95"); // the gross line amount the parent saw
    expect(text).toContain("€ 28,25"); // its net unit price (art. 35a: unit price excl. VAT)
    expect(text).toContain("Te betalen");
    expect(paymentText(paidOnlineInvoice)).toMatch(/^Betaald via iDEAL\/kaart/);
  });

  it("continues the line table over several pages with page numbers", async () => {
    const pdf = await renderInvoicePdf(longInvoice);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = extractPdfkitText(pdf).join("\n");
    expect(text).toContain(`Pagina 1 van ${pages}`);
    expect(text).toContain(`Pagina ${pages} van ${pages}`);
    expect(text).toContain("Titel 80");
    expect(text).toContain(formatCents(longInvoice.grossCents));
  });

  it("streams the same bytes into a Writable", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await writeInvoicePdf(fullCreditNote, out);
    const streamed = Buffer.concat(chunks);
    expect(streamed.equals(await renderInvoicePdf(fullCreditNote))).toBe(true);
  });

  it("refuses an inconsistent document", async () => {
    await expect(
      renderInvoicePdf({ ...schoolInvoice, grossCents: schoolInvoice.grossCents + 1 }),
    ).rejects.toBeInstanceOf(InvoiceDocumentError);
  });

  it.skipIf(!hasPdftotext)("pdftotext finds the number and the totals", async () => {
    const text = pdftotext(await renderInvoicePdf(schoolInvoice));
    expect(text).toContain(schoolInvoice.number);
    expect(text).toContain("€ 793,68");
    expect(text).toContain("€ 701,44");
  });
});
