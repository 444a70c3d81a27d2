/**
 * The printable parent letters: one A4 page per order code, in Dutch, with the school, class,
 * package, ordering window, the code and where to enter it (pdfkit, built-in Helvetica). The
 * codes come from the request that shows them once; nothing here stores them.
 */
import PDFDocument from "pdfkit";
import { formatDate } from "~/modules/format";
import type { LetterData } from "./packages.server";

const MARGIN = 60;

export async function renderParentLettersPdf(letters: LetterData[], baseUrl: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: "Bestelcodes leerlingpakket", Author: "Leerwinkel" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const url = `${baseUrl.replace(/\/$/, "")}/bestelcode`;
  for (const letter of letters) {
    doc.addPage();
    doc.font("Helvetica-Bold").fontSize(16).text(letter.schoolName);
    doc
      .moveDown(0.3)
      .font("Helvetica")
      .fontSize(10)
      .fillColor("#555")
      .text(`Klas ${letter.classGroup} · schooljaar ${letter.schoolYear}`)
      .fillColor("#000");
    doc.moveDown(2).fontSize(11).text("Aan de ouder(s) of verzorger(s),");
    doc.moveDown();
    doc.text(
      `Voor het schooljaar ${letter.schoolYear} bestelt u het leerlingpakket${letter.packageName ? ` "${letter.packageName}"` : ""} van uw kind bij Leerwinkel. ` +
        "De materialen die de school betaalt staan al klaar; voor de onderdelen die u zelf betaalt kiest u waar de school dat toestaat tussen een gedrukte en een digitale uitvoering.",
      { align: "left" },
    );
    doc.moveDown();
    if (letter.orderFrom && letter.orderUntil)
      doc.text(`U kunt bestellen van ${formatDate(letter.orderFrom)} tot en met ${formatDate(letter.orderUntil)}.`);
    doc.moveDown();
    doc.text(`Ga naar ${url} en vul deze persoonlijke bestelcode in:`);
    doc.moveDown();
    doc.font("Helvetica-Bold").fontSize(26).text(letter.code, { align: "center", characterSpacing: 2 });
    doc.moveDown().font("Helvetica").fontSize(11);
    doc.text(
      "De code hoort bij één leerling. Bewaar deze brief; deel de code niet met anderen. Bent u de code kwijt, vraag de school dan om een nieuwe.",
    );
    doc.moveDown();
    doc.text("Met vriendelijke groet,");
    doc.text(letter.schoolName);
    doc
      .fontSize(8)
      .fillColor("#777")
      .text(`Kenmerk voor de school: ${letter.pseudonym}`, MARGIN, doc.page.height - MARGIN - 20, { lineBreak: false })
      .fillColor("#000");
  }
  doc.end();
  return done;
}
