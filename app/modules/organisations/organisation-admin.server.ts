/**
 * The operator's maintenance of school boards, schools and school users. Each save is one
 * transaction with an audit row; form problems come back as Dutch messages per field.
 */
import { db } from "~/db.server";
import { audit } from "~/modules/audit/audit-log.server";
import { hashPassword } from "~/modules/auth/password.server";
import {
  validateBoard,
  validateSchool,
  validateSchoolUser,
  type BoardFormText,
  type FieldErrors,
  type SchoolFormText,
  type SchoolUserFormText,
} from "./organisation-admin";
import { isUniqueViolation } from "~/modules/errors/unique-violation";

export type SaveResult = { ok: true; id: string } | { ok: false; errors: FieldErrors };

/** All boards with their schools, for the overview. */
export async function listBoardsWithSchools() {
  return db.organisation.findMany({
    where: { kind: "BOARD" },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      kvkNumber: true,
      children: {
        where: { kind: "SCHOOL" },
        orderBy: { name: "asc" },
        select: { id: true, name: true, brin: true, sector: true, city: true },
      },
    },
  });
}

export async function getSchoolForAdmin(schoolId: string) {
  return db.organisation.findFirst({
    where: { id: schoolId, kind: "SCHOOL" },
    include: {
      memberships: {
        where: { role: { in: ["SCHOOL_ADMIN", "SCHOOL_FINANCE"] } },
        orderBy: { createdAt: "asc" },
        include: { user: { select: { email: true, name: true } } },
      },
    },
  });
}

/** Creates (schoolId null) or updates a school under a board; the BRIN code is unique. */
export async function saveSchool(schoolId: string | null, form: SchoolFormText, userId: string): Promise<SaveResult> {
  const checked = validateSchool(form);
  if (!checked.ok) return checked;
  const v = checked.value;
  return db
    .$transaction(async (tx): Promise<SaveResult> => {
      if (
        schoolId &&
        !(await tx.organisation.findFirst({ where: { id: schoolId, kind: "SCHOOL" }, select: { id: true } }))
      ) {
        throw new Response("School niet gevonden.", { status: 404 });
      }
      const errors: FieldErrors = {};
      const board = await tx.organisation.findFirst({ where: { id: v.parentId, kind: "BOARD" }, select: { id: true } });
      if (!board) errors.boardId = "Kies een bestaand schoolbestuur.";
      const clash = await tx.organisation.findUnique({ where: { brin: v.brin }, select: { id: true, name: true } });
      if (clash && clash.id !== schoolId) errors.brin = `BRIN-code ${v.brin} is al in gebruik bij ${clash.name}.`;
      if (Object.keys(errors).length) return { ok: false, errors };
      const id = schoolId
        ? (await tx.organisation.update({ where: { id: schoolId }, data: v })).id
        : (await tx.organisation.create({ data: { ...v, kind: "SCHOOL" } })).id;
      await audit(
        {
          userId,
          action: schoolId ? "school.update" : "school.create",
          entity: "Organisation",
          entityId: id,
          detail: v,
        },
        tx,
      );
      return { ok: true, id };
    })
    .catch((error: unknown): SaveResult => {
      if (isUniqueViolation(error))
        return { ok: false, errors: { brin: `BRIN-code ${v.brin} is al in gebruik bij een andere school.` } };
      throw error;
    });
}

export async function createBoard(form: BoardFormText, userId: string): Promise<SaveResult> {
  const checked = validateBoard(form);
  if (!checked.ok) return checked;
  const v = checked.value;
  return db.$transaction(async (tx): Promise<SaveResult> => {
    const board = await tx.organisation.create({
      data: { kind: "BOARD", name: v.name, kvkNumber: v.kvkNumber, email: v.email },
    });
    await audit({ userId, action: "board.create", entity: "Organisation", entityId: board.id, detail: v }, tx);
    return { ok: true, id: board.id };
  });
}

/**
 * Adds a school user (SCHOOL_ADMIN or SCHOOL_FINANCE) with an initial password. The password is
 * hashed (scrypt) before the transaction so that the slow hash holds no database lock.
 */
export async function addSchoolUser(schoolId: string, form: SchoolUserFormText, userId: string): Promise<SaveResult> {
  const checked = validateSchoolUser(form);
  if (!checked.ok) return checked;
  const v = checked.value;
  if (await db.user.findUnique({ where: { email: v.email }, select: { id: true } })) {
    return { ok: false, errors: { email: "Er bestaat al een account met dit e-mailadres." } };
  }
  const passwordHash = await hashPassword(v.password);
  return db
    .$transaction(async (tx): Promise<SaveResult> => {
      if (!(await tx.organisation.findFirst({ where: { id: schoolId, kind: "SCHOOL" }, select: { id: true } }))) {
        throw new Response("School niet gevonden.", { status: 404 });
      }
      if (await tx.user.findUnique({ where: { email: v.email }, select: { id: true } })) {
        return { ok: false, errors: { email: "Er bestaat al een account met dit e-mailadres." } };
      }
      const user = await tx.user.create({
        data: {
          email: v.email,
          name: v.name,
          passwordHash,
          memberships: { create: { role: v.role, organisationId: schoolId } },
        },
      });
      await audit(
        {
          userId,
          action: "school-user.create",
          entity: "User",
          entityId: user.id,
          detail: { schoolId, email: v.email, role: v.role },
        },
        tx,
      );
      return { ok: true, id: user.id };
    })
    .catch((error: unknown): SaveResult => {
      if (isUniqueViolation(error))
        return { ok: false, errors: { email: "Er bestaat al een account met dit e-mailadres." } };
      throw error;
    });
}

export async function boardChoices() {
  return db.organisation.findMany({
    where: { kind: "BOARD" },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}
