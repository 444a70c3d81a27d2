/**
 * `npm start` on every core (server/cluster.ts, docs/decisions/017-server-on-every-core.md): the
 * built app started as `npm start` does, with WEB_CONCURRENCY=2, on this file's database (SQLite
 * or PostgreSQL):
 * - two worker processes serve the port: connections are answered by both (which process holds
 *   the server end of a connection is read from /proc — the server itself says nothing about it);
 * - a login answered by one worker is a session on the other (sessions live in the database);
 * - the in-memory quote limit is divided by the workers: QUOTE_RATE_LIMIT_PER_MINUTE=4 allows
 *   2 per address on each worker, 4 in all;
 * - a killed worker is replaced (after a back-off) and the new one serves;
 * - SIGTERM to the primary stops every worker, an idle keep-alive connection included, and exits 0;
 * - start-up maintenance ran once, not once per worker.
 * Linux only (/proc).
 */
import { existsSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionSecret } from "~/env.server";
import {
  RESTART_BASE_MS,
  RESTART_MAX_MS,
  defaultWebConcurrency,
  parseWebConcurrency,
  restartDelayMs,
} from "../../server/cluster";
import { QUOTE_EXAMPLE } from "../fixtures/quote-example";
import { appBuild, startAppProcess, type AppProcess } from "../support/app-server";

const linux = existsSync("/proc/net/tcp");
const QUOTE_LIMIT = 4; // for the whole server: 2 per worker

