import { describe, expect, it } from "vitest";
import { eanOfSearch, foldForSearch, searchWords, titleActiveFormats, titleSearchKey } from "./normalize";
import { VersionedCache } from "./versioned-cache";

describe("folding for the word index", () => {
  it("drops diacritics and case, as the stored key does", () => {
    expect(foldForSearch("Één Café Wereldoriëntatie")).toBe("een cafe wereldorientatie");
    expect(foldForSearch("Ångström ĳs")).toBe("angstrom ijs");
    expect(titleSearchKey("Één keer", "Noordhoff", ["9789001123456"])).toBe("een keer noordhoff 9789001123456");
  });

  it("turns a typed number with hyphens or spaces into its digits", () => {
    expect(searchWords("978-90-01-12345-6")).toEqual(["9789001123456"]);
    expect(searchWords(" 978 9001 123456 ")).toEqual(["9789001123456"]);
    expect(eanOfSearch("978-90-01-12345-6")).toBe("9789001123456");
    expect(eanOfSearch("97890")).toBeNull();
    expect(eanOfSearch("wiskunde 3")).toBeNull();
  });

  it("splits words on spaces and LIKE's wildcards, folded, at most 8", () => {
    expect(searchWords("Getal  & RUIMTE")).toEqual(["getal", "&", "ruimte"]);
    expect(searchWords("50%_korting\\x")).toEqual(["50", "korting", "x"]);
    expect(searchWords("% _")).toEqual([]);
    expect(searchWords("a b c d e f g h i j")).toHaveLength(8);
    expect(searchWords("vmbo-t")).toEqual(["vmbo-t"]);
  });

  it("lists the formats of active offers only, a space either side", () => {
    expect(
      titleActiveFormats([
        { format: "print" },
        { format: "digital", active: true },
        { format: "combination", active: false },
        { format: "print" },
      ]),
    ).toBe(" digital print ");
    expect(titleActiveFormats([{ format: "print", active: false }])).toBe("");
  });
});

describe("VersionedCache", () => {
  it("misses on another version and evicts the least recently used beyond its limits", () => {
    const cache = new VersionedCache<number[]>({ maxEntries: 2, maxWeight: 5, weigh: (v) => v.length });
    cache.set("a", 1, [1, 2]);
    expect(cache.get("a", 2)).toBeUndefined();
    expect(cache.get("a", 1)).toBeUndefined(); // dropped on the miss
    cache.set("a", 1, [1]);
    cache.set("b", 1, [1]);
    expect(cache.get("a", 1)).toEqual([1]); // a is now the most recent
    cache.set("c", 1, [1]);
    expect(cache.get("b", 1)).toBeUndefined();
    expect(cache.get("a", 1)).toEqual([1]);
    cache.set("d", 1, [1, 2, 3, 4]); // weight 1 + 4 = 5 fits only after c goes
    expect(cache.get("c", 1)).toBeUndefined();
    cache.set("huge", 1, [1, 2, 3, 4, 5, 6]);
    expect(cache.get("huge", 1)).toBeUndefined(); // heavier than the whole cache: not kept
  });
});
