import { describe, expect, it } from 'vitest';
import { saveRoutingState, emptyRoutingState } from '../routing/state-file.js';
import { SettingsStore } from '../storage/settings-store.js';
import { cli, tempDir } from './cli-test-helpers.js';

describe('switchyard routing', () => {
  it('sets the account strategy and the unknown-model option, and rejects bad values', async () => {
    const dir = await tempDir();
    const set = await cli(dir, [
      'routing',
      'set',
      '--account-strategy',
      'round-robin',
      '--unknown-to-combo',
      'on',
    ]);
    expect(set.code).toBe(0);
    const store = await SettingsStore.open(dir);
    expect(store.get().routing).toMatchObject({
      accountStrategy: 'round-robin',
      unknownModelsToActiveCombo: true,
    });
    store.close();
    const bad = await cli(dir, ['routing', 'set', '--account-strategy', 'random']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/fill-first, round-robin, most-quota-left/);
    expect((await cli(dir, ['routing', 'set'])).code).toBe(2);
  });

  it('pauses and resumes routing through settings, and says so in routing show', async () => {
    const dir = await tempDir();
    expect((await cli(dir, ['routing', 'pause'])).code).toBe(0);
    const store = await SettingsStore.open(dir);
    expect(store.get().routing.paused).toBe(true);
    store.close();
    expect((await cli(dir, ['routing', 'show'])).stdout).toContain('PAUSED');
    expect((await cli(dir, ['routing', 'pause', 'now'])).code).toBe(2);
    expect((await cli(dir, ['routing', 'resume'])).code).toBe(0);
    const after = await SettingsStore.open(dir);
    expect(after.get().routing.paused).toBe(false);
    after.close();
    expect((await cli(dir, ['routing', 'show'])).stdout).not.toContain('PAUSED');
  });

  it('shows live cooldowns and accounts that need a login from the saved state', async () => {
    const dir = await tempDir();
    const state = emptyRoutingState();
    const until = Date.now() + 600_000;
    state.cooldowns = {
      entries: [
        {
          accountId: 'pool-a',
          model: 'gpt-test',
          until,
          since: Date.now(),
          reason: '429: resets soon',
        },
        { accountId: 'old', until: Date.now() - 1000, since: Date.now() - 5000, reason: 'over' },
      ],
    };
    state.extra = { needsLogin: { 'pool-b': { since: 0, detail: 'key refused' } } };
    await saveRoutingState(dir, state);
    const shown = await cli(dir, ['routing', 'show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/pool-a\s+gpt-test\s+\S+\s+429: resets soon/);
    expect(shown.stdout).not.toContain('old');
    expect(shown.stdout).toContain('Needs login: pool-b');
    const json = JSON.parse((await cli(dir, ['routing', 'show', '--json'])).stdout) as {
      cooldowns: unknown[];
    };
    expect(json.cooldowns).toHaveLength(1);
  });
});

describe('switchyard budget and price', () => {
  it('sets, shows and clears budgets for known providers and keys only', async () => {
    const dir = await tempDir();
    expect((await cli(dir, ['provider', 'add', 'ds', '--kind', 'deepseek'])).code).toBe(0);
    const set = await cli(dir, [
      'budget',
      'set',
      'provider',
      'ds',
      '--daily',
      '5',
      '--monthly',
      '50',
    ]);
    expect(set.code).toBe(0);
    const shown = await cli(dir, ['budget', 'show']);
    expect(shown.stdout).toMatch(/provider\s+ds\s+\$0\.00\s+\$5\.00\s+\$0\.00\s+\$50\.00/);
    const unknown = await cli(dir, ['budget', 'set', 'key', 'nope', '--daily', '1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no router key 'nope'/);
    expect((await cli(dir, ['budget', 'set', 'provider', 'ds', '--daily', '-3'])).code).not.toBe(0);
    expect((await cli(dir, ['budget', 'clear', 'provider', 'ds'])).code).toBe(0);
    expect((await cli(dir, ['budget', 'show'])).stdout).toContain('No budgets set');
  });

  it('sets prices per prefix/model', async () => {
    const dir = await tempDir();
    const set = await cli(dir, [
      'price',
      'set',
      'ds/deepseek-chat',
      '--input',
      '0.28',
      '--output',
      '0.42',
      '--cache-read',
      '0.028',
    ]);
    expect(set.code).toBe(0);
    const listed = JSON.parse((await cli(dir, ['price', 'list', '--json'])).stdout) as unknown;
    expect(listed).toEqual({
      pricing: { 'ds/deepseek-chat': { input: 0.28, output: 0.42, cacheRead: 0.028 } },
    });
    expect(
      (await cli(dir, ['price', 'set', 'nomodel', '--input', '1', '--output', '1'])).code,
    ).toBe(1);
    expect((await cli(dir, ['price', 'set', 'a/b', '--input', '1'])).code).toBe(2);
  });
});
