/** The named "Wat als" scenarios as stored (VatScenario rows), in their order. Read only. */
import { db, type Db } from "~/db.server";
import { parseScenario, type VatScenario } from "./scenarios";

export async function loadScenarios(client: Db = db): Promise<VatScenario[]> {
  const rows = await client.vatScenario.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] });
  return rows.map(parseScenario);
}
