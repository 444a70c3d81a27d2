/**
 * Processing agreements ("verwerkersovereenkomsten") under the privacy covenant (issue 16 §1):
 * per school and publisher the shop records which model agreement was concluded, on which day and
 * by whom. Licences of a publisher reach it (entitlements API, push delivery) only for schools
 * with an agreement — `schoolsWithAgreement` is the one gate every delivery path asks.
 */
import { db, type Db, type Tx } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { todayInAmsterdam } from "~/modules/calendar/iso-date";
import { DomainError } from "~/modules/errors/domain-error";
import { isUniqueViolation } from "~/modules/errors/unique-violation";

/** The model agreement the school concludes in the app. */
export const MODEL_AGREEMENT_VERSION = "Model Verwerkersovereenkomst 4.0";

/**
 * Exactly the data that goes to a publisher for a pupil's licence — nothing else. A school-local
 * pseudonym (only where the school allows it) goes with the school's BRIN: it is unique only there.
 */
export const DATA_SHARED_WITH_PUBLISHER = [
  "pseudoniem (ECK iD)",
  "klas",
  "product (EAN)",
  "geldigheid",
  "bij een lokaal pseudoniem (alleen als u dat toestaat): de BRIN van de school",
] as const;

export class AgreementError extends DomainError<"NOT_SCHOOL_ADMIN" | "UNKNOWN_PUBLISHER" | "NO_AGREEMENT"> {
  constructor(code: AgreementError["code"], message: string) {
    super(code, message, { status: code === "NOT_SCHOOL_ADMIN" ? 403 : code === "NO_AGREEMENT" ? 409 : 404 });
  }
}

/** The ids of the schools that have a processing agreement with the publisher (the delivery gate). */
export async function schoolsWithAgreement(client: Db | Tx, publisherId: string): Promise<Set<string>> {
  const rows = await client.processingAgreement.findMany({ where: { publisherId }, select: { schoolId: true } });
  return new Set(rows.map((r) => r.schoolId));
}

/**
 * The delivery gate with the §4 rule: per school with an agreement with the publisher, whether its
 * platforms may receive pupils known only by a school-local pseudonym (see deliversPseudonym).
 */
export async function agreementGate(
  client: Db | Tx,
  publisherId: string,
): Promise<Map<string, { acceptsLocalPseudonyms: boolean }>> {
  const rows = await client.processingAgreement.findMany({
    where: { publisherId },
    select: { schoolId: true, acceptsLocalPseudonyms: true },
  });
  return new Map(rows.map((r) => [r.schoolId, { acceptsLocalPseudonyms: r.acceptsLocalPseudonyms }]));
}

/** Whether the school has a processing agreement with the publisher. */
export async function hasAgreement(client: Db | Tx, schoolId: string, publisherId: string): Promise<boolean> {
  const row = await client.processingAgreement.findUnique({
    where: { schoolId_publisherId: { schoolId, publisherId } },
    select: { id: true },
  });
  return row !== null;
}

export interface PublisherAgreementRow {
  publisherId: string;
  publisherName: string;
  /** Licences the school holds of this publisher's products (any status). */
  licenceCount: number;
  agreement: {
    modelVersion: string;
    concludedOn: string;
    concludedBy: string;
    acceptsLocalPseudonyms: boolean;
  } | null;
}

/**
 * Every publisher whose products the school holds licences for or could order (an active offer
 * that carries a licence, for the school's sector), with the agreement when there is one; by name.
 */
export async function agreementsForSchool(schoolId: string, client: Db | Tx = db): Promise<PublisherAgreementRow[]> {
  const school = await client.organisation.findUniqueOrThrow({ where: { id: schoolId }, select: { sector: true } });
  const licenceCounts = await client.licence.groupBy({ by: ["offerId"], where: { schoolId }, _count: { _all: true } });
  const licencedOffers = await client.offer.findMany({
    where: { id: { in: licenceCounts.map((l) => l.offerId) } },
    select: { id: true, title: { select: { publisherId: true } } },
  });
  const licencesByPublisher = new Map<string, number>();
  for (const l of licenceCounts) {
    const publisherId = licencedOffers.find((o) => o.id === l.offerId)?.title.publisherId;
    if (publisherId) licencesByPublisher.set(publisherId, (licencesByPublisher.get(publisherId) ?? 0) + l._count._all);
  }
  const publishers = await client.publisher.findMany({
    where: {
      OR: [
        { id: { in: [...licencesByPublisher.keys()] } },
        {
          titles: {
            some: {
              ...(school.sector ? { sector: school.sector } : {}),
              offers: { some: { active: true, OR: [{ licenceMonths: { not: null } }, { format: "digital" }] } },
            },
          },
        },
      ],
    },
    select: {
      id: true,
      name: true,
      processingAgreements: {
        where: { schoolId },
        select: {
          modelVersion: true,
          concludedOn: true,
          acceptsLocalPseudonyms: true,
          concludedBy: { select: { name: true } },
        },
      },
    },
    orderBy: { name: "asc" },
  });
  return publishers.map((p) => {
    const a = p.processingAgreements[0];
    return {
      publisherId: p.id,
      publisherName: p.name,
      licenceCount: licencesByPublisher.get(p.id) ?? 0,
      agreement: a
        ? {
            modelVersion: a.modelVersion,
            concludedOn: a.concludedOn,
            concludedBy: a.concludedBy.name,
            acceptsLocalPseudonyms: a.acceptsLocalPseudonyms,
          }
        : null,
    };
  });
}

