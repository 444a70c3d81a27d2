/**
 * Validates UBL documents against the official rule sets in `shared/validation/` (see its
 * SOURCE.md): the EN 16931 UBL schematron, the Peppol BIS Billing 3.0 rules and the NLCIUS /
 * SI-UBL 2.0 rules (all compiled to XSLT, run by Saxon-HE on the JVM), and the UBL 2.1 XML
 * schema (xmllint).
 *
 * Saxon needs a few seconds to compile each stylesheet (up to 1 MB), so calls are batched:
 * every validation requested in the same tick (e.g. inside one `Promise.all`) is written to one
 * temporary directory and validated by a single JVM run per rule set in Saxon's directory mode
 * (`-s:dir -o:dir`), which compiles that stylesheet once; the schema check is one xmllint run
 * per document type (Invoice, CreditNote). Each JVM runs a few seconds with the client compiler
 * only and the serial collector (JAVA_FLAGS): for such short runs that halves the CPU time.
 *
 * The artefacts live in the shared folder next to the repository (CI clones the repo beside a
 * copy of `shared/`), so paths are resolved from the repo root as `../shared/validation/…`.
 *
 * A document is valid for a rule set when the SVRL report has no failed assert with flag
 * `fatal` or `error` (warnings are advice), and valid for the schema when xmllint accepts it.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface UblValidationResult {
  /** failed asserts with flag fatal or error */
  fatal: { id: string; text: string }[];
  /** non-fatal failed asserts (warnings), for information */
  warnings: { id: string; text: string }[];
}

export interface XsdValidationResult {
  /** xmllint's schema-validity messages; empty when the document is schema-valid */
  errors: string[];
}

/** The schematron rule sets, each an XSLT that writes SVRL. */
export type RuleSet = "en16931" | "peppol" | "nlcius";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const VALIDATION_DIR = path.resolve(repoRoot, "..", "shared", "validation");
export const EN16931_DIR = path.join(VALIDATION_DIR, "en16931");
export const PEPPOL_DIR = path.join(VALIDATION_DIR, "peppol");
export const EN16931_XSLT = path.join(EN16931_DIR, "EN16931-UBL-validation.xslt");
export const RULE_SET_XSLT: Record<RuleSet, string> = {
  en16931: EN16931_XSLT,
  peppol: path.join(PEPPOL_DIR, "PEPPOL-EN16931-UBL.xsl"),
  nlcius: path.join(VALIDATION_DIR, "nlcius", "si-ubl-2.0.xsl"),
};
const XSD = {
  Invoice: path.join(VALIDATION_DIR, "ubl21", "xsd", "maindoc", "UBL-Invoice-2.1.xsd"),
  CreditNote: path.join(VALIDATION_DIR, "ubl21", "xsd", "maindoc", "UBL-CreditNote-2.1.xsd"),
} as const;
const SAXON_JAR = process.env.SAXON_JAR ?? "/usr/share/java/Saxon-HE.jar";
const JAVA_FLAGS = ["-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"];

type Check = RuleSet | "xsd";

interface Pending {
  check: Check;
  xml: string;
  resolve: (r: never) => void;
  reject: (e: unknown) => void;
}

let queue: Pending[] = [];
let scheduled = false;

function enqueue<T>(check: Check, xml: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ check, xml, resolve: resolve as (r: never) => void, reject });
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        const batch = queue;
        queue = [];
        scheduled = false;
        void flush(batch);
      });
    }
  });
}

/**
 * UBL_VALIDATION_CACHE (a directory; scripts/test-all.sh sets one per `npm test`): results are kept
 * by a hash of the check, its artefact (path, size, modification time) and the document, so a
 * document the SQLite run validated is not validated again, byte for byte the same, by the
 * PostgreSQL run. Validation is a pure function of those, so a kept result is the result.
 */
const CACHE_DIR = process.env.UBL_VALIDATION_CACHE;

