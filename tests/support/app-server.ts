/**
 * The built app for HTTP-level tests. `appBuild()` runs `remix vite:build` once per test run and
 * source state (files run in parallel forks: the first one builds under a lock file, the others
 * wait for it), into the run's own folder — a clean clone needs no `npm run build` first, and
 * `build/` of a developer is never touched (only used, read-only, when scripts/test-all.sh built
 * it from the same source state: tests/support/source-stamp.ts). `startAppProcess()` starts `server.ts` on that build
 * as a separate production process, as `npm start` does, on a free port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { inject } from "vitest";
import { repoRoot } from "./test-database";
import { PREBUILT_DIR, PREBUILT_STAMP_FILE, sourceStamp } from "./source-stamp";

const BUILD_WAIT_MS = 240_000;

function runBuild(buildDir: string): Promise<void> {
  // vite.config.ts leaves out the Remix plugin under VITEST.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", REMIX_BUILD_DIR: buildDir };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"],
      { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`remix vite:build failed (exit ${code}):\n${output}`)),
    );
  });
}

/**
 * The folder of a production build of the current source (with `server/index.js` and `client/`),
 * built at most once per test run and source state.
 */
export async function appBuild(): Promise<string> {
  const stamp = sourceStamp();
  // scripts/test-all.sh built build/ from this very source state a moment ago (for the e2e tests).
  if (existsSync(PREBUILT_STAMP_FILE) && readFileSync(PREBUILT_STAMP_FILE, "utf8").trim() === stamp) {
    return PREBUILT_DIR;
  }
  const run = inject("testRun");
  const buildDir = path.join(run.dir, `app-build-${stamp}`);
  const done = path.join(buildDir, ".done");
  const failed = `${buildDir}.failed`;
  if (existsSync(done)) return buildDir;
  mkdirSync(run.dir, { recursive: true });
  let mine = false;
  try {
    writeFileSync(`${buildDir}.lock`, String(process.pid), { flag: "wx" });
    mine = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (mine) {
    try {
      await runBuild(buildDir);
      writeFileSync(done, new Date().toISOString());
    } catch (error) {
      writeFileSync(failed, String(error));
      throw error;
    }
    return buildDir;
  }
  // Another test file is building this source state: wait for it.
  const deadline = Date.now() + BUILD_WAIT_MS;
  while (!existsSync(done)) {
    if (existsSync(failed)) throw new Error(`the shared build failed:\n${readFileSync(failed, "utf8")}`);
    if (Date.now() > deadline)
      throw new Error(`the shared build in ${buildDir} did not finish within ${BUILD_WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return buildDir;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AppProcess {
  url: string;
  pid: number;
  /** Everything the process wrote so far (stdout and stderr), for failure messages. */
  output: () => string;
  /** SIGTERM (SIGKILL after 5 s); resolves with how the process ended. */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const STARTED = /Leerwinkel \(production\) on /;

/**
 * Starts `server.ts` (NODE_ENV=production) on `buildDir` as its own process on a free port, with
 * the test process's environment minus Vitest's variables, plus `env`. Resolves once it listens.
 */
export async function startAppProcess(buildDir: string, env: Record<string, string>): Promise<AppProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startOn(port, buildDir, env);
    } catch (error) {
      // The free port may have been taken in between by someone else: try another one.
      if (attempt < 3 && /EADDRINUSE/.test(String(error))) continue;
      throw error;
    }
  }
}

function startOn(port: number, buildDir: string, extra: Record<string, string>): Promise<AppProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // One server process unless the test asks for more (server-cluster.test.ts): a worker per core
    // in every HTTP-level test would only add processes to a machine the test run already fills.
    WEB_CONCURRENCY: "1",
    ...extra,
    NODE_ENV: "production",
    PORT: String(port),
    REMIX_BUILD_DIR: buildDir,
  };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    const ended = await exited;
    clearTimeout(killer);
    return ended;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`server.ts did not start within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (STARTED.test(output)) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}`, pid: child.pid!, output: () => output, stop });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server.ts exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}
