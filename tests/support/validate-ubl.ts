/**
 * Validates UBL documents against the official EN 16931 UBL schematron (compiled to XSLT),
 * run by Saxon-HE on the JVM.
 *
 * Saxon needs a few seconds to compile the 900 KB stylesheet, so calls are batched: every
 * `validateUbl` made in the same tick (e.g. inside one `Promise.all`) is written to one
 * temporary directory and validated by a single JVM run in Saxon's directory mode
 * (`-s:dir -o:dir`), which compiles the stylesheet once.
 *
 * The artefacts live in the shared folder next to the repository (CI clones the repo beside a
 * copy of `shared/`), so the path is resolved from the repo root as `../shared/validation/en16931`.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface UblValidationResult {
  fatal: { id: string; text: string }[];
  /** non-fatal failed asserts (warnings), for information */
  warnings: { id: string; text: string }[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const EN16931_DIR = path.resolve(repoRoot, "..", "shared", "validation", "en16931");
export const EN16931_XSLT = path.join(EN16931_DIR, "EN16931-UBL-validation.xslt");
const SAXON_JAR = process.env.SAXON_JAR ?? "/usr/share/java/Saxon-HE.jar";

interface Pending {
  xml: string;
  resolve: (r: UblValidationResult) => void;
  reject: (e: unknown) => void;
}

let queue: Pending[] = [];
let scheduled = false;

/** Validates one UBL document; calls made in the same tick share one JVM run. */
export function validateUbl(xml: string): Promise<UblValidationResult> {
  return new Promise((resolve, reject) => {
    queue.push({ xml, resolve, reject });
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        const batch = queue;
        queue = [];
        scheduled = false;
        runBatch(batch).catch((error) => batch.forEach((p) => p.reject(error)));
      });
    }
  });
}

async function runBatch(batch: Pending[]): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "ubl-validate-"));
  try {
    const inDir = path.join(work, "in");
    const outDir = path.join(work, "out");
    await Promise.all([mkdir(inDir), mkdir(outDir)]);
    const names = batch.map((_, i) => `doc-${String(i).padStart(5, "0")}.xml`);
    await Promise.all(batch.map((p, i) => writeFile(path.join(inDir, names[i]), p.xml, "utf8")));
    await runSaxon(inDir, outDir);
    await Promise.all(
      batch.map(async (p, i) => {
        const svrl = await readFile(path.join(outDir, names[i]), "utf8");
        p.resolve(parseSvrl(svrl));
      }),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function runSaxon(inDir: string, outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      "java",
      ["-cp", SAXON_JAR, "net.sf.saxon.Transform", `-s:${inDir}`, `-xsl:${EN16931_XSLT}`, `-o:${outDir}`],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`Saxon failed: ${error.message}\n${stderr}`));
        else resolve();
      },
    );
  });
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}

/** Extracts the failed asserts from an SVRL report. */
export function parseSvrl(svrl: string): UblValidationResult {
  const result: UblValidationResult = { fatal: [], warnings: [] };
  const re = /<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g;
  for (const match of svrl.matchAll(re)) {
    const attrs = match[1];
    const id = /\bid="([^"]*)"/.exec(attrs)?.[1] ?? "(no id)";
    const flag = /\bflag="([^"]*)"/.exec(attrs)?.[1] ?? "fatal";
    const text = decodeEntities((/<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(match[2])?.[1] ?? "").trim());
    (flag === "fatal" ? result.fatal : result.warnings).push({ id, text });
  }
  return result;
}