function artefactOf(check: Check): string {
  const files = check === "xsd" ? Object.values(XSD) : [RULE_SET_XSLT[check]];
  return files
    .map((file) => {
      const stat = statSync(file);
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    })
    .join("|");
}

function cached(p: Pending): boolean {
  if (!CACHE_DIR) return false;
  const key = createHash("sha256")
    .update(`${p.check}\n${artefactOf(p.check)}\n`)
    .update(p.xml)
    .digest("hex");
  const file = path.join(CACHE_DIR, `${key}.json`);
  if (existsSync(file)) {
    (p.resolve as (r: unknown) => void)(JSON.parse(readFileSync(file, "utf8")));
    return true;
  }
  const resolve = p.resolve as (r: unknown) => void;
  p.resolve = ((result: unknown) => {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(result));
    resolve(result);
  }) as (r: never) => void;
  return false;
}

async function flush(batch: Pending[]): Promise<void> {
  const byCheck = new Map<Check, Pending[]>();
  for (const p of batch) {
    if (cached(p)) continue;
    const group = byCheck.get(p.check);
    if (group) group.push(p);
    else byCheck.set(p.check, [p]);
  }
  await Promise.all(
    [...byCheck].map(([check, group]) =>
      (check === "xsd" ? runXsdBatch(group) : runSchematronBatch(check, group)).catch((error: unknown) =>
        group.forEach((p) => p.reject(error)),
      ),
    ),
  );
}

/** Validates one UBL document against a schematron rule set (default EN 16931); calls made in the same tick share one JVM run per rule set. */
export function validateUbl(xml: string, ruleSet: RuleSet = "en16931"): Promise<UblValidationResult> {
  return enqueue<UblValidationResult>(ruleSet, xml);
}

/** Validates one UBL Invoice or CreditNote against the UBL 2.1 XML schema; calls in the same tick share xmllint runs. */
export function validateXsd(xml: string): Promise<XsdValidationResult> {
  return enqueue<XsdValidationResult>("xsd", xml);
}

/**
 * What a document must pass (DESIGN §5): a school document in the Peppol profile passes
 * EN 16931, the Peppol BIS 3 rules and the schema; in the NLCIUS profile EN 16931, the SI-UBL 2.0
 * rules and the schema; a consumer's (parent's) document EN 16931 and the schema.
 */
export type ValidationTarget = "peppol" | "nlcius" | "consumer";

export interface DocumentValidation {
  en16931: UblValidationResult;
  /** the profile's own rule set; absent for consumer documents */
  profile: UblValidationResult | null;
  xsd: XsdValidationResult;
  /** every failure as "<rule set> <rule id>: <text>", empty when the document is valid */
  failures: string[];
}

/** Validates a document for its target; start all of a batch's calls before awaiting any. */
export async function validateDocument(xml: string, target: ValidationTarget): Promise<DocumentValidation> {
  const [en16931, profile, xsd] = await Promise.all([
    validateUbl(xml, "en16931"),
    target === "consumer" ? Promise.resolve(null) : validateUbl(xml, target),
    validateXsd(xml),
  ]);
  const failures = [
    ...en16931.fatal.map((f) => `en16931 ${f.id}: ${f.text}`),
    ...(profile?.fatal ?? []).map((f) => `${target} ${f.id}: ${f.text}`),
    ...xsd.errors.map((e) => `xsd: ${e}`),
  ];
  return { en16931, profile, xsd, failures };
}

/** Runs `fn` for every index, at most 200 at a time (a batch of thousands of documents never holds thousands of files open). */
async function eachBounded(count: number, fn: (i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < count; start += 200) {
    await Promise.all(Array.from({ length: Math.min(200, count - start) }, (_, k) => fn(start + k)));
  }
}

function docName(i: number): string {
  return `doc-${String(i).padStart(5, "0")}.xml`;
}

