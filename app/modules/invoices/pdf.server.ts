/**
 * The invoice or credit note as an A4 PDF (pdfkit, built-in Helvetica), with everything
 * art. 35a Wet OB 1968 asks of an invoice: number and date, supplier's name, address and VAT
 * number, customer's name and address (and VAT number when known), quantity and nature of the
 * goods and services, the unit price excluding VAT, the rate, the taxable amount and VAT per
 * rate, and — for a credit note — the invoice it corrects.
 *
 * Figures are printed from the document's integer cents; nothing is recomputed or rounded here.
 */
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import PDFDocument from "pdfkit";
import {
  assertDocumentConsistent,
  netUnitPriceE4,
  sortedVatLines,
  sumAllowancesCharges,
  sumLineNet,
  type InvoiceDocument,
  type InvoiceDocumentLine,
  type Party,
} from "./invoice-document";
import { formatIban, formatRateNl } from "./format";
import { formatCents, formatDate, formatDateShort, formatUnitPriceE4 } from "~/modules/format";

type Pdf = InstanceType<typeof PDFDocument>;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
/** Lowest y the body may use; the footer with page numbers lives below it. */
const BODY_BOTTOM = PAGE.height - MARGIN - 20;
const FONT = "Helvetica";
const FONT_BOLD = "Helvetica-Bold";
const GREY = "#555555";
const RULE = "#bbbbbb";

// The standard PDF fonts only know WinAnsi (Latin-1 plus a few typographic marks and €);
// anything else would print as garbage, so it is replaced by "?".
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
function pdfText(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const code = ch.codePointAt(0) ?? 0;
    if (
      ch === "\n" ||
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRA.includes(ch)
    ) {
      out += ch;
    } else if (ch === "\t") {
      out += " ";
    } else {
      out += "?";
    }
  }
  return out;
}

interface Column {
  header: string;
  width: number;
  align: "left" | "right";
  cell: (line: InvoiceDocumentLine) => string;
}

function columnsFor(doc: InvoiceDocument): Column[] {
  const columns: Column[] = [
    { header: "Omschrijving", width: 0, align: "left", cell: (l) => l.description },
    { header: "EAN", width: 78, align: "left", cell: (l) => l.ean },
    { header: "Aantal", width: 38, align: "right", cell: (l) => String(l.quantity) },
    // Art. 35a lid 1 sub g: the unit price excluding VAT, also for inclusive-price documents.
    {
      header: "Prijs p/st\nexcl. btw",
      width: 62,
      align: "right",
      cell: (l) => formatUnitPriceE4(netUnitPriceE4(l, doc.pricesIncludeVat)),
    },
    { header: "Btw", width: 34, align: "right", cell: (l) => `${formatRateNl(l.vatRate)}%` },
    { header: "Bedrag\nexcl. btw", width: 68, align: "right", cell: (l) => formatCents(l.netCents) },
  ];
  if (doc.pricesIncludeVat) {
    columns.push({ header: "Bedrag\nincl. btw", width: 68, align: "right", cell: (l) => formatCents(l.grossCents) });
  }
  const fixed = columns.reduce((s, c) => s + c.width, 0);
  columns[0].width = CONTENT_WIDTH - fixed;
  return columns;
}

const CELL_PAD = 4;

class InvoicePdfWriter {
  private y = MARGIN;

  constructor(
    private readonly pdf: Pdf,
    private readonly doc: InvoiceDocument,
  ) {}

  private get title(): string {
    return this.doc.type === "CREDIT_NOTE" ? "Creditnota" : "Factuur";
  }

  render(): void {
    this.header();
    this.addresses();
    this.lineTable();
    this.summary();
    this.paymentTerms();
    this.footers();
  }

  private text(
    s: string,
    x: number,
    y: number,
    opts: PDFKit.Mixins.TextOptions & { font?: string; size?: number; color?: string } = {},
  ): void {
    const { font = FONT, size = 9, color = "black", ...rest } = opts;
    this.pdf
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(pdfText(s), x, y, { lineBreak: rest.width !== undefined, ...rest });
  }

  private heightOf(s: string, width: number, font = FONT, size = 9): number {
    return this.pdf.font(font).fontSize(size).heightOfString(pdfText(s), { width });
  }

  private newPage(): void {
    this.pdf.addPage();
    this.y = MARGIN;
    this.text(`${this.title} ${this.doc.number}`, MARGIN, this.y, { font: FONT_BOLD, size: 10 });
    this.y += 24;
  }

