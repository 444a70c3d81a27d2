/**
 * The package a parent opened with an order code lives in the signed cookie session (no state
 * in the server process, DESIGN.md §6): only the pseudonym's id, never the code.
 */
import { getSession, sessionStorage } from "~/modules/auth/session.server";

const KEY = "packagePseudonymId";

/** Stores the pseudonym id and returns the Set-Cookie header value. */
export async function rememberPackagePseudonym(request: Request, pseudonymId: string): Promise<string> {
  const session = await getSession(request);
  session.set(KEY, pseudonymId);
  return sessionStorage.commitSession(session);
}

export async function packagePseudonymId(request: Request): Promise<string | null> {
  const value = (await getSession(request)).get(KEY);
  return typeof value === "string" ? value : null;
}
