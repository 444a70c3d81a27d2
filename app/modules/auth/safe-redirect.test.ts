import { describe, expect, it } from "vitest";
import { safeRedirect, withRedirectTo } from "./safe-redirect";

describe("safeRedirect", () => {
  it.each([
    ["/ouder", "/ouder"],
    ["/pakket?keuze=abc#x", "/pakket?keuze=abc#x"],
    ["/school/bestellingen/c123", "/school/bestellingen/c123"],
    // an encoded backslash stays part of the path on this site
    ["/%5Cevil", "/%5Cevil"],
  ])("follows the path %s", (to, expected) => {
    expect(safeRedirect(to, "/home")).toBe(expected);
  });

  it.each([
    ["/\\evil.example/", "backslash read as a slash"],
    ["//evil.example", "protocol-relative"],
    ["/\t/evil.example", "tab stripped by the browser"],
    ["/\n/evil.example", "newline stripped by the browser"],
    ["https://evil.example/", "absolute URL"],
    ["javascript:alert(1)", "script URL"],
    ["evil.example", "relative without slash"],
    ["", "empty"],
    [undefined, "missing"],
    ["/a\\b", "backslash anywhere"],
    ["/\u0000", "NUL"],
  ])("refuses %j (%s)", (to, _why) => {
    expect(safeRedirect(to, "/home")).toBe("/home");
  });
});

describe("withRedirectTo", () => {
  it("passes a safe way back on, encoded", () => {
    expect(withRedirectTo("/registreren", "/pakket?keuze-a=b&keuze-c=none")).toBe(
      "/registreren?redirectTo=%2Fpakket%3Fkeuze-a%3Db%26keuze-c%3Dnone",
    );
  });
  it.each([["//evil.example"], ["https://evil.example/"], [""], [null]])("drops %j", (to) => {
    expect(withRedirectTo("/login", to)).toBe("/login");
  });
});
