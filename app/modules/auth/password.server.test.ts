import { afterEach, describe, expect, it } from "vitest";
import { passwordScryptN } from "~/env.server";
import { hashPassword, verifyPassword } from "./password.server";

const configured = process.env.PASSWORD_SCRYPT_N;
afterEach(() => {
  if (configured === undefined) delete process.env.PASSWORD_SCRYPT_N;
  else process.env.PASSWORD_SCRYPT_N = configured;
});

describe("scrypt cost (PASSWORD_SCRYPT_N)", () => {
  it("defaults to the production cost 2^15 = 32768 when not configured", () => {
    delete process.env.PASSWORD_SCRYPT_N;
    expect(passwordScryptN()).toBe(32768);
  });

  it("refuses a cost that is not a power of two or below 2^10", () => {
    for (const bad of ["1000", "512", "abc", "4096.5"]) {
      process.env.PASSWORD_SCRYPT_N = bad;
      expect(() => passwordScryptN(), bad).toThrow();
    }
  });

  it("writes the cost into the hash, and a hash verifies after the configured cost changed", async () => {
    process.env.PASSWORD_SCRYPT_N = "1024";
    const cheap = await hashPassword("correct horse battery");
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    process.env.PASSWORD_SCRYPT_N = "2048";
    const dearer = await hashPassword("correct horse battery");
    expect(dearer).toMatch(/^scrypt\$2048\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", cheap)).toBe(true);
    expect(await verifyPassword("correct horse battery", dearer)).toBe(true);
    expect(await verifyPassword("correct horse batterie", cheap)).toBe(false);
  });
});
