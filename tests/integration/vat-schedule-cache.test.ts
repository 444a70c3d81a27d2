/**
 * The VAT schedule in memory (docs/decisions/010-sqlite-server-config-and-hot-reads.md): hot reads
 * take it from memory; a rate added through the finance page is used at once on the instance that
 * added it and within VAT_SCHEDULE_REFRESH_MS on the others. "Another instance" is a second
 * VatScheduleCache over the same database with its own (injected) clock.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { footerRates } from "~/modules/vat/footer-rates.server";
import {
  VAT_SCHEDULE_REFRESH_MS,
  VatScheduleCache,
  loadVatRatesOn,
  vatSchedule,
} from "~/modules/vat/vat-schedule.server";
import { action as addRateAction } from "~/routes/financien.btw-tarieven";
import { handleQuote } from "~/modules/pricing/quote-api.server";
import { countQueries } from "../support/query-counter";
import { cookieFor, formRequest, run } from "../support/requests";

const nextYear = Number(todayInAmsterdam().slice(0, 4)) + 1;
const from = `${nextYear}-01-01`;

async function quotedReducedRate(date: string): Promise<string> {
  const request = new Request("http://localhost/api/vat/quote", {
    method: "POST",
    body: JSON.stringify({
      date,
      pricesIncludeVat: false,
      lines: [{ id: "L1", supply: "physical", unitPrice: "10.00", quantity: 1 }],
    }),
  });
  const answer = await handleQuote("POST", "198.51.100.77", () => request.text());
  const json = JSON.parse(answer.body) as { vatBreakdown: { vatRate: string }[] };
  return json.vatBreakdown[0]!.vatRate;
}

const reducedOn = async (cache: VatScheduleCache, date: string) => {
  const { rows } = await cache.get();
  return rows.find((r) => r.category === "reduced" && r.validFrom <= date && (r.validTo ?? "9999") >= date)?.percent;
};

describe("the VAT schedule in memory", () => {
  it("serves hot reads without a query once read, and concurrent first reads share one read", async () => {
    vatSchedule.clear();
    const first = await countQueries(() =>
      Promise.all([loadVatRatesOn("2026-09-01"), footerRates(), loadVatRatesOn("2026-09-02")]),
    );
    expect(first.count).toBe(2); // the rates and the supply mapping, once
    const again = await countQueries(() => Promise.all([footerRates(), loadVatRatesOn("2026-09-01")]));
    expect(again.count).toBe(0);
    // Inside a transaction the schedule is read from the database, as part of the transaction.
    const inTx = await countQueries(() => db.$transaction((tx) => loadVatRatesOn("2026-09-01", tx)));
    expect(inTx.statements.filter((s) => /^\s*SELECT/i.test(s.sql))).toHaveLength(2);
  });

  it("a rate added on this instance is used at once; another instance uses it after its refresh interval", async () => {
    let otherClock = 1_000_000;
    const other = new VatScheduleCache({ now: () => otherClock });
    expect(await reducedOn(other, from)).toBe("6");
    expect(await quotedReducedRate(from)).toBe("6");

    const cookie = await cookieFor("financien@leerwinkel.test");
    const added = (await run(() =>
      addRateAction({
        request: formRequest(
          "/financien/btw-tarieven",
          { category: "reduced", percent: "9", validFrom: from, validTo: "" },
          { cookie },
        ),
        params: {},
        context: {},
      }),
    )) as Response;
    expect(added.status).toBe(302);

    // This instance: the very next quote dated on the new rate's first day uses it.
    expect(await quotedReducedRate(from)).toBe("9");
    expect(await quotedReducedRate(`${nextYear - 1}-12-31`)).toBe("6");
    // The other instance: the schedule it holds until its refresh interval has passed.
    otherClock += VAT_SCHEDULE_REFRESH_MS - 1;
    expect(await reducedOn(other, from)).toBe("6");
    otherClock += 1;
    expect(await reducedOn(other, from)).toBe("9");
  });

  it("keeps the schedule it holds when a read fails, and reads again on the next call", async () => {
    let fail = false;
    let clock = 0;
    const cache = new VatScheduleCache({
      now: () => clock,
      load: async () => {
        if (fail) throw new Error("database unavailable");
        return { rows: [], supplyCategory: { physical: "reduced", electronic: "standard", goods: "standard" } };
      },
    });
    await cache.get();
    fail = true;
    clock += VAT_SCHEDULE_REFRESH_MS;
    await expect(cache.get()).rejects.toThrow("database unavailable");
    fail = false;
    await expect(cache.get()).resolves.toMatchObject({ rows: [] });
  });
});
