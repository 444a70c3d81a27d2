import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";

describe("password policy", () => {
  it.each([
    ["elf-tekens!", /minstens 12 tekens/], // 11 characters
    ["qwerty123456", /veelgebruikte wachtwoorden/], // 12 characters, on the shipped list
    ["1QAZ2WSX3EDC", /veelgebruikte wachtwoorden/], // the list's 1qaz2wsx3edc, case ignored
    ["abababababab", /te eenvoudig/],
    ["mila.deboer@example.test", /niet gelijk is aan uw e-mailadres/],
    ["x".repeat(201), /hoogstens 200 tekens/],
  ])("refuses %s", (password, message) => {
    expect(passwordProblem(password, { email: "mila.deboer@example.test" })).toMatch(message);
  });

  it.each(["paard-batterij-nietje", "een goed wachtwoord", "wachtwoordje", "ééntweedrievier"])(
    "accepts %s",
    (password) => {
      expect(passwordProblem(password, { email: "mila.deboer@example.test" })).toBeNull();
    },
  );

  it("counts characters, not UTF-16 units", () => {
    expect(passwordProblem("🙂🙂🙂🙂🙂🙂abcde")).toMatch(/minstens 12/); // 11 characters, 17 code units
  });
});
