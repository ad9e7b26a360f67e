import { EventEmitter } from 'node:events';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunningSwitchyard, StartOptions } from '../app.js';
import { RoutingPolicy } from '../engine/routing-policy.js';
import { SwitchyardError } from '../shared/errors.js';
import { KeyFileSecretStore } from '../storage/secret-store.js';
import { defaultSettings } from '../storage/settings-schema.js';
import { SettingsStore } from '../storage/settings-store.js';
import { cli, tempDir } from './cli-test-helpers.js';
import { riskLine, viewProvider } from './commands/provider-view.js';
import { runCli } from './main.js';

const API_KEY = 'sk-test-PLAINTEXT-abcdef0123456789';

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const name of await readdir(dir)) {
    if ((await readFile(path.join(dir, name))).includes(needle)) hits.push(name);
  }
  return hits;
}

describe('switchyard provider', () => {
  it('adds a provider with its key from stdin, and never shows or leaks the key', async () => {
    const dir = await tempDir();
    const added = await cli(
      dir,
      ['provider', 'add', 'ds', '--kind', 'deepseek', '--api-key-stdin'],
      {
        stdin: `${API_KEY}\n`,
      },
    );
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain("Added provider 'ds'");
    expect(added.stdout).not.toContain(API_KEY);

    const secrets = await KeyFileSecretStore.open(dir);
    expect(await secrets.get('provider:ds')).toBe(API_KEY);
    expect(await filesContaining(dir, API_KEY)).toEqual([]);

    const list = await cli(dir, ['provider', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ds\s+deepseek\s+ds\s+/);
    expect(list.stdout).not.toContain(API_KEY);

    const json = await cli(dir, ['provider', 'list', '--json']);
    const parsed = JSON.parse(json.stdout) as { providers: Record<string, unknown>[] };
    expect(parsed.providers[0]).toMatchObject({
      id: 'ds',
      kind: 'deepseek',
      prefix: 'ds',
      enabled: true,
      hasApiKey: true,
      state: 'active',
    });
    expect(json.stdout).not.toContain(API_KEY);
  });

  it('refuses an API key given as a flag without echoing it', async () => {
    const dir = await tempDir();
    const run = await cli(dir, [
      'provider',
      'add',
      'x',
      '--kind',
      'deepseek',
      `--api-key=${API_KEY}`,
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('--api-key-stdin');
    expect(run.stderr + run.stdout).not.toContain(API_KEY);
    const stray = await cli(dir, ['provider', 'add', 'x', '--kind', 'deepseek', API_KEY]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).not.toContain(API_KEY);
  });

  it('rejects duplicate ids and prefixes', async () => {
    const dir = await tempDir();
    expect((await cli(dir, ['provider', 'add', 'local', '--kind', 'ollama'])).code).toBe(0);
    const sameId = await cli(dir, ['provider', 'add', 'local', '--kind', 'deepseek', '--json']);
    expect(sameId.code).toBe(1);
    expect(JSON.parse(sameId.stderr)).toMatchObject({ error: { code: 'duplicate_id' } });

    const samePrefix = await cli(dir, [
      'provider',
      'add',
      'other',
      '--kind',
      'groq',
      '--prefix',
      'local',
    ]);
    expect(samePrefix.code).toBe(1);
    expect(samePrefix.stderr).toMatch(/prefix 'local' is already used by provider 'local'/);
    expect((await SettingsStore.open(dir)).get().providers).toHaveLength(1);
  });

  it('adds a second account of the same provider under a shared prefix, with a priority', async () => {
    const dir = await tempDir();
    expect(
      (await cli(dir, ['provider', 'add', 'ds-work', '--kind', 'deepseek', '--prefix', 'ds'])).code,
    ).toBe(0);
    const second = await cli(dir, [
      'provider',
      'add',
      'ds-home',
      '--kind',
      'deepseek',
      '--prefix',
      'ds',
      '--priority=-1',
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("'ds' now has 2 accounts");
    const providers = (await SettingsStore.open(dir)).get().providers;
    expect(providers.map((provider) => [provider.id, provider.priority])).toEqual([
      ['ds-work', undefined],
      ['ds-home', -1],
    ]);
    const badPriority = await cli(dir, [
      'provider',
      'add',
      'x',
      '--kind',
      'deepseek',
      '--priority',
      'high',
    ]);
    expect(badPriority.code).not.toBe(0);
    expect(badPriority.stderr).toMatch(/--priority must be a whole number/);
  });

  it('names the known kinds when the kind is unknown', async () => {
    const run = await cli(await tempDir(), ['provider', 'add', 'x', '--kind', 'nope']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /unknown kind 'nope'; known kinds: .*openai-responses.*deepseek.*ollama/,
    );
  });

  it('needs --base-url for a custom kind and validates URL and format', async () => {
    const dir = await tempDir();
    const missing = await cli(dir, ['provider', 'add', 'r', '--kind', 'openai-responses']);
    expect(missing.stderr).toContain('--base-url');
    expect(missing.code).toBe(1);
    const badUrl = await cli(dir, [
      'provider',
      'add',
      'r',
      '--kind',
      'openai',
      '--base-url',
      'nope',
    ]);
    expect(badUrl.stderr).toMatch(/--base-url/);
    const badFormat = await cli(dir, [
      'provider',
      'add',
      'r',
      '--kind',
      'deepseek',
      '--format',
      'gemini',
    ]);
    expect(badFormat.stderr).toMatch(/--format: kind 'deepseek' speaks/);
    const ok = await cli(
      dir,
      [
        'provider',
        'add',
        'corp',
        '--kind',
        'openai-responses',
        '--base-url',
        'https://llm.corp.example/v1/',
        '--models',
        'm1, m2',
        '--api-key-stdin',
      ],
      { stdin: 'k\r\n' },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('https://llm.corp.example/v1 (openai-responses)');
    expect(await (await KeyFileSecretStore.open(dir)).get('provider:corp')).toBe('k');
  });

  it('warns when a provider that needs a key gets none, but not for keyless ones', async () => {
    const dir = await tempDir();
    const keyless = await cli(dir, ['provider', 'add', 'ollama', '--kind', 'ollama']);
    expect(keyless.stderr).toBe('');
    const keyed = await cli(dir, ['provider', 'add', 'groq', '--kind', 'groq']);
    expect(keyed.code).toBe(0);
    expect(keyed.stderr).toMatch(/^warning: no API key stored for 'groq'/);
    const json = await cli(dir, [
      'provider',
      'add',
      'g2',
      '--kind',
      'groq',
      '--prefix',
      'g2',
      '--json',
    ]);
    expect(JSON.parse(json.stderr)).toMatchObject({ warning: { code: 'no_api_key' } });
    expect(JSON.parse(json.stdout)).toMatchObject({ provider: { id: 'g2', hasApiKey: false } });
  });

  it('removes a provider together with its secret', async () => {
    const dir = await tempDir();
    await cli(dir, ['provider', 'add', 'ds', '--kind', 'deepseek', '--api-key-stdin'], {
      stdin: API_KEY,
    });
    const removed = await cli(dir, ['provider', 'remove', 'ds']);
    expect(removed.code).toBe(0);
    expect(await (await KeyFileSecretStore.open(dir)).get('provider:ds')).toBeUndefined();
    expect((await cli(dir, ['provider', 'remove', 'ds'])).stderr).toContain("no account 'ds'");
  });

  it('labels providers whose terms carry a risk', () => {
    const view = viewProvider({
      id: 'x',
      kind: 'deepseek',
      prefix: 'x',
      enabled: true,
      hasApiKey: false,
      createdAt: new Date().toISOString(),
    });
    expect(riskLine(view)).toBeUndefined();
    expect(
      riskLine({ ...view, termsRisk: 'high', termsNote: 'Proxying may suspend the account.' }),
    ).toBe('terms risk for deepseek is HIGH: Proxying may suspend the account.');
  });
});

describe('switchyard key', () => {
  it('creates a key shown once, lists only its hint, and revokes it', async () => {
    const dir = await tempDir();
    const created = await cli(dir, ['key', 'create', '--name', 'laptop', '--json']);
    expect(created.code).toBe(0);
    const { key, id, hint, note } = JSON.parse(created.stdout) as Record<string, string>;
    expect(key).toMatch(/^sy-[A-Za-z0-9_-]{43}$/);
    expect(hint).toBe(key?.slice(-4));
    expect(note).toMatch(/only once/);
    expect(await filesContaining(dir, key ?? '')).toEqual([]);

    const text = await cli(dir, ['key', 'create']);
    expect(text.stdout).toMatch(/\n {2}sy-\S+\n/);
    expect(text.stdout).toContain('cannot be recovered');

    const list = await cli(dir, ['key', 'list']);
    expect(list.stdout).toContain('laptop');
    expect(list.stdout).toContain(`…${hint}`);
    expect(list.stdout).not.toContain(key);
    const listed = JSON.parse((await cli(dir, ['key', 'list', '--json'])).stdout) as {
      keys: Record<string, unknown>[];
    };
    expect(listed.keys).toHaveLength(2);
    expect(listed.keys[0]).not.toHaveProperty('hash');

    expect((await cli(dir, ['key', 'revoke', id ?? ''])).code).toBe(0);
    expect((await SettingsStore.open(dir)).get().routerKeys.map((r) => r.name)).toEqual([
      'default',
    ]);
    const again = await cli(dir, ['key', 'revoke', id ?? '', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stderr)).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('switchyard models', () => {
  it('lists prefix/model for enabled providers, grouped by provider', async () => {
    const dir = await tempDir();
    await cli(dir, ['provider', 'add', 'ds', '--kind', 'deepseek', '--prefix', 'deep']);
    await cli(dir, [
      'provider',
      'add',
      'corp',
      '--kind',
      'openai',
      '--base-url',
      'http://127.0.0.1:9999/v1',
      '--models',
      'alpha,beta',
    ]);
    await cli(dir, ['provider', 'add', 'ollama', '--kind', 'ollama']);
    const text = await cli(dir, ['models']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ds:\n {2}deep\//m);
    expect(text.stdout).toMatch(/corp:\n(?: {2}corp\/\S+\n)*? {2}corp\/alpha\n/);
    expect(text.stdout).toContain('any ollama/<model> is forwarded');

    const json = JSON.parse((await cli(dir, ['models', '--json'])).stdout) as {
      models: string[];
      providers: { id: string; models: string[] }[];
    };
    expect(json.models).toEqual(expect.arrayContaining(['corp/alpha', 'corp/beta']));
    expect(json.models.some((id) => id.startsWith('deep/'))).toBe(true);
    expect(json.providers.map((p) => p.id)).toEqual(['ds', 'corp', 'ollama']);
  });

  it('skips disabled providers', async () => {
    const dir = await tempDir();
    await cli(dir, ['provider', 'add', 'ds', '--kind', 'deepseek']);
    await (
      await SettingsStore.open(dir)
    ).update((draft) => {
      for (const provider of draft.providers) provider.enabled = false;
    });
    const json = JSON.parse((await cli(dir, ['models', '--json'])).stdout) as { models: string[] };
    expect(json.models).toEqual([]);
  });
});

describe('switchyard serve', () => {
  function fakeServer(calls: StartOptions[], closed: { count: number }) {
    return async (options: StartOptions): Promise<RunningSwitchyard> => {
      calls.push(options);
      return {
        url: `http://${options.host ?? '127.0.0.1'}:${options.port ?? 20128}`,
        port: options.port ?? 20128,
        dashboardUrl: 'http://127.0.0.1:20128/dashboard',
        routing: new RoutingPolicy({ providers: () => [], settings: () => defaultSettings() }),
        events: new EventEmitter(),
        close: async () => {
          closed.count += 1;
        },
        dashboardLink: () => Promise.resolve('http://127.0.0.1:20128/#token=fake-token'),
        // The serve command never reads quota, usage, the management service or router keys.
      } as Omit<
        RunningSwitchyard,
        'quota' | 'usage' | 'flushUsage' | 'management' | 'createRouterKey'
      > as RunningSwitchyard;
    };
  }

  it('prints the endpoints, stops on a signal and exits 0', async () => {
    const dir = await tempDir();
    const calls: StartOptions[] = [];
    const closed = { count: 0 };
    const run = await cli(dir, ['serve', '--port', '3456', '--host', '127.0.0.1', '--json'], {
      deps: { startSwitchyard: fakeServer(calls, closed), waitForShutdown: async () => 'SIGTERM' },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      url: 'http://127.0.0.1:3456',
      dashboardUrl: 'http://127.0.0.1:20128/dashboard',
      dashboardLink: 'http://127.0.0.1:20128/#token=fake-token',
    });
    expect(calls[0]).toMatchObject({ dataDir: dir, port: 3456, host: '127.0.0.1' });
    expect(closed.count).toBe(1);

    const defaults = await cli(dir, ['serve'], {
      deps: { startSwitchyard: fakeServer(calls, closed), waitForShutdown: async () => 'SIGINT' },
    });
    expect(defaults.stdout).toContain('Dashboard: http://127.0.0.1:20128/#token=fake-token');
    expect(calls[1]).not.toHaveProperty('port');
    expect(calls[1]).not.toHaveProperty('host');
  });

  it('exits non-zero with a clear message when the port is busy', async () => {
    const busy = async (): Promise<RunningSwitchyard> => {
      throw new SwitchyardError('port_in_use', 'listen EADDRINUSE', { status: 500 });
    };
    const run = await cli(await tempDir(), ['serve', '--port', '20128'], {
      deps: { startSwitchyard: busy, waitForShutdown: async () => 'SIGINT' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/port 20128 is already in use/);
    const bad = await cli(await tempDir(), ['serve', '--port', 'abc', '--json']);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'invalid_argument' } });
  });
});

describe('switchyard (global behaviour)', () => {
  it('prints help and rejects unknown commands', async () => {
    const dir = await tempDir();
    const help = await cli(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('provider add');
    const addHelp = await cli(dir, ['provider', 'add', '--help']);
    expect(addHelp.stdout).toContain('--api-key-stdin');
    expect((await cli(dir, [])).code).toBe(2);
    const unknown = await cli(dir, ['frobnicate', '--json']);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'unknown_command' } });
    expect((await cli(dir, ['provider'])).stderr).toContain('provider add');
    const badFlag = await cli(dir, ['key', 'list', '--bogus']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/^switchyard: Unknown option '--bogus'/);
  });

  it('warns about a corrupt settings file and carries on', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), '{ not json');
    const run = await cli(dir, ['key', 'list']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: settings\.json could not be read .* moved to .*corrupt-/);
    const moved = (await readdir(dir)).find((name) => name.startsWith('settings.json.corrupt-'));
    expect(await readFile(path.join(dir, moved ?? ''), 'utf8')).toBe('{ not json');
  });

  it('takes the data dir from SWITCHYARD_DATA_DIR', async () => {
    const dir = await tempDir();
    let stdout = '';
    const code = await runCli(['key', 'create', '--json'], {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: () => true },
      stdin: Readable.from([]),
      env: { SWITCHYARD_DATA_DIR: dir },
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveProperty('key');
    expect((await SettingsStore.open(dir)).get().routerKeys).toHaveLength(1);
  });
});

describe('switchyard provider add (key check)', () => {
  it('checks the key against the upstream before saving it', async () => {
    const { startFakeUpstream } = await import('../testing/fake-upstream/index.js');
    const { verifyApiKey } = await import('../providers/verify-key.js');
    const fake = await startFakeUpstream({ format: 'openai-chat', apiKey: 'sk-good' });
    try {
      const dir = await tempDir();
      const add = (id: string, key: string) =>
        cli(
          dir,
          [
            'provider',
            'add',
            id,
            '--kind',
            'openai',
            '--base-url',
            fake.baseUrl,
            '--api-key-stdin',
          ],
          {
            stdin: key,
            deps: { verifyApiKey },
          },
        );
      const bad = await add('typo', 'sk-typo');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(
        /the provider refused this key: Incorrect API key provided: \*{5}; nothing was saved/,
      );
      expect(bad.stderr).not.toContain('sk-typo');
      expect((await SettingsStore.open(dir)).get().providers).toHaveLength(0);
      expect((await add('good', 'sk-good')).code).toBe(0);

      const unreachable = await cli(
        dir,
        [
          'provider',
          'add',
          'far',
          '--kind',
          'openai',
          '--base-url',
          'http://127.0.0.1:9/v1',
          '--api-key-stdin',
        ],
        { stdin: 'sk-x', deps: { verifyApiKey } },
      );
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toMatch(/--no-verify/);
      const forced = await cli(
        dir,
        [
          'provider',
          'add',
          'far',
          '--kind',
          'openai',
          '--base-url',
          'http://127.0.0.1:9/v1',
          '--api-key-stdin',
          '--no-verify',
        ],
        { stdin: 'sk-x', deps: { verifyApiKey } },
      );
      expect(forced.code).toBe(0);
    } finally {
      await fake.close();
    }
  });
});
