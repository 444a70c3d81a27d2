/**
 * The process's in-memory state, in one place: every module that keeps state between requests
 * (the Prisma client, caches, in-memory rate limits, the parsed configuration) registers here how
 * to forget it. A running server never calls `resetAppState`; the integration tests do, before
 * each test file, because one Vitest worker runs many files in one process (vitest.config.ts,
 * `isolate: false`) and each file has its own database (tests/support/per-file-database.ts).
 *
 * The registry lives on globalThis: a process may hold two copies of a module (the Remix build
 * and the source the tests import, or a module loaded again after `vi.resetModules`), and every
 * copy's state must be forgotten.
 */
type Reset = () => void;

declare global {
  var __leerwinkelStateResets: Set<Reset> | undefined;
}
const resets: Set<Reset> = (globalThis.__leerwinkelStateResets ??= new Set());

/** Registers how to forget a module's state (call once, at the module's top level). */
export function onResetAppState(reset: Reset): void {
  resets.add(reset);
}

/**
 * Forgets all state held in memory: the next use reads the configuration from process.env again,
 * connects to DATABASE_URL, and fills its caches from that database.
 */
export function resetAppState(): void {
  for (const reset of resets) reset();
}
