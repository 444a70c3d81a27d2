import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Field, type FieldMeta } from "./form";

/** conform's field metadata builds a new object on every property read; this one counts the reads. */
function countingMeta(values: Partial<FieldMeta>) {
  const reads = new Map<string, number>();
  const meta = new Proxy(values, {
    get(target, key: string) {
      reads.set(key, (reads.get(key) ?? 0) + 1);
      return target[key as keyof FieldMeta];
    },
  }) as FieldMeta;
  return { meta, reads };
}

describe("Field", () => {
  it("links its error and hint by the field's id, reading each metadata property once", () => {
    const { meta, reads } = countingMeta({ id: "add-o1-quantity", name: "quantity", errors: ["Vul minstens 1 in."] });
    const html = renderToStaticMarkup(createElement(Field, { meta, label: "Aantal", hint: "Hele stuks" }));
    expect(html).toContain('aria-describedby="add-o1-quantity-error add-o1-quantity-description"');
    expect(html).toContain('<span id="add-o1-quantity-error" class="field-error">Vul minstens 1 in.</span>');
    expect(html).toContain('id="add-o1-quantity-description"');
    expect(Math.max(...reads.values())).toBe(1);
    expect(reads.has("errorId")).toBe(false);
  });

  it("describes nothing without an error or a hint", () => {
    const { meta } = countingMeta({ id: "f-x", name: "x" });
    expect(renderToStaticMarkup(createElement(Field, { meta, label: "X" }))).not.toContain("aria-describedby");
  });
});
