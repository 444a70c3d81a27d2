/**
 * A bar chart of euro amounts (issue 14 §5) in the one chart frame (ChartFigure): one bar per
 * label, optionally stacked from segments (e.g. the VAT at the reduced rate plus the gap is the
 * VAT paid). Scales from d3-scale: a band scale for the labels, a linear scale for the amounts
 * (always including zero; negative amounts, e.g. a month with more credit notes than invoices,
 * go below the zero line). Amounts are integer cents; the geometry is the only place they meet a
 * float, and what people read (axis labels, the table) is formatted exactly by format/.
 */
import { scaleBand, scaleLinear } from "d3-scale";
import { formatCents, formatNumber } from "~/modules/format";
import { CHART_SIZE, ChartFigure, XAxis, YAxis, type ChartTable } from "./chart-figure";

export interface BarSeries {
  label: string;
  /** a chart-series-N class (colour of the shape and the legend swatch), optionally with chart-vat */
  className: string;
}

export interface Bar {
  label: string;
  /** one amount in cents per series, stacked in series order */
  segments: readonly number[];
}

/** "€ 1.200" for whole euros, else "€ 12,50": a tick label. */
export function euroTick(cents: number): string {
  const whole = Math.round(cents);
  return whole % 100 === 0 ? `€ ${formatNumber(whole / 100)}` : formatCents(whole);
}

export function BarChart(props: {
  title: string;
  description: string;
  bars: readonly Bar[];
  series: readonly BarSeries[];
  table: ChartTable;
  testId?: string;
}) {
  const { width, height, margin } = CHART_SIZE;
  const x = scaleBand<string>()
    .domain(props.bars.map((b) => b.label))
    .range([margin.left, width - margin.right])
    .padding(0.25);
  let max = 0;
  let min = 0;
  for (const bar of props.bars) {
    let up = 0;
    let down = 0;
    for (const value of bar.segments) {
      if (value >= 0) up += value;
      else down += value;
    }
    max = Math.max(max, up);
    min = Math.min(min, down);
  }
  if (max === min) max = min + 100;
  const y = scaleLinear()
    .domain([min, max])
    .nice()
    .range([height - margin.bottom, margin.top]);
  return (
    <ChartFigure
      title={props.title}
      description={props.description}
      table={props.table}
      legend={props.series.length > 1 ? props.series : undefined}
      testId={props.testId}
    >
      <YAxis scale={y} format={euroTick} />
      <g className="chart-bars">
        {props.bars.map((bar) => {
          let up = 0;
          let down = 0;
          return (
            <g key={bar.label}>
              {bar.segments.map((value, i) => {
                const start = value >= 0 ? up : down;
                const end = start + value;
                if (value >= 0) up = end;
                else down = end;
                const top = y(Math.max(start, end));
                const bottom = y(Math.min(start, end));
                return (
                  <rect
                    key={props.series[i]?.label ?? i}
                    x={x(bar.label)}
                    width={x.bandwidth()}
                    y={top}
                    height={Math.max(0, bottom - top)}
                    className={props.series[i]?.className ?? "chart-series-1"}
                  />
                );
              })}
            </g>
          );
        })}
      </g>
      <line
        x1={margin.left}
        x2={width - margin.right}
        y1={y(0)}
        y2={y(0)}
        className="chart-zero"
        stroke="currentColor"
        aria-hidden="true"
      />
      <XAxis labels={props.bars.map((b) => b.label)} at={(label) => (x(label) ?? 0) + x.bandwidth() / 2} />
    </ChartFigure>
  );
}
