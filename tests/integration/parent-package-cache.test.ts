/**
 * The package page's priced options are reused from memory for a short while (issue 13: the
 * page a whole class opens at once), while an order is always priced afresh and a change by the
 * school shows at once on this instance and within a second on the others.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { loadParentPackage, placeParentPackageOrder } from "~/modules/packages/parent-package.server";
import { updatePackageDelivery } from "~/modules/packages/packages.server";
import { catalogueVersion, VERSION_TRUST_MS } from "~/modules/catalog/search/index.server";
import { countQueries, describeStatements } from "../support/query-counter";

async function demoPupil() {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const pkg = await db.studentPackage.findFirstOrThrow({ where: { schoolId: school.id, classGroup: "H2A" } });
  const pseudonym = await db.studentPseudonym.findFirstOrThrow({ where: { schoolId: school.id, classGroup: "H2A" } });
  return { school, pkg, pseudonym };
}

describe("the package page's priced options in memory", () => {
  it("a second visit reads only the pupil and its earlier order; the school's change shows at once", async () => {
    const { school, pkg, pseudonym } = await demoPupil();
    const first = await countQueries(() => loadParentPackage(pseudonym.id, {}));
    const second = await countQueries(() => loadParentPackage(pseudonym.id, {}));
    expect(second.result).toEqual(first.result);
    // The pupil and its earlier order (2); the school, package, items, offers and prices from memory.
    expect(second.count, describeStatements(second.statements)).toBeLessThanOrEqual(2);
    expect(first.count).toBeGreaterThan(second.count);

    const admin = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
    await updatePackageDelivery(
      school.id,
      pkg.id,
      { mode: "SCHOOL", note: "In de aula", date: "2026-09-02" },
      admin.id,
    );
    const after = await loadParentPackage(pseudonym.id, {});
    expect(after!.delivery.sentence).toBe("De boeken worden op school uitgereikt op 2 september 2026: In de aula.");
  });

  it("a package edit made by another instance or worker process shows here within VERSION_TRUST_MS", async () => {
    const { pkg, pseudonym } = await demoPupil();
    const before = (await loadParentPackage(pseudonym.id, {}))!; // now held in memory
    // What updatePackageDelivery on another process commits: the package's delivery and the
    // catalogue version, bumped in the same transaction (this process's memory knows nothing of it).
    await db.$transaction(async (tx) => {
      await tx.studentPackage.update({
        where: { id: pkg.id },
        data: { deliveryMode: "SCHOOL", deliveryNote: "Bij de conciërge", deliveryDate: "2026-09-03" },
      });
      await tx.$executeRaw`UPDATE "CatalogueVersion" SET "version" = "version" + 1 WHERE "id" = 1`;
    });
    await new Promise((resolve) => setTimeout(resolve, VERSION_TRUST_MS + 100));
    const after = (await loadParentPackage(pseudonym.id, {}))!;
    expect(before.delivery.sentence).not.toContain("Bij de conciërge");
    expect(after.delivery.sentence).toBe(
      "De boeken worden op school uitgereikt op 3 september 2026: Bij de conciërge.",
    );
  });

  it("a package edit bumps the catalogue version in its transaction (the other processes' signal)", async () => {
    const { school, pkg } = await demoPupil();
    const admin = await db.user.findUniqueOrThrow({ where: { email: "school@leerwinkel.test" } });
    const version = await catalogueVersion();
    await updatePackageDelivery(
      school.id,
      pkg.id,
      { mode: "SCHOOL", note: "In de aula", date: "2026-09-02" },
      admin.id,
    );
    expect(await catalogueVersion()).toBe(version + 1);
  });

  it("an order is priced afresh: a price changed a moment ago is what the order costs", async () => {
    const { pseudonym } = await demoPupil();
    const page = (await loadParentPackage(pseudonym.id, {}))!;
    const item = page.parentItems[0]!;
    const offerId = item.chosen;
    // The consumer price of the chosen offer goes up by € 1,00 behind the page's back.
    const price = await db.priceListEntry.findFirstOrThrow({ where: { offerId, priceList: { kind: "CONSUMER" } } });
    await db.priceListEntry.update({ where: { id: price.id }, data: { unitPriceE4: price.unitPriceE4 + 10_000 } });
    try {
      const stale = (await loadParentPackage(pseudonym.id, {}))!;
      expect(stale.totals).toEqual(page.totals); // from memory, within PRICED_PACKAGE_TTL_MS
      const parent = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
      const choices = Object.fromEntries(page.parentItems.map((i) => [i.id, i.id === item.id ? offerId : "none"]));
      const placed = await placeParentPackageOrder({
        pseudonymId: pseudonym.id,
        user: parent,
        choices,
        idempotencyKey: "priced-afresh-1",
      });
      if (!placed.ok) throw new Error(placed.error);
      const order = await db.order.findUniqueOrThrow({ where: { id: placed.orderId }, include: { lines: true } });
      const shown = page.lines.find((l) => l.itemId === item.id)!;
      // € x,yz on the page, one euro more on the order (prices include VAT on the consumer list).
      const shownCents = Number(shown.amount.replace(/[^\d]/g, ""));
      expect(order.lines[0]!.lineAmountCents).toBe(shownCents + 100);
    } finally {
      await db.priceListEntry.update({ where: { id: price.id }, data: { unitPriceE4: price.unitPriceE4 } });
    }
  });
});
