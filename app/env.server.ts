/** Configuration, validated once at start-up (STYLE.md: env validated with zod). */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { onResetAppState } from "./app-state.server";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().default("file:./data/leerwinkel.db"),
  SESSION_SECRET: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** host:port of a Stripe-compatible server (tests only), e.g. "127.0.0.1:12111" */
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
  PUBLIC_URL: z.string().optional(),
  /**
   * scrypt's cost N for NEW password hashes (a power of two; default 2^15 = 32 MiB per hash).
   * Tests and the e2e server set it low; every hash carries its own parameters, so hashes made
   * at one cost still verify at another.
   */
  PASSWORD_SCRYPT_N: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1 << 20)
    .refine((n) => (n & (n - 1)) === 0, "PASSWORD_SCRYPT_N must be a power of two")
    .default(1 << 15),
});

export const SECRET_FILE = path.resolve("data", ".session-secret");

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
onResetAppState(() => (cached = undefined));

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.parse(process.env);
  if (!parsed.SESSION_SECRET && existsSync(SECRET_FILE)) {
    // Written by `npm run setup` on a machine without SESSION_SECRET (the README's demo).
    parsed.SESSION_SECRET = readFileSync(SECRET_FILE, "utf8").trim();
  }
  if (parsed.NODE_ENV === "production" && !parsed.SESSION_SECRET) {
    throw new Error("SESSION_SECRET must be set in production (or run `npm run setup` to create data/.session-secret)");
  }
  cached = parsed;
  return parsed;
}

export function sessionSecret(): string {
  return env().SESSION_SECRET ?? "leerwinkel-development-secret-not-for-production";
}

/**
 * The scrypt cost for new hashes, read on its own (without the SESSION_SECRET check of env()),
 * so that scripts such as the seed can hash passwords in any mode.
 */
export function passwordScryptN(): number {
  return schema.shape.PASSWORD_SCRYPT_N.parse(process.env.PASSWORD_SCRYPT_N);
}

/** Tests change process.env between files/cases; this drops the cached configuration. */
export function resetEnvForTests(): void {
  cached = undefined;
}
