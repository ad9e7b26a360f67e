/**
 * How fast the dashboard's usage queries are on a year of heavy use: fills a
 * temp database with realistic records through the ledger's own writer (raw
 * rows and rollup), then times each query (median of several runs) against a
 * 100 ms budget. Prints build time, file size and a table.
 *
 *   npm run bench:ledger      # or: node --import tsx bench/ledger/run.ts [rows] [runs]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RequestRecord } from '../../core/shared/usage.js';
import {
  UsageQueries,
  createRecordWriter,
  openUsageDatabase,
  priceRequest,
  usageDbPath,
} from '../../core/usage/index.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 7);
const BATCH = 50_000;
const BUDGET_MS = 100;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const NOW = Date.UTC(2026, 5, 15, 14, 23, 11);
const START = NOW - 365 * DAY_MS;

interface BenchAccount {
  prefix: string;
  accountId: string;
  subscription: boolean;
  models: { id: string; price: { input: number; output: number; cacheRead: number } }[];
  weight: number;
}

const ACCOUNTS: BenchAccount[] = [
  ...['claude-max', 'claude-pro'].map((accountId, i) => ({
    prefix: 'claude',
    accountId,
    subscription: true,
    weight: 6 - 3 * i,
    models: [
      { id: 'claude-sonnet-4-5', price: { input: 3, output: 15, cacheRead: 0.3 } },
      { id: 'claude-opus-4-5', price: { input: 5, output: 25, cacheRead: 0.5 } },
      { id: 'claude-haiku-4-5', price: { input: 1, output: 5, cacheRead: 0.1 } },
    ],
  })),
  ...['codex-plus', 'openai-api'].map((accountId, i) => ({
    prefix: i === 0 ? 'codex' : 'openai',
    accountId,
    subscription: i === 0,
    weight: 3 - i,
    models: [
      { id: 'gpt-5.1', price: { input: 1.25, output: 10, cacheRead: 0.125 } },
      { id: 'gpt-5-mini', price: { input: 0.25, output: 2, cacheRead: 0.025 } },
    ],
  })),
  {
    prefix: 'gemini',
    accountId: 'gemini-free',
    subscription: true,
    weight: 2,
    models: [
      { id: 'gemini-2.5-pro', price: { input: 1.25, output: 10, cacheRead: 0.125 } },
      { id: 'gemini-2.5-flash', price: { input: 0.3, output: 2.5, cacheRead: 0.03 } },
    ],
  },
  {
    prefix: 'deepseek',
    accountId: 'deepseek-api',
    subscription: false,
    weight: 1,
    models: [{ id: 'deepseek-chat', price: { input: 0.28, output: 0.42, cacheRead: 0.028 } }],
  },
  {
    prefix: 'copilot',
    accountId: 'copilot-business',
    subscription: true,
    weight: 2,
    models: [{ id: 'gpt-5.1', price: { input: 1.25, output: 10, cacheRead: 0.125 } }],
  },
];
const WEIGHTED = ACCOUNTS.flatMap((account) => Array<BenchAccount>(account.weight).fill(account));
const COMBOS = ['', 'coding', 'coding', 'cheap', 'review'];
const KEYS = ['', 'laptop', 'laptop', 'ci', 'desktop'];
const INBOUND = ['anthropic', 'anthropic', 'openai-chat', 'openai-responses', 'gemini'];

let seed = 12345;
function random(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function makeRecord(i: number): RequestRecord {
  // Evenly spread through the year with jitter, so inserts arrive roughly in time order.
  const at = Math.floor(START + ((i + random()) / ROWS) * 365 * DAY_MS);
  const account = pick(WEIGHTED);
  const model = pick(account.models);
  const combo = pick(COMBOS);
  const keyId = pick(KEYS);
  const failed = random() < 0.04;
  const usage = {
    input: failed ? 0 : Math.floor(random() * 4000),
    output: failed ? 0 : Math.floor(random() * 2000),
    cacheRead: failed ? 0 : Math.floor(random() * 60_000),
    cacheWrite: failed ? 0 : Math.floor(random() * 3000),
    reasoning: 0,
  };
  usage.reasoning = Math.floor(usage.output * random() * 0.5);
  const price = priceRequest({ subscription: account.subscription, price: model.price, usage });
  return {
    requestId: `req_${i.toString(36)}`,
    at,
    ...(keyId === '' ? {} : { keyId }),
    inbound: pick(INBOUND),
    requested: combo === '' ? `${account.prefix}/${model.id}` : combo,
    ...(combo === '' ? {} : { combo }),
    prefix: account.prefix,
    accountId: account.accountId,
    model: model.id,
    status: failed ? pick([429, 500, 529]) : 200,
    outcome: failed ? 'upstream_error' : random() < 0.02 ? 'client_aborted' : 'completed',
    latencyMs: 300 + Math.floor(random() * 30_000),
    ...(random() < 0.8 ? { ttftMs: 200 + Math.floor(random() * 2000) } : {}),
    ...usage,
    estimated: random() < 0.05,
    ...price,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function main(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'sy-bench-ledger-'));
  try {
    const { db } = openUsageDatabase(dir);
    const write = createRecordWriter(db);

    const buildStart = performance.now();
    for (let done = 0; done < ROWS; done += BATCH) {
      const batch: RequestRecord[] = [];
      for (let i = done; i < Math.min(ROWS, done + BATCH); i += 1) batch.push(makeRecord(i));
      write(batch);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
    const buildMs = performance.now() - buildStart;
    const rollupRows = db.prepare('SELECT COUNT(*) FROM usage_daily').pluck().get() as number;
    const sizeMb = statSync(usageDbPath(dir)).size / 1024 / 1024;
    console.log(
      `built ${ROWS.toLocaleString('en-US')} rows (${rollupRows.toLocaleString('en-US')} rollup rows) ` +
        `in ${(buildMs / 1000).toFixed(1)} s; usage.db ${sizeMb.toFixed(0)} MB; median of ${RUNS} runs\n`,
    );

    const queries = new UsageQueries(db);
    const cases: [string, () => unknown][] = [];
    for (const days of [30, 365]) {
      for (const by of ['day', 'provider', 'account', 'model', 'combo', 'key'] as const) {
        cases.push([
          `summary by ${by}, ${days}d`,
          () => queries.summary({ from: NOW - days * DAY_MS, to: NOW, by }),
        ]);
      }
    }
    cases.push(
      [
        'series day, 90d',
        () => queries.series({ from: NOW - 90 * DAY_MS, to: NOW, bucket: 'day' }),
      ],
      [
        'series hour, 7d',
        () => queries.series({ from: NOW - 7 * DAY_MS, to: NOW, bucket: 'hour' }),
      ],
      [
        'series day by model, 90d',
        () => queries.series({ from: NOW - 90 * DAY_MS, to: NOW, bucket: 'day', by: 'model' }),
      ],
      [
        'series day by combo, 365d',
        () => queries.series({ from: NOW - 365 * DAY_MS, to: NOW, bucket: 'day', by: 'combo' }),
      ],
      [
        'series hour by provider, 7d',
        () => queries.series({ from: NOW - 7 * DAY_MS, to: NOW, bucket: 'hour', by: 'provider' }),
      ],
      ['recent 100', () => queries.recent({ limit: 100 })],
      ['recent 100, one account', () => queries.recent({ limit: 100, accountId: 'deepseek-api' })],
      ['tokensSince 5h, one account', () => queries.tokensSince('claude-max', NOW - 5 * HOUR_MS)],
      [
        'spendSince month, one prefix',
        () => queries.spendSince({ prefix: 'openai' }, Date.UTC(2026, 5, 1)),
      ],
    );

    const width = Math.max(...cases.map(([name]) => name.length));
    console.log(
      `${'query'.padEnd(width)}  ${'median ms'.padStart(9)}  ${'max ms'.padStart(7)}  < ${BUDGET_MS} ms`,
    );
    let allUnder = true;
    for (const [name, run] of cases) {
      run(); // warm the statement cache and the page cache
      const times: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const start = performance.now();
        run();
        times.push(performance.now() - start);
      }
      const ms = median(times);
      allUnder &&= ms < BUDGET_MS;
      console.log(
        `${name.padEnd(width)}  ${ms.toFixed(2).padStart(9)}  ${Math.max(...times)
          .toFixed(2)
          .padStart(7)}  ${ms < BUDGET_MS ? 'yes' : 'NO'}`,
      );
    }
    console.log(`\n${allUnder ? 'every query is' : 'NOT every query is'} under ${BUDGET_MS} ms`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
