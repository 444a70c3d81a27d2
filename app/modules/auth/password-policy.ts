/**
 * The password policy for every password set through the app (registration, password change),
 * after NIST SP 800-63B §3.1.1.2 and OWASP's authentication cheat sheet: a minimum length and a
 * blocklist of passwords known from breaches, no composition rules. Passwords set before this
 * policy (the demo accounts' `leerwinkel`) keep working until their owner changes them.
 *
 * The blocklist is the `passwords` dictionary of @zxcvbn-ts/language-common 4.1.3 (MIT, see
 * common-passwords.LICENSE.txt), copied into the repository so the check needs no download.
 */
import commonPasswords from "./common-passwords.json";
import { passwordLengthProblem } from "./password-length";

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-length";

let blocklist: Set<string> | undefined;
function isCommonPassword(password: string): boolean {
  blocklist ??= new Set((commonPasswords as string[]).map((p) => p.toLowerCase()));
  return blocklist.has(password.toLowerCase());
}

/** Why `password` may not be chosen (a Dutch message for the form), or null when it may. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const lengthProblem = passwordLengthProblem(password);
  if (lengthProblem) return lengthProblem;
  const normalised = password.trim().toLowerCase();
  if (isCommonPassword(password) || isCommonPassword(password.trim())) {
    return "Dit wachtwoord komt voor in lijsten van veelgebruikte wachtwoorden. Kies een ander wachtwoord.";
  }
  // "aaaaaaaaaaaa", "121212121212": long but guessed first by every cracking tool.
  if (new Set(normalised).size < 4) return "Dit wachtwoord is te eenvoudig te raden. Kies een ander wachtwoord.";
  const email = context.email?.trim().toLowerCase();
  if (email && (normalised === email || normalised === email.split("@")[0])) {
    return "Kies een wachtwoord dat niet gelijk is aan uw e-mailadres.";
  }
  return null;
}
