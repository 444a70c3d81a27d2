import { describe, expect, it } from "vitest";
import { deliversPseudonym, pseudonymKind } from "./pseudonym-kind";

describe("pseudonymKind", () => {
  it("knows an ECK iD by its form", () => {
    expect(pseudonymKind("https://ketenid.nl/201703/0123456789abcdef0123456789abcdef")).toBe("ECK_ID");
    expect(pseudonymKind(`https://ketenid.nl/201703/${"ab".repeat(64)}`)).toBe("ECK_ID");
    expect(pseudonymKind("HTTPS://KETENID.NL/201703/0123456789ABCDEF")).toBe("ECK_ID");
  });

  it("calls everything else school-local", () => {
    expect(pseudonymKind("0b6f1c2e-4d3a-4b8e-9f10-2a3b4c5d6e7f")).toBe("LOCAL");
    expect(pseudonymKind("a1b2c3d4e5f60718a1b2c3d4")).toBe("LOCAL");
    // an ECK-looking URL that the number service would never make
    expect(pseudonymKind("https://ketenid.nl/201703/jan-jansen")).toBe("LOCAL");
    expect(pseudonymKind("https://ketenid.nl/201703/0123")).toBe("LOCAL");
    expect(pseudonymKind("http://ketenid.nl/201703/0123456789abcdef0123456789abcdef")).toBe("LOCAL");
    expect(pseudonymKind("https://ketenid.nl.example.com/201703/0123456789abcdef")).toBe("LOCAL");
    expect(pseudonymKind("")).toBe("LOCAL");
  });
});

describe("deliversPseudonym", () => {
  const eck = "https://ketenid.nl/201703/0123456789abcdef0123456789abcdef";
  const local = "0b6f1c2e-4d3a-4b8e-9f10-2a3b4c5d6e7f";
  it("delivers an ECK iD always, a school-local pseudonym only where the school accepts it", () => {
    expect(deliversPseudonym(eck, false)).toBe(true);
    expect(deliversPseudonym(eck, true)).toBe(true);
    expect(deliversPseudonym(local, false)).toBe(false);
    expect(deliversPseudonym(local, true)).toBe(true);
  });
});
