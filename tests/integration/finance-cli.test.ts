/** The finance CLI (scripts/finance.ts): argument errors, and exports that match the routes. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { parseArgs, runFinance, UsageError } from "../../scripts/finance";
import { loader as csvLoader } from "~/routes/financien.export[.]csv";
import { loader as vatPageLoader } from "~/routes/financien.btw-aangifte._index";
import { cookieFor, getRequest } from "../support/requests";

describe("finance CLI arguments", () => {
  it.each([
    [["export", "--format", "xls", "--from", "2026-07-01", "--to", "2026-09-30", "--out", "x"], /Onbekend formaat "xls"/],
    [["export", "--from", "2026-07-01", "--to", "2026-09-30", "--out", "x"], /--format ontbreekt/],
    [["export", "--format", "csv", "--from", "2026-07-01", "--to", "2026-09-30"], /--out ontbreekt/],
    [["vat-return", "--from", "2026-02-30", "--to", "2026-03-31"], /geen geldige datum/],
    [["vat-return", "--from", "1-7-2026", "--to", "2026-09-30"], /geen geldige datum/],
    [["vat-return", "--to", "2026-09-30"], /--from ontbreekt/],
    [["vat-return", "--from", "2026-10-01", "--to", "2026-09-30"], /ligt na --to/],
    [["import"], /Onbekende opdracht "import"/],
    [[], /Geef een opdracht/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it("accepts --name=value and flags", () => {
    expect(parseArgs(["export", "--format=csv", "--from=2026-07-01", "--to", "2026-09-30", "--out", "q3.csv", "--decimal-comma"]))
      .toEqual({ command: "export", format: "csv", from: "2026-07-01", to: "2026-09-30", out: "q3.csv", json: false, decimalComma: true });
  });
});

describe("finance CLI exports", () => {
  const period = { from: "2026-04-01", to: "2026-09-30" };

  it("writes the same CSV as the download route", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fin-cli-"));
    const out = path.join(dir, "sub", "export.csv");
    const log: string[] = [];
    await runFinance(parseArgs(["export", "--format", "csv", "--from", period.from, "--to", period.to, "--out", out]), (l) => log.push(l));
    const res = (await csvLoader({ request: getRequest(`/financien/export.csv?from=${period.from}&to=${period.to}`, { cookie: await cookieFor("financien@leerwinkel.test") }), params: {}, context: {} })) as Response;
    const viaRoute = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(readFileSync(out, "utf8")).toBe(viaRoute);
    const count = await db.invoice.count({ where: { issueDate: { gte: period.from, lte: period.to } } });
    expect(count).toBeGreaterThan(0);
    expect(log).toEqual([`${count} documenten geschreven naar ${out}`]);
  });

  it("writes one UBL and one PDF file per document into a new folder", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fin-cli-"));
    const numbers = (await db.invoice.findMany({ where: { issueDate: { gte: period.from, lte: period.to } }, select: { number: true } })).map((i) => i.number).sort();
    for (const format of ["ubl", "pdf"] as const) {
      const out = path.join(dir, format);
      await runFinance(parseArgs(["export", "--format", format, "--from", period.from, "--to", period.to, "--out", out]), () => {});
      const ext = format === "ubl" ? ".xml" : ".pdf";
      expect(readdirSync(out).sort()).toEqual(numbers.map((n) => `${n}${ext}`));
    }
  });

  it("refuses a path it cannot write", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fin-cli-"));
    const file = path.join(dir, "a-file");
    writeFileSync(file, "x");
    await expect(runFinance(parseArgs(["export", "--format", "pdf", "--from", period.from, "--to", period.to, "--out", path.join(file, "pdfs")]), () => {})).rejects.toThrow(UsageError);
    await expect(runFinance(parseArgs(["export", "--format", "csv", "--from", period.from, "--to", period.to, "--out", path.join(file, "x.csv")]), () => {})).rejects.toThrow(UsageError);
  });

  it("prints the same VAT return as the finance page", async () => {
    const log: string[] = [];
    await runFinance(parseArgs(["vat-return", "--from", "2026-07-01", "--to", "2026-09-30", "--json"]), (l) => log.push(l));
    const cli = JSON.parse(log[0]!) as { totalVatCents: number; boxes: unknown[] };
    const page = (await vatPageLoader({ request: getRequest("/financien/btw-aangifte?period=2026-K3", { cookie: await cookieFor("financien@leerwinkel.test") }), params: {}, context: {} })) as { summary: { totalVatCents: number; boxes: unknown[] } };
    expect(cli.totalVatCents).toBe(page.summary.totalVatCents);
    expect(cli.boxes).toEqual(page.summary.boxes);
    const text: string[] = [];
    await runFinance(parseArgs(["vat-return", "--from", "2026-07-01", "--to", "2026-09-30"]), (l) => text.push(l));
    expect(text[0]).toContain("Btw-aangifte 2026-07-01 t/m 2026-09-30");
  });
});
