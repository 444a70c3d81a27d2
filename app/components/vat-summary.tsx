/**
 * The one VAT summary table: per rate the taxable amount, the VAT and (when known) the amount
 * including VAT, and a total row. Amounts arrive formatted ("€ 1.234,56"); rates as "21".
 * Used wherever a cart, an order or a receipt shows its VAT (EN 16931 BG-23: one row per rate).
 * Rows are always in the same order, lowest rate first (issue 12), whatever order they arrive in.
 */
import { Decimal } from "~/modules/money/decimal";
import { TableScroll } from "./table-scroll";

export interface VatSummaryLine {
  rate: string;
  taxable: string;
  vat: string;
  gross?: string;
}
export interface VatSummaryTotals {
  net: string;
  vat: string;
  gross: string;
}

export function VatSummary(props: {
  lines: readonly VatSummaryLine[];
  totals?: VatSummaryTotals;
  /** The table's accessible name; shown as its caption when `showCaption`. */
  label?: string;
  showCaption?: boolean;
  /** data-testid for the total cells, for tests that read a figure. */
  testIds?: { net?: string; vat?: string; gross?: string };
}) {
  const label = props.label ?? "Btw per tarief";
  const withGross = props.lines.every((l) => l.gross !== undefined);
  const lines = [...props.lines].sort((a, b) => rateOf(a).cmp(rateOf(b)));
  return (
    <TableScroll label={label}>
      <table aria-label={props.showCaption ? undefined : label}>
        {props.showCaption ? <caption>{label}</caption> : null}
        <thead>
          <tr>
            <th scope="col">Tarief</th>
            <th scope="col" className="num">
              Grondslag
            </th>
            <th scope="col" className="num">
              Btw
            </th>
            {withGross ? (
              <th scope="col" className="num">
                Incl. btw
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.rate}>
              <th scope="row">Btw {l.rate}%</th>
              <td className="num">{l.taxable}</td>
              <td className="num">{l.vat}</td>
              {withGross ? <td className="num">{l.gross}</td> : null}
            </tr>
          ))}
        </tbody>
        {props.totals ? (
          <tfoot>
            <tr>
              <th scope="row">Totaal</th>
              <td className="num" data-testid={props.testIds?.net}>
                {props.totals.net}
              </td>
              <td className="num" data-testid={props.testIds?.vat}>
                {props.totals.vat}
              </td>
              {withGross ? (
                <td className="num" data-testid={props.testIds?.gross}>
                  <strong>{props.totals.gross}</strong>
                </td>
              ) : null}
            </tr>
            {withGross ? null : (
              <tr>
                <th scope="row">Totaal incl. btw</th>
                <td className="num" colSpan={2} data-testid={props.testIds?.gross}>
                  <strong>{props.totals.gross}</strong>
                </td>
              </tr>
            )}
          </tfoot>
        ) : null}
      </table>
    </TableScroll>
  );
}

/** "21", "5,5" or "9.0" → its value, for ordering (an unreadable rate sorts last). */
function rateOf(line: VatSummaryLine): Decimal {
  try {
    return new Decimal(line.rate.replace(",", ".").replace("%", "").trim());
  } catch {
    return new Decimal(Infinity);
  }
}
