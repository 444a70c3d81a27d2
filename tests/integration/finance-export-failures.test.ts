/**
 * The finance downloads with one document in the period that cannot be rendered (its stored
 * lines do not add up to its taxable amount): the UBL ZIP holds every other document plus
 * FOUTEN.txt naming the one left out; the single PDF/XML download of that document answers
 * 422 with the reason in Dutch; and the UBL profile is chosen with `?profile=` (zod-checked,
 * a bad value is a 400).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loader as documentLoader } from "~/routes/financien.facturen.$file";
import { loader as zipLoader } from "~/routes/financien.export-ubl[.]zip";
import { insertInvoiceCopy } from "../support/cloned-invoices";
import { cookieFor, getRequest, run } from "../support/requests";

// A month of its own, holding only the documents this file inserts.
const PERIOD = { from: "2029-03-01", to: "2029-03-31" };
const GOOD = ["2029-T00001", "2029-T00003"];
const BROKEN = "2029-T00002";
const PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
const NLCIUS = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0";

const ids: Record<string, string> = {};

async function call(
  loader: (args: never) => unknown,
  url: string,
  cookie: string,
  params: Record<string, string> = {},
): Promise<Response> {
  const result = await run(() =>
    Promise.resolve(
      (loader as (a: { request: Request; params: Record<string, string>; context: object }) => unknown)({
        request: getRequest(url, { cookie }),
        params,
        context: {},
      }),
    ),
  );
  if (!(result instanceof Response)) throw new Error(`expected a Response from ${url}`);
  return result;
}

/** Saves a ZIP answer and returns a reader of its entries (through Info-ZIP's unzip). */
async function unzip(res: Response) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "fin-zip-broken-")), "x.zip");
  writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  return {
    names: () => execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n").sort(),
    text: (name: string) => execFileSync("unzip", ["-p", file, name], { encoding: "utf8" }),
  };
}

function customizationId(xml: string): string | undefined {
  return /<cbc:CustomizationID>([^<]+)<\/cbc:CustomizationID>/.exec(xml)?.[1];
}

beforeAll(async () => {
  ids[GOOD[0]!] = (await insertInvoiceCopy({ number: GOOD[0]!, issueDate: "2029-03-05", nth: 0 })).id;
  ids[BROKEN] = (await insertInvoiceCopy({ number: BROKEN, issueDate: "2029-03-12", nth: 1, broken: true })).id;
  ids[GOOD[1]!] = (await insertInvoiceCopy({ number: GOOD[1]!, issueDate: "2029-03-20", nth: 2 })).id;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the UBL ZIP of a period with a document that cannot be rendered", () => {
  it("holds every other document and FOUTEN.txt naming the one left out and why", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await call(
      zipLoader,
      `/financien/export-ubl.zip?from=${PERIOD.from}&to=${PERIOD.to}`,
      await cookieFor("financien@leerwinkel.test"),
    );
    expect(res.status).toBe(200);
    const zip = await unzip(res);
    expect(zip.names()).toEqual(["2029-T00001.xml", "2029-T00003.xml", "FOUTEN.txt"]);
    const errors = zip.text("FOUTEN.txt");
    expect(errors).toContain("Dit document kon niet als UBL (Peppol BIS 3) worden gemaakt en ontbreekt in deze zip:");
    expect(errors).toMatch(new RegExp(`^${BROKEN}: rate \\d+%: lines \\d+ .* but taxable is \\d+\\r$`, "m"));
    expect(errors).toContain("De andere documenten van de selectie staan wel in deze zip.");
    for (const number of GOOD) {
      const xml = zip.text(`${number}.xml`);
      expect(xml).toContain(`<cbc:ID>${number}</cbc:ID>`);
      expect(customizationId(xml)).toBe(PEPPOL);
    }
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(`${BROKEN} left out of the ZIP`));
  });

  it("writes NLCIUS with ?profile=nlcius and refuses an unknown profile with a 400", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const cookie = await cookieFor("financien@leerwinkel.test");
    const res = await call(
      zipLoader,
      `/financien/export-ubl.zip?from=${PERIOD.from}&to=${PERIOD.to}&profile=nlcius`,
      cookie,
    );
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="ubl-nlcius_2029-03-01_2029-03-31.zip"');
    const zip = await unzip(res);
    expect(zip.names()).toEqual(["2029-T00001.xml", "2029-T00003.xml", "FOUTEN.txt"]);
    expect(customizationId(zip.text("2029-T00001.xml"))).toBe(NLCIUS);
    expect(zip.text("FOUTEN.txt")).toContain("niet als UBL (NLCIUS (SI-UBL 2.0)) worden gemaakt");

    const bad = await call(
      zipLoader,
      `/financien/export-ubl.zip?from=${PERIOD.from}&to=${PERIOD.to}&profile=xrechnung`,
      cookie,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("Onbekend UBL-profiel: kies peppol of nlcius.");
  });
});

describe("the single download of a document that cannot be rendered", () => {
  it.each([
    ["pdf", "PDF"],
    ["xml", "UBL"],
  ])("answers 422 with the reason in Dutch for the %s, and logs it", async (extension, format) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const file = `${ids[BROKEN]}.${extension}`;
    const res = await call(
      documentLoader,
      `/financien/facturen/${file}`,
      await cookieFor("financien@leerwinkel.test"),
      { file },
    );
    expect(res.status).toBe(422);
    expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBeNull();
    const text = await res.text();
    expect(text).toMatch(
      new RegExp(
        `^Deze factuur kan niet als ${format} worden gemaakt: de opgeslagen bedragen kloppen niet met elkaar \\(${BROKEN}: rate \\d+%: lines .* but taxable is \\d+\\)\\. Meld dit bij de beheerder van de Leerwinkel\\.$`,
      ),
    );
    expect(logged).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`^${format} of ${BROKEN} could not be rendered: rate`)),
    );
  });

  it("still downloads the good documents, in the profile of ?profile=", async () => {
    const cookie = await cookieFor("financien@leerwinkel.test");
    const file = `${ids[GOOD[0]!]}.xml`;
    const peppol = await call(documentLoader, `/financien/facturen/${file}`, cookie, { file });
    expect(peppol.status).toBe(200);
    expect(customizationId(await peppol.text())).toBe(PEPPOL);
    const nlcius = await call(documentLoader, `/financien/facturen/${file}?profile=nlcius`, cookie, { file });
    expect(nlcius.status).toBe(200);
    expect(customizationId(await nlcius.text())).toBe(NLCIUS);
    const pdf = await call(documentLoader, `/financien/facturen/${ids[GOOD[0]!]}.pdf`, cookie, {
      file: `${ids[GOOD[0]!]}.pdf`,
    });
    expect(pdf.status).toBe(200);
  });

  it("refuses an unknown profile with a 400 in Dutch", async () => {
    const file = `${ids[GOOD[0]!]}.xml`;
    const res = await call(
      documentLoader,
      `/financien/facturen/${file}?profile=peppol3`,
      await cookieFor("financien@leerwinkel.test"),
      { file },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("Onbekend UBL-profiel: kies peppol of nlcius.");
  });
});
