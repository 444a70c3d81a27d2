import { describe, expect, it } from "vitest";
import { findOrderCode, generateOrderCode, normaliseOrderCode } from "./order-code";

describe("findOrderCode", () => {
  it.each([
    ["LWDM-7K3Q-9XA2", "LWDM7K3Q9XA2"],
    ["lwdm 7k3q 9xa2", "LWDM7K3Q9XA2"],
    ["  lwdm7k3q9xa2 ", "LWDM7K3Q9XA2"],
    // a code by itself is taken whatever its symbols, so a typo gets "unknown code"
    ["WRNG-CODE-2222", "WRNGCODE2222"],
    ["Uw bestelcode is LWDM-7K3Q-9XA2, geldig tot 1 juni 2027.", "LWDM7K3Q9XA2"],
    ["uw bestelcode is lwdm 7k3q 9xa2 (klas H2A)", "LWDM7K3Q9XA2"],
    ["Bestelcode:\tLWDM7K3Q9XA2\n", "LWDM7K3Q9XA2"],
    // printed dashes win over a 12-letter group elsewhere in the text
    ["HAVOLEERLING krijgt code ABCD-EFGH-JK23", "ABCDEFGHJK23"],
  ])("finds the code in %j", (text, code) => {
    expect(findOrderCode(text)).toBe(code);
  });

  it.each([
    [""],
    ["12345"],
    ["Geen code in deze tekst, alleen de brief van de school"],
    ["LWDM-7K3Q-9XA2X"], // 13 symbols: part of something longer
    ["x".repeat(1_000_000)],
    ["\u0000\u0001\u007f"],
    ["😀".repeat(50)],
  ])("finds none in %j", (text) => {
    expect(findOrderCode(text)).toBeNull();
  });

  it("finds every generated code in a pasted letter line", () => {
    for (let i = 0; i < 200; i++) {
      const code = generateOrderCode();
      expect(findOrderCode(`Uw bestelcode is ${code}, geldig tot 30 september 2027.`)).toBe(normaliseOrderCode(code));
    }
  });
});
