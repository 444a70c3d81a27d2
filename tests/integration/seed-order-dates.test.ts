import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";

// Issue 12: the demo history's orders carry the dates of their invoices (prisma/seed.ts).
describe("the demo seed's order dates", () => {
  it("gives every invoiced order the (Amsterdam) day of its first invoice, and a paid one the same payment day", async () => {
    const orders = await db.order.findMany({
      where: { invoices: { some: { type: "INVOICE" } } },
      select: {
        number: true,
        placedAt: true,
        paidAt: true,
        invoices: { where: { type: "INVOICE" }, orderBy: { issueDate: "asc" }, select: { issueDate: true } },
      },
    });
    expect(orders.length).toBeGreaterThan(5);
    const placedOn = orders.map((o) => [o.number, todayInAmsterdam(o.placedAt)]);
    expect(placedOn).toEqual(orders.map((o) => [o.number, o.invoices[0]!.issueDate]));
    for (const o of orders.filter((x) => x.paidAt)) expect(todayInAmsterdam(o.paidAt!)).toBe(o.invoices[0]!.issueDate);
    // Not all on one day: the history spans months.
    expect(new Set(placedOn.map(([, day]) => day)).size).toBeGreaterThan(5);
  });
});
