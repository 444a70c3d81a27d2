/**
 * A school's defaults for the cost over the years of use (issue 14 §2): pupils per school year,
 * school years a method is used and the yearly replacement share. The title page and the cart
 * start from them; the school admin changes them on the school's overview page. Every query is
 * scoped by the school's id.
 */
import { db, type Tx } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { DEFAULT_YEARS_OF_USE, type YearsOfUseDefaults } from "~/modules/pricing/years-of-use-input";

type Client = Tx | typeof db;

/**
 * The school's defaults (a school that is gone: the shop's defaults). A raw read: the title page
 * asks it on every view (issue 13; a Prisma query costs several times the row here).
 */
export async function loadYearsOfUseDefaults(schoolId: string, client: Client = db): Promise<YearsOfUseDefaults> {
  const rows = await client.$queryRaw<
    { pupilsPerYear: number | bigint; yearsOfUse: number | bigint; replacementShareBp: number | bigint }[]
  >`SELECT "pupilsPerYear", "yearsOfUse", "replacementShareBp" FROM "Organisation"
    WHERE "id" = ${schoolId} AND CAST("kind" AS TEXT) = 'SCHOOL'`;
  const school = rows[0];
  if (!school) return DEFAULT_YEARS_OF_USE;
  return {
    pupilsPerYear: Number(school.pupilsPerYear),
    yearsOfUse: Number(school.yearsOfUse),
    replacementShareBp: Number(school.replacementShareBp),
  };
}

/** Stores the school's defaults (validated by YearsOfUseSchema) with an audit entry, in one transaction. */
export async function saveYearsOfUseDefaults(
  schoolId: string,
  defaults: YearsOfUseDefaults,
  userId: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.organisation.update({ where: { id: schoolId, kind: "SCHOOL" }, data: defaults });
    await audit(
      { userId, action: "school.years-of-use", entity: "Organisation", entityId: schoolId, detail: defaults },
      tx,
    );
  });
}
