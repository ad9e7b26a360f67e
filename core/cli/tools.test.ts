import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../storage/settings-store.js';
import type { DoctorProbes } from '../tools/doctor.js';
import {
  CLAUDE_SETTINGS,
  CODEX_CONFIG,
  DROID_SETTINGS,
  GEMINI_ENV,
  GEMINI_SETTINGS,
  OPENCLAW_CONFIG,
  OPENCODE_CONFIG,
} from '../tools/fixtures.test-helpers.js';
import { cli, tempDir } from './cli-test-helpers.js';
import type { CliDeps } from './context.js';

interface Setup {
  data: string;
  home: string;
  key: string;
  keyId: string;
  run: (args: string[], stdin?: string) => ReturnType<typeof cli>;
}

const noBinaries: Partial<CliDeps> = { findBinary: () => Promise.resolve(undefined) };

async function setup(files: Record<string, string>): Promise<Setup> {
  const data = await tempDir();
  const home = await tempDir();
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(home, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text, { mode: 0o644 });
  }
  const run = (args: string[], stdin?: string) =>
    cli(data, args, { deps: { home, ...noBinaries }, ...(stdin === undefined ? {} : { stdin }) });
  const created = await run(['--json', 'key', 'create', '--name', 'test']);
  const { key, id } = JSON.parse(created.stdout) as { key: string; id: string };
  return { data, home, key, keyId: id, run };
}

async function snapshot(
  home: string,
  files: readonly string[],
): Promise<Map<string, Buffer | undefined>> {
  const out = new Map<string, Buffer | undefined>();
  for (const file of files) {
    out.set(file, await readFile(path.join(home, file)).catch(() => undefined));
  }
  return out;
}

const CASES = [
  { tool: 'claude-code', files: { '.claude/settings.json': CLAUDE_SETTINGS } },
  { tool: 'codex', files: { '.codex/config.toml': CODEX_CONFIG } },
  {
    tool: 'gemini',
    files: { '.gemini/.env': GEMINI_ENV, '.gemini/settings.json': GEMINI_SETTINGS },
  },
  { tool: 'opencode', files: { '.config/opencode/opencode.json': OPENCODE_CONFIG } },
  { tool: 'droid', files: { '.factory/settings.json': DROID_SETTINGS } },
  { tool: 'openclaw', files: { '.openclaw/openclaw.json': OPENCLAW_CONFIG } },
] as const;

