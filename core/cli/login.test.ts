/** `switchyard login` end to end against a fake authorization server over real sockets. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAUDE_OAUTH, login as claudeLogin } from '../auth/providers/claude.js';
import { tokenSecretName } from '../auth/token-keeper.js';
import type { OAuthTokens } from '../auth/types.js';
import { KeyFileSecretStore } from '../storage/secret-store.js';
import { SettingsStore } from '../storage/settings-store.js';
import { playBrowser, startFakeOAuth, type FakeOAuth } from '../testing/fake-oauth/index.js';
import { cli, tempDir } from './cli-test-helpers.js';

let fake: FakeOAuth;
beforeEach(async () => {
  fake = await startFakeOAuth({
    clientId: CLAUDE_OAUTH.clientId,
    tokenEncoding: 'json',
    tokenResponseExtras: () => ({
      account: { uuid: 'acc-1', email_address: 'ada@example.com' },
      organization: { uuid: 'org-1', name: 'Ada Lab' },
    }),
  });
});
afterEach(async () => {
  await fake.close();
});

/** The CLI's login, with the browser played by the test. */
const deps = {
  startLogin: (kind: string) =>
    kind === 'cc'
      ? claudeLogin({
          authorizeUrl: fake.authorizeUrl,
          tokenUrl: fake.tokenUrl,
          openUrl: (url) => void playBrowser(url),
        })
      : undefined,
};

describe('switchyard login', () => {
  it('signs in, stores the tokens only in the secret store, and renews the same account', async () => {
    const dir = await tempDir();
    const first = await cli(dir, ['login', 'cc', '--json'], { deps });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      account: { id: 'cc-1', kind: 'cc', label: 'ada@example.com (Ada Lab)' },
    });
    const store = await SettingsStore.open(dir);
    expect(store.get().providers[0]).toMatchObject({
      id: 'cc-1',
      kind: 'cc',
      prefix: 'cc',
      auth: 'oauth',
    });
    store.close();
    const secrets = await KeyFileSecretStore.open(dir);
    const tokens = JSON.parse((await secrets.get(tokenSecretName('cc-1'))) ?? '{}') as OAuthTokens;
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    for (const name of await readdir(dir)) {
      const text = await readFile(path.join(dir, name), 'utf8').catch(() => '');
      expect(text).not.toContain(tokens.accessToken);
      expect(text).not.toContain(tokens.refreshToken ?? '\u0000');
    }

    const again = await cli(dir, ['login', 'cc', '--id', 'cc-1'], { deps });
    expect(again.code, again.stderr).toBe(0);
    const renewed = await SettingsStore.open(dir);
    expect(renewed.get().providers).toHaveLength(1);
    renewed.close();
  });

  it('names the available logins for an unknown provider, and fails cleanly when access is denied', async () => {
    const dir = await tempDir();
    const unknown = await cli(dir, ['login', 'nope'], { deps });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/available: cc, cx, gh, kmc/);
    fake.decide('deny');
    const denied = await cli(dir, ['login', 'cc'], { deps });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/login failed \(access_denied\)/);
  });
});