  /** Starts a new page unless `height` still fits on this one. */
  private ensureSpace(height: number): boolean {
    if (this.y + height <= BODY_BOTTOM) return false;
    this.newPage();
    return true;
  }

  private header(): void {
    const { seller } = this.doc;
    this.text(seller.name, MARGIN, this.y, { font: FONT_BOLD, size: 16, width: 280 });
    const sellerLines = [seller.street, `${seller.postalCode} ${seller.city}`, countryName(seller.country)].filter(
      Boolean,
    );
    this.text(sellerLines.join("\n"), MARGIN, this.y + 22, { width: 280, color: GREY });
    const ids = [
      seller.kvkNumber ? `KvK ${seller.kvkNumber}` : null,
      seller.vatNumber ? `Btw-id ${seller.vatNumber}` : null,
      seller.iban ? `IBAN ${formatIban(seller.iban)}` : null,
      seller.email ?? null,
    ].filter((s): s is string => Boolean(s));
    this.text(ids.join("\n"), MARGIN + 300, this.y + 4, { width: CONTENT_WIDTH - 300, align: "right", color: GREY });
    this.y = 140;
    this.text(this.title, MARGIN, this.y, { font: FONT_BOLD, size: 22 });
    this.y += 36;
  }

  private addresses(): void {
    const { doc } = this;
    const top = this.y;
    this.text("Aan", MARGIN, top, { size: 8, color: GREY });
    this.text(partyBlock(doc.buyer), MARGIN, top + 12, { width: 250 });
    let leftBottom = top + 12 + this.heightOf(partyBlock(doc.buyer), 250);

    const meta: [string, string][] = [
      [doc.type === "CREDIT_NOTE" ? "Creditnotanummer" : "Factuurnummer", doc.number],
      [doc.type === "CREDIT_NOTE" ? "Datum" : "Factuurdatum", formatDate(doc.issueDate)],
    ];
    if (doc.dueDate && doc.type === "INVOICE") meta.push(["Vervaldatum", formatDate(doc.dueDate)]);
    meta.push(["Ordernummer", doc.orderNumber]);
    if (doc.poNumber) meta.push(["Uw referentie", doc.poNumber]);
    if (doc.buyer.vatNumber) meta.push(["Uw btw-nummer", doc.buyer.vatNumber]);
    if (doc.buyer.brin) meta.push(["BRIN", doc.buyer.brin]);
    let my = top;
    const labelX = MARGIN + 275;
    const valueX = labelX + 95;
    const valueW = PAGE.width - MARGIN - valueX;
    for (const [label, value] of meta) {
      this.text(label, labelX, my, { color: GREY });
      this.text(value, valueX, my, { width: valueW });
      my += Math.max(13, this.heightOf(value, valueW) + 2);
    }
    this.y = Math.max(leftBottom, my) + 16;

    if (doc.type === "CREDIT_NOTE" && doc.correctsNumber) {
      const corrects = `Correctie op factuur ${doc.correctsNumber}${doc.correctsIssueDate ? ` van ${formatDate(doc.correctsIssueDate)}` : ""}`;
      this.text(corrects, MARGIN, this.y, { font: FONT_BOLD, size: 10 });
      this.y += 18;
    }
    if (doc.pricesIncludeVat) {
      this.text("De btw is per tarief berekend uit de prijzen inclusief btw.", MARGIN, this.y, {
        color: GREY,
        size: 8,
      });
      this.y += 14;
    }
    leftBottom = this.y;
    this.y = leftBottom + 4;
  }