describe.each(CASES)('connect $tool', ({ tool, files }) => {
  const names = Object.keys(files);

  it('round-trips connect → disconnect byte for byte, idempotently, with 0600 backups', async () => {
    const s = await setup(files);
    const before = await snapshot(s.home, names);

    const first = await s.run(
      ['connect', tool, '--key-stdin', '--model', 'ds/deepseek-chat', '--yes'],
      s.key,
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+');
    // The diff never shows the key itself.
    expect(first.stdout).not.toContain(s.key);
    const connected = await snapshot(s.home, names);
    expect(
      [...connected.values()].some(
        (v, i) => !v?.equals(before.get(names[i] ?? '') ?? Buffer.alloc(0)),
      ),
    ).toBe(true);

    // Connect twice: nothing changes.
    const again = await s.run(
      ['connect', tool, '--key-stdin', '--model', 'ds/deepseek-chat', '--yes'],
      s.key,
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing to change');
    expect(await snapshot(s.home, names)).toEqual(connected);

    // Unrelated keys and comments survive the connect.
    for (const name of names) {
      const text = connected.get(name)?.toString('utf8') ?? '';
      const original = before.get(name)?.toString('utf8') ?? '';
      for (const line of original
        .split(/\r?\n/)
        .filter((l) => l.includes('#') || l.includes('//'))) {
        const comment = line.slice(line.search(/#|\/\//));
        expect(text).toContain(comment);
      }
    }

    const listed = await s.run(['--json', 'tools']);
    const entry = (
      JSON.parse(listed.stdout) as {
        tools: { id: string; status: { state: string }; installed: boolean }[];
      }
    ).tools.find((t) => t.id === tool);
    expect(entry?.status.state).toBe('connected');
    expect(entry?.installed).toBe(true);

    const backups = path.join(s.data, 'tool-backups', tool);
    const [stamp] = await readdir(backups);
    for (const name of await readdir(path.join(backups, stamp ?? ''))) {
      expect((await stat(path.join(backups, stamp ?? '', name))).mode & 0o777).toBe(0o600);
    }

    const undo = await s.run(['disconnect', tool, '--yes']);
    expect(undo.stderr).toBe('');
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain('byte for byte');
    const after = await snapshot(s.home, names);
    for (const name of names)
      expect(after.get(name)?.equals(before.get(name) ?? Buffer.alloc(0))).toBe(true);
    for (const name of names) {
      expect((await stat(path.join(s.home, name))).mode & 0o777).toBe(0o644);
    }
  });

  it('writes nothing on --dry-run, and refuses without --yes when stdin is not a terminal', async () => {
    const s = await setup(files);
    const before = await snapshot(s.home, names);
    const dry = await s.run(['connect', tool, '--key', s.key, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('@@');
    expect(dry.stdout).toContain('dry run');
    const refused = await s.run(['connect', tool, '--key', s.key]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('@@');
    expect(refused.stderr).toContain('--yes');
    expect(await snapshot(s.home, names)).toEqual(before);
    await expect(readdir(path.join(s.data, 'tool-backups'))).rejects.toThrow();
  });

  it('removes only its own settings when the user edited the file since', async () => {
    const s = await setup(files);
    const before = await snapshot(s.home, names);
    await s.run(['connect', tool, '--key', s.key, '--yes']);
    const main = path.join(s.home, names[0] ?? '');
    const current = await readFile(main, 'utf8');
    // A user edit: a leading blank line is harmless in JSON, a comment in TOML and dotenv.
    await writeFile(
      main,
      /\.(json|jsonc)$/.test(main) ? `\n${current}` : `${current}\n# user note\n`,
    );
    const undo = await s.run(['disconnect', tool, '--yes']);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain("removed only Switchyard's settings");
    const text = await readFile(main, 'utf8');
    expect(text).not.toContain(s.key);
    expect(text).not.toContain('127.0.0.1:20128');
    expect(before.get(names[0] ?? '')).toBeDefined();
  });
});

describe('connect without existing config', () => {
  it('creates the file (0600) and deletes it again on disconnect', async () => {
    const s = await setup({});
    const result = await s.run(['connect', 'claude-code', '--key', s.key, '--yes']);
    expect(result.code).toBe(0);
    const file = path.join(s.home, '.claude', 'settings.json');
    const written = JSON.parse(await readFile(file, 'utf8')) as { env: Record<string, string> };
    expect(written.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:20128');
    expect(written.env.ANTHROPIC_AUTH_TOKEN).toBe(s.key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await s.run(['disconnect', 'claude-code', '--yes']);
    await expect(stat(file)).rejects.toThrow();
    await expect(stat(path.join(s.home, '.claude'))).rejects.toThrow();
  });

  it('writes Codex config with the env var, not the key, and says to export it', async () => {
    const s = await setup({});
    const result = await s.run(['connect', 'codex', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('export SWITCHYARD_API_KEY=');
    const text = await readFile(path.join(s.home, '.codex', 'config.toml'), 'utf8');
    expect(text).toBe(
      'model_provider = "switchyard"\n\n[model_providers.switchyard]\nname = "Switchyard"\n' +
        'base_url = "http://127.0.0.1:20128/v1"\nwire_api = "responses"\nenv_key = "SWITCHYARD_API_KEY"\n',
    );
  });

  it('creates a key with --new-key and refuses a key that is not a router key', async () => {
    const s = await setup({});
    const bad = await s.run(['connect', 'opencode', '--key', 'sy-not-a-real-key', '--yes']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a current router key');
    const created = await s.run(['--json', 'connect', 'opencode', '--new-key', '--yes']);
    const out = JSON.parse(created.stdout) as { createdKey: { key: string } };
    const text = await readFile(path.join(s.home, '.config', 'opencode', 'opencode.json'), 'utf8');
    expect(text).toContain(out.createdKey.key);
    const keys = await s.run(['--json', 'key', 'list']);
    expect(keys.stdout).toContain('"name":"opencode"');
  });

  it('prints steps for tools configured by hand and writes nothing', async () => {
    const s = await setup({});
    const result = await s.run(['connect', 'cursor', '--key', s.key]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('http://127.0.0.1:20128/v1');
    await expect(readdir(path.join(s.data, 'tool-backups'))).rejects.toThrow();
  });
});

describe('drift', () => {
  async function status(s: Setup, tool: string): Promise<{ state: string; reason?: string }> {
    const listed = await s.run(['--json', 'tools']);
    const tools = (
      JSON.parse(listed.stdout) as {
        tools: { id: string; status: { state: string; reason?: string } }[];
      }
    ).tools;
    return tools.find((t) => t.id === tool)?.status ?? { state: 'missing' };
  }

  it('sees a changed port, a revoked key and a tool pointed elsewhere', async () => {
    const s = await setup({
      '.claude/settings.json': CLAUDE_SETTINGS,
      '.codex/config.toml': CODEX_CONFIG,
    });
    await s.run(['connect', 'claude-code', '--key', s.key, '--yes']);
    await s.run(['connect', 'codex', '--yes']);
    expect(await status(s, 'claude-code')).toEqual({
      state: 'connected',
      baseUrl: 'http://127.0.0.1:20128',
    });

    const store = await SettingsStore.open(s.data);
    await store.update((draft) => {
      draft.server.port = 20999;
    });
    store.close();
    expect(await status(s, 'claude-code')).toMatchObject({ state: 'drift', reason: 'stale-port' });
    expect(await status(s, 'codex')).toMatchObject({ state: 'drift', reason: 'stale-port' });
    await s.run(['connect', 'claude-code', '--key', s.key, '--yes']);
    await s.run(['connect', 'codex', '--yes']);
    expect(await status(s, 'claude-code')).toMatchObject({ state: 'connected' });
    expect(await status(s, 'codex')).toMatchObject({ state: 'connected' });

    await s.run(['key', 'revoke', s.keyId]);
    expect(await status(s, 'claude-code')).toMatchObject({ state: 'drift', reason: 'revoked-key' });

    const codexFile = path.join(s.home, '.codex', 'config.toml');
    const codexText = await readFile(codexFile, 'utf8');
    await writeFile(
      codexFile,
      codexText.replace('model_provider = "switchyard"', 'model_provider = "openai"'),
    );
    expect(await status(s, 'codex')).toMatchObject({ state: 'drift', reason: 'not-selected' });

    const claudeFile = path.join(s.home, '.claude', 'settings.json');
    const claudeText = await readFile(claudeFile, 'utf8');
    await writeFile(
      claudeFile,
      claudeText.replace('http://127.0.0.1:20999', 'https://api.example.com'),
    );
    expect(await status(s, 'claude-code')).toMatchObject({ state: 'drift', reason: 'elsewhere' });
  });
});

describe('doctor', () => {
  const taken: DoctorProbes = {
    portInUse: () => Promise.resolve(true),
    isSwitchyard: () => Promise.resolve(false),
  };

  it('reports a port held by another program and a revoked key, and exits 1', async () => {
    const s = await setup({ '.claude/settings.json': CLAUDE_SETTINGS });
    await s.run(['connect', 'claude-code', '--key', s.key, '--yes']);
    await s.run(['key', 'revoke', s.keyId]);
    const result = await cli(s.data, ['--json', 'doctor'], {
      deps: { home: s.home, ...noBinaries, doctorProbes: taken },
    });
    expect(result.code).toBe(1);
    const { findings } = JSON.parse(result.stdout) as {
      findings: { check: string; severity: string; message: string; fix?: string }[];
    };
    expect(findings.find((f) => f.check === 'port')).toMatchObject({ severity: 'problem' });
    expect(findings.find((f) => f.check === 'router-keys')).toMatchObject({ severity: 'problem' });
    const tool = findings.find((f) => f.check === 'tool');
    expect(tool?.severity).toBe('problem');
    expect(tool?.message).toContain('revoked');
    expect(tool?.fix).toContain('switchyard connect claude-code');
  });

  it('is happy when Switchyard answers on its port and everything is in place', async () => {
    const s = await setup({});
    const running: DoctorProbes = {
      portInUse: () => Promise.resolve(true),
      isSwitchyard: () => Promise.resolve(true),
    };
    const result = await cli(s.data, ['doctor'], {
      deps: { home: s.home, ...noBinaries, doctorProbes: running },
    });
    expect(result.stdout).toContain('Nothing needs fixing.');
    expect(result.code).toBe(0);
  });
});
