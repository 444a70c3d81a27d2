import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { VatSummary } from "./vat-summary";

const rowsOf = (html: string) => [...html.matchAll(/<th scope="row">Btw ([^<]+)%<\/th>/g)].map((m) => m[1]);

describe("VatSummary", () => {
  it("lists the rates lowest first, whatever order they arrive in", () => {
    const html = renderToStaticMarkup(
      createElement(VatSummary, {
        lines: [
          { rate: "21", taxable: "€ 100,00", vat: "€ 21,00" },
          { rate: "9", taxable: "€ 10,00", vat: "€ 0,90" },
          { rate: "0", taxable: "€ 5,00", vat: "€ 0,00" },
          { rate: "5,5", taxable: "€ 1,00", vat: "€ 0,06" },
        ],
      }),
    );
    expect(rowsOf(html)).toEqual(["0", "5,5", "9", "21"]);
  });
});
