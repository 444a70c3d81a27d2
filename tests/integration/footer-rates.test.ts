import { describe, expect, it } from "vitest";
import { loader as rootLoader } from "~/root";
import { footerRates } from "~/modules/vat/footer-rates.server";
import { vatSchedule } from "~/modules/vat/vat-schedule.server";
import { db } from "~/db.server";

describe("the footer's VAT rates come from the VAT schedule", () => {
  it("names the seeded rates in force today: printed material 6%, digital licences 21%", async () => {
    const data = await rootLoader({ request: new Request("http://localhost/"), params: {}, context: {} });
    expect(data.vatRates).toEqual({ physical: "6", electronic: "21" });
  });

  it("follows the data: a reduced rate of 9.5% from 2031 is named from that day on", async () => {
    await db.vatRate.updateMany({ where: { category: "reduced", validTo: null }, data: { validTo: "2030-12-31" } });
    await db.vatRate.create({ data: { category: "reduced", percent: "9.5", validFrom: "2031-01-01", validTo: null } });
    vatSchedule.clear(); // written behind the schedule's back: read it again
    expect(await footerRates("2030-12-31")).toEqual({ physical: "6", electronic: "21" });
    expect(await footerRates("2031-01-01")).toEqual({ physical: "9,5", electronic: "21" });
  });

  it("names no rate for a day the schedule does not cover", async () => {
    expect(await footerRates("1900-01-01")).toBeNull();
  });
});