  private tableHeader(columns: Column[]): void {
    const height = Math.max(...columns.map((c) => this.heightOf(c.header, c.width - 2 * CELL_PAD, FONT_BOLD, 8)));
    let x = MARGIN;
    for (const c of columns) {
      this.text(c.header, x + CELL_PAD, this.y, {
        font: FONT_BOLD,
        size: 8,
        width: c.width - 2 * CELL_PAD,
        align: c.align,
      });
      x += c.width;
    }
    this.y += height + 4;
    this.pdf
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + CONTENT_WIDTH, this.y)
      .lineWidth(0.8)
      .strokeColor("black")
      .stroke();
    this.y += 4;
  }

  private lineTable(): void {
    const columns = columnsFor(this.doc);
    this.ensureSpace(60);
    this.tableHeader(columns);
    const lines = [...this.doc.lines].sort((a, b) => a.position - b.position);
    for (const line of lines) {
      const cells = columns.map((c) => c.cell(line));
      const height = Math.max(...columns.map((c, i) => this.heightOf(cells[i], c.width - 2 * CELL_PAD))) + 5;
      if (this.ensureSpace(height)) this.tableHeader(columns);
      let x = MARGIN;
      columns.forEach((c, i) => {
        this.text(cells[i], x + CELL_PAD, this.y, { width: c.width - 2 * CELL_PAD, align: c.align });
        x += c.width;
      });
      this.y += height;
      this.pdf
        .moveTo(MARGIN, this.y - 2)
        .lineTo(MARGIN + CONTENT_WIDTH, this.y - 2)
        .lineWidth(0.3)
        .strokeColor(RULE)
        .stroke();
    }
    this.y += 12;
  }

  private summary(): void {
    const { doc } = this;
    const vatLines = sortedVatLines(doc);
    const { allowanceCents, chargeCents } = sumAllowancesCharges(doc);
    const totals: [string, string, boolean][] = [];
    if (allowanceCents > 0 || chargeCents > 0) {
      totals.push(["Subtotaal regels excl. btw", formatCents(sumLineNet(doc)), false]);
      if (allowanceCents > 0) totals.push(["Korting excl. btw", formatCents(-allowanceCents), false]);
      if (chargeCents > 0) totals.push(["Verzendkosten excl. btw", formatCents(chargeCents), false]);
    }
    totals.push(["Totaal excl. btw", formatCents(doc.netCents), false]);
    totals.push(["Btw", formatCents(doc.vatCents), false]);
    totals.push(["Totaal incl. btw", formatCents(doc.grossCents), true]);
    if (doc.paid && doc.type === "INVOICE") {
      totals.push(["Reeds betaald", formatCents(-doc.grossCents), false]);
      totals.push(["Te betalen", formatCents(0), true]);
    }

    const showAllowance = vatLines.some((v) => v.allowanceCents > 0);
    const showCharge = vatLines.some((v) => v.chargeCents > 0);
    const vatColumns: [string, number, (v: (typeof vatLines)[number]) => string][] = [
      ["Btw-tarief", 48, (v) => `${formatRateNl(v.vatRate)}%`],
    ];
    if (showAllowance) vatColumns.push(["Korting", 56, (v) => formatCents(v.allowanceCents)]);
    if (showCharge) vatColumns.push(["Verzend-\nkosten", 50, (v) => formatCents(v.chargeCents)]);
    vatColumns.push(["Grondslag", 64, (v) => formatCents(v.taxableCents)]);
    vatColumns.push(["Btw", 56, (v) => formatCents(v.vatCents)]);

    const rowH = 14;
    const needed = Math.max((vatLines.length + 3) * rowH + 10, totals.length * rowH + 10);
    this.ensureSpace(needed);
    const top = this.y;

    // VAT table per rate (left): art. 35a lid 1 sub h/i.
    let x = MARGIN;
    for (const [header, width] of vatColumns) {
      this.text(header, x, top, {
        font: FONT_BOLD,
        size: 8,
        width: width - CELL_PAD,
        align: header === "Btw-tarief" ? "left" : "right",
      });
      x += width;
    }
    let vy = top + 20;
    const tableWidth = x - MARGIN;
    this.pdf
      .moveTo(MARGIN, vy - 3)
      .lineTo(MARGIN + tableWidth, vy - 3)
      .lineWidth(0.5)
      .strokeColor("black")
      .stroke();
    for (const v of vatLines) {
      x = MARGIN;
      for (const [header, width, cell] of vatColumns) {
        this.text(cell(v), x, vy, { width: width - CELL_PAD, align: header === "Btw-tarief" ? "left" : "right" });
        x += width;
      }
      vy += rowH;
    }

    // Totals (right).
    // 200 pt on the right; the VAT table (at most 274 pt) stays left of it.
    const labelX = MARGIN + CONTENT_WIDTH - 200;
    let ty = top;
    for (const [label, value, bold] of totals) {
      if (bold) {
        this.pdf
          .moveTo(labelX, ty - 3)
          .lineTo(MARGIN + CONTENT_WIDTH, ty - 3)
          .lineWidth(0.5)
          .strokeColor("black")
          .stroke();
      }
      this.text(label, labelX, ty, { font: bold ? FONT_BOLD : FONT, size: bold ? 10 : 9 });
      this.text(value, labelX + 115, ty, {
        font: bold ? FONT_BOLD : FONT,
        size: bold ? 10 : 9,
        width: 85,
        align: "right",
      });
      ty += rowH + (bold ? 3 : 0);
    }
    this.y = Math.max(vy, ty) + 18;
  }

  private paymentTerms(): void {
    const text = paymentText(this.doc);
    const height = this.heightOf(text, CONTENT_WIDTH, FONT, 9);
    this.ensureSpace(height + 20);
    this.text("Betaling", MARGIN, this.y, { font: FONT_BOLD, size: 10 });
    this.y += 14;
    this.text(text, MARGIN, this.y, { width: CONTENT_WIDTH });
    this.y += height + 8;
  }

  private footers(): void {
    const range = this.pdf.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.pdf.switchToPage(i);
      // Writing below the bottom margin would make pdfkit open a new page.
      const bottom = this.pdf.page.margins.bottom;
      this.pdf.page.margins.bottom = 0;
      const y = PAGE.height - MARGIN + 4;
      this.text(`${this.title} ${this.doc.number}`, MARGIN, y, { size: 8, color: GREY });
      this.text(`Pagina ${i - range.start + 1} van ${range.count}`, MARGIN, y, {
        size: 8,
        color: GREY,
        width: CONTENT_WIDTH,
        align: "right",
      });
      this.pdf.page.margins.bottom = bottom;
    }
  }
}

