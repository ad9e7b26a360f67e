// @vitest-environment happy-dom
/** The Usage view in a DOM: the "Split by" buttons ask for a split and the charts turn into stacks with a legend. */
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { strings } from '../../../core/shared/strings/dashboard.js';
import type { UsagePoint, UsageSeries, UsageSummary } from '../../../core/shared/usage.js';
import { fakeConnection, ok, ZERO_TOTALS } from '../testing/fake-connection';
import { flushDom, mountWithStores, unmountAll } from '../testing/mount';
import { Usage } from './Usage';

const totals = ZERO_TOTALS;
const point = (t: number, input: number): UsagePoint => ({ ...totals, t, requests: 1, input });

afterEach(unmountAll);

async function renderUsage() {
  const fake = fakeConnection({
    'usage.series': (req) => {
      const { from, to, bucket, by } = req as Pick<UsageSeries, 'from' | 'to' | 'bucket' | 'by'>;
      const series: UsageSeries = { from, to, bucket, points: [point(0, 30), point(3_600_000, 5)] };
      if (by === undefined) return ok(series);
      return ok<UsageSeries>({
        ...series,
        by,
        groups: [
          { key: 'oa', points: [point(0, 20), point(3_600_000, 5)] },
          { key: '', points: [point(0, 6), point(3_600_000, 0)] },
          { key: null, points: [point(0, 4), point(3_600_000, 0)] },
        ],
      });
    },
    'usage.summary': (req) => {
      const { from, to, by } = req as Pick<UsageSummary, 'from' | 'to' | 'by'>;
      return ok<UsageSummary>({ from, to, by, rows: [], totals });
    },
  });
  const { stores, view } = await mountWithStores(fake.connection, <Usage />);
  return { fake, stores, view };
}

const splitButton = (view: HTMLElement, label: string) =>
  [...view.querySelectorAll<HTMLButtonElement>('.chart-split button')].find(
    (button) => button.textContent === label,
  );

describe('Usage view split', () => {
  it('draws the total, then stacks by the picked dimension with a legend naming every group', async () => {
    const { fake, stores, view } = await renderUsage();
    const group = view.querySelector('.chart-split [role="group"]');
    expect(
      view.querySelector(`#${group?.getAttribute('aria-labelledby') ?? ''}`)?.textContent,
    ).toBe(strings.usage.split);
    expect(splitButton(view, 'Total')?.getAttribute('aria-pressed')).toBe('true');
    const keys = () => [...view.querySelectorAll('.chart__key')].map((key) => key.textContent);
    expect(keys()).toEqual(['Tokens', 'Cost', 'API value']);

    await act(async () => splitButton(view, 'Provider')?.click());
    await flushDom();
    const seriesCalls = fake.calls.filter(([method]) => method === 'usage.series');
    expect(seriesCalls.at(-1)?.[1]).toMatchObject({ by: 'provider' });
    expect(splitButton(view, 'Provider')?.getAttribute('aria-pressed')).toBe('true');
    expect(stores.usage.getState().split).toBe('provider');
    // Tokens chart, then the cost chart (each group once, though it has a cost and a value bar).
    expect(keys()).toEqual(['oa', '(no provider)', 'Other', 'oa', '(no provider)', 'Other']);
    const titles = [...view.querySelectorAll('svg[role="img"] rect > title')].map(
      (title) => title.textContent ?? '',
    );
    expect(titles.filter((title) => title.includes('oa: '))).toHaveLength(2);
    expect(titles.some((title) => title.includes('Other: 4'))).toBe(true);
    expect(view.textContent).toContain(strings.usage.costPairNote);
    expect(view.textContent).toContain(strings.usage.apiValueHint);
  });
});
