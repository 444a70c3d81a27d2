/**
 * Deliveries per package (issue 12): the school decides at school or at home; a parent of a
 * home-delivered package enters an address, is the buyer at that address on the invoice (the
 * UBL stays valid), the address is in the AVG export and is erased 30 days after delivery.
 */
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { hashOrderCode } from "~/modules/packages/order-code";
import { completePaidOrder } from "~/modules/orders/orders.server";
import { loadInvoiceDocument } from "~/modules/invoices/invoice-document.server";
import { renderUbl } from "~/modules/invoices/ubl";
import { runMaintenance } from "~/modules/audit/retention.server";
import { exportPersonalData } from "~/modules/privacy/personal-data.server";
import { ERASED_DELIVERY } from "~/modules/privacy/delivery-address.server";
import { paymentOverview } from "~/modules/payments/checkout-session.server";
import { parentOrderDelivery } from "~/modules/packages/order-delivery.server";
import { action as codeAction } from "~/routes/bestelcode";
import { action as packageAction, loader as packageLoader } from "~/routes/pakket";
import { action as schoolPackageAction } from "~/routes/school.pakketten.$packageId";
import { cookieFor, formRequest, getRequest, run } from "../support/requests";
import { answer } from "../support/action-result";
import { validateDocument } from "../support/validate-ubl";

type PackageData = Awaited<ReturnType<typeof packageLoader>> extends infer T ? Exclude<T, Response> : never;
const DAY = 24 * 60 * 60 * 1000;

async function havo2() {
  const school = await db.organisation.findFirstOrThrow({ where: { brin: "12AB" } });
  const pkg = await db.studentPackage.findFirstOrThrow({ where: { schoolId: school.id, classGroup: "H2A" } });
  return { school, pkg };
}

async function setDelivery(fields: Record<string, string>) {
  const { pkg } = await havo2();
  const cookie = await cookieFor("school@leerwinkel.test");
  return run(() =>
    schoolPackageAction({
      request: formRequest(`/school/pakketten/${pkg.id}`, { intent: "delivery", ...fields }, { cookie }),
      params: { packageId: pkg.id },
      context: {},
    }),
  );
}

let codeCounter = 0;
/** A new pupil of H2A with its own code, opened by the demo parent: the session cookie. */
async function parentWithPackage(): Promise<string> {
  const { school } = await havo2();
  const n = ++codeCounter;
  const code = `HMD${"ABCDEFGH"[n]}-2345-6789`;
  await db.studentPseudonym.create({
    data: {
      schoolId: school.id,
      pseudonym: `https://ketenid.nl/201703/0000000000000000000000000000d${String(codeCounter).padStart(3, "0")}`,
      classGroup: "H2A",
      schoolYear: "2026-2027",
      orderCodeHash: hashOrderCode(code),
      codeExpiresOn: "2027-09-30",
    },
  });
  const cookie = await cookieFor("ouder@leerwinkel.test");
  const ip = `198.19.0.${codeCounter}`;
  const res = (await run(() =>
    codeAction({
      request: formRequest("/bestelcode", { code }, { ip, cookie }),
      params: {},
      context: { clientAddress: ip },
    }),
  )) as Response;
  expect(res.status).toBe(302);
  return res.headers.get("Set-Cookie")!.split(";")[0]!;
}

async function loadPackage(cookie: string, query = "") {
  return (await packageLoader({
    request: getRequest(`/pakket${query}`, { cookie }),
    params: {},
    context: {},
  })) as PackageData;
}

/** The current choice with every item on a physical (printed) option where there is one. */
async function physicalChoice(cookie: string) {
  const page = await loadPackage(cookie);
  const choices: Record<string, string> = {};
  for (const item of page.view.parentItems) {
    const printed = item.options.find((o) => o.supply === "physical") ?? item.options[0]!;
    choices[`keuze-${item.id}`] = printed.offerId;
  }
  return { choices, idempotencyKey: page.idempotencyKey };
}

const order = (cookie: string, fields: Record<string, string>) =>
  run(() => packageAction({ request: formRequest("/pakket", fields, { cookie }), params: {}, context: {} }));

