/** Usage over 24 h, 7 d or 30 d: totals, charts over time (whole or split) and breakdown tables. */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { strings } from '../../../core/shared/strings/dashboard.js';
import type { UsagePoint, UsageSeriesGroup, UsageTotals } from '../../../core/shared/usage.js';
import { BreakdownTable } from '../components/BreakdownTable';
import { ErrorBanner } from '../components/ErrorBanner';
import { UsageChart, type ChartSeries } from '../components/UsageChart';
import { formatTokens, formatUsd } from '../format';
import { POLL_MS } from '../stores';
import {
  BREAKDOWNS,
  SERIES_SPLITS,
  USAGE_RANGES,
  type SeriesSplit,
  type UsageData,
} from '../stores/usage';
import { useStores } from './context';

export function Usage() {
  const { usage } = useStores();
  const range = useStore(usage, (state) => state.range);
  const data = useStore(usage, (state) => state.data);
  const error = useStore(usage, (state) => state.error);
  const load = useStore(usage, (state) => state.load);
  const setRange = useStore(usage, (state) => state.setRange);
  const split = useStore(usage, (state) => state.split);
  const setSplit = useStore(usage, (state) => state.setSplit);

  // Usage is only fetched while this view is open: it is the heaviest query of the set.
  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [load]);

  return (
    <>
      <section className="card" aria-labelledby="usage-heading">
        <div className="row">
          <h2 id="usage-heading">{strings.usage.heading}</h2>
          <div className="segmented" role="group" aria-label={strings.usage.range}>
            {USAGE_RANGES.map((option) => (
              <button
                key={option}
                type="button"
                className="segmented__item"
                aria-pressed={option === range}
                aria-label={strings.usage.ranges[option]}
                onClick={() => void setRange(option)}
              >
                {strings.usage.rangeShort[option]}
              </button>
            ))}
          </div>
        </div>
        {error !== undefined && <ErrorBanner message={error} onRetry={() => void load()} />}
        {data === undefined ? (
          <p className="muted small">{strings.loading}</p>
        ) : (
          <Totals totals={data.by.provider.totals} />
        )}
      </section>
      {data !== undefined && (
        <section className="card" aria-label={strings.usage.ranges[range]}>
          <SplitPicker split={split} onPick={(choice) => void setSplit(choice)} />
          <Charts data={data} />
        </section>
      )}
      {data !== undefined &&
        BREAKDOWNS.map((by) => (
          <BreakdownTable
            key={by}
            caption={strings.usage.breakdown[by]}
            groupLabel={strings.usage.group[by]}
            rows={data.by[by].rows}
            emptyGroup={strings.usage.noCombo}
          />
        ))}
    </>
  );
}

function Totals({ totals }: { totals: UsageTotals }) {
  const items: [string, string, string | undefined][] = [
    [strings.usage.requests, String(totals.requests), undefined],
    [strings.usage.tokens, formatTokens(totals.input + totals.output), undefined],
    [strings.usage.cost, formatUsd(totals.costUsd), strings.usage.costHint],
    [strings.usage.apiValue, formatUsd(totals.apiValueUsd), strings.usage.apiValueHint],
    [
      strings.usage.savings,
      formatUsd(Math.max(0, totals.apiValueUsd - totals.costUsd)),
      strings.usage.savingsHint,
    ],
  ];
  return (
    <dl className="totals" aria-label={strings.usage.totals}>
      {items.map(([label, value, hint]) => (
        <div key={label} className="totals__item">
          <dt>{label}</dt>
          <dd data-total={label}>{value}</dd>
          {hint !== undefined && <dd className="muted small">{hint}</dd>}
        </div>
      ))}
    </dl>
  );
}

function SplitPicker({
  split,
  onPick,
}: {
  split: SeriesSplit;
  onPick: (split: SeriesSplit) => void;
}) {
  return (
    <div className="chart-split">
      <span className="muted small" id="usage-split-label">
        {strings.usage.split}
      </span>
      <div className="segmented" role="group" aria-labelledby="usage-split-label">
        {SERIES_SPLITS.map((option) => (
          <button
            key={option}
            type="button"
            className="segmented__item"
            aria-pressed={option === split}
            onClick={() => onPick(option)}
          >
            {strings.usage.splits[option]}
          </button>
        ))}
      </div>
    </div>
  );
}

const tokensOf = (point: UsagePoint) => point.input + point.output;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Whole series as plain bars; a split series (as answered, whatever is picked now) as stacks. */
function Charts({ data }: { data: UsageData }) {
  const { points, bucket, by, groups } = data.series;
  const labels = points.map((point) =>
    bucket === 'hour'
      ? new Date(point.t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      : new Date(point.t).toLocaleDateString([], { month: 'short', day: 'numeric' }),
  );
  const totalTokens = sum(points.map(tokensOf));
  const totalValue = sum(points.map((point) => point.apiValueUsd));
  if (by !== undefined && groups !== undefined) {
    const named = groups.map((group, index) => ({
      group,
      name: groupName(group, by),
      className: `bar bar--${group.key === null ? 'other' : `group-${index + 1}`}`,
    }));
    const names = named.map((one) => one.name);
    const dimension = strings.usage.splits[by].toLowerCase();
    return (
      <div className="charts">
        <UsageChart
          title={strings.usage.chartTokens}
          summary={strings.usage.chartSplitSummary(
            points.length,
            formatTokens(totalTokens),
            dimension,
            names,
          )}
          labels={labels}
          series={named.map(({ group, name, className }): ChartSeries => ({
            name,
            className,
            stack: 'tokens',
            values: group.points.map(tokensOf),
          }))}
          format={formatTokens}
        />
        <UsageChart
          title={strings.usage.chartCost}
          summary={strings.usage.chartSplitSummary(
            points.length,
            formatUsd(totalValue),
            dimension,
            names,
          )}
          labels={labels}
          series={[
            ...named.map(({ group, name, className }): ChartSeries => ({
              name,
              className,
              stack: 'cost',
              barName: strings.usage.barName(name, strings.usage.cost),
              values: group.points.map((point) => point.costUsd),
            })),
            ...named.map(({ group, name, className }): ChartSeries => ({
              name,
              className: `${className} bar--faded`,
              stack: 'value',
              barName: strings.usage.barName(name, strings.usage.apiValue),
              values: group.points.map((point) => point.apiValueUsd),
            })),
          ]}
          format={formatUsd}
          note={strings.usage.costPairNote}
        />
      </div>
    );
  }
  return (
    <div className="charts">
      <UsageChart
        title={strings.usage.chartTokens}
        summary={strings.usage.chartSummary(points.length, formatTokens(totalTokens))}
        labels={labels}
        series={[
          {
            name: strings.usage.tokens,
            className: 'bar bar--tokens',
            values: points.map(tokensOf),
          },
        ]}
        format={formatTokens}
      />
      <UsageChart
        title={strings.usage.chartCost}
        summary={strings.usage.chartSummary(points.length, formatUsd(totalValue))}
        labels={labels}
        series={[
          {
            name: strings.usage.cost,
            className: 'bar bar--cost',
            values: points.map((point) => point.costUsd),
          },
          {
            name: strings.usage.apiValue,
            className: 'bar bar--value',
            values: points.map((point) => point.apiValueUsd),
          },
        ]}
        format={formatUsd}
      />
    </div>
  );
}

function groupName(group: UsageSeriesGroup, by: keyof typeof strings.usage.emptyGroup): string {
  if (group.key === null) return strings.usage.otherGroup;
  return group.key === '' ? strings.usage.emptyGroup[by] : group.key;
}
