import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestRecord, UsageGroupBy, UsageTotals } from '../shared/usage.js';
import { openUsageDatabase } from './database.js';
import { UsageQueries, UsageQueryError, planRange } from './queries.js';
import { pruneRequests } from './retention.js';
import { DAY_MS, HOUR_MS, utcDay } from './time.js';
import { createRecordWriter, isErrorRecord } from './writer.js';

const DAY0 = Date.UTC(2026, 2, 1);
let dir: string;
let db: Database.Database;
let queries: UsageQueries;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sy-usage-queries-'));
  db = openUsageDatabase(dir).db;
  queries = new UsageQueries(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function rec(over: Partial<RequestRecord> & { at: number }): RequestRecord {
  return {
    requestId: `r-${over.at}`,
    inbound: 'openai-chat',
    requested: 'auto',
    prefix: 'claude',
    accountId: 'claude-1',
    model: 'claude-sonnet-4-5',
    status: 200,
    outcome: 'completed',
    latencyMs: 500,
    input: 100,
    output: 50,
    cacheRead: 0,
    cacheWrite: 0,
    reasoning: 0,
    estimated: false,
    costUsd: 0,
    apiValueUsd: 0,
    ...over,
  };
}

/** A small deterministic PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function scripted(n: number, days: number): RequestRecord[] {
  const random = prng(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const accounts = [
    { prefix: 'claude', accountId: 'claude-1' },
    { prefix: 'claude', accountId: 'claude-2' },
    { prefix: 'openai', accountId: 'openai-1' },
  ];
  const out: RequestRecord[] = [];
  for (let i = 0; i < n; i += 1) {
    const account = pick(accounts);
    const combo = pick(['', 'coding', 'cheap']);
    const keyId = pick(['', 'k1', 'k2']);
    const failed = random() < 0.1;
    out.push(
      rec({
        requestId: `r${i}`,
        at: DAY0 + Math.floor(random() * days * DAY_MS),
        ...account,
        model: pick(['m-a', 'm-b']),
        ...(combo === '' ? {} : { combo }),
        ...(keyId === '' ? {} : { keyId }),
        inbound: pick(['openai-chat', 'anthropic']),
        status: failed ? pick([429, 500]) : 200,
        outcome: failed ? 'upstream_error' : pick(['completed', 'completed', 'client_aborted']),
        input: Math.floor(random() * 1000),
        output: Math.floor(random() * 500),
        cacheRead: Math.floor(random() * 300),
        cacheWrite: Math.floor(random() * 50),
        reasoning: Math.floor(random() * 20),
        estimated: random() < 0.2,
        costUsd: Math.round(random() * 1000) / 10_000,
        apiValueUsd: Math.round(random() * 1000) / 10_000,
      }),
    );
  }
  return out;
}

/** The reference answer: a plain loop over the records. */
function expectedGroups(
  records: readonly RequestRecord[],
  from: number,
  to: number,
  by: UsageGroupBy,
): Map<string, UsageTotals> {
  const keyOf: Record<UsageGroupBy, (r: RequestRecord) => string> = {
    day: (r) => utcDay(r.at),
    provider: (r) => r.prefix,
    account: (r) => r.accountId,
    model: (r) => r.model,
    combo: (r) => r.combo ?? '',
    key: (r) => r.keyId ?? '',
  };
  const out = new Map<string, UsageTotals>();
  for (const r of records) {
    if (r.at < from || r.at >= to) continue;
    const key = keyOf[by](r);
    const t = out.get(key) ?? {
      requests: 0,
      errors: 0,
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      reasoning: 0,
      estimatedRequests: 0,
      costUsd: 0,
      apiValueUsd: 0,
    };
    t.requests += 1;
    t.errors += isErrorRecord(r) ? 1 : 0;
    t.input += r.input;
    t.output += r.output;
    t.cacheRead += r.cacheRead;
    t.cacheWrite += r.cacheWrite;
    t.reasoning += r.reasoning;
    t.estimatedRequests += r.estimated ? 1 : 0;
    t.costUsd += r.costUsd;
    t.apiValueUsd += r.apiValueUsd;
    out.set(key, t);
  }
  return out;
}

function expectTotalsClose(actual: UsageTotals, expected: UsageTotals): void {
  const { costUsd, apiValueUsd, ...counts } = actual;
  const { costUsd: eCost, apiValueUsd: eValue, ...eCounts } = expected;
  expect(counts).toEqual(eCounts);
  expect(costUsd).toBeCloseTo(eCost, 9);
  expect(apiValueUsd).toBeCloseTo(eValue, 9);
}

describe('planRange', () => {
  it.each([
    ['inside one day', DAY0 + 5, DAY0 + 10, [[DAY0 + 5, DAY0 + 10]], undefined],
    ['exactly one day', DAY0, DAY0 + DAY_MS, [], ['2026-03-01', '2026-03-02']],
    [
      'ragged both ends',
      DAY0 - HOUR_MS,
      DAY0 + 2 * DAY_MS + HOUR_MS,
      [
        [DAY0 - HOUR_MS, DAY0],
        [DAY0 + 2 * DAY_MS, DAY0 + 2 * DAY_MS + HOUR_MS],
      ],
      ['2026-03-01', '2026-03-03'],
    ],
    [
      'across one midnight, no whole day',
      DAY0 - HOUR_MS,
      DAY0 + HOUR_MS,
      [[DAY0 - HOUR_MS, DAY0 + HOUR_MS]],
      undefined,
    ],
  ])('%s', (_name, from, to, raw, days) => {
    const plan = planRange(from, to);
    expect(plan.raw.map((piece) => [piece.from, piece.to])).toEqual(raw);
    expect(plan.days === undefined ? undefined : [plan.days.from, plan.days.to]).toEqual(days);
  });

  it('is open-ended for spend', () => {
    expect(planRange(DAY0 + HOUR_MS, undefined)).toEqual({
      raw: [{ from: DAY0 + HOUR_MS, to: DAY0 + DAY_MS }],
      days: { from: '2026-03-02' },
    });
  });
});

describe('UsageQueries.summary', () => {
  const records = scripted(3000, 10);
  const ranges: [string, number, number][] = [
    ['whole days', DAY0, DAY0 + 10 * DAY_MS],
    ['ragged edges', DAY0 + 3 * HOUR_MS + 17, DAY0 + 7 * DAY_MS + 5 * HOUR_MS + 3],
    ['within one day', DAY0 + 2 * DAY_MS + HOUR_MS, DAY0 + 2 * DAY_MS + 9 * HOUR_MS],
    ['across one midnight', DAY0 + DAY_MS - 7 * HOUR_MS, DAY0 + DAY_MS + 2 * HOUR_MS],
    ['wider than the data', DAY0 - 30 * DAY_MS, DAY0 + 40 * DAY_MS],
  ];
  const groups: UsageGroupBy[] = ['day', 'provider', 'account', 'model', 'combo', 'key'];

  it.each(ranges.flatMap(([name, from, to]) => groups.map((by) => [name, by, from, to] as const)))(
    '%s by %s matches a plain loop over the records',
    (_name, by, from, to) => {
      createRecordWriter(db)(records);
      const summary = queries.summary({ from, to, by });
      const expected = expectedGroups(records, from, to, by);
      expect(summary.rows.map((row) => row.group).sort()).toEqual([...expected.keys()].sort());
      for (const { group, ...totals } of summary.rows) {
        expectTotalsClose(totals, expected.get(group) as UsageTotals);
      }
      const all = expectedGroups(records, from, to, 'provider');
      expect(summary.totals.requests).toBe(
        [...all.values()].reduce((sum, t) => sum + t.requests, 0),
      );
      for (let i = 1; i < summary.rows.length; i += 1) {
        const [a, b] = [summary.rows[i - 1], summary.rows[i]];
        expect((a?.costUsd ?? 0) >= (b?.costUsd ?? 0)).toBe(true);
      }
    },
  );

  it('sorts by cost, then requests, and counts errors and estimates', () => {
    createRecordWriter(db)([
      rec({ at: DAY0 + 1, model: 'cheap', costUsd: 0.01 }),
      rec({ at: DAY0 + 2, model: 'cheap', costUsd: 0.01, status: 429, outcome: 'upstream_error' }),
      rec({ at: DAY0 + 3, model: 'dear', costUsd: 1, estimated: true }),
      rec({ at: DAY0 + 4, model: 'free', outcome: 'client_aborted' }),
      rec({ at: DAY0 + 5, model: 'free2' }),
      rec({ at: DAY0 + 6, model: 'free2' }),
    ]);
    const summary = queries.summary({ from: DAY0, to: DAY0 + DAY_MS, by: 'model' });
    expect(summary.rows.map((r) => [r.group, r.requests, r.errors, r.estimatedRequests])).toEqual([
      ['dear', 1, 0, 1],
      ['cheap', 2, 1, 0],
      ['free2', 2, 0, 0],
      ['free', 1, 1, 0],
    ]);
    expect(summary.totals.requests).toBe(6);
    expect(summary.totals.errors).toBe(2);
    expect(summary.totals.costUsd).toBeCloseTo(1.02, 12);
  });

  it('answers whole old days from the rollup after raw rows are pruned', () => {
    createRecordWriter(db)(records);
    pruneRequests(db, 1, DAY0 + 20 * DAY_MS);
    const summary = queries.summary({ from: DAY0, to: DAY0 + 10 * DAY_MS, by: 'account' });
    expect(summary.totals.requests).toBe(records.length);
    // A ragged edge that old has no raw rows left: it counts as empty (documented).
    const ragged = queries.summary({ from: DAY0 + HOUR_MS, to: DAY0 + DAY_MS, by: 'account' });
    expect(ragged.totals.requests).toBe(0);
  });

  it('refuses an empty or backwards range', () => {
    expect(() => queries.summary({ from: 10, to: 10, by: 'day' })).toThrow(UsageQueryError);
    expect(() => queries.summary({ from: Number.NaN, to: 10, by: 'day' })).toThrow(
      expect.objectContaining({ code: 'invalid_range' }) as Error,
    );
  });
});

describe('UsageQueries.series', () => {
  it('day buckets: aligned to UTC days, empty days as zeros, ragged edges exact', () => {
    createRecordWriter(db)([
      rec({ at: DAY0 + HOUR_MS, input: 1 }),
      rec({ at: DAY0 + 5 * HOUR_MS, input: 2 }),
      rec({ at: DAY0 + 2 * DAY_MS + HOUR_MS, input: 4 }),
      rec({ at: DAY0 + 3 * DAY_MS + 10 * HOUR_MS, input: 8 }),
    ]);
    const series = queries.series({
      from: DAY0 + 2 * HOUR_MS,
      to: DAY0 + 3 * DAY_MS + 5 * HOUR_MS,
      bucket: 'day',
    });
    expect(series.points.map((p) => [p.t, p.requests, p.input])).toEqual([
      [DAY0, 1, 2],
      [DAY0 + DAY_MS, 0, 0],
      [DAY0 + 2 * DAY_MS, 1, 4],
      [DAY0 + 3 * DAY_MS, 0, 0],
    ]);
  });

  it('hour buckets come from raw rows', () => {
    createRecordWriter(db)([
      rec({ at: DAY0 + 10 }),
      rec({ at: DAY0 + HOUR_MS - 1 }),
      rec({ at: DAY0 + 2 * HOUR_MS + 5, costUsd: 0.5 }),
      rec({ at: DAY0 + 3 * HOUR_MS }),
    ]);
    const series = queries.series({ from: DAY0, to: DAY0 + 3 * HOUR_MS, bucket: 'hour' });
    expect(series.points.map((p) => [p.t, p.requests, p.costUsd])).toEqual([
      [DAY0, 2, 0],
      [DAY0 + HOUR_MS, 0, 0],
      [DAY0 + 2 * HOUR_MS, 1, 0.5],
    ]);
  });

  describe('split by a dimension', () => {
    const records = scripted(3000, 10);
    const ranges: [string, number, number, 'hour' | 'day'][] = [
      ['whole days', DAY0, DAY0 + 10 * DAY_MS, 'day'],
      ['ragged days', DAY0 + 3 * HOUR_MS + 17, DAY0 + 7 * DAY_MS + 5 * HOUR_MS + 3, 'day'],
      ['ragged hours', DAY0 + DAY_MS - 7 * HOUR_MS + 5, DAY0 + 2 * DAY_MS + 2 * HOUR_MS, 'hour'],
    ];
    const splits = ['provider', 'model', 'combo'] as const;

    it.each(
      ranges.flatMap(([name, from, to, bucket]) =>
        splits.map((by) => [name, by, from, to, bucket] as const),
      ),
    )(
      '%s by %s: the groups add up to the total, bucket by bucket',
      (_name, by, from, to, bucket) => {
        createRecordWriter(db)(records);
        const series = queries.series({ from, to, bucket, by });
        expect(series.by).toBe(by);
        // The split's totals are the unsplit series', which is read another way.
        expect(series.points.map((p) => [p.t, p.requests, p.input, p.output])).toEqual(
          queries
            .series({ from, to, bucket })
            .points.map((p) => [p.t, p.requests, p.input, p.output]),
        );
        const groups = series.groups ?? [];
        const expectedKeys = [...expectedGroups(records, from, to, by).keys()];
        // Fewer than six values: no "other" group; every key shows up by name.
        expect(groups.map((g) => g.key).sort()).toEqual(expectedKeys.sort());
        expect(groups.length).toBeGreaterThan(0);
        series.points.forEach((point, i) => {
          const sum = { ...point };
          for (const field of Object.keys(sum) as (keyof typeof sum)[]) {
            if (field !== 't') sum[field] = 0;
          }
          for (const group of groups) {
            const cell = group.points[i];
            expect(cell?.t).toBe(point.t);
            for (const field of Object.keys(sum) as (keyof typeof sum)[]) {
              if (field !== 't') sum[field] += cell?.[field] ?? 0;
            }
          }
          const { t: _t, ...totals } = point;
          const { t: _s, ...summed } = sum;
          expectTotalsClose(summed, totals);
        });
      },
    );

    it('matches a plain loop per group, ranks by tokens and keeps no combo under ""', () => {
      createRecordWriter(db)(records);
      const from = DAY0 + 5 * HOUR_MS;
      const to = DAY0 + 4 * DAY_MS + 9 * HOUR_MS;
      const series = queries.series({ from, to, bucket: 'day', by: 'combo' });
      const groups = series.groups ?? [];
      expect(groups.map((g) => g.key)).toContain('');
      const tokens = groups.map((g) => g.points.reduce((sum, p) => sum + p.input + p.output, 0));
      expect([...tokens].sort((a, b) => b - a)).toEqual(tokens);
      for (const group of groups) {
        group.points.forEach((point, i) => {
          const bucketFrom = Math.max(from, DAY0 + i * DAY_MS);
          const bucketTo = Math.min(to, DAY0 + (i + 1) * DAY_MS);
          const inBucket = records.filter((r) => r.at >= bucketFrom && r.at < bucketTo);
          const expected = expectedGroups(inBucket, from, to, 'combo').get(group.key ?? '');
          const { t: _t, ...totals } = point;
          if (expected === undefined) expect(totals.requests).toBe(0);
          else expectTotalsClose(totals, expected);
        });
      }
    });

    it('keeps the top five by tokens and sums the rest into one "other" group', () => {
      const models = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'];
      createRecordWriter(db)(
        models.flatMap((model, i) => [
          // m1 has the most tokens (smallest index, biggest input), m8 the fewest.
          rec({ requestId: `${model}-a`, at: DAY0 + HOUR_MS, model, input: 1000 - i * 100 }),
          rec({
            requestId: `${model}-b`,
            at: DAY0 + DAY_MS + HOUR_MS,
            model,
            input: 10,
            output: 1,
          }),
        ]),
      );
      const series = queries.series({
        from: DAY0,
        to: DAY0 + 2 * DAY_MS,
        bucket: 'day',
        by: 'model',
      });
      expect(series.groups?.map((g) => g.key)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', null]);
      const other = series.groups?.[5];
      expect(other?.points.map((p) => [p.t, p.requests, p.input, p.output])).toEqual([
        [DAY0, 3, 500 + 400 + 300, 3 * 50],
        [DAY0 + DAY_MS, 3, 30, 3],
      ]);
      // The same after the raw rows are pruned: whole days come from the dimension rollup.
      pruneRequests(db, 1, DAY0 + 20 * DAY_MS);
      const rolled = queries.series({
        from: DAY0,
        to: DAY0 + 2 * DAY_MS,
        bucket: 'day',
        by: 'model',
      });
      expect(rolled.groups).toEqual(series.groups);
    });

    it('has no groups over an empty range, and none unless asked', () => {
      expect(
        queries.series({ from: DAY0, to: DAY0 + DAY_MS, bucket: 'hour', by: 'provider' }).groups,
      ).toEqual([]);
      expect('groups' in queries.series({ from: DAY0, to: DAY0 + DAY_MS, bucket: 'hour' })).toBe(
        false,
      );
    });
  });

  it('refuses a series with too many buckets', () => {
    expect(() => queries.series({ from: 0, to: 365 * 5 * DAY_MS, bucket: 'hour' })).toThrow(
      expect.objectContaining({ code: 'too_many_buckets' }) as Error,
    );
  });
});

describe('UsageQueries.recent', () => {
  it('returns records newest first, as recorded, with paging and an account filter', () => {
    const full = rec({
      at: DAY0 + 3,
      requestId: 'full',
      keyId: 'k1',
      combo: 'coding',
      ttftMs: 120,
      reasoning: 7,
      estimated: true,
      costUsd: 0.25,
      apiValueUsd: 0.5,
    });
    createRecordWriter(db)([
      rec({ at: DAY0 + 1, requestId: 'a' }),
      rec({ at: DAY0 + 2, requestId: 'b', accountId: 'other' }),
      rec({ at: DAY0 + 2, requestId: 'c' }),
      full,
    ]);
    expect(queries.recent({ limit: 10 }).map((r) => r.requestId)).toEqual(['full', 'c', 'b', 'a']);
    expect(queries.recent({ limit: 1 })).toEqual([full]);
    expect(queries.recent({ limit: 10, before: DAY0 + 3 }).map((r) => r.requestId)).toEqual([
      'c',
      'b',
      'a',
    ]);
    expect(
      queries
        .recent({ limit: 10, accountId: 'claude-1', before: DAY0 + 3 })
        .map((r) => r.requestId),
    ).toEqual(['c', 'a']);
    const plain = queries.recent({ limit: 1, before: DAY0 + 2 })[0];
    expect(plain).toEqual(rec({ at: DAY0 + 1, requestId: 'a' }));
    expect(plain && 'keyId' in plain).toBe(false);
  });
});

describe('UsageQueries.tokensSince and spendSince', () => {
  it('sums one account since a moment', () => {
    createRecordWriter(db)([
      rec({ at: DAY0 - 1, input: 1000 }),
      rec({ at: DAY0, input: 1, output: 2, cacheRead: 3, cacheWrite: 4 }),
      rec({ at: DAY0 + HOUR_MS, input: 10, output: 20, cacheRead: 30, cacheWrite: 40 }),
      rec({ at: DAY0 + HOUR_MS, accountId: 'other', input: 500 }),
    ]);
    expect(queries.tokensSince('claude-1', DAY0)).toEqual({
      requests: 2,
      input: 11,
      output: 22,
      cacheRead: 33,
      cacheWrite: 44,
    });
    expect(queries.tokensSince('nobody', DAY0)).toEqual({
      requests: 0,
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
    });
  });

  it('sums spend by prefix, by key, or overall, exact from a mid-day start', () => {
    const since = DAY0 + 6 * HOUR_MS;
    createRecordWriter(db)([
      rec({ at: since - 1, costUsd: 100 }),
      rec({ at: since, costUsd: 1 }),
      rec({ at: since + DAY_MS * 3, costUsd: 2, keyId: 'k1' }),
      rec({ at: since + DAY_MS * 3, costUsd: 4, prefix: 'openai', keyId: 'k1' }),
    ]);
    expect(queries.spendSince({}, since)).toBeCloseTo(7, 12);
    expect(queries.spendSince({ prefix: 'claude' }, since)).toBeCloseTo(3, 12);
    expect(queries.spendSince({ keyId: 'k1' }, since)).toBeCloseTo(6, 12);
    expect(queries.spendSince({ prefix: 'none' }, since)).toBe(0);
  });
});
