/**
 * Counts the SQL statements one piece of work sends to the database — a Remix loader/action call,
 * or an HTTP request against the app started in this process — on SQLite and PostgreSQL alike.
 * It observes the driver adapter (app/db.server.ts `observeSqlStatements`): every statement the
 * Prisma client really sends, including BEGIN/COMMIT of transactions and raw queries; nothing
 * Prisma answers without the database is counted.
 *
 *   const { result, count, writes, statements } = await countQueries(() => loader({ request, params, context }));
 *
 * Counting is process-wide while `fn` runs: do not run other database work concurrently in the
 * same test (Vitest runs the tests of one file one after the other).
 */
import { observeSqlStatements, type SqlStatement } from "~/db.server";

export interface QueryCount<T> {
  result: T;
  /** Statements sent, BEGIN/COMMIT/ROLLBACK included. */
  count: number;
  /** Statements that change data (INSERT/UPDATE/DELETE/REPLACE, also inside a WITH). */
  writes: number;
  statements: SqlStatement[];
}

const WRITE = /^\s*(?:WITH\b[\s\S]*?\)\s*)?(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE)\b/i;

/** true if the statement changes data. */
export function isWrite(sql: string): boolean {
  return WRITE.test(sql);
}

/** Runs `fn` and counts the SQL statements sent while it runs (a thrown Response is returned as the result). */
export async function countQueries<T>(fn: () => Promise<T> | T): Promise<QueryCount<T | Response>> {
  const statements: SqlStatement[] = [];
  const stop = observeSqlStatements((statement) => statements.push(statement));
  let result: T | Response;
  try {
    result = await fn();
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    result = thrown;
  } finally {
    stop();
  }
  return { result, count: statements.length, writes: statements.filter((s) => isWrite(s.sql)).length, statements };
}

/** The statements, one a line, for an assertion message when a budget is exceeded. */
export function describeStatements(statements: SqlStatement[]): string {
  return statements.map((s, i) => `${i + 1}. ${s.sql.replace(/\s+/g, " ").slice(0, 200)}`).join("\n");
}