let app: AppProcess;
let port = 0;
let workers: number[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One connection of its own (keep-alive, one socket): requests on it reach one worker. */
class Connection {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  localPort = 0;

  request(
    pathname: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${app.url}${pathname}`,
        { method: init.method ?? "GET", agent: this.agent, headers: init.headers },
        (res) => {
          this.localPort = res.socket.localPort ?? 0;
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(init.body);
    });
  }

  /** The pid of the process that holds the server end of this (open) connection. */
  serverPid(): number {
    const inode = socketInode(port, this.localPort);
    const pid = workers.find((candidate) => holdsSocket(candidate, inode));
    if (pid === undefined) throw new Error(`no worker of ${workers.join(", ")} holds socket ${inode}`);
    return pid;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The inode of the TCP socket whose local port is `localPort` and remote port `remotePort` (/proc/net/tcp, tcp6). */
function socketInode(localPort: number, remotePort: number): string {
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const portOf = (address: string) => parseInt(address.slice(address.lastIndexOf(":") + 1), 16);
      if (portOf(fields[1]!) === localPort && portOf(fields[2]!) === remotePort) return fields[9]!;
    }
  }
  throw new Error(`no socket ${localPort} <- ${remotePort}`);
}

function holdsSocket(pid: number, inode: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
      } catch {
        return false; // closed meanwhile
      }
    });
  } catch {
    return false; // no such process
  }
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readStatus(pid));
function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return "";
  }
}

/** New connections until one reaches each of `wanted` (the cluster hands connections out in turn). */
async function connectionsTo(wanted: number[]): Promise<Map<number, Connection>> {
  const found = new Map<number, Connection>();
  for (let attempt = 0; attempt < 20 && found.size < wanted.length; attempt++) {
    const connection = new Connection();
    const answer = await connection.request("/login");
    expect(answer.status).toBe(200);
    const pid = connection.serverPid();
    if (wanted.includes(pid) && !found.has(pid)) found.set(pid, connection);
    else connection.close();
  }
  return found;
}

/** The fixed one-minute window of the quote limit: keep one scenario inside one window. */
async function clearOfMinuteEdge(marginMs = 15_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await sleep(left + 100);
}

describe("cluster settings (server/cluster.ts)", () => {
  it("WEB_CONCURRENCY: unset or empty = one per core (on either database); a positive whole number; anything else refused", () => {
    expect(defaultWebConcurrency(2)).toBe(2);
    expect(defaultWebConcurrency(8)).toBe(8);
    expect(defaultWebConcurrency(0)).toBe(1);
    expect(parseWebConcurrency(undefined, 2)).toBe(2);
    expect(parseWebConcurrency(" ", 8)).toBe(8);
    expect(parseWebConcurrency("3", 1)).toBe(3);
    expect(parseWebConcurrency("1", 2)).toBe(1);
    for (const bad of ["0", "-1", "1.5", "two"])
      expect(() => parseWebConcurrency(bad, 2)).toThrow(/WEB_CONCURRENCY must be a positive whole number/);
  });

  it("restarts after a back-off that doubles per quick failure, capped", () => {
    expect(restartDelayMs(0)).toBe(RESTART_BASE_MS);
    expect(restartDelayMs(1)).toBe(2 * RESTART_BASE_MS);
    expect(restartDelayMs(3)).toBe(8 * RESTART_BASE_MS);
    expect(restartDelayMs(50)).toBe(RESTART_MAX_MS);
  });
});

describe.skipIf(!linux)("npm start with WEB_CONCURRENCY=2 on the built app", () => {
  beforeAll(async () => {
    const buildDir = await appBuild();
    app = await startAppProcess(buildDir, {
      DATABASE_URL: process.env.DATABASE_URL!, // this file's own database (per-file-database.ts)
      SESSION_SECRET: sessionSecret(),
      WEB_CONCURRENCY: "2",
      INSTANCE_COUNT: "1",
      QUOTE_RATE_LIMIT_PER_MINUTE: String(QUOTE_LIMIT),
      PAYMENTS_TEST_MODE: "1",
    });
    port = Number(new URL(app.url).port);
    const ready = /, 2 worker processes \(pids (\d+), (\d+)\)/.exec(app.output());
    expect(ready, app.output()).not.toBeNull();
    workers = [Number(ready![1]), Number(ready![2])];
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("serves from both workers, each a process of its own under the primary", async () => {
    expect(new Set([app.pid, ...workers]).size).toBe(3);
    for (const pid of workers) expect(readStatus(pid)).toMatch(new RegExp(`^PPid:\\s+${app.pid}$`, "m"));
    const connections = await connectionsTo(workers);
    expect([...connections.keys()].sort()).toEqual([...workers].sort());
    for (const connection of connections.values()) connection.close();
  });

  it("a login answered by one worker is a session on the other (sessions in the database)", async () => {
    const connections = await connectionsTo(workers);
    const [first, second] = workers.map((pid) => connections.get(pid)!);
    const login = await first!.request("/login", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: app.url,
        "Sec-Fetch-Site": "same-origin",
      },
      body: new URLSearchParams({ email: "school@leerwinkel.test", password: "leerwinkel" }).toString(),
    });
    expect(login.status).toBe(302);
    const cookie = (login.headers["set-cookie"] ?? [])[0]!.split(";")[0]!;
    for (const connection of [first!, second!]) {
      const page = await connection.request("/school", { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
    }
    expect(first!.serverPid()).not.toBe(second!.serverPid());
    for (const connection of connections.values()) connection.close();
  });

  it(`divides the in-memory quote limit by the workers: ${QUOTE_LIMIT} per minute = ${QUOTE_LIMIT / 2} on each`, async () => {
    await clearOfMinuteEdge();
    const connections = await connectionsTo(workers);
    const body = JSON.stringify(QUOTE_EXAMPLE);
    const statuses = new Map<number, number[]>();
    for (const [pid, connection] of connections) {
      const seen: number[] = [];
      for (let i = 0; i < QUOTE_LIMIT / 2 + 1; i++) {
        const answer = await connection.request("/api/vat/quote", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
        });
        seen.push(answer.status);
      }
      statuses.set(pid, seen);
      connection.close();
    }
    // Each worker allows its share; the address got the whole server's limit, not twice it.
    for (const pid of workers) expect(statuses.get(pid)).toEqual([200, 200, 429]);
  });

  it("replaces a killed worker after a back-off; the new one serves", async () => {
    const [victim, survivor] = workers as [number, number];
    process.kill(victim, "SIGKILL");
    const deadline = Date.now() + 30_000;
    let replacement: number | undefined;
    while (replacement === undefined && Date.now() < deadline) {
      await sleep(100);
      const again = /worker \d \(pid (\d+)\) serves again/.exec(app.output());
      if (again) replacement = Number(again[1]);
    }
    expect(replacement, app.output()).toBeDefined();
    expect(app.output()).toMatch(new RegExp(`pid ${victim}\\) exited \\(signal SIGKILL\\); a new one starts in \\d`));
    expect(alive(victim)).toBe(false);
    expect(alive(app.pid)).toBe(true);
    workers = [replacement!, survivor];
    const connections = await connectionsTo(workers);
    expect([...connections.keys()].sort()).toEqual([...workers].sort());
    for (const connection of connections.values()) connection.close();
  });

  it("ran the start-up maintenance once, not once per worker", () => {
    expect(app.output().match(/^maintenance: /gm)).toHaveLength(1);
  });

  it("stops on SIGTERM: every worker ends, an idle keep-alive connection does not hold it up, exit 0", async () => {
    const idle = new Connection();
    expect((await idle.request("/login")).status).toBe(200); // kept open by its agent
    const ended = await app.stop(); // SIGTERM; SIGKILL after 5 s would show as signal SIGKILL
    idle.close();
    expect(ended, app.output()).toEqual({ code: 0, signal: null });
    expect(app.output()).toMatch(/SIGTERM: stopping 2 worker processes/);
    for (const pid of workers) expect(alive(pid)).toBe(false);
  });
});