describe("the school decides per package", () => {
  it("refuses an unknown mode, an over-long note and a malformed date with Dutch messages", async () => {
    expect(answer(await setDelivery({ mode: "DRONE" })).errors.mode).toBe("Kies waar de boeken worden geleverd.");
    expect(answer(await setDelivery({ mode: "SCHOOL", note: "x".repeat(301) })).errors.note).toMatch(/maximaal 300/);
    expect(answer(await setDelivery({ mode: "SCHOOL", date: "2026-02-30" })).errors.date).toBe(
      "Deze datum bestaat niet.",
    );
  });

  it("at school: parents are told where and when, no address is asked and the books go to the school", async () => {
    const saved = answer(await setDelivery({ mode: "SCHOOL", note: "Uitgifte in de aula", date: "2026-09-01" }));
    expect(saved.success).toBe("Opgeslagen.");
    const cookie = await parentWithPackage();
    const { choices, idempotencyKey } = await physicalChoice(cookie);
    const page = await loadPackage(cookie, `?${new URLSearchParams(choices)}`);
    expect(page.view.delivery).toEqual({
      mode: "SCHOOL",
      ships: true,
      homeAddressNeeded: false,
      sentence: "De boeken worden op school uitgereikt op 1 september 2026: Uitgifte in de aula.",
    });
    const res = (await order(cookie, { ...choices, idempotencyKey })) as Response;
    expect(res.status).toBe(302);
    const placed = await db.order.findUniqueOrThrow({ where: { id: res.headers.get("Location")!.split("/").pop()! } });
    const { school } = await havo2();
    expect(placed.deliveryMode).toBe("SCHOOL");
    expect(JSON.parse(placed.deliveryJson)).toMatchObject({ name: school.name, street: school.street });
  });
});

