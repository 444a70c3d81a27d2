import { afterAll } from "vitest";
import { observeSqlStatements } from "~/db.server";
import { creditNoteProperty } from "../support/credit-note-property";
const counts = new Map<string, number>();
let total = 0;
observeSqlStatements(({ sql }) => { total++; const k = sql.replace(/\s+/g, " ").slice(0, 110); counts.set(k, (counts.get(k) ?? 0) + 1); });
creditNoteProperty("c", 40);
afterAll(() => { console.log("TOTAL", total, "per seq", total / 40); for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(String(v).padStart(5), k); });
