/** The tools service in a throwaway HOME: what the management API's tools methods do on disk. */
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { hashRouterKey } from '../storage/router-keys.js';
import { SettingsStore } from '../storage/settings-store.js';
import { CLAUDE_SETTINGS } from './fixtures.test-helpers.js';
import { createToolsService, type ToolsService } from './service.js';

const PORT = 4567;
const CLAUDE_FILE = path.join('.claude', 'settings.json');

async function temp(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchyard-tools-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function setup(files: Record<string, string> = { [CLAUDE_FILE]: CLAUDE_SETTINGS }) {
  const home = await temp();
  const dataDir = await temp();
  for (const [relative, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(home, relative)), { recursive: true });
    await writeFile(path.join(home, relative), text, { mode: 0o644 });
  }
  const settings = await SettingsStore.open(dataDir);
  onTestFinished(() => settings.close());
  const service: ToolsService = createToolsService({
    home,
    dataDir,
    settings,
    findBinary: () => Promise.resolve(undefined),
    port: () => PORT,
  });
  return { home, dataDir, settings, service, file: path.join(home, CLAUDE_FILE) };
}

const backupsOf = (dataDir: string, tool: string): Promise<string[]> =>
  readdir(path.join(dataDir, 'tool-backups', tool)).catch(() => []);

describe('tools service', () => {
  it('lists every tool, with steps for by-hand ones and the env var for Codex', async () => {
    const { service } = await setup();
    const views = await service.list();
    expect(views.find((view) => view.id === 'claude-code')).toEqual({
      id: 'claude-code',
      displayName: 'Claude Code',
      installed: true,
      byHand: false,
      status: 'not-connected',
      detail: 'not connected',
    });
    expect(views.find((view) => view.id === 'codex')).toMatchObject({
      installed: false,
      keyEnv: 'SWITCHYARD_API_KEY',
    });
    const cline = views.find((view) => view.id === 'cline');
    expect(cline).toMatchObject({ byHand: true, status: 'not-connected' });
    expect(cline?.instructions?.join('\n')).toContain(`http://127.0.0.1:${PORT}/v1`);
    expect(cline?.instructions?.join('\n')).toContain('<your router key>');
  });

  it('previews a connect without writing anything, the new key as a placeholder', async () => {
    const { service, file, dataDir, settings } = await setup();
    const before = await readFile(file);
    const preview = await service.preview('claude-code', 'ds/deepseek-chat');
    expect(preview.files).toEqual([file]);
    expect(preview.diff).toContain('+\t\t"ANTHROPIC_AUTH_TOKEN": "<new router key>"');
    expect(preview.diff).toContain(`http://127.0.0.1:${PORT}`);
    expect(preview.diff).not.toContain('sy-NEW');
    expect(await readFile(file)).toEqual(before);
    expect(await backupsOf(dataDir, 'claude-code')).toEqual([]);
    expect(settings.get().routerKeys).toEqual([]);
  });

  it('masks a router key the file already holds', async () => {
    const old = `sy-${'x'.repeat(40)}wxyz`;
    const { service } = await setup({
      [CLAUDE_FILE]: `{ "env": { "ANTHROPIC_AUTH_TOKEN": "${old}" } }\n`,
    });
    const preview = await service.preview('claude-code');
    expect(preview.diff).not.toContain(old);
    expect(preview.diff).toContain('sy-…wxyz');
  });

  it('connects with a new key it never returns, backs up 0600, and undoes byte for byte', async () => {
    const { service, file, dataDir, settings } = await setup();
    const before = await readFile(file);

    const result = await service.connect('claude-code', 'ds/deepseek-chat');
    const written = JSON.parse(await readFile(file, 'utf8')) as { env: Record<string, string> };
    const key = written.env.ANTHROPIC_AUTH_TOKEN ?? '';
    expect(written.env.ANTHROPIC_BASE_URL).toBe(`http://127.0.0.1:${PORT}`);
    expect(written.env.ANTHROPIC_MODEL).toBe('ds/deepseek-chat');

    const records = settings.get().routerKeys;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ name: 'claude-code', hash: hashRouterKey(key) });
    expect(result.key).toEqual({ name: 'claude-code', hint: key.slice(-4) });
    expect(JSON.stringify(result)).not.toContain(key);
    expect(result.tools.find((view) => view.id === 'claude-code')?.status).toBe('connected');

    const [stamp] = await backupsOf(dataDir, 'claude-code');
    const backupDir = path.join(dataDir, 'tool-backups', 'claude-code', stamp ?? '');
    for (const name of await readdir(backupDir)) {
      expect((await stat(path.join(backupDir, name))).mode & 0o777, name).toBe(0o600);
    }
    expect(await readFile(path.join(backupDir, 'file-0'))).toEqual(before);
    // The tool's file keeps its own mode.
    expect((await stat(file)).mode & 0o777).toBe(0o644);

    const after = await service.disconnect('claude-code');
    expect(await readFile(file)).toEqual(before);
    expect(after.find((view) => view.id === 'claude-code')?.status).toBe('not-connected');
  });

  it('refuses an edit it cannot make safely, before issuing a key', async () => {
    const { service, settings } = await setup({ [CLAUDE_FILE]: '{ "env": [ }' });
    await expect(service.connect('claude-code')).rejects.toThrow(/not valid JSON/);
    expect(settings.get().routerKeys).toEqual([]);
  });
});
