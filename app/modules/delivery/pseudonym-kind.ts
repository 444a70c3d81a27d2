/**
 * How a pupil is known to publishers and learning platforms (issue 16 §4): by an ECK iD
 * (`https://ketenid.nl/201703/<hex>`, made by the chain's number service) or by a school-local
 * pseudonym, which goes only to platforms the school marks as accepting it. Recognised by form
 * alone — the same rule the pupil import accepts (app/modules/packages/pseudonym-csv.ts). Pure.
 */
import { ECK_ID } from "~/modules/packages/pseudonym-csv";

export type PseudonymKind = "ECK_ID" | "LOCAL";

export function pseudonymKind(pseudonym: string): PseudonymKind {
  return ECK_ID.test(pseudonym.trim()) ? "ECK_ID" : "LOCAL";
}

/**
 * Whether a pupil's licence may go to a publisher's platform by this pseudonym: an ECK iD always
 * (within an agreement), a school-local pseudonym only when the school marked the publisher's
 * platforms as accepting it.
 */
export function deliversPseudonym(pseudonym: string, acceptsLocalPseudonyms: boolean): boolean {
  return pseudonymKind(pseudonym) === "ECK_ID" || acceptsLocalPseudonyms;
}