const COUNTRY_NAMES: Record<string, string> = { NL: "", BE: "België", DE: "Duitsland" };

function countryName(code: string): string {
  return code in COUNTRY_NAMES ? COUNTRY_NAMES[code] : code;
}

function partyBlock(party: Party): string {
  return [party.name, party.street, `${party.postalCode}  ${party.city}`.trim(), countryName(party.country)]
    .filter(Boolean)
    .join("\n");
}

/** The payment instruction in Dutch, matching the UBL PaymentTerms note. */
export function paymentText(doc: InvoiceDocument): string {
  const amount = formatCents(doc.grossCents);
  if (doc.type === "CREDIT_NOTE") {
    return doc.paymentMethod === "ONLINE"
      ? `Het bedrag van ${amount} wordt teruggestort via de oorspronkelijke betaalwijze.`
      : `Het bedrag van ${amount} wordt verrekend met openstaande facturen of teruggestort op uw rekening.`;
  }
  if (doc.paid) {
    return doc.paymentMethod === "ONLINE"
      ? `Betaald via iDEAL/kaart. U hoeft niets meer te betalen.`
      : `Deze factuur is voldaan. U hoeft niets meer te betalen.`;
  }
  const iban = doc.seller.iban ? ` op IBAN ${formatIban(doc.seller.iban)} t.n.v. ${doc.seller.name}` : "";
  const due = doc.dueDate ? ` (uiterlijk ${formatDateShort(doc.dueDate)})` : "";
  return `Te betalen binnen ${doc.paymentTermDays} dagen${due}${iban} o.v.v. factuurnummer ${doc.number}.`;
}

function createPdf(doc: InvoiceDocument): Pdf {
  assertDocumentConsistent(doc);
  const title = `${doc.type === "CREDIT_NOTE" ? "Creditnota" : "Factuur"} ${doc.number}`;
  const pdf = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true, // needed for "Pagina i van n"
    info: {
      Title: title,
      Author: doc.seller.name,
      Subject: `Order ${doc.orderNumber}`,
      // Fixed creation date: the same document renders to the same bytes.
      CreationDate: new Date(`${doc.issueDate}T00:00:00Z`),
    },
  });
  new InvoicePdfWriter(pdf, doc).render();
  return pdf;
}

/**
 * Streams the PDF of an invoice or credit note into `out` and resolves when `out` has taken
 * all of it (or rejects on a write error). Amounts are printed from integer cents, no rounding.
 *
 * @throws InvoiceDocumentError (synchronously, before writing) for an inconsistent document.
 */
export async function writeInvoicePdf(doc: InvoiceDocument, out: Writable): Promise<void> {
  const pdf = createPdf(doc);
  const done = pipeline(pdf, out);
  pdf.end();
  await done;
}

/** The PDF of an invoice or credit note as one Buffer; see {@link writeInvoicePdf}. */
export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const pdf = createPdf(doc);
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on("end", resolve);
    pdf.on("error", reject);
  });
  pdf.end();
  await finished;
  return Buffer.concat(chunks);
}
