/**
 * The one frame for a chart (issue 14 §5): a <figure> with a visible caption, a server-rendered
 * SVG that screen readers read as one image (role="img", <title> and <desc>), and the same figures
 * as a table in a <details> that opens without JavaScript. The SVG has a fixed viewBox and the
 * figure reserves its aspect ratio, so nothing jumps while the page loads; it scales down to a
 * 375 px phone.
 *
 * Charts draw their shapes with d3-scale / d3-shape (no hand-written geometry) and pass them as
 * `children`; the figures in `table` are already formatted (format/ module, nl-NL).
 */
import { useId, type ReactNode } from "react";
import { TableScroll } from "../table-scroll";

/** The drawing area every chart uses: viewBox units, scaled to the width available. */
export const CHART_SIZE = { width: 640, height: 320, margin: { top: 16, right: 16, bottom: 40, left: 72 } } as const;

export interface ChartTable {
  /** Column headers; the first column names the row (e.g. the school year or the month). */
  columns: readonly string[];
  /** Formatted cells, one array per row, as many cells as columns. */
  rows: readonly (readonly string[])[];
  /** Optional total row, formatted like a row. */
  total?: readonly string[];
}

export function ChartFigure(props: {
  /** Visible caption and the SVG's accessible name. */
  title: string;
  /** What the chart shows, in a sentence or two with the key figures (the SVG's description). */
  description: string;
  table: ChartTable;
  children: ReactNode;
  /** Legend entries: label and the CSS class of the swatch (same class as the shape). */
  legend?: readonly { label: string; className: string }[];
  testId?: string;
}) {
  const id = useId();
  const { width, height } = CHART_SIZE;
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption id={`${id}-caption`}>{props.title}</figcaption>
      <div className="chart-canvas" style={{ aspectRatio: `${width} / ${height}` }}>
        <svg
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-desc`}
          preserveAspectRatio="xMidYMid meet"
        >
          <title id={`${id}-title`}>{props.title}</title>
          <desc id={`${id}-desc`}>{props.description}</desc>
          {props.children}
        </svg>
      </div>
      {props.legend && props.legend.length > 0 ? (
        <ul className="chart-legend" aria-label="Legenda">
          {props.legend.map((entry) => (
            <li key={entry.label}>
              <span className={`chart-swatch ${entry.className}`} aria-hidden="true" />
              {entry.label}
            </li>
          ))}
        </ul>
      ) : null}
      <details className="chart-data">
        <summary>Cijfers als tabel</summary>
        <TableScroll label={`${props.title}: cijfers`}>
          <table>
            <caption className="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                {props.table.columns.map((column, i) => (
                  <th key={column} scope="col" className={i === 0 ? undefined : "num"}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.table.rows.map((row) => (
                <tr key={row[0]}>
                  <Cells row={row} />
                </tr>
              ))}
            </tbody>
            {props.table.total ? (
              <tfoot>
                <tr>
                  <Cells row={props.table.total} />
                </tr>
              </tfoot>
            ) : null}
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}

/** A table row's cells: the first names the row, the others are figures. */
function Cells({ row }: { row: readonly string[] }) {
  return (
    <>
      {row.map((cell, i) =>
        i === 0 ? (
          <th key={i} scope="row">
            {cell}
          </th>
        ) : (
          <td key={i} className="num">
            {cell}
          </td>
        ),
      )}
    </>
  );
}

/**
 * Y-axis ticks and grid lines for a linear scale whose values are euros; `format` turns a tick
 * value into its label (e.g. "€ 1.200"). Drawn inside the margins of CHART_SIZE.
 */
export function YAxis(props: {
  scale: { ticks(count?: number): number[]; (value: number): number };
  format: (value: number) => string;
  ticks?: number;
}) {
  const { width, margin } = CHART_SIZE;
  return (
    <g className="chart-axis chart-axis-y" aria-hidden="true">
      {props.scale.ticks(props.ticks ?? 5).map((tick) => (
        <g key={tick} transform={`translate(0, ${props.scale(tick)})`}>
          <line x1={margin.left} x2={width - margin.right} className="chart-grid" />
          <text x={margin.left - 8} dy="0.32em" textAnchor="end">
            {props.format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** X-axis labels under band or point positions: `at(label)` gives the x of a label's centre. */
export function XAxis(props: { labels: readonly string[]; at: (label: string) => number }) {
  const { height, margin } = CHART_SIZE;
  return (
    <g className="chart-axis chart-axis-x" aria-hidden="true">
      {props.labels.map((label) => (
        <text key={label} x={props.at(label)} y={height - margin.bottom + 20} textAnchor="middle">
          {label}
        </text>
      ))}
    </g>
  );
}