/**
 * The school admin concludes the model agreement with a publisher for their school. Idempotent:
 * a second call (a resubmitted form, two tabs) keeps the first agreement and changes nothing.
 * Refused unless `userId` is a school admin of `schoolId`. Audited in the same transaction.
 */
export async function concludeAgreement(
  schoolId: string,
  publisherId: string,
  userId: string,
  today: string = todayInAmsterdam(),
): Promise<{ created: boolean }> {
  const admin = await db.membership.findFirst({
    where: { userId, organisationId: schoolId, role: "SCHOOL_ADMIN" },
    select: { id: true },
  });
  if (!admin) throw new AgreementError("NOT_SCHOOL_ADMIN", "Alleen een schoolbeheerder van deze school kan dit.");
  const publisher = await db.publisher.findUnique({ where: { id: publisherId }, select: { id: true, name: true } });
  if (!publisher) throw new AgreementError("UNKNOWN_PUBLISHER", "Deze uitgever bestaat niet (meer).");
  try {
    return await db.$transaction(async (tx) => {
      if (await hasAgreement(tx, schoolId, publisherId)) return { created: false };
      const row = await tx.processingAgreement.create({
        data: {
          schoolId,
          publisherId,
          modelVersion: MODEL_AGREEMENT_VERSION,
          concludedOn: today,
          concludedByUserId: userId,
        },
      });
      await audit(
        {
          userId,
          action: "processing-agreement.conclude",
          entity: "ProcessingAgreement",
          entityId: row.id,
          detail: { schoolId, publisherId, publisher: publisher.name, modelVersion: MODEL_AGREEMENT_VERSION },
        },
        tx,
      );
      return { created: true };
    });
  } catch (error) {
    // two submissions at once: the other one made the agreement
    if (isUniqueViolation(error)) return { created: false };
    throw error;
  }
}

/**
 * The school admin marks whether the publisher's platforms accept pupils known only by a
 * school-local pseudonym (issue 16 §4). Needs an agreement; only the school's own admin; audited.
 */
export async function setAcceptsLocalPseudonyms(
  schoolId: string,
  publisherId: string,
  userId: string,
  accepts: boolean,
): Promise<void> {
  const admin = await db.membership.findFirst({
    where: { userId, organisationId: schoolId, role: "SCHOOL_ADMIN" },
    select: { id: true },
  });
  if (!admin) throw new AgreementError("NOT_SCHOOL_ADMIN", "Alleen een schoolbeheerder van deze school kan dit.");
  await db.$transaction(async (tx) => {
    const agreement = await tx.processingAgreement.findUnique({
      where: { schoolId_publisherId: { schoolId, publisherId } },
      select: { id: true, acceptsLocalPseudonyms: true },
    });
    if (!agreement)
      throw new AgreementError("NO_AGREEMENT", "Sluit eerst de verwerkersovereenkomst met deze uitgever.");
    if (agreement.acceptsLocalPseudonyms === accepts) return;
    await tx.processingAgreement.update({ where: { id: agreement.id }, data: { acceptsLocalPseudonyms: accepts } });
    await audit(
      {
        userId,
        action: "processing-agreement.local-pseudonyms",
        entity: "ProcessingAgreement",
        entityId: agreement.id,
        detail: { schoolId, publisherId, acceptsLocalPseudonyms: accepts },
      },
      tx,
    );
  });
}

/**
 * The publishers of the school's licences (of one order, when given) with which the school has no
 * processing agreement: their licences are not delivered until it concludes one. By name.
 */
export async function publishersWithoutAgreement(
  schoolId: string,
  scope: { orderId?: string } = {},
  client: Db | Tx = db,
): Promise<{ publisherId: string; publisherName: string }[]> {
  const publishers = await client.publisher.findMany({
    where: {
      titles: { some: { offers: { some: { licences: { some: { schoolId, ...scope } } } } } },
      processingAgreements: { none: { schoolId } },
    },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  return publishers.map((p) => ({ publisherId: p.id, publisherName: p.name }));
}