describe("delivered at home", () => {
  it("asks the address, makes the parent the buyer at that address on a valid invoice, exports and then erases it", async () => {
    answer(await setDelivery({ mode: "HOME", date: "2026-08-20", note: "" }));
    const cookie = await parentWithPackage();
    const { choices, idempotencyKey } = await physicalChoice(cookie);
    const page = await loadPackage(cookie, `?${new URLSearchParams(choices)}`);
    expect(page.view.delivery).toMatchObject({ mode: "HOME", ships: true, homeAddressNeeded: true });
    expect(page.view.delivery.sentence).toBe(
      "De boeken worden naar uw bezorgadres gestuurd, verzonden vanaf 20 augustus 2026.",
    );
    const before = await db.order.count();

    // No address, or a bad one: refused on its field, nothing ordered.
    const missing = answer(await order(cookie, { ...choices, idempotencyKey }));
    expect(missing.errors["homeAddress.street"]).toBe("Vul het adres in waar de boeken naartoe moeten.");
    const bad = answer(
      await order(cookie, {
        ...choices,
        idempotencyKey,
        "homeAddress.name": "Olga Jansen",
        "homeAddress.street": "Dorpsstraat",
        "homeAddress.postalCode": "0123 A",
        "homeAddress.city": "Utrecht",
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.errors["homeAddress.street"]).toBe("Vul ook het huisnummer in.");
    expect(bad.errors["homeAddress.postalCode"]).toBe("Vul een Nederlandse postcode in, zoals 1234 AB.");
    expect(await db.order.count()).toBe(before);

    const res = (await order(cookie, {
      ...choices,
      idempotencyKey,
      "homeAddress.name": "Olga Jansen",
      "homeAddress.street": "Dorpsstraat 12",
      "homeAddress.postalCode": "3511ab",
      "homeAddress.city": "Utrecht",
    })) as Response;
    expect(res.status).toBe(302);
    const orderId = res.headers.get("Location")!.split("/").pop()!;
    const placed = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    const home = { street: "Dorpsstraat 12", postalCode: "3511 AB", city: "Utrecht", country: "NL" };
    expect(placed.deliveryMode).toBe("HOME");
    expect(JSON.parse(placed.deliveryJson)).toEqual({ name: "Olga Jansen", ...home });
    expect(JSON.parse(placed.buyerJson)).toMatchObject({ email: "ouder@leerwinkel.test", ...home });

    // The payment page lists the lines, not only the total; it says where the books go.
    const parent = await db.user.findUniqueOrThrow({ where: { email: "ouder@leerwinkel.test" } });
    const overview = (await paymentOverview(orderId, parent.id))!;
    expect(overview.lines.map((l) => l.description)).toEqual(page.view.lines.map((l) => l.description));
    expect(overview.lines.reduce((sum, l) => sum + l.amountCents, 0)).toBe(placed.grossCents);
    expect(await parentOrderDelivery(orderId, parent.id)).toEqual({
      ships: true,
      mode: "HOME",
      sentence: "De boeken worden naar uw bezorgadres gestuurd, verzonden vanaf 20 augustus 2026.",
      address: ["Olga Jansen", "Dorpsstraat 12", "3511 AB Utrecht"],
    });

    // Paid: the invoice's buyer is the parent at their own address, and its UBL is valid.
    await db.$transaction((tx) => completePaidOrder(tx, orderId));
    const invoice = await db.invoice.findFirstOrThrow({ where: { orderId, type: "INVOICE" } });
    expect(invoice.buyerName).toBe(parent.name);
    expect(JSON.parse(invoice.buyerJson)).toMatchObject({ name: parent.name, ...home });
    const xml = renderUbl(await loadInvoiceDocument(db, invoice.id));
    expect(xml).toContain("<cbc:StreetName>Dorpsstraat 12</cbc:StreetName>");
    expect(xml).toContain("<cbc:PostalZone>3511 AB</cbc:PostalZone>");
    expect((await validateDocument(xml, "consumer")).failures).toEqual([]);

    // The AVG export holds the delivery address while it is kept.
    const exported = await exportPersonalData(parent.id, parent.id);
    const mine = exported.orders.find((o) => o.number === placed.number)!;
    expect(mine).toMatchObject({ deliveredAt: "thuisadres", delivery: { name: "Olga Jansen", ...home } });

    // Retention: kept until 30 days after delivery, then erased; the invoice is untouched.
    const shippedAt = new Date("2026-09-01T10:00:00Z");
    await db.order.update({ where: { id: orderId }, data: { status: "FULFILLED", fulfilledAt: shippedAt } });
    await runMaintenance(new Date(shippedAt.getTime() + 29 * DAY));
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).deliveryJson).not.toBe(ERASED_DELIVERY);
    const result = await runMaintenance(new Date(shippedAt.getTime() + 31 * DAY));
    expect(result.deliveryAddresses).toBeGreaterThanOrEqual(1);
    const erased = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(erased.deliveryJson).toBe(ERASED_DELIVERY);
    expect(erased.deliveryJson).not.toContain("Dorpsstraat");
    expect((await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).buyerJson).toBe(invoice.buyerJson);
    expect((await runMaintenance(new Date(shippedAt.getTime() + 32 * DAY))).deliveryAddresses).toBe(0);
    // The school's delivery of another order is not a home address: never touched.
    const schoolOrders = await db.order.findMany({ where: { deliveryMode: "SCHOOL", deliveryJson: ERASED_DELIVERY } });
    expect(schoolOrders).toHaveLength(0);
  });

  it("asks no address when only digital licences are chosen", async () => {
    answer(await setDelivery({ mode: "HOME" }));
    const cookie = await parentWithPackage();
    const page = await loadPackage(cookie);
    const choices: Record<string, string> = {};
    for (const item of page.view.parentItems) {
      const digital = item.options.find((o) => o.supply === "electronic");
      choices[`keuze-${item.id}`] = digital ? digital.offerId : "none";
    }
    const digitalOnly = await loadPackage(cookie, `?${new URLSearchParams(choices)}`);
    expect(digitalOnly.view.delivery).toMatchObject({ ships: false, homeAddressNeeded: false });
    const res = (await order(cookie, { ...choices, idempotencyKey: digitalOnly.idempotencyKey })) as Response;
    expect(res.status).toBe(302);
    const placed = await db.order.findUniqueOrThrow({ where: { id: res.headers.get("Location")!.split("/").pop()! } });
    expect(placed.deliveryMode).toBe("SCHOOL");
  });
});
