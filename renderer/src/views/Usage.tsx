/** Usage over 24 h, 7 d or 30 d: totals, charts over time and breakdown tables. */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { UsageTotals } from '../../../core/shared/usage.js';
import { BreakdownTable } from '../components/BreakdownTable';
import { ErrorBanner } from '../components/ErrorBanner';
import { UsageChart } from '../components/UsageChart';
import { formatTokens, formatUsd } from '../format';
import { POLL_MS } from '../stores';
import { BREAKDOWNS, USAGE_RANGES, type UsageData } from '../stores/usage';
import { strings } from '../strings';
import { useStores } from './context';

export function Usage() {
  const { usage } = useStores();
  const range = useStore(usage, (state) => state.range);
  const data = useStore(usage, (state) => state.data);
  const error = useStore(usage, (state) => state.error);
  const load = useStore(usage, (state) => state.load);
  const setRange = useStore(usage, (state) => state.setRange);

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
      {data !== undefined && <Charts data={data} range={range} />}
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

function Charts({ data, range }: { data: UsageData; range: string }) {
  const points = data.series.points;
  const labels = points.map((point) =>
    data.series.bucket === 'hour'
      ? new Date(point.t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
      : new Date(point.t).toLocaleDateString([], { month: 'short', day: 'numeric' }),
  );
  const tokens = points.map((point) => point.input + point.output);
  const totalTokens = tokens.reduce((sum, value) => sum + value, 0);
  const totalValue = points.reduce((sum, point) => sum + point.apiValueUsd, 0);
  return (
    <section className="card charts" aria-label={range}>
      <UsageChart
        title={strings.usage.chartTokens}
        summary={strings.usage.chartSummary(points.length, formatTokens(totalTokens))}
        labels={labels}
        series={[{ name: strings.usage.tokens, className: 'bar bar--tokens', values: tokens }]}
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
    </section>
  );
}
