/**
 * The audit log: who did what to which record, and — for personal or financial data — who READ
 * it (DESIGN §6: "reads of personal or financial data are audited"). Read entries use actions
 * under `read.` (see READ_ACTIONS); the retention schedule (retention.server.ts) keeps them two
 * years, financial entries seven.
 */
import type { Prisma, Tx } from "~/db.server";
import { db } from "~/db.server";
import type { AuditFilter } from "./audit-filter";

/** Records who did what to which record; inside the caller's transaction when given one. */
export async function audit(
  entry: { userId?: string | null; action: string; entity: string; entityId: string; detail?: unknown },
  tx?: Tx,
): Promise<void> {
  await (tx ?? db).auditLog.create({
    data: {
      userId: entry.userId ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      detailJson: JSON.stringify(entry.detail ?? {}),
    },
  });
}

/** The reads that are audited, with the Dutch label the operator's audit page shows. */
export const READ_ACTIONS = {
  "read.invoice": "Factuur of creditnota gedownload (PDF/UBL)",
  "read.invoices-csv": "Facturen geëxporteerd (CSV)",
  "read.invoices-ubl-zip": "Facturen geëxporteerd (UBL-zip)",
  "read.vat-return": "Btw-aangifte gedownload",
  "read.licence-codes": "Licentiecodes gedownload (CSV)",
  "read.pseudonyms": "Leerlingenlijst (pseudoniemen) bekeken",
  "read.personal-data": "Persoonsgegevens gedownload (AVG art. 15)",
  "read.bundle-round-csv": "Bundelronde geëxporteerd (CSV)",
} as const;
export type ReadAction = keyof typeof READ_ACTIONS;

/**
 * Dutch labels of the delivery actions (issue 16: processing agreements, the entitlements API and
 * its clients, push delivery), for the operator's audit page.
 */
export const DELIVERY_ACTIONS = {
  "processing-agreement.conclude": "Verwerkersovereenkomst gesloten",
  "processing-agreement.local-pseudonyms": "Levering met lokale pseudoniemen aan- of uitgezet",
  "api-client.create": "API-client aangemaakt (sleutel eenmalig getoond)",
  "api-client.revoke": "API-sleutel ingetrokken",
  "api.entitlements": "Licenties van een leerling opgevraagd (API)",
  "api.entitlements-changes": "Licentiewijzigingen opgevraagd (API)",
  "webhook.create": "Webhook geregistreerd (geheim eenmalig getoond)",
  "webhook.disable": "Webhook uitgeschakeld",
  "webhook.resend": "Webhookbericht opnieuw verstuurd",
} as const;

/** The Dutch label of an audit action, when it has one. */
export function auditActionLabel(action: string): string | null {
  return (
    (READ_ACTIONS as Record<string, string>)[action] ?? (DELIVERY_ACTIONS as Record<string, string>)[action] ?? null
  );
}

/** Records a read of personal or financial data (never the data itself, only what and by whom). */
export async function auditRead(
  userId: string,
  action: ReadAction,
  entity: string,
  entityId: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  await audit({ userId, action, entity, entityId, detail });
}

// ---------------------------------------------------------------- the operator's audit page
// (its filter schema is pure, in ./audit-filter.ts, for the page's form in the browser too)

function auditWhere(f: AuditFilter): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (f.action) and.push({ action: f.action });
  if (f.entity) and.push({ entity: f.entity });
  if (f.entityId) and.push({ entityId: f.entityId });
  if (f.user) and.push({ user: { email: { contains: f.user.toLowerCase() } } });
  if (f.from) and.push({ at: { gte: new Date(`${f.from}T00:00:00.000Z`) } });
  if (f.to) and.push({ at: { lt: new Date(Date.parse(`${f.to}T00:00:00.000Z`) + 86_400_000) } });
  return and.length ? { AND: and } : {};
}

export interface AuditRow {
  id: string;
  at: string;
  user: string | null;
  action: string;
  label: string | null;
  entity: string;
  entityId: string;
  detail: string;
}

/** One page (newest first) of the filtered audit log, with the total count. */
export async function listAuditLog(
  f: AuditFilter,
  pageSize = 50,
): Promise<{ rows: AuditRow[]; total: number; page: number; pageCount: number }> {
  const where = auditWhere(f);
  const total = await db.auditLog.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, f.page ?? 1), pageCount);
  const rows = await db.auditLog.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { user: { select: { email: true } } },
  });
  return {
    total,
    page,
    pageCount,
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      user: r.user?.email ?? null,
      action: r.action,
      label: auditActionLabel(r.action),
      entity: r.entity,
      entityId: r.entityId,
      detail: r.detailJson,
    })),
  };
}

/** The distinct actions and entities in the log, for the filter's choices. */
export async function auditFilterOptions(): Promise<{ actions: string[]; entities: string[] }> {
  const [actions, entities] = await Promise.all([
    db.auditLog.groupBy({ by: ["action"], orderBy: { action: "asc" } }),
    db.auditLog.groupBy({ by: ["entity"], orderBy: { entity: "asc" } }),
  ]);
  return { actions: actions.map((a) => a.action), entities: entities.map((e) => e.entity) };
}
