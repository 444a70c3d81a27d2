/**
 * Licences for the delivery tests (issue 16: entitlements API, push delivery, the worker): a
 * publisher with one licence product, a processing agreement, pupils by ECK iD, and a paid school
 * order holding unassigned licences — written straight to the database (the order path itself is
 * tested elsewhere), so a test can make exactly the licence changes it needs.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { db } from "~/db.server";
import { makeEan13 } from "~/modules/catalog/ean";

export type TestOffer = { id: string; ean: string };

/** A new ECK iD (the pupil import's form: https://ketenid.nl/201703/ and hex). */
export function eckId(): string {
  return `https://ketenid.nl/201703/${randomBytes(16).toString("hex")}`;
}

/** A random valid EAN-13 (the API checks the check digit). */
export function randomEan(): string {
  return makeEan13("97", Math.floor(Math.random() * 1e10));
}

/** A new publisher with one title (`titleName`) and its one-year licence offer. */
export async function publisherWithLicenceOffer(
  name: string,
  options: { subjectId?: string; titleName?: string } = {},
): Promise<{ publisherId: string; offer: TestOffer }> {
  const subjectId = options.subjectId ?? (await db.subject.findFirstOrThrow()).id;
  const publisher = await db.publisher.create({ data: { name } });
  const title = await db.title.create({
    data: {
      slug: `t-${randomUUID()}`,
      name: options.titleName ?? `${name} Rekenen`,
      publisherId: publisher.id,
      subjectId,
      sector: "VO",
    },
  });
  const offer = await db.offer.create({
    data: {
      titleId: title.id,
      ean: randomEan(),
      formatLabel: "Licentie 1 jaar",
      supply: "electronic",
      format: "digital",
      licenceMonths: 12,
    },
  });
  return { publisherId: publisher.id, offer: { id: offer.id, ean: offer.ean } };
}

/** The model processing agreement between the school and the publisher, concluded by `userId`. */
export async function concludeTestAgreement(schoolId: string, publisherId: string, userId: string): Promise<void> {
  await db.processingAgreement.create({
    data: {
      schoolId,
      publisherId,
      modelVersion: "Model Verwerkersovereenkomst 4.0",
      concludedOn: "2026-08-01",
      concludedByUserId: userId,
    },
  });
}

/** A pupil of the school, by ECK iD unless another pseudonym is given. */
export async function testPupil(schoolId: string, pseudonym: string = eckId()) {
  return db.studentPseudonym.create({
    data: { schoolId, pseudonym, classGroup: "K2", schoolYear: "2026-2027", orderCodeHash: randomUUID() },
  });
}

/** A paid school order by `userId` with `count` unassigned licences per offer; the licence ids per offer. */
export async function schoolLicences(
  schoolId: string,
  userId: string,
  offers: TestOffer[],
  count: number,
  validTo = "2027-07-31",
): Promise<Map<string, string[]>> {
  const order = await db.order.create({
    data: {
      number: `T-${randomUUID()}`,
      kind: "SCHOOL",
      status: "PAID",
      paymentMethod: "INVOICE",
      idempotencyKey: randomUUID(),
      schoolId,
      userId,
      pricesIncludeVat: false,
      priceDate: "2026-08-01",
      netCents: 0,
      vatCents: 0,
      grossCents: 0,
      breakdownJson: "{}",
      buyerJson: "{}",
      deliveryJson: "{}",
    },
  });
  const byOffer = new Map<string, string[]>();
  for (const [position, offer] of offers.entries()) {
    const line = await db.orderLine.create({
      data: {
        orderId: order.id,
        position: position + 1,
        offerId: offer.id,
        description: "Licentie",
        ean: offer.ean,
        supply: "electronic",
        licenceMonths: 12,
        quantity: count,
        unitPriceE4: 0,
        lineAmountCents: 0,
        partsJson: "[]",
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const licence = await db.licence.create({
        data: {
          code: randomUUID(),
          offerId: offer.id,
          orderId: order.id,
          orderLineId: line.id,
          schoolId,
          validFrom: "2026-08-01",
          validTo,
          status: "ACTIVE",
        },
      });
      ids.push(licence.id);
    }
    byOffer.set(offer.id, ids);
  }
  return byOffer;
}
