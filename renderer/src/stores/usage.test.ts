/** The usage store's split choice: asked of the server, kept across ranges, and dropped again. */
import { describe, expect, it } from 'vitest';
import type { UsageSeries, UsageSummary } from '../../../core/shared/usage.js';
import { fakeConnection, ok, ZERO_TOTALS } from '../testing/fake-connection';
import { createUsageStore } from './usage';

const totals = ZERO_TOTALS;

/** Echoes the request's split back, with one group when there is one. */
function usageAnswers() {
  return fakeConnection({
    'usage.series': (req) => {
      const { from, to, bucket, by } = req as Pick<UsageSeries, 'from' | 'to' | 'bucket' | 'by'>;
      const points = [{ t: from, ...totals, requests: 2 }];
      const series: UsageSeries = { from, to, bucket, points };
      return ok(by === undefined ? series : { ...series, by, groups: [{ key: 'oa', points }] });
    },
    'usage.summary': (req) => {
      const { from, to, by } = req as Pick<UsageSummary, 'from' | 'to' | 'by'>;
      return ok<UsageSummary>({ from, to, by, rows: [], totals });
    },
  });
}

const seriesCalls = (fake: ReturnType<typeof fakeConnection>) =>
  fake.calls.filter(([method]) => method === 'usage.series').map(([, req]) => req);

describe('usage store split', () => {
  it('starts with the total, asks by a dimension once one is picked, and keeps it across ranges', async () => {
    const now = 100 * 86_400_000;
    const fake = usageAnswers();
    const usage = createUsageStore(fake.connection, () => now);
    await usage.getState().load();
    expect(usage.getState().split).toBe('total');
    expect(seriesCalls(fake)[0]).not.toHaveProperty('by');
    expect(usage.getState().data?.series.groups).toBeUndefined();

    await usage.getState().setSplit('provider');
    expect(usage.getState().split).toBe('provider');
    expect(seriesCalls(fake)[1]).toMatchObject({ bucket: 'hour', by: 'provider' });
    expect(usage.getState().data?.series.groups?.map((group) => group.key)).toEqual(['oa']);

    await usage.getState().setRange('30d');
    expect(seriesCalls(fake)[2]).toEqual({
      from: now - 30 * 86_400_000,
      to: now + 60_000,
      bucket: 'day',
      by: 'provider',
    });

    await usage.getState().setSplit('total');
    expect(seriesCalls(fake)[3]).not.toHaveProperty('by');
    expect(usage.getState().data?.series.groups).toBeUndefined();
  });

  it('keeps the choice when the split series fails, and shows the error', async () => {
    const fake = usageAnswers();
    const usage = createUsageStore(fake.connection, () => 0);
    fake.answers['usage.series'] = () => ({
      ok: false,
      error: { code: 'internal', message: 'ledger busy' },
    });
    await usage.getState().setSplit('combo');
    expect(usage.getState()).toMatchObject({ split: 'combo', error: 'ledger busy' });
  });
});
