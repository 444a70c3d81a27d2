/**
 * Cumulative cost per choice over the school years (issue 14 §2 and §5): for each choice a line
 * of what has been spent incl. VAT up to and including each school year, and under it, in the
 * same colour but lighter, the band between that and the amount excl. VAT — the VAT part. Scales
 * and shapes come from d3-scale / d3-shape; the frame (caption, accessible SVG, the figures as a
 * table) is ChartFigure's. The amounts arrive as plain decimal strings; they become numbers only
 * for the geometry, never for a figure shown.
 */
import { scaleLinear, scalePoint } from "d3-scale";
import { area, line } from "d3-shape";
import { Decimal } from "~/modules/money/decimal";
import { formatEuro, formatNumber } from "~/modules/format";
import { CHART_SIZE, ChartFigure, XAxis, YAxis } from "./chart-figure";

export interface CumulativeSeries {
  label: string;
  /** Per school year: cumulative amounts, formatted and as plain decimals ("1234.56"). */
  points: { net: string; vat: string; gross: string; rawNet: string; rawGross: string }[];
}

/** Series colours of styles.css (.chart-series-1 …); a sixth choice takes the first colour again. */
const SERIES_CLASSES = ["chart-series-1", "chart-series-2", "chart-series-3", "chart-series-4", "chart-series-5"];
const seriesClass = (i: number) => SERIES_CLASSES[i % SERIES_CLASSES.length]!;

function euroTick(value: number): string {
  return Number.isInteger(value) ? `€ ${formatNumber(value)}` : formatEuro(new Decimal(value));
}

export function CumulativeCostChart(props: {
  title: string;
  /** X-axis labels, one per school year ("jaar 1"). */
  years: readonly string[];
  series: readonly CumulativeSeries[];
  testId?: string;
}) {
  const { width, height, margin } = CHART_SIZE;
  const x = scalePoint<string>()
    .domain(props.years)
    .range([margin.left, width - margin.right])
    .padding(0.5);
  const max = Math.max(0, ...props.series.flatMap((s) => s.points.map((p) => Number(p.rawGross))));
  const y = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice()
    .range([height - margin.bottom, margin.top]);
  type Point = CumulativeSeries["points"][number] & { year: string };
  const xOf = (p: Point) => x(p.year) ?? 0;
  const vatBand = area<Point>()
    .x(xOf)
    .y0((p) => y(Number(p.rawNet)))
    .y1((p) => y(Number(p.rawGross)));
  const grossLine = line<Point>()
    .x(xOf)
    .y((p) => y(Number(p.rawGross)));
  const last = props.years.length - 1;
  const description =
    `Wat elke keuze tot en met elk schooljaar samen kost, inclusief btw; het lichtere vlak onder elke lijn is het btw-deel. ` +
    `Na ${props.years.length === 1 ? "1 schooljaar" : `${props.years.length} schooljaren`}: ` +
    props.series
      .map((s) => `${s.label} ${s.points[last]?.gross ?? "—"} (waarvan ${s.points[last]?.vat ?? "—"} btw)`)
      .join("; ") +
    ".";
  return (
    <ChartFigure
      title={props.title}
      description={description}
      testId={props.testId}
      legend={props.series.map((s, i) => ({ label: s.label, className: seriesClass(i) }))}
      table={{
        columns: ["Schooljaar", ...props.series.flatMap((s) => [`${s.label}: incl. btw`, `${s.label}: waarvan btw`])],
        rows: props.years.map((year, i) => [
          year,
          ...props.series.flatMap((s) => [s.points[i]?.gross ?? "—", s.points[i]?.vat ?? "—"]),
        ]),
      }}
    >
      <YAxis scale={y} format={euroTick} />
      <XAxis labels={props.years} at={(label) => x(label) ?? 0} />
      {props.series.map((s, i) => {
        const points: Point[] = s.points.map((p, j) => ({ ...p, year: props.years[j]! }));
        return (
          <g key={s.label} className={seriesClass(i)} aria-hidden="true">
            <path className="chart-vat chart-vat-band" d={vatBand(points) ?? undefined} />
            <path className="chart-line" d={grossLine(points) ?? undefined} />
            {points.map((p) => (
              <circle key={p.year} cx={xOf(p)} cy={y(Number(p.rawGross))} r={3.5} />
            ))}
          </g>
        );
      })}
    </ChartFigure>
  );
}
