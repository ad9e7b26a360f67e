import { describe, expect, it } from 'vitest';
import { emptyRoutingState, saveRoutingState } from '../routing/state-file.js';
import { KeyFileSecretStore } from '../storage/secret-store.js';
import { cli, tempDir } from './cli-test-helpers.js';

describe('switchyard account', () => {
  it('lists accounts with their status, disables, enables and removes them with their secrets', async () => {
    const dir = await tempDir();
    for (const id of ['ds-a', 'ds-b', 'ds-c']) {
      const added = await cli(
        dir,
        ['provider', 'add', id, '--kind', 'deepseek', '--prefix', 'ds', '--api-key-stdin'],
        {
          stdin: `sk-${id}`,
        },
      );
      expect(added.code).toBe(0);
    }
    const state = emptyRoutingState();
    state.cooldowns = {
      entries: [
        { accountId: 'ds-a', until: Date.now() + 600_000, since: Date.now(), reason: '429' },
      ],
    };
    state.extra = { needsLogin: { 'ds-b': { since: 0, detail: 'key refused' } } };
    await saveRoutingState(dir, state);

    expect((await cli(dir, ['account', 'disable', 'ds-c'])).code).toBe(0);
    const listed = JSON.parse((await cli(dir, ['account', 'list', '--json'])).stdout) as {
      accounts: { id: string; status: string; auth: string }[];
    };
    expect(listed.accounts.map((account) => [account.id, account.status.split(' ')[0]])).toEqual([
      ['ds-a', 'cooling'],
      ['ds-b', 'needs'],
      ['ds-c', 'disabled'],
    ]);
    expect(listed.accounts.every((account) => account.auth === 'api-key')).toBe(true);

    expect((await cli(dir, ['account', 'enable', 'ds-c'])).code).toBe(0);
    expect((await cli(dir, ['account', 'remove', 'ds-c'])).code).toBe(0);
    expect(await (await KeyFileSecretStore.open(dir)).get('provider:ds-c')).toBeUndefined();
    expect((await cli(dir, ['account', 'remove', 'ds-c'])).code).toBe(1);
  });
});
