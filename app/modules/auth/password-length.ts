/**
 * The length part of the password policy (./password-policy.ts), apart so that forms can check it
 * in the browser without shipping the blocklist; the server always runs the whole policy.
 */
export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase; bounds the scrypt input. */
export const PASSWORD_MAX_LENGTH = 200;

/** Why `password` is too short or too long (a Dutch message for the form), or null. */
export function passwordLengthProblem(password: string): string | null {
  // Length in characters as people count them (code points, so "é" or an emoji counts once).
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return `Kies een wachtwoord van minstens ${PASSWORD_MIN_LENGTH} tekens, bijvoorbeeld een zin van een paar woorden.`;
  if (length > PASSWORD_MAX_LENGTH) return `Kies een wachtwoord van hoogstens ${PASSWORD_MAX_LENGTH} tekens.`;
  return null;
}

/** The check a password form's schema runs: the length here, the whole policy on the server. */
export type PasswordCheck = (password: string, context: { email?: string }) => string | null;
