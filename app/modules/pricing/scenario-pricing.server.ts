/**
 * A period's orders priced under a scenario (issue 14 §4): the orders whose invoice was issued in
 * the period and scope (the same where clause as the VAT gap report), read in keyset pages with
 * their frozen pricing, compared per school by ScenarioAccumulator. Reads only.
 */
import { db, type Db, type Prisma } from "~/db.server";
import type { VatScenario } from "~/modules/vat/scenarios";
import { parseFrozen } from "./frozen-pricing";
import { ScenarioAccumulator, type ScenarioComparison } from "./scenario-pricing";

export async function compareScenario(
  where: Prisma.InvoiceWhereInput,
  scenario: VatScenario,
  opts: { batchSize?: number; client?: Db } = {},
): Promise<ScenarioComparison> {
  const client = opts.client ?? db;
  const batchSize = opts.batchSize ?? 200;
  const acc = new ScenarioAccumulator(scenario);
  let cursor: string | null = null;
  for (;;) {
    const batch: { id: string; schoolId: string; school: { name: string }; order: { breakdownJson: string } }[] =
      await client.invoice.findMany({
        where: { AND: [where, { type: "INVOICE" }, cursor ? { id: { gt: cursor } } : {}] },
        orderBy: { id: "asc" },
        take: batchSize,
        select: {
          id: true,
          schoolId: true,
          school: { select: { name: true } },
          order: { select: { breakdownJson: true } },
        },
      });
    for (const invoice of batch) {
      acc.add({
        schoolId: invoice.schoolId,
        schoolName: invoice.school.name,
        frozen: parseFrozen(invoice.order.breakdownJson),
      });
    }
    if (batch.length < batchSize) return acc.result();
    cursor = batch[batch.length - 1]!.id;
  }
}
