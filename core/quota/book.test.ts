import { describe, expect, it } from 'vitest';
import type { QuotaAlert, QuotaWindow } from '../shared/quota.js';
import { QuotaBook, type WindowReset } from './book.js';
import { MemoryQuotaStore } from './store.js';

const HOUR = 3_600_000;
const START = 1_800_000_000_000;

function setup(store = new MemoryQuotaStore()) {
  const clock = { now: START };
  const book = new QuotaBook({
    store,
    prefixOf: (id) => id.split(':')[0] ?? id,
    now: () => clock.now,
  });
  const alerts: QuotaAlert[] = [];
  const resets: WindowReset[] = [];
  book.on('alert', (alert) => alerts.push(alert));
  book.on('window-reset', (reset) => resets.push(reset));
  return { book, store, clock, alerts, resets };
}

function endpoint(
  usedPercent: number,
  observedAt: number,
  resetsAt: number,
  id = 'five_hour',
): QuotaWindow {
  return {
    id,
    label: id,
    kind: id === 'five_hour' ? 'five_hour' : 'weekly',
    usedPercent,
    resetsAt,
    source: 'usage-endpoint',
    observedAt,
    estimated: false,
  };
}

const ok = (at: number) => ({ at, ok: true });

describe('QuotaBook', () => {
  it('merges polls, headers and local estimates, measured first', () => {
    const { book, clock } = setup();
    book.observeLocal('cc:1', [
      {
        id: 'five_hour',
        label: '5-hour (estimated)',
        kind: 'five_hour',
        usedPercent: 5,
        source: 'local',
        observedAt: clock.now,
        estimated: true,
      },
    ]);
    expect(book.usedFraction('cc:1')).toBe(0.05);
    book.observePoll('cc:1', [endpoint(40, clock.now, clock.now + HOUR)], ok(clock.now));
    expect(book.windows('cc:1')).toEqual([
      expect.objectContaining({ source: 'usage-endpoint', usedPercent: 40 }),
    ]);
    clock.now += 1000;
    book.observeHeaders('cc:1', 'cc', {
      'anthropic-ratelimit-unified-5h-utilization': '0.5',
      'anthropic-ratelimit-unified-5h-reset': String((START + HOUR) / 1000),
    });
    expect(book.usedFraction('cc:1')).toBe(0.5);
    expect(book.overStop('cc:1', 50)).toBe(true);
    expect(book.overStop('cc:1', 60)).toBe(false);
    expect(book.accounts()).toEqual([
      {
        accountId: 'cc:1',
        prefix: 'cc',
        windows: [expect.objectContaining({ source: 'headers' })],
        poll: ok(START),
      },
    ]);
  });

  it('ignores headers of providers that carry no quota in them', () => {
    const { book } = setup();
    book.observeHeaders('openai:1', 'openai', { 'x-ratelimit-remaining-requests': '1' });
    expect(book.accounts()).toEqual([]);
    expect(book.usedFraction('openai:1')).toBeUndefined();
    expect(book.overStop('openai:1', 1)).toBe(false);
  });

  it('keeps the windows when a poll fails, and replaces them when one succeeds', () => {
    const { book, clock } = setup();
    book.observePoll(
      'cx:1',
      [
        endpoint(10, clock.now, clock.now + HOUR),
        endpoint(20, clock.now, clock.now + 100 * HOUR, 'weekly'),
      ],
      ok(clock.now),
    );
    book.observePoll(
      'cx:1',
      { error: 'HTTP 500' },
      { at: clock.now, ok: false, error: 'HTTP 500' },
    );
    expect(book.windows('cx:1')).toHaveLength(2);
    expect(book.pollStatus('cx:1')).toMatchObject({ ok: false });
    book.observePoll('cx:1', [endpoint(11, clock.now, clock.now + HOUR)], ok(clock.now));
    expect(book.windows('cx:1').map((w) => w.id)).toEqual(['five_hour']);
  });

  it('alerts once per crossing across sources, and raises window-reset when a poll shows the reset', () => {
    const { book, clock, alerts, resets } = setup();
    const reset1 = START + HOUR;
    book.observePoll('cc:1', [endpoint(85, clock.now, reset1)], ok(clock.now));
    book.observeHeaders('cc:1', 'cc', {
      'anthropic-ratelimit-unified-5h-utilization': '0.85',
      'anthropic-ratelimit-unified-5h-reset': String(reset1 / 1000),
    });
    book.observePoll('cc:1', [endpoint(100, clock.now, reset1)], ok(clock.now));
    book.observePoll('cc:1', [endpoint(100, clock.now, reset1)], ok(clock.now));
    expect(alerts.map((a) => a.type)).toEqual(['threshold', 'exhausted']);
    expect(resets).toEqual([]);
    clock.now = reset1 + 1000;
    book.observePoll('cc:1', [endpoint(2, clock.now, reset1 + 5 * HOUR)], ok(clock.now));
    expect(alerts.map((a) => a.type)).toEqual(['threshold', 'exhausted', 'reset']);
    expect(resets).toEqual([{ accountId: 'cc:1', windowId: 'five_hour' }]);
  });

  it('raises window-reset for a new window even when nothing had alerted', () => {
    const { book, clock, alerts, resets } = setup();
    book.observePoll('cx:1', [endpoint(30, clock.now, START + HOUR)], ok(clock.now));
    clock.now += 2 * HOUR;
    book.observePoll('cx:1', [endpoint(0, clock.now, clock.now + 5 * HOUR)], ok(clock.now));
    expect(resets).toEqual([{ accountId: 'cx:1', windowId: 'five_hour' }]);
    expect(alerts).toEqual([]);
  });

  it('restores from the store without alerting again', () => {
    const first = setup();
    first.book.observePoll('cc:1', [endpoint(96, START, START + HOUR)], ok(START));
    expect(first.alerts).toHaveLength(1);
    const second = setup(first.store);
    expect(second.book.usedFraction('cc:1')).toBe(0.96);
    expect(second.book.pollStatus('cc:1')).toEqual(ok(START));
    second.book.observePoll('cc:1', [endpoint(96, START + 5, START + HOUR)], ok(START + 5));
    expect(second.alerts).toEqual([]);
    second.book.forget('cc:1');
    expect(second.store.loadAll().size).toBe(0);
  });

  it('treats a passed reset time as a reset until polled again', () => {
    const { book, clock } = setup();
    book.observePoll('cc:1', [endpoint(100, clock.now, START + HOUR)], ok(clock.now));
    expect(book.overStop('cc:1', 100)).toBe(true);
    clock.now = START + HOUR;
    expect(book.overStop('cc:1', 100)).toBe(false);
    expect(book.windows('cc:1')[0]).toMatchObject({ usedPercent: 0, resetPassed: true });
  });
});
