import { describe, expect, it } from 'vitest';
import type { QuotaWindow } from '../shared/quota.js';
import type { RequestRecord } from '../shared/usage.js';
import { SettingsStore } from '../storage/settings-store.js';
import { openUsageDatabase, SqliteQuotaStore, UsageLedger } from '../usage/index.js';
import { cli, tempDir } from './cli-test-helpers.js';

const HOUR = 3_600_000;

function record(at: number, over: Partial<RequestRecord>): RequestRecord {
  return {
    requestId: `req_${at}_${Math.random()}`,
    at,
    inbound: 'openai-chat',
    requested: 'auto',
    prefix: 'cc',
    accountId: 'cc-main',
    model: 'claude-sonnet-4-5',
    status: 200,
    outcome: 'completed',
    latencyMs: 900,
    input: 100,
    output: 50,
    cacheRead: 1000,
    cacheWrite: 0,
    reasoning: 0,
    estimated: false,
    costUsd: 0,
    apiValueUsd: 0.5,
    ...over,
  };
}

async function seeded(): Promise<string> {
  const dir = await tempDir();
  const settings = await SettingsStore.open(dir);
  await settings.update((draft) => {
    for (const [id, prefix] of [
      ['cc-main', 'cc'],
      ['ds', 'deepseek'],
    ] as const) {
      draft.providers.push({
        id,
        kind: prefix === 'cc' ? 'cc' : 'deepseek',
        prefix,
        enabled: true,
        hasApiKey: true,
        createdAt: new Date().toISOString(),
      });
    }
  });
  settings.close();
  const { db } = openUsageDatabase(dir);
  const ledger = new UsageLedger(db);
  const now = Date.now();
  ledger.record(record(now - HOUR, {}));
  ledger.record(
    record(now - 2 * HOUR, {
      prefix: 'deepseek',
      accountId: 'ds',
      model: 'deepseek-chat',
      costUsd: 0.25,
      apiValueUsd: 0.25,
    }),
  );
  // Ten days ago: outside the default week.
  ledger.record(record(now - 240 * HOUR, { costUsd: 9, apiValueUsd: 9 }));
  const window: QuotaWindow = {
    id: 'five_hour',
    label: '5-hour',
    kind: 'five_hour',
    usedPercent: 42,
    resetsAt: now + 2 * HOUR + 14 * 60_000 + 30_000,
    source: 'usage-endpoint',
    observedAt: now - 60_000,
    estimated: false,
  };
  new SqliteQuotaStore(db).save('cc-main', {
    windows: [window],
    poll: { at: now - 60_000, ok: true },
  });
  ledger.close();
  return dir;
}

describe('switchyard usage', () => {
  it('sums the last week by provider, with cost and API value apart', async () => {
    const dir = await seeded();
    const run = await cli(dir, ['usage', '--json']);
    expect(run.code).toBe(0);
    const { summary } = JSON.parse(run.stdout) as {
      summary: {
        totals: { requests: number; costUsd: number; apiValueUsd: number };
        rows: { group: string }[];
      };
    };
    expect(summary.totals.requests).toBe(2);
    expect(summary.totals.costUsd).toBeCloseTo(0.25, 9);
    expect(summary.totals.apiValueUsd).toBeCloseTo(0.75, 9);
    expect(summary.rows.map((row) => row.group).sort()).toEqual(['cc', 'deepseek']);

    const text = await cli(dir, ['usage', '--since', '30d', '--by', 'model']);
    expect(text.stdout).toMatch(/claude-sonnet-4-5\s+2\s/);
    expect(text.stdout).toContain('Subscriptions saved about $0.50 against API prices.');
  });

  it('explains an empty ledger and refuses a bad range', async () => {
    const dir = await tempDir();
    expect((await cli(dir, ['usage'])).stdout).toContain('No usage recorded yet');
    const bad = await cli(dir, ['usage', '--since', 'yesterday']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--since');
    expect((await cli(dir, ['usage', '--by', 'colour'])).stderr).toContain('--by must be one of');
  });
});

describe('switchyard quota', () => {
  it('shows each window with its share, countdown and source', async () => {
    const dir = await seeded();
    const run = await cli(dir, ['quota']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/cc-main\s+5-hour\s+42%\s+in 2h 14m\s+usage endpoint\s+1m ago/);
    // An account nothing is known about still shows, so none is forgotten.
    expect(run.stdout).toMatch(/\nds\s+-/);
    const json = JSON.parse((await cli(dir, ['quota', '--json'])).stdout) as {
      accounts: { accountId: string; windows: { usedPercent: number; source: string }[] }[];
    };
    expect(json.accounts[0]?.windows[0]).toMatchObject({
      usedPercent: 42,
      source: 'usage-endpoint',
    });
  });
});
