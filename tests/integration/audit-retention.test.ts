/**
 * Issue 10, part 6: reads of personal or financial data are audited, an operator lists and
 * filters the audit log on /beheer/audit, and the retention schedule is enforced by
 * runMaintenance (npm run maintenance and at start-up).
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { runMaintenance } from "~/modules/audit/retention.server";
import { loader as invoiceFile } from "~/routes/financien.facturen.$file";
import { loader as csvExport } from "~/routes/financien.export[.]csv";
import { loader as zipExport } from "~/routes/financien.export-ubl[.]zip";
import { loader as vatReturnFile } from "~/routes/financien.btw-aangifte.$file";
import { loader as licenceCsv } from "~/routes/school.licenties[.]csv";
import { loader as pseudonymList } from "~/routes/school.pakketten.leerlingen";
import { loader as auditPage } from "~/routes/beheer.audit";
import { cookieFor, getRequest, run } from "../support/requests";

const ctx = { context: {} };

async function count(action: string, email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  return db.auditLog.count({ where: { action, userId: user.id } });
}

type Read = (cookie: string) => Promise<unknown>;

describe("reads of personal or financial data are audited", () => {
  it.each<[string, string, Read]>([
    [
      "read.invoice",
      "financien@leerwinkel.test",
      async (cookie: string) => {
        const invoice = await db.invoice.findFirstOrThrow();
        return invoiceFile({
          request: getRequest(`/financien/facturen/${invoice.id}.pdf`, { cookie }),
          params: { file: `${invoice.id}.pdf` },
          ...ctx,
        });
      },
    ],
    [
      "read.invoices-csv",
      "administratie@leerwinkel.test",
      (cookie: string) => csvExport({ request: getRequest("/financien/export.csv", { cookie }), params: {}, ...ctx }),
    ],
    [
      "read.invoices-ubl-zip",
      "financien@leerwinkel.test",
      (cookie: string) =>
        zipExport({
          request: getRequest("/financien/export-ubl.zip?from=2026-01-01&to=2026-01-31", { cookie }),
          params: {},
          ...ctx,
        }),
    ],
    [
      "read.vat-return",
      "financien@leerwinkel.test",
      (cookie: string) =>
        vatReturnFile({
          request: getRequest("/financien/btw-aangifte/2026-K3.csv", { cookie }),
          params: { file: "2026-K3.csv" },
          ...ctx,
        }),
    ],
    [
      "read.licence-codes",
      "school@leerwinkel.test",
      (cookie: string) => licenceCsv({ request: getRequest("/school/licenties.csv", { cookie }), params: {}, ...ctx }),
    ],
    [
      "read.pseudonyms",
      "school@leerwinkel.test",
      (cookie: string) =>
        pseudonymList({ request: getRequest("/school/pakketten/leerlingen", { cookie }), params: {}, ...ctx }),
    ],
  ])("%s", async (action, email, read) => {
    const cookie = await cookieFor(email);
    const before = await count(action, email);
    const answer = await run(() => read(cookie));
    if (answer instanceof Response) {
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
    }
    expect(await count(action, email)).toBe(before + 1);
  });
});

describe("the operator's audit page", () => {
  it("lists the log newest first, filters by action, user, entity, id and dates, and pages", async () => {
    const admin = await cookieFor("admin@leerwinkel.test");
    const finance = await db.user.findUniqueOrThrow({ where: { email: "financien@leerwinkel.test" } });
    await db.auditLog.createMany({
      data: Array.from({ length: 55 }, (_, i) => ({
        at: new Date(Date.UTC(2026, 0, 1 + (i % 20), 12)),
        userId: finance.id,
        action: "read.test-bulk",
        entity: "Invoice",
        entityId: `inv-${i}`,
        detailJson: "{}",
      })),
    });
    type Page = {
      filter: { error?: Record<string, string[] | null> };
      options: { actions: string[] };
      log: {
        rows: { action: string; user: string | null; entityId: string; at: string }[];
        total: number;
        page: number;
        pageCount: number;
      } | null;
    };
    const load = async (query: string) =>
      (await auditPage({
        request: getRequest(`/beheer/audit${query}`, { cookie: admin }),
        params: {},
        ...ctx,
      })) as Page;

    const all = await load("");
    expect(all.options.actions).toContain("read.test-bulk");
    const ats = all.log!.rows.map((r) => r.at);
    expect([...ats].sort().reverse()).toEqual(ats);

    const bulk = await load("?action=read.test-bulk");
    expect(bulk.log).toMatchObject({ total: 55, page: 1, pageCount: 2 });
    expect(bulk.log!.rows).toHaveLength(50);
    expect((await load("?action=read.test-bulk&page=2")).log!.rows).toHaveLength(5);
    expect((await load("?action=read.test-bulk&user=financien")).log!.total).toBe(55);
    expect((await load("?action=read.test-bulk&user=school@")).log!.total).toBe(0);
    expect(
      (await load("?action=read.test-bulk&entity=Invoice&entityId=inv-3")).log!.rows.map((r) => r.entityId),
    ).toEqual(["inv-3"]);
    // 2026-01-01 … 2026-01-02 inclusive: i % 20 ∈ {0, 1} → i ∈ {0,1,20,21,40,41}
    expect((await load("?action=read.test-bulk&from=2026-01-01&to=2026-01-02")).log!.total).toBe(6);
    const bad = await load("?from=2026-13-45");
    expect(bad.log).toBeNull();
    expect(bad.filter.error?.from?.[0]).toMatch(/JJJJ-MM-DD/);
    const denied = (await run(() =>
      auditPage({ request: getRequest("/beheer/audit", { cookie: "" }), params: {}, ...ctx }),
    )) as Response;
    expect(denied.status).toBe(302);
    for (const email of ["financien@leerwinkel.test", "school@leerwinkel.test"]) {
      const res = (await run(async () =>
        auditPage({ request: getRequest("/beheer/audit", { cookie: await cookieFor(email) }), params: {}, ...ctx }),
      )) as Response;
      expect(res.status).toBe(403);
    }
  });
});

describe("retention", () => {
  it("deletes expired rate-limit buckets and sessions, audit entries after 2 years, financial ones after 7", async () => {
    const now = new Date("2029-06-01T12:00:00Z");
    const user = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
    await db.rateLimitBucket.createMany({
      data: [
        { key: "retention:expired", windowStart: ago(1), count: 3, expiresAt: ago(0.5) },
        { key: "retention:live", windowStart: now, count: 1, expiresAt: new Date(now.getTime() + 60_000) },
      ],
    });
    await db.session.createMany({
      data: [
        { id: "retention-expired", userId: user.id, createdAt: ago(1), lastSeenAt: ago(1), expiresAt: ago(0.5) },
        {
          id: "retention-idle",
          userId: user.id,
          createdAt: ago(0.2),
          lastSeenAt: ago(0.15),
          expiresAt: new Date(now.getTime() + 3_600_000),
        },
        {
          id: "retention-live",
          userId: user.id,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + 3_600_000),
        },
      ],
    });
    const entry = (id: string, action: string, days: number) => ({
      id,
      at: ago(days),
      action,
      entity: "X",
      entityId: id,
      detailJson: "{}",
    });
    await db.auditLog.createMany({
      data: [
        entry("ret-read-old", "read.invoice", 2 * 366),
        entry("ret-read-new", "read.invoice", 700),
        entry("ret-fin-3y", "invoice.settle", 3 * 365),
        entry("ret-pay-8y", "payment.paid", 8 * 366),
        entry("ret-erase-3y", "privacy.erase", 3 * 365),
      ],
    });
    const result = await runMaintenance(now);
    expect(result.rateLimitBuckets).toBeGreaterThanOrEqual(1);
    expect(await db.rateLimitBucket.findUnique({ where: { key: "retention:expired" } })).toBeNull();
    expect(await db.rateLimitBucket.findUnique({ where: { key: "retention:live" } })).not.toBeNull();
    expect((await db.session.findMany({ where: { id: { startsWith: "retention-" } } })).map((s) => s.id)).toEqual([
      "retention-live",
    ]);
    const left = (await db.auditLog.findMany({ where: { id: { startsWith: "ret-" } }, orderBy: { id: "asc" } })).map(
      (a) => a.id,
    );
    expect(left).toEqual(["ret-erase-3y", "ret-fin-3y", "ret-read-new"]);
    expect(result.financialAuditEntries).toBeGreaterThanOrEqual(1);
    // Nothing else to do a second time.
    expect(await runMaintenance(now)).toEqual({
      rateLimitBuckets: 0,
      sessions: 0,
      auditEntries: 0,
      financialAuditEntries: 0,
      deliveryAddresses: 0,
      pushEvents: 0,
    });
  });
});
