import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it.each([
    [0, "0 facturen"],
    [1, "1 factuur"],
    [2, "2 facturen"],
    [10000, "10.000 facturen"],
  ])("%i invoices → %s", (n, expected) => {
    expect(plural(n, "factuur", "facturen")).toBe(expected);
  });

  it.each([
    [1, "1 creditnota"],
    [2, "2 creditnota's"],
  ])("%i credit notes → %s", (n, expected) => {
    expect(plural(n, "creditnota", "creditnota's")).toBe(expected);
  });

  it("refuses a count that is not a whole number", () => {
    expect(() => plural(1.5, "stuk", "stuks")).toThrow(TypeError);
  });
});
