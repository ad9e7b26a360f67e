/**
 * Bars over time in plain SVG: one series per chart, or two side by side per bucket.
 * The SVG carries a title and a summary; each bar has its own title for pointer users.
 */
import { useId } from 'react';

export interface ChartSeries {
  name: string;
  className: string;
  values: number[];
}

export interface UsageChartProps {
  title: string;
  summary: string;
  labels: string[];
  series: ChartSeries[];
  format: (value: number) => string;
}

const WIDTH = 300;
const HEIGHT = 90;

export function UsageChart({ title, summary, labels, series, format }: UsageChartProps) {
  const id = useId();
  const max = Math.max(0, ...series.flatMap((one) => one.values));
  const slot = WIDTH / Math.max(1, labels.length);
  const barWidth = Math.max(1, (slot * 0.8) / Math.max(1, series.length));
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
          series.map((one, which) => {
            const value = one.values[index] ?? 0;
            const height = max === 0 ? 0 : (value / max) * (HEIGHT - 4);
            return (
              <rect
                key={`${index}-${which}`}
                className={one.className}
                x={index * slot + slot * 0.1 + which * barWidth}
                y={HEIGHT - height}
                width={barWidth}
                height={height}
              >
                <title>{`${label} · ${one.name}: ${format(value)}`}</title>
              </rect>
            );
          }),
        )}
      </svg>
      <figcaption className="chart__legend small">
        <span className="muted">{title}</span>
        {series.map((one) => (
          <span key={one.name} className="chart__key">
            <svg viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">
              <rect className={one.className} width="10" height="10" rx="2" />
            </svg>
            {one.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
