import { PassThrough, Writable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fullCreditNote, partialCreditNote, schoolInvoice } from "../../../tests/support/invoice-documents";
import type { InvoiceDocument } from "./invoice-document";
import { renderUbl } from "./ubl";
import { streamUblZip, ublFileName } from "./ubl-zip.server";

/** Reads names and contents of a ZIP from its central directory (enough for archiver output). */
function readZip(zip: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

async function zipOf(docs: InvoiceDocument[]): Promise<{ zip: Buffer; files: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  async function* source() {
    yield* docs;
  }
  const { files } = await streamUblZip(source(), out);
  return { zip: Buffer.concat(chunks), files };
}

describe("streamUblZip", () => {
  it("writes one <number>.xml per invoice and credit note", async () => {
    const { zip, files } = await zipOf([schoolInvoice, fullCreditNote, partialCreditNote]);
    expect(files).toBe(3);
    const entries = readZip(zip);
    expect([...entries.keys()]).toEqual(["2026-000001.xml", "2026-C00001.xml", "2026-C00002.xml"]);
    expect(entries.get("2026-000001.xml")).toBe(renderUbl(schoolInvoice));
    expect(entries.get("2026-C00002.xml")).toContain("<CreditNote ");
  });

  it("never overwrites a file when two series share a number", async () => {
    const { zip } = await zipOf([schoolInvoice, { ...partialCreditNote, number: schoolInvoice.number }]);
    expect([...readZip(zip).keys()]).toEqual(["2026-000001.xml", "2026-000001-2.xml"]);
    expect(ublFileName({ number: "2026/../x" })).toBe("2026_.._x.xml");
  });

  it("leaves out a document that cannot be rendered and names it in FOUTEN.txt", async () => {
    const bad = { ...partialCreditNote, grossCents: 1 };
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const result = await streamUblZip([schoolInvoice, bad, fullCreditNote], out);
    expect(result.files).toBe(2);
    expect(result.failures).toEqual([
      { number: "2026-C00002", message: expect.stringMatching(/≠ gross 1$/) as unknown },
    ]);
    const entries = readZip(Buffer.concat(chunks));
    expect([...entries.keys()]).toEqual(["2026-000001.xml", "2026-C00001.xml", "FOUTEN.txt"]);
    expect(entries.get("FOUTEN.txt")).toMatch(
      /^Dit document kon niet als UBL \(Peppol BIS 3\) worden gemaakt en ontbreekt in deze zip:\r\n\r\n2026-C00002: net \d+ \+ VAT \d+ ≠ gross 1\r\n/,
    );
  });

  it("has no FOUTEN.txt when every document renders", async () => {
    const { zip } = await zipOf([schoolInvoice]);
    expect([...readZip(zip).keys()]).toEqual(["2026-000001.xml"]);
  });

  it("rejects when the output fails", async () => {
    const sink = new Writable({ write: (_c, _e, cb) => cb(new Error("disk full")) });
    await expect(streamUblZip([schoolInvoice], sink)).rejects.toThrow(/disk full/);
  });
});
