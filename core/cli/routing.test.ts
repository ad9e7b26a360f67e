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
