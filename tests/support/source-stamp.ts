/**
 * The source state a build of the app is made from: a hash of the paths, sizes and mtimes of
 * everything `remix vite:build` reads (cheap: stat only). `npx tsx tests/support/source-stamp.ts`
 * prints it: scripts/test-all.sh takes it before its build of `build/` (or REMIX_BUILD_DIR) and
 * stores it there (PREBUILT_STAMP_FILE), so the HTTP-level tests use that build instead of building the same source
 * again (tests/support/app-server.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./test-database";

const BUILD_INPUTS = ["app", "server", "vite.config.ts", "package.json", "tsconfig.json"];

/** The checkout's build (REMIX_BUILD_DIR, as server.ts and vite.config.ts read it; default build/). */
export const PREBUILT_DIR = path.resolve(repoRoot, process.env.REMIX_BUILD_DIR ?? "build");
/** Where test-all.sh writes the stamp of its build (in server/, which every build empties first). */
export const PREBUILT_STAMP_FILE = path.join(PREBUILT_DIR, "server", ".source-stamp");

export function sourceStamp(): string {
  const hash = createHash("sha256");
  const visit = (file: string) => {
    const stat = statSync(file);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file).sort()) visit(path.join(file, entry));
    } else {
      hash.update(`${path.relative(repoRoot, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const input of BUILD_INPUTS) if (existsSync(path.join(repoRoot, input))) visit(path.join(repoRoot, input));
  return hash.digest("hex").slice(0, 12);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(sourceStamp());
