/**
 * A bundle round's standing per offer (issue 15): the quantity of all schools together, the tier it
 * reaches, the unit price there and what the next tier would take. The coordinator's round page
 * and each school's round page show the same table.
 */
import { formatNumber, formatUnitPriceE4 } from "~/modules/format";
import { TableScroll } from "./table-scroll";

export interface RoundOfferStanding {
  offerId: string;
  label: string;
  combinedQuantity: number;
  tierMinQuantity: number | null;
  unitPriceE4: number;
  next: { minQuantity: number; unitPriceE4: number; missing: number } | null;
}

export function RoundTierTable(props: {
  offers: readonly RoundOfferStanding[];
  pricesIncludeVat: boolean;
  /** The table's accessible name. */
  label: string;
  combinedHeader: string;
  tierHeader: string;
}) {
  const mode = props.pricesIncludeVat ? "incl." : "excl.";
  return (
    <TableScroll label={props.label}>
      <table aria-label={props.label}>
        <thead>
          <tr>
            <th scope="col">Artikel</th>
            <th scope="col" className="num">
              {props.combinedHeader}
            </th>
            <th scope="col">{props.tierHeader}</th>
            <th scope="col" className="num">
              Prijs per stuk {mode} btw
            </th>
            <th scope="col">Volgende staffel</th>
          </tr>
        </thead>
        <tbody>
          {props.offers.map((o) => (
            <tr key={o.offerId}>
              <th scope="row">{o.label}</th>
              <td className="num">{formatNumber(o.combinedQuantity)}</td>
              <td>{o.tierMinQuantity ? `vanaf ${formatNumber(o.tierMinQuantity)}` : "basisprijs"}</td>
              <td className="num">{formatUnitPriceE4(o.unitPriceE4)}</td>
              <td>
                {o.next
                  ? `vanaf ${formatNumber(o.next.minQuantity)}: ${formatUnitPriceE4(o.next.unitPriceE4)} (nog ${formatNumber(o.next.missing)})`
                  : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
