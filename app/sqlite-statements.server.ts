/**
 * Prepared statements kept per SQLite connection. The Prisma better-sqlite3 adapter prepares every
 * statement it runs afresh (`connection.prepare(sql).bind(args)`); `cachePreparedStatements` makes
 * the connection hand back the statement it prepared before for the same SQL. See app/db.server.ts.
 */
/** The part of a better-sqlite3 statement the Prisma adapter uses. */
interface SqliteStatement {
  readonly reader: boolean;
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
  columns(): unknown[];
  raw(on?: boolean): SqliteStatement;
}
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** Prepared statements kept per SQLite connection (least recently used dropped first). */
export const PREPARED_STATEMENT_CACHE_SIZE = 500;

/**
 * A statement as the adapter sees it (`prepare(sql).bind(args)`, then `reader`, `run()`, `columns()`,
 * `raw().all()`), over one cached better-sqlite3 statement. better-sqlite3 binds a statement for good
 * with `bind()`, so the arguments are passed on each run instead. The connection is synchronous and
 * every use runs to completion (`all`, `run`), so a cached statement is never in use twice at once;
 * SQLite re-prepares a statement by itself when the schema changed.
 */
class ReusedStatement {
  constructor(
    private readonly statement: SqliteStatement,
    private readonly args: unknown[] = [],
  ) {}
  get reader() {
    return this.statement.reader;
  }
  bind(args: unknown[]) {
    return new ReusedStatement(this.statement, args);
  }
  run() {
    return this.statement.run(...this.args);
  }
  columns() {
    return this.statement.columns();
  }
  raw(on = true) {
    this.statement.raw(on);
    return this;
  }
  all() {
    return this.statement.all(...this.args);
  }
}

/** Makes `connection.prepare` reuse the statements it prepared before (an LRU of `size` statements). */
export function cachePreparedStatements(connection: SqliteConnection, size = PREPARED_STATEMENT_CACHE_SIZE): void {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, SqliteStatement>();
  connection.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement) cache.delete(sql);
    else {
      statement = prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, statement);
    return new ReusedStatement(statement) as unknown as SqliteStatement;
  };
}
