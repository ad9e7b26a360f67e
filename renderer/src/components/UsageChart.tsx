/**
 * Bars over time in plain SVG. Each series is its own bar per bucket, side by
 * side, unless series share a `stack`: those pile up into one bar, in order.
 * The SVG carries a title and a summary; each bar has its own title naming
 * its series and value, so nothing is told by colour alone.
 */
import { useId } from 'react';

export interface ChartSeries {
  /** The legend's name; series that share a name share one legend entry. */
  name: string;
  className: string;
  values: number[];
  /** Series with the same stack pile up in one bar per bucket. */
  stack?: string;
  /** What a bar's title calls the series, when the legend name alone is not enough. */
  barName?: string;
}

export interface UsageChartProps {
  title: string;
  summary: string;
  labels: string[];
  series: ChartSeries[];
  format: (value: number) => string;
  /** A line under the legend, e.g. telling which bar of a pair is which. */
  note?: string;
}

const WIDTH = 300;
const HEIGHT = 90;

export function UsageChart({ title, summary, labels, series, format, note }: UsageChartProps) {
  const id = useId();
  const stacks = stacksOf(series);
  const heights = labels.flatMap((_, index) =>
    stacks.map((members) => members.reduce((sum, one) => sum + (one.values[index] ?? 0), 0)),
  );
  const max = Math.max(0, ...heights);
  const slot = WIDTH / Math.max(1, labels.length);
  const barWidth = Math.max(1, (slot * 0.8) / Math.max(1, stacks.length));
  const scale = (value: number) => (max === 0 ? 0 : (value / max) * (HEIGHT - 4));
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <line className="chart__axis" x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} />
        {labels.map((label, index) =>
          stacks.map((members, which) => {
            let base = 0;
            return members.map((one) => {
              const value = one.values[index] ?? 0;
              // An empty piece of a stack has nothing to point at; a lone bar keeps its slot.
              if (value === 0 && one.stack !== undefined) return null;
              const height = scale(value);
              base += height;
              return (
                <rect
                  key={`${index}-${series.indexOf(one)}`}
                  className={one.className}
                  x={index * slot + slot * 0.1 + which * barWidth}
                  y={HEIGHT - base}
                  width={barWidth}
                  height={height}
                >
                  <title>{`${label} · ${one.barName ?? one.name}: ${format(value)}`}</title>
                </rect>
              );
            });
          }),
        )}
      </svg>
      <figcaption className="chart__legend small">
        <span className="muted">{title}</span>
        {legendOf(series).map((one) => (
          <span key={one.name} className="chart__key">
            <svg viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">
              <rect className={one.className} width="10" height="10" rx="2" />
            </svg>
            {one.name}
          </span>
        ))}
        {note !== undefined && <span className="chart__note muted">{note}</span>}
      </figcaption>
    </figure>
  );
}

/** Series grouped into bars, in the order each stack first appears. */
function stacksOf(series: readonly ChartSeries[]): ChartSeries[][] {
  const byStack = new Map<string, ChartSeries[]>();
  const out: ChartSeries[][] = [];
  for (const one of series) {
    const members = one.stack === undefined ? undefined : byStack.get(one.stack);
    if (members !== undefined) {
      members.push(one);
      continue;
    }
    const fresh = [one];
    if (one.stack !== undefined) byStack.set(one.stack, fresh);
    out.push(fresh);
  }
  return out;
}

function legendOf(series: readonly ChartSeries[]): ChartSeries[] {
  const seen = new Set<string>();
  return series.filter((one) => {
    if (seen.has(one.name)) return false;
    seen.add(one.name);
    return true;
  });
}
