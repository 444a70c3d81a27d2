/**
 * Issue 16 §3, the worker as processes: TWO `scripts/worker.ts` processes run at once against the
 * test database (SQLite file or PostgreSQL database) and a local receiver; every event reaches the
 * receiver exactly once (the lease claim), and SIGTERM stops each worker cleanly (exit code 0).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createApiClient } from "~/modules/delivery/api-clients.server";
import { createEndpoint } from "~/modules/delivery/webhooks.server";
import { assignLicence } from "~/modules/licences/licences.server";
import {
  concludeTestAgreement,
  publisherWithLicenceOffer,
  schoolLicences,
  testPupil,
} from "../support/licence-fixtures";

const received: string[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string }).id);
      // a little slow, so that the two workers' passes overlap
      setTimeout(() => res.writeHead(200).end(), 20);
    });
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** `count` ACTIVATED changes of a new publisher's product at Amstel Lyceum (with an agreement); a client of it. */
async function changes(count: number): Promise<{ clientId: string; operatorId: string }> {
  const operator = await db.user.findUniqueOrThrow({ where: { email: "admin@leerwinkel.test" } });
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const { publisherId, offer } = await publisherWithLicenceOffer(`Uitgever ${randomUUID()}`, { titleName: "Biologie" });
  await concludeTestAgreement(school.id, publisherId, operator.id);
  for (const licenceId of (await schoolLicences(school.id, operator.id, [offer], count)).get(offer.id)!) {
    const pupil = await testPupil(school.id);
    await assignLicence(school.id, licenceId, pupil.id);
  }
  const client = await createApiClient(operator.id, { name: "Platform", publisherId });
  return { clientId: client.id, operatorId: operator.id };
}

function startWorker(): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  let output = "";
  // node itself with tsx as a loader: SIGTERM goes straight to the worker (no wrapper process)
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, WORKER_INTERVAL_MS: "100" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("npm run worker", () => {
  it("two worker processes deliver each event exactly once and stop on SIGTERM", async () => {
    const { clientId, operatorId } = await changes(12);
    const workers = [startWorker(), startWorker()];
    let endpoint: { id: string } | undefined;
    try {
      // both running (and past their start-up maintenance) before there is anything to send
      await until(
        async () => workers.every((w) => /worker: maintenance: \d+ licences expired/.test(w.output())),
        "both workers started",
      );
      endpoint = await createEndpoint(clientId, url, operatorId);
      const endpointId = endpoint.id;
      await until(
        async () => (await db.pushEvent.count({ where: { endpointId, status: "DELIVERED" } })) === 12,
        "12 delivered events",
      );
    } finally {
      for (const w of workers) w.child.kill("SIGTERM");
    }
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.output()).join("\n")).toEqual([0, 0]);
    for (const w of workers) {
      // the pass under way may still log between the two lines
      const stopping = w.output().indexOf("worker: SIGTERM: stopping after the current pass");
      expect(stopping).toBeGreaterThan(-1);
      expect(w.output().indexOf("worker: stopped", stopping)).toBeGreaterThan(stopping);
    }

    const events = await db.pushEvent.findMany({ where: { endpointId: endpoint!.id }, include: { log: true } });
    expect(events).toHaveLength(12);
    expect(received.sort()).toEqual(events.map((e) => e.id).sort());
    expect(events.every((e) => e.log.length === 1 && e.attempts === 1)).toBe(true);
  }, 60_000);
});
