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

describe('switchyard login --import', () => {
  it('reuses Claude Code’s and Codex’s own logins without writing to their files', async () => {
    const dir = await tempDir();
    const home = await tempDir();
    const { mkdir, writeFile, stat } = await import('node:fs/promises');
    await mkdir(path.join(home, '.claude'));
    const claudeFile = path.join(home, '.claude', '.credentials.json');
    await writeFile(
      claudeFile,
      JSON.stringify({
        claudeAiOauth: {
          accessToken: 'sk-ant-oat-x',
          refreshToken: 'sk-ant-ort-y',
          expiresAt: 4102444800000,
          subscriptionType: 'max',
        },
      }),
    );
    await mkdir(path.join(home, '.codex'));
    const fakeJwt = (claims: object) =>
      `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
    await writeFile(
      path.join(home, '.codex', 'auth.json'),
      JSON.stringify({
        tokens: {
          access_token: fakeJwt({ exp: 4102444800 }),
          refresh_token: 'rt-codex',
          id_token: fakeJwt({
            email: 'ada@example.com',
            'https://api.openai.com/auth': {
              chatgpt_plan_type: 'pro',
              chatgpt_account_id: 'acct-9',
            },
          }),
        },
      }),
    );
    const before = await stat(claudeFile);

    const claude = await cli(dir, ['login', 'cc', '--import'], { deps: { ...deps, home } });
    expect(claude.code, claude.stderr).toBe(0);
    expect(claude.stderr).toMatch(/may ask you to sign in again/);
    const codex = await cli(dir, ['login', 'cx', '--import', '--json'], {
      deps: { ...deps, home },
    });
    expect(codex.code, codex.stderr).toBe(0);
    expect(JSON.parse(codex.stdout)).toMatchObject({
      account: { id: 'cx-1', label: 'ada@example.com', plan: 'pro' },
    });

    const secrets = await KeyFileSecretStore.open(dir);
    const codexTokens = JSON.parse(
      (await secrets.get(tokenSecretName('cx-1'))) ?? '{}',
    ) as OAuthTokens;
    expect(codexTokens).toMatchObject({
      refreshToken: 'rt-codex',
      extra: { chatgpt_account_id: 'acct-9' },
      expiresAt: 4102444800000,
    });
    expect((await stat(claudeFile)).mtimeMs).toBe(before.mtimeMs);

    const missing = await cli(dir, ['login', 'gh', '--import'], { deps: { ...deps, home } });
    expect(missing.stderr).toMatch(/imports exist for: cc, cx, kr/);

    const cache = path.join(home, '.aws', 'sso', 'cache');
    await mkdir(cache, { recursive: true });
    await writeFile(
      path.join(cache, 'kiro-auth-token.json'),
      JSON.stringify({
        accessToken: 'aoa-1',
        refreshToken: 'aor-1',
        expiresAt: '2030-01-01T00:00:00.000Z',
        clientIdHash: 'abc123',
        region: 'us-east-1',
      }),
    );
    await writeFile(
      path.join(cache, 'abc123.json'),
      JSON.stringify({ clientId: 'cid', clientSecret: 'csecret' }),
    );
    const kiro = await cli(dir, ['login', 'kr', '--import'], { deps: { ...deps, home } });
    expect(kiro.code, kiro.stderr).toBe(0);
    // A new store instance: the one above may still serve its cached read.
    const fresh = await KeyFileSecretStore.open(dir);
    const kiroTokens = JSON.parse(
      (await fresh.get(tokenSecretName('kr-1'))) ?? '{}',
    ) as OAuthTokens;
    expect(kiroTokens).toMatchObject({
      refreshToken: 'aor-1',
      expiresAt: Date.UTC(2030, 0, 1),
      extra: { client_id: 'cid', client_secret: 'csecret', region: 'us-east-1' },
    });
    const subscription = await cli(dir, ['provider', 'add', 'x', '--kind', 'cc']);
    expect(subscription.stderr).toMatch(/sign in with: switchyard login cc/);
  });
});
