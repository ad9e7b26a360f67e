/** Saving a finished login: ids, renewal, the order of writes, and another kind's id refused. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenSecretName } from '../auth/token-keeper.js';
import { SettingsStore } from '../storage/settings-store.js';
import { nextLoginId, saveLogin } from './save-login.js';

let dir: string;
let settings: SettingsStore;
let writes: string[];
let stored: Map<string, string>;

const secrets = {
  set: (name: string, value: string): Promise<void> => {
    writes.push(`secret:${name}`);
    stored.set(name, value);
    return Promise.resolve();
  },
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'switchyard-save-login-'));
  settings = await SettingsStore.open(dir);
  settings.onChange(() => writes.push('settings'));
  writes = [];
  stored = new Map();
});

afterEach(async () => {
  settings.close();
  await rm(dir, { recursive: true, force: true });
});

const login = (extra: object = {}) => ({
  kind: 'cc',
  tokens: { accessToken: 'at-1', refreshToken: 'rt-1' },
  account: { label: 'ada', plan: 'max' },
  ...extra,
});

describe('saveLogin', () => {
  it('picks the first free <kind>-<n>', () => {
    expect(nextLoginId('cc', [])).toBe('cc-1');
    expect(nextLoginId('cc', ['cc-1', 'cc-3', 'gh-2'])).toBe('cc-2');
  });

  it('stores the tokens before the entry, and the entry without them', async () => {
    expect(
      await saveLogin({ settings, secrets }, login({ at: '2026-01-01T00:00:00.000Z' })),
    ).toEqual({ ok: true, id: 'cc-1' });
    expect(writes).toEqual([`secret:${tokenSecretName('cc-1')}`, 'settings']);
    expect(JSON.parse(stored.get(tokenSecretName('cc-1')) ?? '{}')).toMatchObject({
      accessToken: 'at-1',
    });
    const [entry] = settings.get().providers;
    expect(entry).toMatchObject({
      id: 'cc-1',
      kind: 'cc',
      prefix: 'cc',
      auth: 'oauth',
      label: 'ada',
      plan: 'max',
      hasApiKey: false,
      loggedInAt: '2026-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(settings.get())).not.toContain('at-1');
  });

  it('renews an existing account in place, keeping what the user set', async () => {
    await saveLogin({ settings, secrets }, login());
    await settings.update((draft) => {
      const entry = draft.providers[0];
      if (entry !== undefined) Object.assign(entry, { enabled: false, priority: 4 });
    });
    const again = await saveLogin(
      { settings, secrets },
      login({ id: 'cc-1', account: { label: 'ada2' }, at: '2026-02-01T00:00:00.000Z' }),
    );
    expect(again).toEqual({ ok: true, id: 'cc-1' });
    expect(settings.get().providers).toHaveLength(1);
    expect(settings.get().providers[0]).toMatchObject({
      label: 'ada2',
      enabled: false,
      priority: 4,
      loggedInAt: '2026-02-01T00:00:00.000Z',
    });
  });

  it("refuses another kind's id without touching its tokens", async () => {
    await saveLogin({ settings, secrets }, login({ kind: 'gh', id: 'work' }));
    writes.length = 0;
    const refused = await saveLogin({ settings, secrets }, login({ id: 'work' }));
    expect(refused).toMatchObject({ ok: false, code: 'duplicate_id' });
    expect(writes).toEqual([]);
    expect(settings.get().providers.map((entry) => entry.kind)).toEqual(['gh']);
  });
});
