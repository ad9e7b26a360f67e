/**
 * Usage over a chosen range: totals, a time series (whole, or split by
 * provider, model or combo), and breakdowns by provider, model and combo.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { UsageSeries, UsageSplit, UsageSummary } from '../../../core/shared/usage.js';
import type { ManagementConnection } from '../client/http';
import { errorText, newestOnly } from './shared';

export type UsageRange = '24h' | '7d' | '30d';
export const USAGE_RANGES: readonly UsageRange[] = ['24h', '7d', '30d'];
export type Breakdown = 'provider' | 'model' | 'combo';
export const BREAKDOWNS: readonly Breakdown[] = ['provider', 'model', 'combo'];
/** How the charts over time are drawn: one total, or stacked by a dimension. */
export type SeriesSplit = 'total' | UsageSplit;
export const SERIES_SPLITS: readonly SeriesSplit[] = ['total', 'provider', 'model', 'combo'];

const HOUR = 3_600_000;
const RANGE_SPAN: Record<UsageRange, { span: number; bucket: 'hour' | 'day' }> = {
  '24h': { span: 24 * HOUR, bucket: 'hour' },
  '7d': { span: 7 * 24 * HOUR, bucket: 'day' },
  '30d': { span: 30 * 24 * HOUR, bucket: 'day' },
};

export interface UsageData {
  series: UsageSeries;
  by: Record<Breakdown, UsageSummary>;
}

export interface UsageState {
  range: UsageRange;
  /** Kept for as long as the dashboard is open, across views. */
  split: SeriesSplit;
  data: UsageData | undefined;
  error: string | undefined;
  load(): Promise<void>;
  setRange(range: UsageRange): Promise<void>;
  setSplit(split: SeriesSplit): Promise<void>;
}

export type UsageStore = StoreApi<UsageState>;

/** The range ends a minute ahead, so a request recorded while the page loads still counts. */
export function rangeWindow(range: UsageRange, now: number) {
  const { span, bucket } = RANGE_SPAN[range];
  return { from: now - span, to: now + 60_000, bucket };
}

export function createUsageStore(client: ManagementConnection, now: () => number): UsageStore {
  const ticket = newestOnly();
  return createStore<UsageState>()((set, get) => ({
    range: '24h',
    split: 'total',
    data: undefined,
    error: undefined,
    async load() {
      const current = ticket();
      const { range, split } = get();
      const { from, to, bucket } = rangeWindow(range, now());
      const [series, provider, model, combo] = await Promise.all([
        client['usage.series']({ from, to, bucket, ...(split === 'total' ? {} : { by: split }) }),
        client['usage.summary']({ from, to, by: 'provider' }),
        client['usage.summary']({ from, to, by: 'model' }),
        client['usage.summary']({ from, to, by: 'combo' }),
      ]);
      if (!current()) return;
      for (const result of [series, provider, model, combo]) {
        if (!result.ok) {
          set({ error: errorText(result.error) });
          return;
        }
      }
      if (series.ok && provider.ok && model.ok && combo.ok) {
        set({
          data: {
            series: series.value,
            by: { provider: provider.value, model: model.value, combo: combo.value },
          },
          error: undefined,
        });
      }
    },
    async setRange(range) {
      set({ range });
      await get().load();
    },
    async setSplit(split) {
      set({ split });
      await get().load();
    },
  }));
}