async function withWorkDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const work = await mkdtemp(path.join(os.tmpdir(), "ubl-validate-"));
  try {
    return await fn(work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function runSchematronBatch(ruleSet: RuleSet, batch: Pending[]): Promise<void> {
  await withWorkDir(async (work) => {
    const inDir = path.join(work, "in");
    const outDir = path.join(work, "out");
    await Promise.all([mkdir(inDir), mkdir(outDir)]);
    await eachBounded(batch.length, (i) => writeFile(path.join(inDir, docName(i)), batch[i]!.xml, "utf8"));
    await run("java", [
      ...JAVA_FLAGS,
      "-cp",
      SAXON_JAR,
      "net.sf.saxon.Transform",
      `-s:${inDir}`,
      `-xsl:${RULE_SET_XSLT[ruleSet]}`,
      `-o:${outDir}`,
    ]);
    const reports: string[] = [];
    await eachBounded(batch.length, async (i) => {
      reports[i] = await readFile(path.join(outDir, docName(i)), "utf8");
    });
    batch.forEach((p, i) => (p.resolve as (r: UblValidationResult) => void)(parseSvrl(reports[i]!)));
  });
}

function rootElement(xml: string): keyof typeof XSD | null {
  const root = /<(?:[A-Za-z_][\w.-]*:)?(Invoice|CreditNote)[\s>]/.exec(xml.replace(/<\?[\s\S]*?\?>/g, ""));
  return root ? (root[1] as keyof typeof XSD) : null;
}

async function runXsdBatch(batch: Pending[]): Promise<void> {
  await withWorkDir(async (work) => {
    const files = batch.map((_, i) => path.join(work, docName(i)));
    await eachBounded(batch.length, (i) => writeFile(files[i]!, batch[i]!.xml, "utf8"));
    const errors: string[][] = batch.map(() => []);
    for (const root of ["Invoice", "CreditNote"] as const) {
      const idx = batch.map((p, i) => (rootElement(p.xml) === root ? i : -1)).filter((i) => i >= 0);
      if (idx.length === 0) continue;
      // Exit code 3 means "some document is invalid": the messages say which.
      const { stderr } = await run("xmllint", ["--noout", "--schema", XSD[root], ...idx.map((i) => files[i]!)], [0, 3]);
      for (const line of stderr.split("\n")) {
        const i = files.findIndex((f) => line.startsWith(`${f}:`) || line.startsWith(`${f} `));
        if (i < 0 || line === `${files[i]} validates`) continue;
        if (line === `${files[i]} fails to validate`) continue;
        errors[i]!.push(line.slice(files[i]!.length).replace(/^[:\s]+/, ""));
      }
    }
    batch.forEach((p, i) => {
      const result: XsdValidationResult = {
        errors: rootElement(p.xml) ? errors[i]! : ["root element is neither Invoice nor CreditNote"],
      };
      (p.resolve as (r: XsdValidationResult) => void)(result);
    });
  });
}

function run(command: string, args: string[], okCodes: number[] = [0]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      if (okCodes.includes(code)) resolve({ stdout, stderr });
      else reject(new Error(`${command} failed: ${error?.message ?? ""}\n${stderr}`));
    });
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

/** Extracts the failed asserts from an SVRL report; flag fatal or error counts as failing. */
export function parseSvrl(svrl: string): UblValidationResult {
  const result: UblValidationResult = { fatal: [], warnings: [] };
  const re = /<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g;
  for (const match of svrl.matchAll(re)) {
    const attrs = match[1]!;
    const id = /\bid="([^"]*)"/.exec(attrs)?.[1] ?? "(no id)";
    const flag = /\bflag="([^"]*)"/.exec(attrs)?.[1] ?? "fatal";
    const text = decodeEntities((/<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(match[2]!)?.[1] ?? "").trim());
    (flag === "fatal" || flag === "error" ? result.fatal : result.warnings).push({ id, text });
  }
  return result;
}
