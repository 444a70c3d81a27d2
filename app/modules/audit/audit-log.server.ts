import type { Tx } from "~/db.server";
import { db } from "~/db.server";

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
